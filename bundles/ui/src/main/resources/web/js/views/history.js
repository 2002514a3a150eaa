// Call history (GET /call-logs), newest first; a number calls back.
import { api } from '../api.js';
import { h, icon, replace } from '../dom.js';
import { duration, formatNumber, when } from '../format.js';

const DISPOSITIONS = {
  ANSWERED: 'Answered', MISSED: 'Missed', REJECTED: 'Declined', BUSY: 'Busy', VOICEMAIL: 'Voicemail', FAILED: 'Failed',
};

export class History {
  constructor(app, root) {
    this.app = app;
    this.root = root;
    this.list = h('ul', { id: 'history-list', class: 'history-list', 'aria-label': 'Recent calls' });
    this.status = h('div', { role: 'status' });
    replace(root,
      h('div', { class: 'section-title' }, h('span', { text: 'Recent calls' }),
        h('button', { class: 'btn btn-ghost', type: 'button', onclick: () => this.load() }, 'Refresh')),
      h('div', { class: 'card' }, this.status, this.list));
  }

  async load() {
    replace(this.status, h('div', { class: 'empty' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Loading…'));
    let items;
    try {
      items = (await api.callLogs(50)).items || [];
    } catch (e) {
      replace(this.status, h('div', { class: 'empty', text: e.message }));
      return;
    }
    items.sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
    if (items.length === 0) {
      replace(this.status, h('div', { class: 'empty' }, icon('clock'), h('div', { text: 'No calls yet.' })));
      replace(this.list);
      return;
    }
    replace(this.status);
    replace(this.list, items.map((log) => this.item(log)));
  }

  item(log) {
    const inbound = log.direction === 'INBOUND';
    const number = inbound ? log.from : log.to;
    const missed = inbound && log.disposition !== 'ANSWERED';
    const kind = missed ? 'missed' : inbound ? 'in' : 'out';
    const label = missed ? `${DISPOSITIONS[log.disposition] || 'Missed'} call` : inbound ? 'Incoming call' : 'Outgoing call';
    const outcome = log.disposition === 'ANSWERED' ? duration(log.talkSeconds) : inbound ? null : 'Not answered';
    const sub = [label, outcome, log.notes ? 'Notes' : null]
      .filter(Boolean).join(' · ');
    return h('li', { class: 'history-item', dataset: { logId: log.id } },
      h('span', { class: `dir ${kind}`, title: label }, icon(missed ? 'missed' : inbound ? 'arrowIn' : 'arrowOut', label)),
      h('div', { class: 'meta' },
        h('button', { class: 'callback', type: 'button', title: `Call back ${number}`, 'aria-label': `Call back ${number}`,
          onclick: () => this.app.callBack(number) }, formatNumber(number)),
        h('div', { class: 'sub', text: sub })),
      h('time', { class: 'when', datetime: log.startedAt, text: when(log.startedAt) }));
  }
}
