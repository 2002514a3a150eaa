// Assign to case / opportunity: the contact's open items (GET /crm/contacts/{id}/items) to pick
// from, or a new one (subject and memo, POST /crm/items). The pick becomes the call's related item.
import { api } from '../api.js';
import { h, icon, replace } from '../dom.js';
import { toast } from '../toast.js';
import { openSheet } from './sheet.js';

/** The relation the agent's settings ask for: what the call log is attached to. */
export function relationOf(app) {
  const relation = app.settings && app.settings.callRelation === 'OPPORTUNITY' ? 'OPPORTUNITY' : 'CASE';
  return { relation, noun: relation === 'OPPORTUNITY' ? 'opportunity' : 'case' };
}

export function openAssign(app, notes) {
  const { relation, noun } = relationOf(app);
  const contactId = notes.contactId();
  const list = h('div', { id: 'assign-items', class: 'results', role: 'listbox', 'aria-label': `Open ${noun}s` });
  const status = h('div', { role: 'status', class: 'muted' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ` Loading ${noun}s…`);
  const subject = h('input', { id: 'new-item-subject', type: 'text', maxlength: '255', autocomplete: 'off', required: true });
  const memo = h('textarea', { id: 'new-item-memo', rows: '3', maxlength: '32000' });
  const formError = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const create = h('button', { id: 'new-item-create', class: 'btn btn-primary', type: 'submit' }, `Create ${noun}`);
  const form = h('form', { id: 'new-item-form', class: 'new-item', hidden: true, novalidate: true },
    h('div', { class: 'field' }, h('label', { for: 'new-item-subject', text: 'Subject' }), subject),
    h('div', { class: 'field' }, h('label', { for: 'new-item-memo', text: 'Memo' }), memo),
    formError,
    h('div', { class: 'row end' }, create));
  const newButton = h('button', { id: 'new-item-button', class: 'btn', type: 'button', 'aria-expanded': 'false',
    'aria-controls': 'new-item-form' }, icon('plus'), `New ${noun}`);
  newButton.addEventListener('click', () => {
    form.hidden = !form.hidden;
    newButton.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) subject.focus();
  });
  const body = h('div', {}, status, list, h('div', { class: 'new-item-head' }, newButton), form);
  const { close, sheet } = openSheet({ id: 'assign-sheet', title: `Assign to ${noun}`, body });

  async function choose(item) {
    close();
    await notes.relate(item);
    toast(`Related to ${item.subject}.`);
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = subject.value.trim();
    if (!text) {
      formError.textContent = 'Enter a subject.';
      formError.hidden = false;
      subject.focus();
      return;
    }
    formError.hidden = true;
    create.disabled = true;
    try {
      const item = await api.createItem({ relation, contactId, subject: text, description: memo.value.trim() });
      await choose(item);
    } catch (err) {
      create.disabled = false;
      showError(err);
    }
  });

  function showError(err) {
    if (err.code === 'crm_not_linked') {
      replace(status, h('div', { class: 'notice' },
        h('p', { text: 'Connect Switchboard and Salesforce first.' }),
        h('button', { id: 'assign-connect', class: 'btn btn-primary', type: 'button', onclick: () => app.connectCrm() },
          icon('link'), 'Connect')));
      list.hidden = true;
      form.hidden = true;
      newButton.hidden = true;
      return;
    }
    const text = err.status === 503 ? 'The CRM is unavailable right now.' : err.message;
    if (!form.hidden) {
      formError.textContent = text;
      formError.hidden = false;
    } else replace(status, h('p', { class: 'form-error', role: 'alert', text }));
  }

  api.openItems(contactId, relation).then((answer) => {
    if (!sheet.isConnected) return;
    const items = answer.items || [];
    items.forEach((item) => notes.items.set(item.id, item));
    replace(status, items.length === 0 ? h('p', { class: 'muted', text: `No open ${noun}s for ${notes.contact?.name || 'this contact'}.` }) : null);
    replace(list, items.map((item) => h('button', {
      class: 'result', type: 'button', role: 'option', 'aria-selected': String(item.id === notes.value.relatedItemId),
      dataset: { itemId: item.id }, onclick: () => choose(item),
    },
    h('span', { class: 'avatar sm', 'aria-hidden': 'true' }, icon(relation === 'CASE' ? 'briefcase' : 'target')),
    h('span', { class: 'meta' }, h('span', { class: 'name', text: item.subject }),
      h('span', { class: 'detail', text: item.status || '' })))));
  }).catch((err) => {
    if (sheet.isConnected) showError(err);
  });
}
