// The contact pane: who the CRM says is calling (every record sharing the number), with a link to the
// record; when several share it, the agent can say which one is calling.
import { api } from '../api.js';
import { h, icon, initials, replace } from '../dom.js';
import { formatNumber } from '../format.js';
import { openSheet } from './sheet.js';

export function openContact(app, number, matched, notes) {
  const body = h('div', { role: 'status', class: 'muted' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Loading contact…');
  const { sheet, close } = openSheet({ id: 'contact-sheet', title: 'Contact', body });
  const target = sheet.querySelector('.sheet-body');
  api.contactsByPhone(number).then((answer) => {
    const contacts = (answer.items || []).slice().sort((a, b) => (a.id === matched?.id ? -1 : b.id === matched?.id ? 1 : 0));
    if (contacts.length === 0) {
      replace(target, h('p', { class: 'muted', text: `No CRM contact has the number ${formatNumber(number)}.` }));
      return;
    }
    replace(target,
      contacts.length > 1 ? h('p', { class: 'muted', text: `${contacts.length} contacts share this number.` }) : null,
      h('ul', { class: 'match-list' }, contacts.map((c) => h('li', {}, contactCard(app, c,
        notes && notes.live && contacts.length > 1 ? () => {
          notes.pick(c);
          close();
        } : null)))));
  }).catch((e) => {
    replace(target, h('p', { class: 'form-error', role: 'alert', text: e.status === 503 ? 'The CRM is unavailable right now.' : e.message }));
  });
}

function contactCard(app, c, onPick) {
  return h('div', { class: 'contact', dataset: { contactId: c.id } },
    h('div', { class: 'contact-head' },
      h('span', { class: 'avatar lg', 'aria-hidden': 'true', text: initials(c.name) }),
      h('div', {},
        h('div', { class: 'name', text: c.name }),
        h('div', { class: 'muted', text: [c.title, c.account].filter(Boolean).join(' · ') }))),
    h('dl', { class: 'kv' },
      (c.phones || []).map((p) => [h('dt', { text: 'Phone' }), h('dd', {},
        h('button', { class: 'link', type: 'button', title: `Call ${p}`, onclick: () => {
          document.querySelectorAll('#contact-sheet').forEach((s) => s.closest('.scrim').remove());
          app.callBack(p);
        } }, formatNumber(p)))]),
      c.email ? [h('dt', { text: 'Email' }), h('dd', {}, h('a', { class: 'link', href: `mailto:${c.email}`, text: c.email }))] : null,
      c.account ? [h('dt', { text: 'Account' }), h('dd', { text: c.account })] : null,
      [h('dt', { text: 'CRM' }), h('dd', { text: c.crm })]),
    h('p', { class: 'row' },
      c.url ? h('button', { class: 'btn', type: 'button', onclick: () => app.crmHost.screenPop(c) }, icon('external'), 'Open in CRM') : null,
      onPick ? h('button', { class: 'btn btn-primary', type: 'button', dataset: { pick: c.id }, onclick: onPick }, icon('check'), 'This is the caller') : null));
}
