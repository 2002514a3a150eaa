// One render function per record type; each answers the nodes of <main>. Text goes through textContent only.
import { h, icon } from './dom.js';
import { amount, dateTime, duration, formatNumber } from './format.js';

const TYPE_ICONS = { contact: 'user', account: 'building', case: 'lifebuoy', opportunity: 'briefcase', task: 'phone', home: 'home' };
const TYPE_LABELS = { contact: 'Contact', account: 'Account', case: 'Case', opportunity: 'Opportunity', task: 'Call' };

function link(target, fallback = '—') {
  if (!target) return fallback;
  if (!target.url) return h('span', { class: 'muted', title: target.id }, target.name || 'Unknown record');
  return h('a', { href: target.url }, target.name);
}

function head(type, title, subtitle, titleId = 'record-title') {
  return h('div', { class: 'record-head' },
    h('span', { class: 'record-icon' }, icon(TYPE_ICONS[type])),
    h('div', { class: 'record-head-text' },
      h('p', { class: 'kicker' }, TYPE_LABELS[type] || ''),
      h('h1', { id: titleId }, title),
      subtitle ? h('p', { class: 'subtitle' }, subtitle) : null));
}

function fields(entries) {
  return h('dl', { class: 'fields' }, entries.filter(Boolean).map(([label, value, id]) =>
    h('div', {}, h('dt', {}, label), h('dd', { id }, value === '' || value === null || value === undefined ? '—' : value))));
}

function recordCard(type, title, subtitle, entries) {
  return h('section', { class: 'card', 'aria-labelledby': 'record-title' }, head(type, title, subtitle), fields(entries));
}

function related(name, title, items, render, emptyText) {
  return h('section', { class: 'card related', dataset: { list: name }, 'aria-label': title },
    h('h2', {}, title, h('span', { class: 'count' }, String(items.length))),
    items.length ? h('ul', { id: `${name}-list` }, items.map(render)) : h('p', { class: 'empty' }, emptyText));
}

function statusBadge(text, closed) {
  return h('span', { class: `badge${closed ? ' closed' : ''}` }, text);
}

function caseItem(c, showContact = false) {
  return h('li', {},
    h('div', { class: 'item-main' },
      h('div', { class: 'item-title' }, h('a', { href: c.url }, c.subject)),
      h('div', { class: 'item-meta' }, [showContact && c.contact ? [link(c.contact), ' · '] : null, `Opened ${dateTime(c.createdAt)}`])),
    h('div', { class: 'item-side' }, statusBadge(c.status, c.closed)));
}

function opportunityItem(o, showContact = false) {
  const meta = [showContact && o.contact ? [link(o.contact), ' · '] : null, o.amount !== null ? `${amount(o.amount)} · ` : '',
    `Created ${dateTime(o.createdAt)}`];
  return h('li', {},
    h('div', { class: 'item-main' },
      h('div', { class: 'item-title' }, h('a', { href: o.url }, o.name)),
      h('div', { class: 'item-meta' }, meta)),
    h('div', { class: 'item-side' }, statusBadge(o.stage, o.closed)));
}

function contactItem(c) {
  return h('li', {},
    h('span', { class: 'dir' }, icon('user')),
    h('div', { class: 'item-main' },
      h('div', { class: 'item-title' }, h('a', { href: c.url }, c.name)),
      h('div', { class: 'item-meta' }, [c.title, c.account?.name, ...c.phones.map((p) => formatNumber(p.number))]
        .filter(Boolean).join(' · '))));
}

function taskItem(t, { showWho = false } = {}) {
  const missed = t.disposition && !['ANSWERED', 'COMPLETED'].includes(t.disposition);
  const dirIcon = missed ? 'missed' : t.callType === 'Outbound' ? 'arrowOut' : 'arrowIn';
  const meta = [t.callType, duration(t.durationSeconds), label(t.disposition), dateTime(t.createdAt)].filter(Boolean).join(' · ');
  return h('li', {},
    h('span', { class: `dir${missed ? ' missed' : ''}` }, icon(dirIcon, t.callType)),
    h('div', { class: 'item-main' },
      h('div', { class: 'item-title' }, h('a', { href: t.url }, t.subject)),
      h('div', { class: 'item-meta' }, meta),
      showWho && t.who ? h('div', { class: 'item-meta' }, link(t.who)) : null,
      t.what ? h('div', { class: 'item-meta' }, 'Re: ', link(t.what)) : null));
}

function label(code) {
  if (!code) return '';
  const text = String(code).replace(/_/g, ' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function timeline(tasks, showWho = false) {
  return related('activity', 'Activity', tasks, (t) => taskItem(t, { showWho }), 'No calls logged yet.');
}

function phones(list) {
  if (!list.length) return '';
  return list.map((p) => h('span', { class: 'line' }, h('a', { href: `tel:${p.number}` }, formatNumber(p.number)),
    p.kind ? h('span', { class: 'muted' }, ` ${label(p.kind)}`) : null));
}

function layout(main, side) {
  return h('div', { class: 'columns' }, h('div', { class: 'column' }, main), h('div', { class: 'column' }, side));
}

export function contact(c) {
  const open = (list) => list.filter((x) => !x.closed);
  const closed = (list) => list.filter((x) => x.closed);
  const subtitle = [c.title, c.account?.name].filter(Boolean).join(' · ');
  return [
    recordCard('contact', c.name, subtitle, [
      ['Title', c.title],
      ['Account', link(c.account), 'contact-account'],
      ['Phone', phones(c.phones), 'contact-phones'],
      ['Email', c.email ? h('a', { href: `mailto:${c.email}` }, c.email) : ''],
    ]),
    layout(
      [timeline(c.activities)],
      [related('open-cases', 'Open cases', open(c.cases), (x) => caseItem(x), 'No open cases.'),
        related('open-opportunities', 'Open opportunities', open(c.opportunities), (x) => opportunityItem(x), 'No open opportunities.'),
        closed(c.cases).length ? related('closed-cases', 'Closed cases', closed(c.cases), (x) => caseItem(x), '') : null,
        closed(c.opportunities).length
          ? related('closed-opportunities', 'Closed opportunities', closed(c.opportunities), (x) => opportunityItem(x), '') : null]),
  ];
}

export function account(a) {
  return [
    recordCard('account', a.name, `${a.contacts.length} contact${a.contacts.length === 1 ? '' : 's'}`, [
      ['Contacts', String(a.contacts.length)],
      ['Open cases', String(a.cases.filter((x) => !x.closed).length)],
      ['Open opportunities', String(a.opportunities.filter((x) => !x.closed).length)],
    ]),
    layout(
      [related('contacts', 'Contacts', a.contacts, contactItem, 'No contacts.')],
      [related('cases', 'Cases', a.cases, (x) => caseItem(x, true), 'No cases.'),
        related('opportunities', 'Opportunities', a.opportunities, (x) => opportunityItem(x, true), 'No opportunities.')]),
  ];
}

export function caseRecord(c) {
  return [
    recordCard('case', c.subject, c.contact?.name, [
      ['Status', statusBadge(c.status, c.closed), 'case-status'],
      ['Contact', link(c.contact), 'case-contact'],
      ['Account', link(c.account)],
      ['Opened', dateTime(c.createdAt)],
    ]),
    layout(
      [timeline(c.activities)],
      [h('section', { class: 'card related', 'aria-label': 'Description' }, h('h2', {}, 'Description'),
        h('p', { id: 'case-description', class: `text-block${c.description ? '' : ' empty'}` }, c.description || 'No description.'))]),
  ];
}

export function opportunity(o) {
  return [
    recordCard('opportunity', o.name, o.account?.name || o.contact?.name, [
      ['Stage', statusBadge(o.stage, o.closed), 'opportunity-stage'],
      ['Amount', amount(o.amount)],
      ['Contact', link(o.contact), 'opportunity-contact'],
      ['Account', link(o.account)],
      ['Created', dateTime(o.createdAt)],
    ]),
    timeline(o.activities),
  ];
}

export function task(t) {
  const notes = h('section', { class: 'card related', 'aria-label': 'Notes' }, h('h2', {}, 'Notes'),
    h('p', { id: 'task-notes', class: `text-block${t.notes ? '' : ' empty'}` }, t.notes || 'No notes.'));
  const recordings = t.recordings.length
    ? related('recordings', 'Recordings', t.recordings, recordingItem, '') : null;
  return [
    recordCard('task', t.subject, [t.callType, 'call', t.createdAt ? `· ${dateTime(t.createdAt)}` : ''].join(' '), [
      ['Call type', t.callType, 'task-call-type'],
      ['Duration', duration(t.durationSeconds), 'task-duration'],
      ['Disposition', label(t.disposition), 'task-disposition'],
      ['When', dateTime(t.createdAt)],
      ['Contact', link(t.who), 'task-who'],
      ['Related to', link(t.what), 'task-what'],
      ['Agent', t.agent ? t.agent.name || t.agent.id : '', 'task-agent'],
      ['Call id', h('span', { class: 'muted' }, t.callId)],
    ]),
    recordings ? layout([notes], [recordings]) : notes,
  ];
}

// The link is signed and needs no session: the player and the download use it as it is.
function recordingItem(r, index) {
  const title = `${r.kind === 'VOICEMAIL' ? 'Voicemail' : 'Recording'} ${index + 1}`;
  const meta = h('div', { class: 'item-meta' }, duration(r.durationSeconds));
  const item = h('li', {}, h('div', { class: 'item-main' }, h('div', { class: 'item-title' }, title), meta));
  if (!r.audio) {
    meta.append(` · ${r.url}`);
    return item;
  }
  const audio = h('audio', { controls: true, preload: 'none', src: r.audio, 'aria-label': title });
  audio.addEventListener('error', () => {
    if (!item.querySelector('.form-error')) item.append(h('p', { class: 'form-error', role: 'alert' }, 'The recording cannot be played.'));
  });
  item.append(audio, h('a', { class: 'btn', href: r.audio, download: '' }, icon('download'), 'Download'));
  return item;
}

export function home(data) {
  const searched = Boolean(data.query);
  const recent = related('recent', 'Recent calls', data.recentTasks, (t) => taskItem(t, { showWho: true }), 'No calls logged yet.');
  const results = searched ? [
    related('found-contacts', `Contacts matching “${data.query}”`, data.contacts, contactItem, 'No contact matches.'),
    related('found-accounts', `Accounts matching “${data.query}”`, data.accounts, (a) => h('li', {},
      h('span', { class: 'dir' }, icon('building')),
      h('div', { class: 'item-main' }, h('div', { class: 'item-title' }, h('a', { href: a.url }, a.name)),
        h('div', { class: 'item-meta' }, `${a.contacts} contact${a.contacts === 1 ? '' : 's'}`))), 'No account matches.'),
  ] : [];
  return [
    h('section', { class: 'card', 'aria-labelledby': 'record-title' },
      h('div', { class: 'record-head' },
        h('span', { class: 'record-icon' }, icon('home')),
        h('div', { class: 'record-head-text' }, h('p', { class: 'kicker' }, 'Local CRM'),
          h('h1', { id: 'record-title' }, searched ? 'Search' : 'Home'),
          h('p', { class: 'subtitle' }, 'Contacts, accounts, cases, opportunities and the calls logged against them.')))),
    // a search puts what it found first (on top in a narrow window); the plain home is the call list alone
    searched ? layout(results, [recent]) : recent,
  ];
}

export function notice(title, text) {
  return [h('section', { class: 'card notice', role: 'alert' }, h('h1', { id: 'record-title' }, title), h('p', {}, text))];
}
