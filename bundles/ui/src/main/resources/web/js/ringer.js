// The ringtone, synthesised with WebAudio (nothing to download) and played on the ringer device.

export class Ringer {
  constructor() {
    this.context = null;
    this.element = null;
    this.sinkId = 'default';
    this.timer = null;
    this.stopTimer = null;
  }

  /** Call from a user gesture (sign-in, a click) so the browser lets the page make sound later. */
  unlock() {
    this.ensureContext();
    if (this.context.state === 'suspended') this.context.resume().catch(() => {});
  }

  ensureContext() {
    if (this.context) return;
    const Context = window.AudioContext || window.webkitAudioContext;
    this.context = new Context();
    this.destination = this.context.createMediaStreamDestination();
    // an <audio> element carries the tone so that setSinkId can pick the ringer device
    this.element = new Audio();
    this.element.srcObject = this.destination.stream;
    this.applySink();
  }

  setDevice(sinkId) {
    this.sinkId = sinkId || 'default';
    if (this.element) this.applySink();
  }

  applySink() {
    if (typeof this.element.setSinkId === 'function') {
      this.element.setSinkId(this.sinkId === 'default' ? '' : this.sinkId).catch(() => {});
    }
  }

  get ringing() {
    return this.timer !== null;
  }

  start() {
    if (this.timer) return;
    this.ensureContext();
    if (this.context.state === 'suspended') this.context.resume().catch(() => {});
    this.element.play().catch(() => {});
    const ring = () => this.burst();
    ring();
    this.timer = setInterval(ring, 3000);
  }

  /** Plays the ring for a few seconds (the settings' Test button). */
  test(seconds = 3) {
    this.stop();
    this.start();
    this.stopTimer = setTimeout(() => this.stop(), seconds * 1000);
  }

  stop() {
    clearInterval(this.timer);
    clearTimeout(this.stopTimer);
    this.timer = null;
    if (this.element) this.element.pause();
  }

  /** One ring: two soft chords of two sine tones, each with a quick attack and a gentle decay. */
  burst() {
    const ctx = this.context;
    const t0 = ctx.currentTime + 0.02;
    const notes = [[659.25, 830.61], [587.33, 739.99], [659.25, 830.61], [587.33, 739.99]];
    notes.forEach((chord, i) => {
      const start = t0 + i * 0.22;
      const gain = ctx.createGain();
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.22, start + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.2);
      gain.connect(this.destination);
      chord.forEach((f) => {
        const osc = ctx.createOscillator();
        osc.type = 'sine';
        osc.frequency.value = f;
        osc.connect(gain);
        osc.start(start);
        osc.stop(start + 0.21);
      });
    });
  }
}
