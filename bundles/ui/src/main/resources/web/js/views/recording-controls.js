// The in-call recording controls: REC (start / stop), the red "● REC m:ss" indicator and Pause /
// Resume (for card numbers). An automatic recording (the number records every call) cannot be
// stopped, only paused. Clicks show their result at once; the server's answer then confirms it.
import { api } from '../api.js';
import { h, icon } from '../dom.js';
import { duration } from '../format.js';
import { toast } from '../toast.js';

const AUTOMATIC_TITLE = 'This number records every call';

/** How long each recording has run, paused time left out (the call view says only whether it is paused). */
class RecordingClock {
  constructor() {
    this.clocks = new Map(); // recordingId → {runningSince (ms) | null, total (ms)}
  }

  follow(recording) {
    if (!recording) return;
    let clock = this.clocks.get(recording.recordingId);
    if (!clock) {
      clock = { runningSince: null, total: 0 };
      this.clocks.set(recording.recordingId, clock);
    }
    const now = Date.now();
    if (recording.paused && clock.runningSince !== null) {
      clock.total += now - clock.runningSince;
      clock.runningSince = null;
    } else if (!recording.paused && clock.runningSince === null) {
      clock.runningSince = now;
    }
  }

  seconds(recordingId) {
    const clock = this.clocks.get(recordingId);
    if (!clock) return 0;
    return (clock.total + (clock.runningSince === null ? 0 : Date.now() - clock.runningSince)) / 1000;
  }
}

export class RecordingControls {
  /** @param refresh redraws the call card (after a click, and when the server answers) */
  constructor(app, refresh) {
    this.app = app;
    this.refresh = refresh;
    this.clock = new RecordingClock();
    this.pending = new Map(); // callId → the recording as the agent's last click wants it (or null: stopped)
  }

  /** The call's recording as the page shows it: the agent's click wins until the server has answered. */
  recordingOf(call) {
    const recording = this.pending.has(call.id) ? this.pending.get(call.id) : call.recording || null;
    this.clock.follow(recording);
    return recording;
  }

  /** The REC control of the call's control grid. */
  button(call, answered) {
    const recording = this.recordingOf(call);
    if (!recording) {
      return h('button', { id: 'record-button', class: 'ctl', type: 'button', disabled: !answered, 'aria-pressed': 'false',
        title: 'Record this call', onclick: () => this.send(call, 'start') }, icon('record'), 'Record');
    }
    if (recording.automatic) {
      return h('button', { id: 'record-button', class: 'ctl rec-on', type: 'button', disabled: true, 'aria-pressed': 'true',
        title: AUTOMATIC_TITLE, 'aria-label': `Recording on. ${AUTOMATIC_TITLE}` }, icon('record'), 'REC');
    }
    return h('button', { id: 'record-button', class: 'ctl rec-on', type: 'button', 'aria-pressed': 'true',
      title: 'Stop recording', 'aria-label': 'Stop recording', onclick: () => this.send(call, 'stop') }, icon('record'), 'Stop REC');
  }

  /** The red indicator with its timer and Pause / Resume, under the call's timer; nothing when not recording. */
  indicator(call) {
    const recording = this.recordingOf(call);
    if (!recording) return null;
    const paused = recording.paused;
    return h('div', { id: 'rec-indicator', class: `rec-indicator${paused ? ' paused' : ''}`,
      title: recording.automatic ? AUTOMATIC_TITLE : 'This call is being recorded' },
    h('span', { class: 'rec-dot', 'aria-hidden': 'true' }),
    h('span', { id: 'rec-time', role: 'status', dataset: { recordingId: recording.recordingId },
      text: this.label(recording) }),
    h('button', { id: 'rec-pause-button', class: 'btn btn-small', type: 'button',
      title: paused ? 'Resume recording' : 'Pause recording while the caller reads out card numbers',
      onclick: () => this.send(call, paused ? 'resume' : 'pause') }, icon(paused ? 'play' : 'pause'), paused ? 'Resume' : 'Pause'));
  }

  label(recording) {
    const time = duration(this.clock.seconds(recording.recordingId));
    return recording.paused ? `REC paused ${time}` : `REC ${time}`;
  }

  /** Every second: the indicator's time. */
  tick(root) {
    const el = root.querySelector('#rec-time');
    if (!el) return;
    const paused = el.closest('.rec-indicator').classList.contains('paused');
    el.textContent = this.label({ recordingId: el.dataset.recordingId, paused });
  }

  async send(call, action) {
    const before = this.recordingOf(call);
    const wanted = this.optimistic(before, action);
    this.pending.set(call.id, wanted);
    this.refresh();
    try {
      const answer = await api.record(call.id, action);
      this.pending.delete(call.id);
      if (answer && answer.id) this.app.calls.apply(answer);
      else this.app.calls.refresh(call.id);
    } catch (e) {
      this.pending.delete(call.id);
      toast(e.message, { kind: 'error' });
      this.refresh();
    }
  }

  optimistic(before, action) {
    switch (action) {
      case 'start': return { recordingId: `pending-${Date.now()}`, paused: false, automatic: false };
      case 'stop': return null;
      default: return before ? { ...before, paused: action === 'pause' } : before;
    }
  }
}
