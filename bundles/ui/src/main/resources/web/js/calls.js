// The agent's live calls, kept from WebSocket events and refreshed from REST (events say that a
// call changed; GET /calls/{id} says how, with every leg).
import { api } from './api.js';

export class CallBook {
  constructor(me, onChange) {
    this.me = me;
    this.onChange = onChange;
    this.calls = new Map();
    this.seq = new Map();
    this.contacts = new Map(); // callId → {id, name} from MATCHED events, kept after the call ends
    this.poller = null;
    // screening, as the agent's clicks want it until the server's view agrees (it must feel instant)
    this.screenClicked = new Set(); // callIds: Screen clicked, the caller is going to voicemail
    this.pickedUp = new Map(); // callId → when Pick up was clicked (ms): a normal call from then on
  }

  myLeg(call) {
    return call.legs.find((l) => l.agentId === this.me.id && l.state !== 'ENDED');
  }

  /** The other side of the call, as the agent sees it. */
  party(call) {
    const mine = this.myLeg(call);
    const outgoing = mine ? mine.role === 'CALLER' : false;
    const number = outgoing ? call.dialed : call.from;
    const contact = call.contact || (this.contacts.get(call.id) ?? null);
    // a colleague calling is named, not shown as a SIP address
    const colleague = !outgoing && call.fromAgent ? call.fromName || null : null;
    return { number, contact, outgoing, colleague };
  }

  /** Calls ringing for this agent (they are offered a callee leg). */
  ringing() {
    return [...this.calls.values()].filter((c) => {
      const leg = this.myLeg(c);
      return leg && leg.role === 'CALLEE' && (leg.state === 'RINGING' || leg.state === 'DIALING') && c.state !== 'ENDED'
        && !this.isScreening(c) && !this.pickedUp.has(c.id);
    });
  }

  /** Calls the agent is on (answered, or their own outgoing call while it rings, or just picked up). */
  engaged() {
    return [...this.calls.values()].filter((c) => {
      const leg = this.myLeg(c);
      return leg && c.state !== 'ENDED' && !this.isScreening(c)
        && (leg.state === 'ANSWERED' || leg.role === 'CALLER' || this.pickedUp.has(c.id));
    });
  }

  /** Calls whose caller is leaving a message while this agent listens in. */
  screening() {
    return [...this.calls.values()].filter((c) => c.state !== 'ENDED' && this.myLeg(c) && this.isScreening(c));
  }

  isScreening(call) {
    if (this.pickedUp.has(call.id)) return false;
    return this.screenClicked.has(call.id) || !!(call.voicemail && call.voicemail.screening);
  }

  screenClick(id) {
    this.screenClicked.add(id);
    this.changed();
  }

  pickUpClick(id) {
    this.screenClicked.delete(id);
    this.pickedUp.set(id, Date.now());
    this.changed();
  }

  /** A Screen or Pick up the server refused: the call is shown as the server has it. */
  undoClick(id) {
    this.screenClicked.delete(id);
    this.pickedUp.delete(id);
    this.changed();
  }

  /** The call was screened (Screen clicked, or the server says so) before it ended. */
  wasScreened(call) {
    return this.screenClicked.has(call.id) || this.pickedUp.has(call.id) || !!(call.voicemail && call.voicemail.screening);
  }

  forget(id) {
    this.screenClicked.delete(id);
    this.pickedUp.delete(id);
  }

  async loadAll() {
    const list = await api.calls();
    this.calls.clear();
    for (const call of list.items || []) {
      if (this.myLeg(call)) this.calls.set(call.id, call);
    }
    this.changed();
  }

  /** An event for call {callId}: apply what it says at once, then fetch the full picture. */
  onEvent(event) {
    const id = event.callId;
    if (!id) return;
    if (event.contactName) this.contacts.set(id, { id: event.contactId, name: event.contactName });
    if (event.event === 'ENDED' || event.state === 'ENDED') {
      const before = this.calls.get(id);
      this.calls.delete(id);
      this.changed({ ended: before, event });
      return;
    }
    this.refresh(id);
  }

  async refresh(id) {
    const n = (this.seq.get(id) || 0) + 1;
    this.seq.set(id, n);
    try {
      const call = await api.call(id);
      if (this.seq.get(id) !== n) return; // a newer refresh is under way
      const before = this.calls.get(id);
      if (call.state === 'ENDED' || !this.myLeg(call)) {
        this.calls.delete(id);
        this.changed({ ended: before && this.myLeg(before) ? before : undefined, left: call });
      } else {
        this.calls.set(id, call);
        this.changed();
      }
    } catch (e) {
      if (e.status === 404 && this.seq.get(id) === n) {
        const before = this.calls.get(id);
        this.calls.delete(id);
        this.changed({ ended: before });
      }
    }
  }

  /** A REST action answered with the call: take it as the newest state. */
  apply(call) {
    if (!call || !call.id) return;
    if (call.state === 'ENDED' || !this.myLeg(call)) {
      const before = this.calls.get(call.id);
      this.calls.delete(call.id);
      this.changed({ ended: before, left: call });
    } else {
      this.calls.set(call.id, call);
      this.changed();
    }
  }

  changed(detail = {}) {
    // a ringing offer can end without an event for this agent (another agent answered a group
    // call): while something rings, look again every few seconds
    const ringing = this.ringing().length > 0;
    if (ringing && !this.poller) {
      this.poller = setInterval(() => this.ringing().forEach((c) => this.refresh(c.id)), 3000);
    } else if (!ringing && this.poller) {
      clearInterval(this.poller);
      this.poller = null;
    }
    this.onChange(detail);
  }

  clear() {
    clearInterval(this.poller);
    this.poller = null;
    this.calls.clear();
  }
}
