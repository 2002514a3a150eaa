// The notes card of a call: subject (folded until wanted), notes, the related case or opportunity
// with "Assign to …", and the save state. During the call the fields save themselves to the call;
// in the wrap-up they go to the call log with "Call log". The fields are built once per call, so an
// event redrawing the call card never interrupts typing.
import { h, icon, replace } from '../dom.js';
import { openAssign, relationOf } from './assign.js';

export class NotesCard {
  /**
   * @param notes the call's CallNotes
   * @param actions the buttons of the row: [{id, label, primary, onclick}]
   * @param statusId the id of the status text (tests and screen readers read it)
   */
  constructor(app, notes, { actions, statusId, rows = 3 }) {
    this.app = app;
    this.notes = notes;
    this.subject = h('input', { id: 'subject-input', type: 'text', maxlength: '255', autocomplete: 'off',
      placeholder: 'Subject of the call log' });
    this.subjectField = h('div', { id: 'subject-field', class: 'field subject-field', hidden: true },
      h('label', { for: 'subject-input', text: 'Subject' }), this.subject);
    this.subjectToggle = h('button', { id: 'subject-toggle', class: 'btn btn-ghost btn-sm', type: 'button',
      'aria-expanded': 'false', 'aria-controls': 'subject-field' }, icon('plus'), 'Subject');
    this.subjectToggle.addEventListener('click', () => {
      this.showSubject(this.subjectField.hidden);
      if (!this.subjectField.hidden) this.subject.focus();
    });
    this.text = h('textarea', { id: 'notes-input', rows: String(rows), maxlength: '32000', placeholder: 'What was the call about?' });
    this.status = h('span', { id: statusId, class: 'saved', role: 'status' });
    this.related = h('div', { id: 'related-row', class: 'related-row' });
    this.subject.addEventListener('input', () => notes.edit({ subject: this.subject.value }));
    this.text.addEventListener('input', () => notes.edit({ notes: this.text.value }));
    this.el = h('div', { class: 'card notes' },
      this.subjectField,
      h('div', { class: 'notes-head' }, h('label', { class: 'label', for: 'notes-input', text: 'Notes' }), this.subjectToggle),
      this.text,
      this.related,
      h('div', { class: 'row' }, this.status,
        h('div', { class: 'actions' }, actions.map((a) => h('button', {
          id: a.id, class: `btn ${a.primary ? 'btn-primary' : 'btn-ghost'}`, type: 'button', onclick: a.onclick,
        }, a.label)))));
    this.unlisten = notes.onChange(() => this.update());
    this.update();
  }

  showSubject(show) {
    this.subjectField.hidden = !show;
    this.subjectToggle.hidden = show;
    this.subjectToggle.setAttribute('aria-expanded', String(show));
  }

  /** The notes as they are now: a field the agent is in keeps what they type. */
  update() {
    const n = this.notes;
    if (document.activeElement !== this.text && this.text.value !== n.value.notes) this.text.value = n.value.notes;
    if (document.activeElement !== this.subject && this.subject.value !== n.value.subject) this.subject.value = n.value.subject;
    if (n.value.subject && this.subjectField.hidden) this.showSubject(true);
    if (n.live && this.status.textContent !== n.status) this.status.textContent = n.status;
    this.renderRelated();
  }

  renderRelated() {
    const n = this.notes;
    const { noun } = relationOf(this.app);
    const item = n.related;
    const relatedText = item
      ? h('button', { id: 'related-to', class: 'link related', type: 'button', title: `Open ${item.subject}`,
        onclick: () => item.url && this.app.crmHost.screenPop(item), disabled: !item.url },
      icon(item.relation === 'OPPORTUNITY' ? 'target' : 'briefcase'), h('span', { text: `Related to: ${item.subject}` }))
      : n.value.relatedItemId ? h('span', { id: 'related-to', class: 'related muted', text: 'Related to a record' }) : null;
    const canAssign = !!n.contactId();
    const assign = canAssign ? h('button', { id: 'assign-button', class: 'btn btn-sm', type: 'button',
      onclick: () => openAssign(this.app, n) }, icon('briefcase'), item ? `Change ${noun}` : `Assign to ${noun}`) : null;
    const key = `${item ? item.id + item.subject : n.value.relatedItemId}|${canAssign}|${noun}`;
    if (this.relatedKey === key) return;
    this.relatedKey = key;
    const focused = this.related.contains(document.activeElement) ? document.activeElement.id : null;
    replace(this.related, relatedText, assign);
    this.related.hidden = !relatedText && !assign;
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }

  setStatus(text) {
    this.status.textContent = text;
  }

  destroy() {
    this.unlisten();
  }
}
