// What the agent writes down about one call — subject, notes, which contact it was, the related case
// or opportunity — kept on the server while the call lasts (PUT /calls/{id}/notes, shared by every
// agent on the call, so a transferred call arrives with them) and written to the call log after it.
import { api } from './api.js';

const SAVE_DELAY_MS = 600;

export class CallNotes {
  /** @param onMatched called once the number's CRM records are known (the panels show them) */
  constructor(callId, number, onMatched = () => {}) {
    this.onMatched = onMatched;
    this.callId = callId;
    this.number = number;
    this.value = { subject: '', notes: '', contactId: null, relatedItemId: null };
    this.contact = null; // {id, name, kind, url}: the contact the call is about
    this.matches = null; // every CRM record with the caller's number (null: not known)
    this.related = null; // {id, subject, url} of relatedItemId, once known
    this.picked = false; // the agent said who it was
    this.dirty = false; // typed here, not yet on the server
    this.live = true; // the call goes on: edits go to the call; after it, to the call log
    this.status = '';
    this.timer = null;
    this.listeners = new Set();
    this.items = new Map(); // item id → item, from lists and creations
  }

  onChange(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed() {
    this.listeners.forEach((l) => l(this));
  }

  /** The call as the server says now: its notes (unless the agent is typing) and its matched contact. */
  fromCall(call) {
    if (call.contact && !this.picked && (!this.value.contactId || this.value.contactId === call.contact.id)) {
      this.contact = { ...this.contact, ...call.contact };
    }
    const n = call.notes;
    if (n && !this.dirty) {
      this.value = {
        subject: n.subject || '', notes: n.notes || '', contactId: n.contactId || null, relatedItemId: n.relatedItemId || null,
      };
      if (this.value.contactId && (!this.contact || this.contact.id !== this.value.contactId)) {
        // picked by the agent who had the call before: its name is in the number's matches
        const match = (this.matches || []).find((m) => m.id === this.value.contactId);
        this.contact = match || { id: this.value.contactId, name: null };
      }
    }
    this.resolveRelated();
    this.changed();
  }

  /** Every record with the caller's number, looked up once; the picked contact's name and url come from it. */
  async loadMatches() {
    if (this.matches || this.loadingMatches) return;
    // extensions and SIP addresses are colleagues, not CRM records: only E.164 numbers are looked up
    if (!/^\+[1-9][0-9]{6,14}$/.test(this.number || '')) return;
    this.loadingMatches = true;
    try {
      this.matches = (await api.contactsByPhone(this.number)).items || [];
    } catch (e) {
      this.matches = null; // no CRM, or it is down: nobody to pick from
      return;
    } finally {
      this.loadingMatches = false;
    }
    const id = this.contactId();
    const match = id && this.matches.find((m) => m.id === id);
    if (match) this.contact = { ...match, ...this.contact, url: this.contact?.url || match.url, name: this.contact?.name || match.name };
    this.changed();
    this.onMatched();
  }

  contactId() {
    return this.value.contactId || (this.contact && this.contact.id) || null;
  }

  /** Several records share the number and nobody said which one called. */
  needsPick() {
    return !!this.matches && this.matches.length > 1 && !this.picked && !this.value.contactId;
  }

  pick(contact) {
    this.picked = true;
    this.contact = contact;
    this.value.contactId = contact.id;
    if (this.related && this.related.contactId && this.related.contactId !== contact.id) {
      this.related = null;
      this.value.relatedItemId = null;
    }
    this.changed();
    return this.live ? this.saveNow() : Promise.resolve();
  }

  relate(item) {
    this.items.set(item.id, item);
    this.related = item;
    this.value.relatedItemId = item.id;
    this.changed();
    return this.live ? this.saveNow() : Promise.resolve();
  }

  /** The related item's subject and url, when only its id is known (a transferred call): from the contact's items. */
  async resolveRelated() {
    const id = this.value.relatedItemId;
    if (!id) {
      this.related = null;
      return;
    }
    if (this.related && this.related.id === id) return;
    if (this.items.has(id)) {
      this.related = this.items.get(id);
      return;
    }
    const contactId = this.contactId();
    if (!contactId || this.resolving === id) return;
    this.resolving = id;
    for (const relation of ['CASE', 'OPPORTUNITY']) {
      try {
        for (const item of (await api.openItems(contactId, relation)).items || []) this.items.set(item.id, item);
      } catch (e) {
        // unlinked or down: the id alone is shown
      }
    }
    if (this.items.has(id) && this.value.relatedItemId === id) {
      this.related = this.items.get(id);
      this.changed();
    }
  }

  /** Typing: saved after a pause, so the server (and a colleague the call goes to) has it. */
  edit(changes) {
    Object.assign(this.value, changes);
    if (!this.live) {
      this.editedAfterEnd = true;
      this.changed();
      return;
    }
    this.dirty = true;
    this.setStatus('');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.saveNow(), SAVE_DELAY_MS);
  }

  async saveNow() {
    clearTimeout(this.timer);
    this.timer = null;
    if (!this.live) return null;
    const sent = { ...this.value };
    this.setStatus('Saving…');
    try {
      const call = await api.saveCallNotes(this.callId, sent);
      // typed on while the request was out: that is saved next
      if (JSON.stringify(sent) === JSON.stringify(this.value) && !this.timer) this.dirty = false;
      this.setStatus(this.dirty ? '' : 'Saved');
      return call;
    } catch (e) {
      // the call ended meanwhile (404, 409): the wrap-up writes the notes to the call log
      this.setStatus(this.live && e.status !== 404 && e.status !== 409 ? `Not saved: ${e.message}` : '');
      return null;
    }
  }

  /** The call ended: what is typed from now on goes to the call log. */
  end() {
    const pending = this.timer !== null || this.dirty;
    clearTimeout(this.timer);
    this.timer = null;
    const last = pending ? api.saveCallNotes(this.callId, { ...this.value }).catch(() => null) : Promise.resolve();
    this.live = false;
    this.dirty = false;
    this.status = '';
    return last;
  }

  setStatus(status) {
    this.status = status;
    this.changed();
  }

  /** The call log's edit: everything the agent said about the call. */
  logEdit() {
    return { ...this.value, contactId: this.contactId() };
  }
}
