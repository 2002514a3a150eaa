// The dialer: caller ID, one field for a number or a directory search, the keypad, Call.
import { api } from '../api.js';
import { h, icon, initials, replace } from '../dom.js';
import { cleanNumber, formatNumber, isDialable, PRESENCE_LABELS } from '../format.js';

export const KEYS = [
  ['1', ''], ['2', 'ABC'], ['3', 'DEF'], ['4', 'GHI'], ['5', 'JKL'], ['6', 'MNO'],
  ['7', 'PQRS'], ['8', 'TUV'], ['9', 'WXYZ'], ['*', ''], ['0', '+'], ['#', ''],
];

export function keypad(onKey, { idPrefix = 'key' } = {}) {
  return h('div', { class: 'keypad', role: 'group', 'aria-label': 'Keypad' },
    KEYS.map(([digit, letters]) => h('button', {
      class: 'key', type: 'button', id: `${idPrefix}-${digit === '*' ? 'star' : digit === '#' ? 'hash' : digit}`,
      'aria-label': digit === '*' ? 'Star' : digit === '#' ? 'Pound' : digit,
      onclick: () => onKey(digit),
    }, h('span', { class: 'digit', text: digit }), h('span', { class: 'letters', text: letters, 'aria-hidden': 'true' }))));
}

export class Dialer {
  constructor(app, root) {
    this.app = app;
    this.root = root;
    this.searchTimer = null;
    this.searchSeq = 0;
    this.render();
  }

  callerIdLabel(number) {
    const me = this.app.me;
    if (number === me.did) return `My number · ${formatNumber(number)}`;
    return `Main number · ${formatNumber(number)}`;
  }

  render() {
    const me = this.app.me;
    this.callerId = h('select', { id: 'caller-id', 'aria-label': 'Caller ID: the number people see' },
      (me.callerIds || []).map((n) => h('option', { value: n, text: this.callerIdLabel(n) })));
    this.input = h('input', {
      id: 'dial-input', class: 'number-input', type: 'text', inputmode: 'tel', autocomplete: 'off', spellcheck: 'false',
      placeholder: 'Name or number', 'aria-label': 'Name or number to call', 'aria-describedby': 'dial-hint',
      'aria-controls': 'dial-results', 'aria-autocomplete': 'list',
    });
    this.backspace = h('button', {
      class: 'icon-btn backspace', type: 'button', 'aria-label': 'Delete last digit', title: 'Delete',
      onclick: () => this.setValue(this.input.value.slice(0, -1)),
    }, icon('backspace'));
    this.results = h('div', { id: 'dial-results', class: 'results', role: 'listbox', 'aria-label': 'Directory results' });
    this.callButton = h('button', {
      id: 'call-button', class: 'call-btn', type: 'button', 'aria-label': 'Call', title: 'Call', disabled: true,
      onclick: () => this.call(),
    }, icon('phone'));
    this.input.addEventListener('input', () => this.onInput());
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        const first = this.results.querySelector('.result');
        if (first && !isDialable(this.input.value)) first.click();
        else this.call();
      } else if (e.key === 'ArrowDown') {
        const first = this.results.querySelector('.result');
        if (first) {
          e.preventDefault();
          first.focus();
        }
      } else if (e.key === 'Escape') this.clearResults();
    });
    this.results.addEventListener('keydown', (e) => {
      const items = [...this.results.querySelectorAll('.result')];
      const i = items.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' && i >= 0) {
        e.preventDefault();
        (items[i + 1] || items[i]).focus();
      } else if (e.key === 'ArrowUp' && i >= 0) {
        e.preventDefault();
        (items[i - 1] || this.input).focus();
      } else if (e.key === 'Escape') {
        this.clearResults();
        this.input.focus();
      }
    });
    this.keys = keypad((d) => {
      this.setValue(this.input.value + d);
      this.input.focus();
    });
    replace(this.root, h('div', { class: 'card' },
      h('div', { class: 'from-row' },
        h('span', { class: 'avatar', 'aria-hidden': 'true', text: initials(me.displayName) }),
        h('div', { class: 'from-field' },
          h('label', { class: 'label', for: 'caller-id', text: 'Call from' }),
          this.callerId)),
      h('div', { class: 'number-row' },
        h('span', { class: 'icon-btn', 'aria-hidden': 'true' }, icon('search')),
        h('div', { class: 'number-wrap' }, this.input),
        this.backspace),
      h('p', { id: 'dial-hint', class: 'visually-hidden', text: 'Type a number, or a name to search the company directory.' }),
      this.results,
      this.keys,
      h('div', { class: 'call-row' }, this.callButton)));
  }

  setValue(value) {
    this.input.value = value;
    this.onInput();
  }

  fill(number) {
    this.setValue(number);
    this.clearResults();
  }

  onInput() {
    const value = this.input.value.trim();
    const dialable = value !== '' && isDialable(value);
    this.callButton.disabled = !dialable;
    this.backspace.classList.toggle('show', this.input.value.length > 0);
    clearTimeout(this.searchTimer);
    if (value.length >= 2 && !dialable) {
      this.keys.hidden = true;
      this.searchTimer = setTimeout(() => this.search(value), 200);
    } else {
      this.clearResults();
    }
  }

  clearResults() {
    this.searchSeq++;
    replace(this.results);
    this.keys.hidden = false;
  }

  async search(q) {
    const seq = ++this.searchSeq;
    let items;
    try {
      items = (await api.directory(q)).items || [];
    } catch (e) {
      if (seq !== this.searchSeq) return;
      replace(this.results, h('div', { class: 'results-empty', role: 'status', text: e.status === 503
        ? 'The directory is unavailable right now.' : e.message }));
      return;
    }
    if (seq !== this.searchSeq) return;
    if (items.length === 0) {
      replace(this.results, h('div', { class: 'results-empty', role: 'status', text: `No one found for “${q}”.` }));
      return;
    }
    replace(this.results, items.map((entry) => directoryEntry(entry, () => {
      this.fill(entry.number || '');
      this.input.focus();
    }, this.app.crm)));
  }

  async call() {
    const to = cleanNumber(this.input.value.trim());
    if (!to || !isDialable(to)) return;
    this.callButton.disabled = true;
    const placed = await this.app.dial(to, this.callerId.value);
    this.callButton.disabled = false;
    if (placed) this.setValue('');
  }
}

const ENTRY_KINDS = {
  group: { icon: 'users', tag: 'Group' },
  contact: { icon: 'user', tag: 'Contact' },
  lead: { icon: 'lead', tag: 'Lead' },
  account: { icon: 'building', tag: 'Account' },
  user: { icon: 'cloud', tag: null }, // named after the CRM: "Salesforce user"
};

/**
 * One directory hit: a colleague (extension, presence), a group, a CRM contact, lead or account, or a
 * CRM user (someone in the CRM with a phone, reached as an outside number).
 */
export function directoryEntry(entry, onPick, crm) {
  const isAgent = entry.type === 'agent';
  const kind = ENTRY_KINDS[entry.type] || ENTRY_KINDS.contact;
  const tag = isAgent ? null : entry.type === 'user' ? `${crmName(crm)} user` : kind.tag;
  const detail = isAgent
    ? `Ext ${entry.number} · ${PRESENCE_LABELS[entry.presence] || entry.presence || ''}`
    : [entry.detail, formatNumber(entry.number)].filter(Boolean).join(' · ');
  return h('button', {
    class: 'result', type: 'button', role: 'option', 'aria-selected': 'false', disabled: !entry.number,
    'aria-label': [entry.name, tag, detail].filter(Boolean).join(', '), onclick: onPick,
    dataset: { number: entry.number || '', type: entry.type || '' },
  },
  h('span', { class: 'avatar sm', 'aria-hidden': 'true' }, isAgent ? initials(entry.name) : icon(kind.icon)),
  h('span', { class: 'meta' },
    h('span', { class: 'name-row' }, h('span', { class: 'name', text: entry.name }),
      tag ? h('span', { class: `kind-tag kind-${entry.type}`, text: tag }) : null),
    h('span', { class: 'detail' }, isAgent ? h('span', { class: 'dot', dataset: { presence: entry.presence } }) : null,
      isAgent ? ' ' : null, detail)));
}

export function crmName(crm) {
  if (crm && crm.connector === 'salesforce') return 'Salesforce';
  return 'CRM';
}
