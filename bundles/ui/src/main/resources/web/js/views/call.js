// The call panels: an incoming call (Answer / Screen / Reject), screening (the caller leaves a
// message while the agent listens; Pick up), the call in progress (controls, recording, transfer,
// dialpad, notes, related case) and the wrap-up after it (its recordings, who it was, notes, Call
// log, then the record the agent's settings go to).
import { api } from '../api.js';
import { CallRecordings } from './call-recordings.js';
import { RecordingControls } from './recording-controls.js';
import { h, icon, initials, replace } from '../dom.js';
import { duration, formatNumber } from '../format.js';
import { CallNotes } from '../notes.js';
import { toast } from '../toast.js';
import { openContact } from './contact.js';
import { keypad } from './dialer.js';
import { NotesCard } from './notes-card.js';
import { openSettings } from './settings.js';
import { openTransfer } from './transfer.js';

const LOG_RETRIES = 8;
const TASK_WAIT_MS = 5000;
const KIND_ICONS = { LEAD: 'lead', ACCOUNT: 'building' };
const KIND_NAMES = { CONTACT: 'Contact', LEAD: 'Lead', ACCOUNT: 'Account' };

export class CallPanels {
  constructor(app, incomingRoot, incallRoot) {
    this.app = app;
    this.incomingRoot = incomingRoot;
    this.incallRoot = incallRoot;
    this.timer = setInterval(() => this.tick(), 1000);
    this.wrap = null; // {call, party, talkSeconds, notes: CallNotes, logged, edited}
    this.notes = new Map(); // callId → CallNotes of the calls on the panel
    this.pendingLog = new Set(); // calls whose notes are to be logged when they end
    this.consult = null; // {id, originalId, target}
    this.showPad = false;
    this.dtmfSent = '';
    this.shownId = null;
    this.shownIncomingId = null;
    this.recording = new RecordingControls(app, () => this.render());
    this.messageSince = new Map(); // callId → when the caller's message began recording (ms), for screening
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
    if (this.wrapRecordings) this.wrapRecordings.destroy();
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
    const screening = book.screening()[0];
    const next = current || screening;
    if (next && this.wrap && this.wrap.call.id !== next.id) {
      // the next call is up before the agent finished the last one: what they typed after it is not lost
      if (this.wrap.notes.editedAfterEnd && !this.wrap.notes.needsPick()) this.logNotes(this.wrap, { navigate: false });
      this.closeWrap();
    }
    if (current) {
      this.renderInCall(current);
    } else if (screening) {
      this.renderScreening(screening);
    } else if (this.wrap) {
      this.renderWrap();
    } else {
      this.shownId = null;
      this.incallRoot.hidden = true;
      replace(this.incallRoot);
    }
  }

  onEnded(call, info) {
    const book = this.app.calls;
    // the agent may have had several legs (a desk phone's offer ended, the browser answered)
    const wasAnswered = !!call.legs && call.legs.some((l) => l.agentId === this.app.me.id && l.state === 'ANSWERED');
    const screened = book.wasScreened(call);
    book.forget(call.id);
    this.messageSince.delete(call.id);
    if (this.consult && call.id === this.consult.id) {
      this.consult = null;
      return;
    }
    const notes = this.notes.get(call.id);
    this.notes.delete(call.id);
    if (!wasAnswered && !screened) return;
    const party = this.app.calls.party(call);
    const talk = call.answeredAt ? (Date.now() - Date.parse(call.answeredAt)) / 1000 : 0;
    const reason = info && info.reason;
    if (this.wrap) this.closeWrap();
    this.wrap = {
      call, party, talkSeconds: talk, notes: notes || this.notesOf(call), logged: false, screened: screened && !wasAnswered,
      recorded: !!call.recording || !!call.voicemail || (call.recordingIds || []).length > 0,
      // the call went on without the agent: they transferred it
      transferred: reason === 'TRANSFERRED' || (info && info.state && info.state !== 'ENDED'),
    };
    this.wrap.ending = this.wrap.notes.end();
    this.wrap.notes.loadMatches();
    this.showPad = false;
    if (this.pendingLog.has(call.id)) {
      this.pendingLog.delete(call.id);
      this.logNotes(this.wrap);
    }
  }

  tick() {
    const el = this.incallRoot.querySelector('[data-answered-at]');
    if (el) el.textContent = duration((Date.now() - Number(el.dataset.answeredAt)) / 1000);
    this.recording.tick(this.incallRoot);
    const message = this.incallRoot.querySelector('[data-message-since]');
    if (message) message.textContent = `Recording the message · ${duration((Date.now() - Number(message.dataset.messageSince)) / 1000)}`;
  }

  // ---- incoming -------------------------------------------------------------------------

  renderIncoming(call) {
    if (!call) {
      this.shownIncomingId = null;
      this.incomingRoot.hidden = true;
      replace(this.incomingRoot);
      return;
    }
    const { number, colleague } = this.app.calls.party(call);
    const notes = this.notesOf(call);
    const contact = notes.contact;
    const handedOver = [notes.value.subject, notes.value.notes].filter(Boolean).join(' — ');
    const key = `${call.id}|${contact ? contact.name : ''}|${notes.matches ? notes.matches.length : ''}|${handedOver}`;
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
      this.contactTag(number, contact, 'incoming-contact', colleague, notes),
      // a transferred call comes with what the colleague wrote
      handedOver ? h('p', { id: 'incoming-notes', class: 'handed-over', text: handedOver }) : null,
      h('div', { class: 'answer-row' },
        answer,
        h('button', { id: 'screen-button', class: 'btn', type: 'button', onclick: () => this.screen(call),
          title: 'Send the caller to voicemail and listen while they leave a message; pick up at any moment' }, icon('ear'), 'Screen'),
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

  /** The call's notes and CRM record, kept while the call is on the panel. */
  notesOf(call) {
    let notes = this.notes.get(call.id);
    if (!notes) {
      notes = new CallNotes(call.id, this.app.calls.party(call).number, () => this.render());
      this.notes.set(call.id, notes);
      notes.loadMatches();
    }
    notes.fromCall(call);
    return notes;
  }

  /**
   * Who the CRM says it is: the record's name with its kind, opening the record in the CRM (through
   * the host: a window of its own, or Salesforce's screen pop); "i" shows every record with the number.
   */
  contactTag(number, contact, id, colleague, notes) {
    if (colleague) {
      return h('span', { id, class: 'tag unknown' }, icon('users'), h('span', { class: 'txt', text: 'Colleague' }));
    }
    const matches = notes && notes.matches ? notes.matches.length : 0;
    const details = (label) => h('button', { id: `${id}-details`, class: 'icon-btn tag-more', type: 'button', title: label,
      'aria-label': label, onclick: () => openContact(this.app, number, contact, notes) }, icon('info'));
    if (!contact || !contact.name) {
      if (matches > 1) {
        return h('span', { class: 'tag-row' }, h('button', { id, class: 'tag', type: 'button', title: 'Who is calling?',
          onclick: () => openContact(this.app, number, null, notes) }, icon('users'),
        h('span', { class: 'txt', text: `${matches} contacts share this number` })));
      }
      return h('span', { id, class: 'tag unknown' }, icon('user'), h('span', { class: 'txt', text: 'No CRM match' }));
    }
    const kind = KIND_NAMES[contact.kind] || 'Contact';
    const open = contact.url
      ? () => this.app.crmHost.screenPop(contact)
      : () => openContact(this.app, number, contact, notes);
    return h('span', { class: 'tag-row' },
      h('button', {
        id, class: 'tag', type: 'button', title: contact.url ? `Open the ${kind.toLowerCase()} in the CRM` : 'Contact details',
        'aria-label': `${kind}: ${contact.name}. ${contact.url ? 'Open in the CRM' : 'Show details'}`, onclick: open,
        dataset: { kind: contact.kind || 'CONTACT' },
      }, icon(KIND_ICONS[contact.kind] || 'user'), h('span', { class: 'txt', text: contact.name })),
      details(matches > 1 ? `${matches} contacts share this number` : 'Contact details'));
  }

  // ---- screening --------------------------------------------------------------------------

  /** Screen: the card turns into the screening card at once; the server's answer follows. */
  async screen(call) {
    this.app.ringer.unlock();
    const book = this.app.calls;
    book.screenClick(call.id);
    try {
      book.apply(await api.action(call.id, 'screen'));
    } catch (e) {
      book.undoClick(call.id);
      toast(e.message, { kind: 'error' });
    }
  }

  /** Pick up: a normal call from this click on, keeping what the caller said so far in the message. */
  async pickUp(call) {
    const book = this.app.calls;
    book.pickUpClick(call.id);
    try {
      book.apply(await api.action(call.id, 'pickup'));
    } catch (e) {
      book.undoClick(call.id);
      toast(e.message, { kind: 'error' });
    }
  }

  renderScreening(call) {
    const { number, colleague } = this.app.calls.party(call);
    const notes = this.notesOf(call);
    const contact = notes.contact;
    const who = (contact && contact.name) || colleague || formatNumber(number) || 'The caller';
    const phase = call.voicemail && call.voicemail.phase;
    if (phase === 'RECORDING' && !this.messageSince.has(call.id)) this.messageSince.set(call.id, Date.now());
    const since = this.messageSince.get(call.id);
    const key = `screen|${call.id}|${phase}|${contact ? contact.name : ''}`;
    if (this.shownId === key && this.incallRoot.querySelector('#screening-card')) return;
    this.shownId = key;
    if (this.notesCard) this.notesCard.destroy();
    this.notesCard = null;
    this.cardHost = null;
    const status = phase === 'RECORDING'
      ? h('div', { id: 'screening-phase', class: 'timer', role: 'status', dataset: { messageSince: String(since) },
        text: `Recording the message · ${duration((Date.now() - since) / 1000)}` })
      : h('div', { id: 'screening-phase', class: 'timer', role: 'status', text: 'Your greeting is playing…' });
    const pickUp = h('button', { id: 'pickup-button', class: 'btn btn-ok', type: 'button', onclick: () => this.pickUp(call),
      title: 'Talk to the caller now; the message keeps what they said so far' }, icon('phone'), 'Pick up');
    replace(this.incallRoot, h('div', { class: 'stack' },
      h('div', { id: 'screening-card', class: 'card call-card screening', role: 'region', 'aria-label': 'Screening a call' },
        h('div', { class: 'call-kicker' }, h('span', { class: 'live', 'aria-hidden': 'true' }), 'Screening · listening live'),
        h('div', { class: 'party' },
          h('span', { class: 'avatar lg party-avatar', 'aria-hidden': 'true' }, contact ? initials(contact.name) : icon('ear')),
          h('div', { id: 'screening-text', class: 'screening-text', text: `Screening: ${who} is leaving a message` })),
        this.contactTag(number, contact, 'screening-contact', colleague, notes),
        status,
        h('div', { class: 'listen-bars', 'aria-hidden': 'true' }, h('span'), h('span'), h('span'), h('span'), h('span')),
        h('div', { class: 'answer-row' },
          pickUp,
          h('button', { id: 'screen-hangup-button', class: 'btn btn-danger', type: 'button', onclick: () => this.act(call, 'hangup'),
            title: 'Stop listening and end the call' }, icon('x'), 'Hang up')))));
    this.incallRoot.hidden = false;
    if (!this.incallRoot.contains(document.activeElement)) setTimeout(() => pickUp.isConnected && pickUp.focus(), 0);
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
    const { number, outgoing, colleague } = book.party(call);
    const notes = this.notesOf(call);
    const contact = notes.contact;
    const pickedUpAt = book.pickedUp.get(call.id);
    const answered = mine.state === 'ANSWERED' || pickedUpAt !== undefined;
    const held = call.state === 'HELD' || call.legs.some((l) => l.id !== mine.id && l.state !== 'ENDED' && l.held);
    const muted = mine.muted;
    this.app.phone.setMuted(muted);
    if (this.shownId !== call.id) {
      this.showPad = false;
      this.dtmfSent = '';
      this.shownId = call.id;
      this.cardHost = null;
      if (this.notesCard) this.notesCard.destroy();
      this.notesCard = null;
    }
    // a screened call's talk time starts at the pick-up, not when voicemail answered the caller
    const answeredAt = pickedUpAt ?? (call.answeredAt ? Math.min(Date.parse(call.answeredAt), Date.now()) : Date.now());
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
      this.recording.button(call, answered),
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
      this.notesCard = this.inCallNotes(call, notes);
      replace(this.incallRoot, h('div', { class: 'stack' }, this.cardHost, this.consultHost, this.notesCard.el));
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
        this.contactTag(number, contact, 'call-contact', colleague, notes),
        status
          ? h('div', { class: 'timer', role: 'status', text: status })
          : h('div', { id: 'call-timer', class: 'timer', 'aria-label': 'Call duration', dataset: { answeredAt: String(answeredAt) },
            text: duration((Date.now() - answeredAt) / 1000) }),
        this.recording.indicator(call),
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

  inCallNotes(call, notes) {
    const card = new NotesCard(this.app, notes, {
      statusId: 'notes-status',
      actions: [{ id: 'log-button', label: 'Log', primary: true, onclick: async () => {
        // the notes are on the call already; Log also writes them to the call log as it ends
        this.pendingLog.add(call.id);
        await notes.saveNow();
        card.setStatus('Will be logged when the call ends');
      } }],
    });
    if (this.pendingLog.has(call.id)) card.setStatus('Will be logged when the call ends');
    return card;
  }

  closeWrap() {
    if (this.wrapCard) this.wrapCard.destroy();
    this.wrapCard = null;
    if (this.wrapRecordings) this.wrapRecordings.destroy();
    this.wrapRecordings = null;
    this.wrap = null;
  }

  renderWrap() {
    const w = this.wrap;
    this.shownId = null;
    if (this.notesCard) {
      this.notesCard.destroy();
      this.notesCard = null;
    }
    if (this.wrapShown === w && this.incallRoot.querySelector('#wrap-up')) return; // keep what is being typed
    this.wrapShown = w;
    const notes = w.notes;
    const done = () => {
      this.closeWrap();
      this.app.onCalls({});
      this.app.dialer.input.focus();
    };
    if (this.wrapCard) this.wrapCard.destroy();
    if (!this.wrapRecordings || this.wrapRecordings.callId !== w.call.id) {
      if (this.wrapRecordings) this.wrapRecordings.destroy();
      this.wrapRecordings = new CallRecordings(this.app, w.call.id, w.recorded);
    }
    this.wrapCard = new NotesCard(this.app, notes, {
      statusId: 'log-status', rows: 4,
      actions: [
        { id: 'wrap-done', label: 'Done', onclick: done },
        { id: 'log-button', label: 'Call log', primary: true, onclick: () => this.logNotes(w) },
      ],
    });
    const card = this.wrapCard;
    card.setStatus(w.logged ? 'Logged' : '');
    const who = h('div', { id: 'who-host' });
    const party = h('div', { class: 'party' });
    const drawParty = () => {
      const c = notes.contact;
      replace(party,
        h('div', { class: 'party-name', text: formatNumber(w.party.number) }),
        c && c.name ? this.contactTag(w.party.number, c, 'wrap-contact', null, notes) : null);
    };
    const drawWho = () => {
      if (!notes.needsPick() && !notes.picked) {
        replace(who);
        return;
      }
      if (who.querySelector('#who-was-it')) return; // the agent is choosing: the list stays as it is
      replace(who, this.whoWasIt(w));
    };
    drawParty();
    drawWho();
    let drawn = '';
    notes.onChange(() => {
      const key = `${notes.contact ? notes.contact.id + notes.contact.name : ''}|${notes.matches ? notes.matches.length : ''}`;
      if (key !== drawn) {
        drawn = key;
        drawParty();
        drawWho();
      }
    });
    replace(this.incallRoot, h('div', { class: 'stack' },
      h('div', { id: 'wrap-up', class: 'card call-card', role: 'region', 'aria-label': 'Call ended' },
        h('div', { class: 'call-kicker', text: w.screened ? 'Message left' : w.transferred ? 'Call transferred' : 'Call ended' }),
        party,
        w.screened ? null : h('div', { class: 'timer', text: `Talk time ${duration(w.talkSeconds)}` })),
      this.wrapRecordings.el,
      who,
      card.el));
    this.incallRoot.hidden = false;
  }

  /** Several CRM records share the number: the agent says which one called; the call log goes to that one. */
  whoWasIt(w) {
    const notes = w.notes;
    const name = 'who-was-it';
    const options = notes.matches.map((m) => h('label', { class: 'who-option' },
      h('input', { type: 'radio', name, value: m.id, checked: notes.value.contactId === m.id, required: true,
        onchange: () => {
          notes.pick(m);
          const error = document.getElementById('who-error');
          if (error) error.hidden = true;
        } }),
      h('span', { class: 'avatar sm', 'aria-hidden': 'true' }, icon(KIND_ICONS[m.kind] || 'user')),
      h('span', { class: 'meta' }, h('span', { class: 'name', text: m.name }),
        h('span', { class: 'detail', text: [KIND_NAMES[m.kind], m.account, m.title].filter(Boolean).join(' · ') }))));
    return h('fieldset', { id: 'who-was-it', class: 'card who', 'aria-describedby': 'who-hint' },
      h('legend', { text: 'Who was it?' }),
      h('p', { id: 'who-hint', class: 'muted', text: `${notes.matches.length} records have ${formatNumber(w.party.number)}. Pick the caller before the call log.` }),
      h('div', { class: 'who-list', role: 'radiogroup', 'aria-label': 'Who was it?' }, options),
      h('p', { id: 'who-error', class: 'form-error', role: 'alert', hidden: true, text: 'Choose who it was first.' }));
  }

  /**
   * Writes the notes, subject, contact and related record to the call log (its id is the call's; it
   * is written as the call ends, so a 404 is retried a short while), then goes where the settings say.
   */
  async logNotes(w, { navigate = true } = {}) {
    const notes = w.notes;
    if (notes.needsPick()) {
      const error = document.getElementById('who-error');
      if (error) error.hidden = false;
      const first = document.querySelector('#who-was-it input');
      if (first) first.focus();
      return;
    }
    const status = () => (this.wrap === w ? document.getElementById('log-status') : null);
    const say = (text) => status() && (status().textContent = text);
    say('Saving…');
    await w.ending;
    for (let attempt = 0; attempt < LOG_RETRIES; attempt++) {
      try {
        await api.saveCallLog(w.call.id, notes.logEdit());
        w.logged = true;
        notes.editedAfterEnd = false;
        say('Logged');
        toast('Saved to the call log.');
        if (navigate) this.afterLog(w);
        return;
      } catch (e) {
        if (e.status !== 404) {
          say('');
          toast(e.message, { kind: 'error' });
          return;
        }
        await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
      }
    }
    say('');
    toast('The call log is not there yet; try Call log again in a moment.', { kind: 'error' });
  }

  /** Post-call navigation: the contact, the related case/opportunity, or the CRM's call log (Task). */
  async afterLog(w) {
    const where = (this.app.settings && this.app.settings.postCallNavigation) || 'STAY';
    const notes = w.notes;
    if (where === 'CONTACT' && notes.contact && notes.contact.url) this.app.crmHost.navigate(notes.contact.url);
    else if (where === 'RELATED_RECORD' && notes.related && notes.related.url) this.app.crmHost.navigate(notes.related.url);
    else if (where === 'CALL_LOG') {
      const url = await this.taskUrl(w.call.id);
      if (url) this.app.crmHost.navigate(url);
      else toast('The call log is on its way to the CRM; it will be there in a moment.');
    }
  }

  /** The CRM record of the call log, once a connector delivered it (a few seconds at most). */
  async taskUrl(callId) {
    const deadline = Date.now() + TASK_WAIT_MS;
    while (Date.now() < deadline) {
      try {
        const log = await api.callLog(callId);
        const delivered = (log.deliveries || []).find((d) => d.url);
        if (delivered) return delivered.url;
      } catch (e) {
        if (e.status !== 404) return null;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    return null;
  }
}
