// Settings › Voicemail greeting: record one from the microphone (WebAudio → 16-bit PCM WAV in the
// page, at most 60 s), listen to it, save it (PUT /agents/me/greeting, audio/wav) or go back to the
// default prompt (DELETE). The server's errors are shown under the controls.
import { api } from '../api.js';
import { h, icon, replace } from '../dom.js';
import { duration } from '../format.js';
import { encodeWav } from '../wav.js';

export const MAX_GREETING_SECONDS = 60;
const SAMPLE_RATE = 16000; // speech; the server converts it for the phone line

/** Captures the microphone into WAV until stopped or the limit is reached. */
export class GreetingRecorder {
  constructor(microphone, { onTick, onLimit }) {
    this.microphone = microphone;
    this.onTick = onTick;
    this.onLimit = onLimit;
    this.chunks = [];
    this.frames = 0;
  }

  async start() {
    const audio = this.microphone && this.microphone !== 'default' ? { deviceId: { exact: this.microphone } } : true;
    this.stream = await navigator.mediaDevices.getUserMedia({ audio });
    try {
      this.ctx = new AudioContext({ sampleRate: SAMPLE_RATE });
      this.source = this.ctx.createMediaStreamSource(this.stream);
    } catch (e) {
      // a browser that cannot resample the microphone: the device's own rate
      if (this.ctx) this.ctx.close();
      this.ctx = new AudioContext();
      this.source = this.ctx.createMediaStreamSource(this.stream);
    }
    await this.ctx.audioWorklet.addModule(new URL('../capture-worklet.js', import.meta.url));
    this.node = new AudioWorkletNode(this.ctx, 'switchboard-capture');
    const limit = MAX_GREETING_SECONDS * this.ctx.sampleRate;
    this.node.port.onmessage = (e) => {
      if (this.frames >= limit) return;
      const chunk = e.data.length > limit - this.frames ? e.data.subarray(0, limit - this.frames) : e.data;
      this.chunks.push(chunk);
      this.frames += chunk.length;
      this.onTick(this.seconds());
      if (this.frames >= limit) this.onLimit();
    };
    // silent output: the worklet runs only while it is connected to the destination
    const mute = this.ctx.createGain();
    mute.gain.value = 0;
    this.source.connect(this.node).connect(mute).connect(this.ctx.destination);
    await this.ctx.resume();
  }

  seconds() {
    return this.ctx ? this.frames / this.ctx.sampleRate : 0;
  }

  /** Stops the microphone and answers the WAV (null when nothing was captured). */
  async stop() {
    if (this.node) {
      this.node.port.postMessage('flush');
      await new Promise((r) => setTimeout(r, 100)); // the last block arrives
      this.node.port.onmessage = null;
    }
    this.release();
    return this.frames > 0 ? encodeWav(this.chunks, this.ctx.sampleRate) : null;
  }

  release() {
    if (this.stream) this.stream.getTracks().forEach((t) => t.stop());
    if (this.ctx && this.ctx.state !== 'closed') this.ctx.close();
  }
}

/** The settings section; {@code destroy} when the sheet closes stops a recording and frees the audio. */
export function greetingSection(app) {
  const status = h('p', { id: 'greeting-status', class: 'muted', role: 'status', text: 'Loading your greeting…' });
  const error = h('p', { id: 'greeting-error', class: 'form-error', role: 'alert', hidden: true });
  const preview = h('div', { id: 'greeting-preview', class: 'greeting-preview' });
  const buttons = h('div', { class: 'row greeting-buttons' });
  const el = h('div', { id: 'greeting', class: 'greeting' }, status, preview, buttons, error);
  const urls = new Set();
  let recorder = null;
  let take = null; // the WAV just recorded, not saved yet
  let current = null; // the agent's own greeting on the server (a Blob), or null: the default
  let currentUrl = null;
  let busy = false;

  const objectUrl = (blob) => {
    const url = URL.createObjectURL(blob);
    urls.add(url);
    return url;
  };
  const showError = (text) => {
    error.textContent = text || '';
    error.hidden = !text;
  };
  const button = (id, label, iconName, onclick, { primary, danger } = {}) => h('button', {
    id, class: `btn${primary ? ' btn-primary' : ''}${danger ? ' btn-danger' : ''}`, type: 'button', disabled: busy, onclick,
  }, icon(iconName), label);

  function draw() {
    if (recorder) {
      replace(preview, h('div', { class: 'rec-indicator' }, h('span', { class: 'rec-dot', 'aria-hidden': 'true' }),
        h('span', { id: 'greeting-rec-time', text: `Recording ${duration(recorder.seconds())} / ${duration(MAX_GREETING_SECONDS)}` })));
      replace(buttons, button('greeting-stop', 'Stop', 'stop', () => finish(), { primary: true }));
      return;
    }
    if (take) {
      status.textContent = `Your new greeting (${duration(take.seconds)}). Listen to it, then save it.`;
      replace(preview, h('audio', { id: 'greeting-take', controls: true, src: take.url, 'aria-label': 'The greeting just recorded' }));
      replace(buttons,
        button('greeting-save', 'Save greeting', 'check', () => save(), { primary: true }),
        button('greeting-record', 'Record again', 'mic', () => record()),
        button('greeting-discard', 'Discard', 'x', () => {
          take = null;
          load();
        }));
      return;
    }
    const own = current !== null;
    status.textContent = own ? 'Callers hear your own greeting.' : 'Callers hear the default greeting.';
    if (own && !currentUrl) currentUrl = objectUrl(current);
    replace(preview, own ? h('audio', { id: 'greeting-current', controls: true, src: currentUrl, 'aria-label': 'Your greeting' }) : null);
    replace(buttons,
      button('greeting-record', own ? 'Record a new one' : 'Record your own', 'mic', () => record(), { primary: !own }),
      own ? button('greeting-reset', 'Use the default', 'x', () => reset()) : null);
  }

  async function load() {
    showError('');
    currentUrl = null;
    try {
      current = await api.greeting();
      draw();
    } catch (e) {
      current = null;
      draw();
      showError(`Your greeting could not be loaded: ${e.message}`);
    }
  }

  async function record() {
    showError('');
    take = null;
    const r = new GreetingRecorder(app.settings && app.settings.microphone, {
      onTick: () => {
        const time = document.getElementById('greeting-rec-time');
        if (time) time.textContent = `Recording ${duration(r.seconds())} / ${duration(MAX_GREETING_SECONDS)}`;
      },
      onLimit: () => finish(),
    });
    recorder = r;
    status.textContent = `Speak your greeting now (at most ${MAX_GREETING_SECONDS} s).`;
    draw();
    try {
      await r.start();
    } catch (e) {
      r.release();
      recorder = null;
      showError(e.name === 'NotAllowedError' ? 'The browser did not allow the microphone.' : `The microphone could not be used: ${e.message}`);
      load();
    }
  }

  async function finish() {
    const r = recorder;
    if (!r) return;
    recorder = null;
    const wav = await r.stop();
    if (!wav) {
      showError('Nothing was recorded. Check the microphone and try again.');
      load();
      return;
    }
    take = { wav, url: objectUrl(wav), seconds: r.seconds() };
    draw();
  }

  async function save() {
    busy = true;
    draw();
    status.textContent = 'Saving…';
    try {
      await api.saveGreeting(take.wav);
      take = null;
      busy = false;
      await load();
      status.textContent = 'Saved. Callers hear your own greeting.';
    } catch (e) {
      busy = false;
      draw();
      showError(`The greeting was not saved: ${e.message}`);
    }
  }

  async function reset() {
    busy = true;
    draw();
    try {
      await api.resetGreeting();
      busy = false;
      await load();
    } catch (e) {
      busy = false;
      draw();
      showError(`The greeting was not reset: ${e.message}`);
    }
  }

  load();
  return {
    el,
    destroy() {
      if (recorder) recorder.release();
      recorder = null;
      urls.forEach((u) => URL.revokeObjectURL(u));
    },
  };
}
