// The call panels: an incoming call (Answer / Screen / Reject), the call in progress (controls,
// transfer, dialpad, notes) and the wrap-up after it (notes, Log).
import { api } from '../api.js';
import { h, icon, initials, replace } from '../dom.js';
import { duration, formatNumber } from '../format.js';
import { toast } from '../toast.js';
import { openContact } from './contact.js';
import { keypad } from './dialer.js';
import { openSettings } from './settings.js';
import { openTransfer } from './transfer.js';

const COMING_WITH_RECORDING = 'Coming with recording';
const LOG_RETRIES = 8;

export class CallPanels {
  constructor(app, incomingRoot, incallRoot) {
    this.app = app;
    this.incomingRoot = incomingRoot;
    this.incallRoot = incallRoot;
    this.timer = setInterval(() => this.tick(), 1000);
    this.wrap = null; // {call, party, talkSeconds, notes, logged}
    this.notes = new Map(); // callId → text typed during the call
    this.pendingLog = new Set(); // calls whose notes are to be logged when they end
    this.consult = null; // {id, originalId, target}
    this.showPad = false;
    this.dtmfSent = '';
    this.shownId = null;
    this.shownIncomingId = null;
    // with the call's keypad open, the keyboard's digits are dialled too
    this.onKey = (e) => {
      if (!this.showPad || !/^[0-9*#]$/.test(e.key) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target.closest && e.target.closest('input, textarea, select, [role=dialog]')) return;
      const id = e.key === '*' ? 'star' : e.key === '#' ? 'hash' : e.key;
      const key = document.getElementById(`dtmf-${id}`);
      if (key) {
        e.preventDefault();
        key.click();
      }
    };
    document.addEventListener('keydown', this.onKey);
  }

  destroy() {
    document.removeEventListener('keydown', this.onKey);
    clearInterval(this.timer);
    replace(this.incomingRoot);
    replace(this.incallRoot);
    this.incomingRoot.hidden = true;
    this.incallRoot.hidden = true;
  }

  wrapping() {
    return this.wrap !== null;
  }

  render(detail = {}) {
    const book = this.app.calls;
    if (detail.ended) this.onEnded(detail.ended, detail.left || detail.event);
    const ringing = book.ringing();
    const engaged = book.engaged().filter((c) => !this.consult || c.id !== this.consult.id);
    if (this.consult && !book.calls.has(this.consult.id)) this.consult = null;
    this.renderIncoming(ringing[0]);
    const current = engaged[0];
    if (current) {
      if (this.wrap && this.wrap.call.id !== current.id) {
        // the next call is up before the agent finished the last one: its typed note is not lost
        if (this.wrap.notes && !this.wrap.logged) this.logNotes(this.wrap);
        this.wrap = null;
      }
      this.renderInCall(current);
    } else if (this.wrap) {
      this.renderWrap();
    } else {
      this.shownId = null;
      this.incallRoot.hidden = true;
      replace(this.incallRoot);
    }
  }

  onEnded(call, info) {
    const mine = call.legs && call.legs.find((l) => l.agentId === this.app.me.id);
    const wasAnswered = mine && mine.state === 'ANSWERED';
    if (this.consult && call.id === this.consult.id) {
      this.consult = null;
      return;
    }
    if (!wasAnswered) return;
    const party = this.app.calls.party(call);
    const talk = call.answeredAt ? (Date.now() - Date.parse(call.answeredAt)) / 1000 : 0;
    const reason = info && info.reason;
    this.wrap = {
      call, party, talkSeconds: talk, notes: this.notes.get(call.id) || '', logged: false,
      // the call went on without the agent: they transferred it
      transferred: reason === 'TRANSFERRED' || (info && info.state && info.state !== 'ENDED'),
    };
    this.notes.delete(call.id);
    this.showPad = false;
    if (this.pendingLog.has(call.id)) {
      this.pendingLog.delete(call.id);
      this.logNotes(this.wrap);
    }
  }

  tick() {
    const el = this.incallRoot.querySelector('[data-answered-at]');
    if (el) el.textContent = duration((Date.now() - Number(el.dataset.answeredAt)) / 1000);
  }

  // ---- incoming -------------------------------------------------------------------------

  renderIncoming(call) {
    if (!call) {
      this.shownIncomingId = null;
      this.incomingRoot.hidden = true;
      replace(this.incomingRoot);
      return;
    }
    const { number, contact, colleague } = this.app.calls.party(call);
    const key = `${call.id}|${contact ? contact.name : ''}`;
    if (this.shownIncomingId === key) return;
    const firstShow = !this.shownIncomingId || !this.shownIncomingId.startsWith(call.id);
    this.shownIncomingId = key;
    const via = this.viaText(call);
    const answer = h('button', { id: 'answer-button', class: 'btn btn-ok', type: 'button', onclick: () => this.act(call, 'answer') },
      icon('phone'), 'Answer');
    replace(this.incomingRoot, h('div', { class: 'card call-card', role: 'region', 'aria-label': 'Incoming call' },
      h('div', { class: 'call-kicker' }, h('span', { class: 'pulse', 'aria-hidden': 'true' }), 'Incoming call'),
      h('div', { class: 'party' },
        h('span', { class: 'avatar lg party-avatar', 'aria-hidden': 'true' }, contact ? initials(contact.name) : icon('user')),
        h('div', { id: 'incoming-number', class: 'party-name', text: colleague || formatNumber(number) }),
        via ? h('div', { class: 'party-via', text: via }) : null),
      this.contactTag(number, contact, 'incoming-contact', colleague),
      h('div', { class: 'answer-row' },
        answer,
        h('button', { id: 'screen-button', class: 'btn', type: 'button', disabled: true, title: COMING_WITH_RECORDING,
          'aria-label': `Screen (${COMING_WITH_RECORDING.toLowerCase()})` }, icon('ear'), 'Screen'),
        h('button', { id: 'reject-button', class: 'btn btn-danger', type: 'button', onclick: () => this.act(call, 'reject') },
          icon('x'), 'Reject'))));
    this.incomingRoot.hidden = false;
    if (firstShow) setTimeout(() => answer.focus(), 0);
  }

  viaText(call) {
    const me = this.app.me;
    if (!call.dialed) return '';
    if (call.dialed === me.did || call.dialed === me.extension) return 'To your number';
    if ((me.callerIds || []).includes(call.dialed)) return `Via main number ${formatNumber(call.dialed)}`;
    return `To ${formatNumber(call.dialed)}`;
  }

  contactTag(number, contact, id, colleague) {
    if (colleague) {
      return h('span', { id, class: 'tag unknown' }, icon('users'), h('span', { class: 'txt', text: 'Colleague' }));
    }
    if (!contact) {
      return h('span', { id, class: 'tag unknown' }, icon('user'), h('span', { class: 'txt', text: 'No CRM match' }));
    }
    return h('button', {
      id, class: 'tag', type: 'button', title: 'Open contact', 'aria-label': `Contact: ${contact.name}. Open details`,
      onclick: () => openContact(this.app, number, contact),
    }, icon('user'), h('span', { class: 'txt', text: contact.name }));
  }

  async act(call, action, body) {
    try {
      const result = await api.action(call.id, action, body);
      this.app.calls.apply(result);
      return result;
    } catch (e) {
      toast(e.message, { kind: 'error' });
      return null;
    }
  }

  // ---- in call --------------------------------------------------------------------------

  renderInCall(call) {
    const book = this.app.calls;
    const mine = book.myLeg(call);
    const { number, contact, outgoing, colleague } = book.party(call);
    const answered = mine.state === 'ANSWERED';
    const held = call.state === 'HELD' || call.legs.some((l) => l.id !== mine.id && l.state !== 'ENDED' && l.held);
    const muted = mine.muted;
    this.app.phone.setMuted(muted);
    if (this.shownId !== call.id) {
      this.showPad = false;
      this.dtmfSent = '';
      this.shownId = call.id;
      this.cardHost = null;
    }
    const answeredAt = call.answeredAt ? Math.min(Date.parse(call.answeredAt), Date.now()) : null;
    let status;
    if (!answered) status = outgoing ? (mine.kind === 'SIP' ? 'Calling… pick up your phone' : 'Calling…') : 'Connecting…';
    else if (call.state === 'TRANSFERRING') status = 'Transferring…';
    const ctl = (id, label, iconName, onclick, { pressed, disabled, title } = {}) => h('button', {
      id, class: 'ctl', type: 'button', onclick, disabled: disabled || !answered,
      'aria-pressed': pressed === undefined ? undefined : String(pressed), title: title || label,
    }, icon(iconName), label);
    const controls = h('div', { class: 'controls', role: 'group', 'aria-label': 'Call controls' },
      ctl('mute-button', muted ? 'Unmute' : 'Mute', muted ? 'micOff' : 'mic', () => this.act(call, muted ? 'unmute' : 'mute'), { pressed: muted }),
      ctl('hold-button', held ? 'Resume' : 'Hold', held ? 'play' : 'pause', () => this.act(call, held ? 'resume' : 'hold'), { pressed: held }),
      ctl('keypad-button', 'Keypad', 'keypad', () => {
        this.showPad = !this.showPad;
        this.renderInCall(call);
      }, { pressed: this.showPad }),
      ctl('transfer-button', 'Transfer', 'transfer', () => openTransfer(this.app, call, this), { disabled: !!this.consult }),
      h('button', { id: 'record-button', class: 'ctl', type: 'button', disabled: true, title: COMING_WITH_RECORDING,
        'aria-label': `Record (${COMING_WITH_RECORDING.toLowerCase()})` }, icon('record'), 'Record'),
      mine.kind === 'SIP' && answered
        ? ctl('switch-device-button', 'Call in browser', 'laptop', () => this.switchToBrowser(call),
          { title: 'Move this call from your phone to this browser' })
        : h('button', { id: 'devices-button', class: 'ctl', type: 'button', title: 'Microphone, speaker and ringer',
          onclick: () => openSettings(this.app) }, icon('volume'), 'Devices'));
    // the notes stay the same element for the whole call (typing is never interrupted by an event);
    // the call card is redrawn, and the control that had the focus gets it back
    if (!this.cardHost || !this.incallRoot.contains(this.cardHost)) {
      this.cardHost = h('div', { class: 'host' });
      this.consultHost = h('div', { class: 'host' });
      replace(this.incallRoot, h('div', { class: 'stack' }, this.cardHost, this.consultHost, this.notesCard(call)));
    }
    const focusedId = this.cardHost.contains(document.activeElement) ? document.activeElement.id : null;
    replace(this.consultHost, this.consult ? this.consultCard() : null);
    replace(this.cardHost,
      h('div', { class: 'card call-card', role: 'region', 'aria-label': 'Current call' },
        h('div', { class: 'call-kicker' }, answered ? 'In call' : 'Calling',
          held ? h('span', { class: 'state-chip', text: 'On hold' }) : null),
        h('div', { class: 'party' },
          h('span', { class: 'avatar lg party-avatar', 'aria-hidden': 'true' }, contact ? initials(contact.name) : icon('user')),
          h('div', { id: 'call-party', class: 'party-name', text: colleague || formatNumber(number) })),
        this.contactTag(number, contact, 'call-contact', colleague),
        status
          ? h('div', { class: 'timer', role: 'status', text: status })
          : h('div', { id: 'call-timer', class: 'timer', 'aria-label': 'Call duration', dataset: { answeredAt: String(answeredAt) },
            text: duration((Date.now() - answeredAt) / 1000) }),
        controls,
        this.showPad ? this.dtmfPad(call) : null,
        h('div', { class: 'hangup-row' },
          h('button', { id: 'hangup-button', class: 'call-btn hangup', type: 'button', 'aria-label': 'Hang up', title: 'Hang up',
            onclick: () => this.act(call, 'hangup') }, icon('phone')))));
    this.incallRoot.hidden = false;
    if (focusedId) {
      const again = document.getElementById(focusedId);
      if (again) again.focus();
    }
  }

  dtmfPad(call) {
    const sent = h('div', { class: 'dtmf-sent', 'aria-live': 'polite', text: this.dtmfSent });
    return h('div', { class: 'inline-keypad' }, sent, keypad(async (digit) => {
      this.dtmfSent += digit;
      sent.textContent = this.dtmfSent;
      await this.act(call, 'dtmf', { digits: digit });
    }, { idPrefix: 'dtmf' }));
  }

  async switchToBrowser(call) {
    if (this.app.phone.state !== 'open') {
      toast('Enable calling in this tab first: the browser phone line is not connected.', { kind: 'error' });
      return;
    }
    await this.act(call, 'switch-device', { device: 'browser' });
  }

  consultCard() {
    const consult = this.consult;
    const call = this.app.calls.calls.get(consult.id);
    const mine = call && this.app.calls.myLeg(call);
    const connected = call && call.state === 'ACTIVE' && mine && mine.state === 'ANSWERED';
    return h('div', { class: 'card consult', role: 'region', 'aria-label': 'Transfer consultation' },
      h('div', { class: 'label', text: 'Warm transfer' }),
      h('div', { class: 'party-name', text: consult.label }),
      h('div', { class: 'muted', role: 'status', text: connected ? 'Talking to the target · the caller is on hold' : 'Ringing the target…' }),
      h('div', { class: 'row' },
        h('button', { id: 'complete-transfer', class: 'btn btn-primary', type: 'button', disabled: !connected,
          onclick: () => this.finishConsult('complete-transfer') }, 'Complete'),
        h('button', { id: 'cancel-transfer', class: 'btn', type: 'button', onclick: () => this.finishConsult('cancel-transfer') }, 'Cancel')));
  }

  async finishConsult(action) {
    const consult = this.consult;
    if (!consult) return;
    const result = await this.act({ id: consult.id }, action);
    if (result) {
      this.consult = null;
      toast(action === 'complete-transfer' ? 'Call transferred.' : 'Transfer cancelled; the caller is back.');
      this.app.calls.refresh(consult.originalId);
    }
  }

  startConsult(consultCall, originalId, label) {
    this.consult = { id: consultCall.id, originalId, label };
    this.app.calls.apply(consultCall);
  }

  // ---- notes and wrap-up -------------------------------------------------------------------

  notesCard(call) {
    const text = h('textarea', { id: 'notes-input', rows: '3', maxlength: '32000', placeholder: 'What was the call about?',
      'aria-label': 'Call notes' });
    text.value = this.notes.get(call.id) || '';
    text.addEventListener('input', () => this.notes.set(call.id, text.value));
    const status = h('span', { class: 'saved', role: 'status', text: this.pendingLog.has(call.id) ? 'Will be logged when the call ends' : '' });
    return h('div', { class: 'card notes' },
      h('label', { class: 'label', for: 'notes-input', text: 'Notes' }), text,
      h('div', { class: 'row' }, status,
        h('button', { id: 'log-button', class: 'btn btn-primary', type: 'button', onclick: () => {
          this.notes.set(call.id, text.value);
          this.pendingLog.add(call.id);
          status.textContent = 'Will be logged when the call ends';
        } }, 'Log')));
  }

  renderWrap() {
    const w = this.wrap;
    this.shownId = null;
    if (this.wrapShown === w && this.incallRoot.querySelector('#wrap-up')) return; // keep what is being typed
    this.wrapShown = w;
    const text = h('textarea', { id: 'notes-input', rows: '4', maxlength: '32000', placeholder: 'What was the call about?',
      'aria-label': 'Call notes' });
    text.value = w.notes;
    text.addEventListener('input', () => { w.notes = text.value; w.logged = false; });
    const status = h('span', { id: 'log-status', class: 'saved', role: 'status', text: w.logged ? 'Logged' : '' });
    const done = () => {
      this.wrap = null;
      this.app.onCalls({});
      this.app.dialer.input.focus();
    };
    replace(this.incallRoot, h('div', { class: 'stack' },
      h('div', { id: 'wrap-up', class: 'card call-card', role: 'region', 'aria-label': 'Call ended' },
        h('div', { class: 'call-kicker', text: w.transferred ? 'Call transferred' : 'Call ended' }),
        h('div', { class: 'party' },
          h('div', { class: 'party-name', text: w.party.contact ? w.party.contact.name : formatNumber(w.party.number) }),
          w.party.contact ? h('div', { class: 'party-number', text: formatNumber(w.party.number) }) : null),
        h('div', { class: 'timer', text: `Talk time ${duration(w.talkSeconds)}` })),
      h('div', { class: 'card notes' },
        h('label', { class: 'label', for: 'notes-input', text: 'Notes' }), text,
        h('div', { class: 'row' }, status,
          h('div', {},
            h('button', { id: 'wrap-done', class: 'btn btn-ghost', type: 'button', onclick: done }, 'Done'), ' ',
            h('button', { id: 'log-button', class: 'btn btn-primary', type: 'button', onclick: async () => {
              w.notes = text.value;
              status.textContent = 'Saving…';
              await this.logNotes(w);
              status.textContent = w.logged ? 'Logged' : '';
            } }, 'Log'))))));
    this.incallRoot.hidden = false;
  }

  /** The call log's id is the call's id; the log is written as the call ends, so retry a short while. */
  async logNotes(w) {
    for (let attempt = 0; attempt < LOG_RETRIES; attempt++) {
      try {
        await api.saveCallLog(w.call.id, { notes: w.notes });
        w.logged = true;
        toast('Notes saved to the call log.');
        if (this.wrap === w) {
          const status = document.getElementById('log-status');
          if (status) status.textContent = 'Logged';
        }
        return;
      } catch (e) {
        if (e.status !== 404) {
          toast(e.message, { kind: 'error' });
          return;
        }
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      }
    }
    toast('The call log is not there yet; try Log again in a moment.', { kind: 'error' });
  }
}
