// After the call: its recordings and voicemail (GET /recordings?callId=), each with a player and
// Download, "Processing…" until the READY event for it arrives. A slow poll stands in for an event
// missed while the socket reconnected.
import { api } from '../api.js';
import { h, replace } from '../dom.js';
import { KIND_LABELS, isReady, player } from './player.js';

const POLL_MS = 4000;
const POLL_FOR_MS = 3 * 60 * 1000;

export class CallRecordings {
  /** @param expected whether the call had a recording or a voicemail (show "Processing…" before the list has it) */
  constructor(app, callId, expected) {
    this.app = app;
    this.callId = callId;
    this.expected = expected;
    this.items = [];
    this.el = h('section', { id: 'call-recordings', class: 'card call-recordings', 'aria-label': 'Recordings of this call', hidden: true });
    this.offEvents = app.channel.on('recording', (e) => {
      if (e.callId === callId) this.load();
    });
    this.until = Date.now() + POLL_FOR_MS;
    this.poller = setInterval(() => {
      if (Date.now() > this.until) clearInterval(this.poller);
      else if (this.waiting()) this.load();
    }, POLL_MS);
    this.draw();
    this.load();
  }

  waiting() {
    if (this.items.length === 0) return this.expected;
    return this.items.some((r) => !isReady(r) && String(r.status).toUpperCase() !== 'FAILED');
  }

  async load() {
    try {
      this.items = (await api.recordings({ callId: this.callId })).items || [];
    } catch (e) {
      return; // the wrap-up works without them; the inbox has them too
    }
    this.items.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
    this.draw();
  }

  draw() {
    if (this.items.length === 0 && !this.expected) {
      this.el.hidden = true;
      return;
    }
    this.el.hidden = false;
    // a player that is playing is kept: redrawing it would stop the agent listening
    const keep = new Map([...this.el.querySelectorAll('.player[data-status="READY"]')].map((p) => [p.id, p]));
    const rows = this.items.map((r) => {
      const id = `call-recording-${r.id}`;
      const body = isReady(r) && keep.has(id) ? keep.get(id) : player(r, { idPrefix: 'call-recording' });
      return h('div', { class: 'call-recording', dataset: { recordingId: r.id } },
        h('div', { class: 'label', text: KIND_LABELS[String(r.kind).toUpperCase()] || 'Recording' }), body);
    });
    if (rows.length === 0) {
      rows.push(h('div', { class: 'player processing', role: 'status' },
        h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', { text: 'Processing…' })));
    }
    replace(this.el, h('div', { class: 'group-title', text: 'Recording' }), rows);
  }

  destroy() {
    this.offEvents();
    clearInterval(this.poller);
  }
}
