// The recordings inbox: "Recorded calls" and "Voicemail" (GET /recordings?kind=), a date range,
// each item played in place (its first play marks it heard), downloaded or deleted (agents delete
// voicemail only; the server says 403 otherwise). Recording events from the WebSocket redraw it and
// the unheard-voicemail badge of the Inbox tab.
import { api } from '../api.js';
import { h, icon, replace } from '../dom.js';
import { duration, formatNumber, when } from '../format.js';
import { toast } from '../toast.js';
import { isReady, isVoicemail, player } from './player.js';
import { openSheet } from './sheet.js';

const KINDS = [
  ['call', 'Recorded calls'],
  ['voicemail', 'Voicemail'],
];
const LIMIT = 100;
const RELOAD_DELAY_MS = 250; // a burst of events (READY then UPDATED) reloads once

export class Inbox {
  /** @param badge the element on the Inbox tab that shows the unheard voicemail count */
  constructor(app, root, badge) {
    this.app = app;
    this.root = root;
    this.badge = badge;
    this.kind = 'voicemail';
    this.items = [];
    this.count = 0;
    this.playing = null; // id of the item whose player is open
    this.visible = false;
    this.reloadTimer = null;
    this.offEvents = app.channel.on('recording', () => this.scheduleReload());
    this.build();
  }

  destroy() {
    this.offEvents();
    clearTimeout(this.reloadTimer);
  }

  build() {
    const kindTabs = KINDS.map(([kind, label]) => h('button', {
      id: `inbox-kind-${kind}`, class: 'seg', type: 'button', role: 'tab', 'aria-controls': 'inbox-list',
      onclick: () => this.selectKind(kind),
    }, label));
    this.kindTabs = kindTabs;
    kindTabs.forEach((tab, i) => tab.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      const next = kindTabs[(i + 1) % kindTabs.length];
      next.focus();
      next.click();
    }));
    this.since = h('input', { id: 'inbox-since', type: 'date', onchange: () => this.load() });
    this.until = h('input', { id: 'inbox-until', type: 'date', onchange: () => this.load() });
    this.list = h('ul', { id: 'inbox-list', class: 'inbox-list', role: 'tabpanel', 'aria-label': 'Recordings' });
    this.status = h('div', { id: 'inbox-status', role: 'status' });
    replace(this.root,
      h('div', { class: 'segmented-tabs', role: 'tablist', 'aria-label': 'Recordings' }, kindTabs),
      h('div', { class: 'date-range', role: 'group', 'aria-label': 'Date range' },
        h('label', { class: 'field' }, h('span', { class: 'label', text: 'From' }), this.since),
        h('label', { class: 'field' }, h('span', { class: 'label', text: 'To' }), this.until),
        h('button', { id: 'inbox-clear-dates', class: 'btn btn-ghost', type: 'button', title: 'Show every date', 'aria-label': 'Show every date',
          onclick: () => {
            this.since.value = '';
            this.until.value = '';
            this.load();
          } }, 'All')),
      h('div', { class: 'card' }, this.status, this.list));
    this.drawKindTabs();
  }

  drawKindTabs() {
    for (const tab of this.kindTabs) {
      const selected = tab.id === `inbox-kind-${this.kind}`;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
  }

  selectKind(kind) {
    this.kind = kind;
    this.playing = null;
    this.drawKindTabs();
    this.load();
  }

  show(visible) {
    this.visible = visible;
    if (visible) this.load();
  }

  scheduleReload() {
    clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.refreshBadge();
      if (this.visible) this.load({ quiet: true });
    }, RELOAD_DELAY_MS);
  }

  /** The date inputs as the API's since/until instants (the whole "To" day included). */
  range() {
    const since = this.since.value ? new Date(`${this.since.value}T00:00:00`).toISOString() : undefined;
    let until;
    if (this.until.value) {
      const end = new Date(`${this.until.value}T00:00:00`);
      end.setDate(end.getDate() + 1);
      until = end.toISOString();
    }
    return { since, until };
  }

  async load({ quiet = false } = {}) {
    const { since, until } = this.range();
    if (since && until && since >= until) {
      replace(this.status, h('div', { class: 'form-error', role: 'alert', text: '"From" must be on or before "To".' }));
      replace(this.list);
      return;
    }
    if (!quiet) replace(this.status, h('div', { class: 'empty' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Loading…'));
    const kind = this.kind;
    let items;
    try {
      items = (await api.recordings({ kind, since, until, limit: LIMIT })).items || [];
    } catch (e) {
      replace(this.status, h('div', { class: 'empty', text: e.message }));
      return;
    }
    if (kind !== this.kind) return; // the agent switched tabs meanwhile
    items.sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
    this.items = items;
    if (kind === 'voicemail' && !since && !until) this.showBadge(items.filter((r) => !r.heard).length);
    this.draw();
  }

  draw() {
    if (this.items.length === 0) {
      const what = this.kind === 'voicemail' ? 'No voicemail.' : 'No recorded calls.';
      replace(this.status, h('div', { id: 'inbox-empty', class: 'empty' },
        icon(this.kind === 'voicemail' ? 'voicemail' : 'record'), h('div', { text: what })));
      replace(this.list);
      return;
    }
    replace(this.status);
    // an open player keeps playing: its item is left as it is
    const open = this.playing && this.list.querySelector(`[data-recording-id="${CSS.escape(this.playing)}"]`);
    replace(this.list, this.items.map((r) => (open && r.id === this.playing && isReady(r) ? open : this.item(r))));
  }

  item(r) {
    const unheard = !r.heard;
    const voicemail = isVoicemail(r);
    const sub = [when(r.startedAt), r.durationSeconds != null ? duration(r.durationSeconds) : null,
      voicemail && r.groupId && !r.agentId ? 'Group' : null].filter(Boolean).join(' · ');
    const deletable = voicemail || this.app.me.role !== 'AGENT';
    const opened = this.playing === r.id;
    const li = h('li', { class: `inbox-item${unheard ? ' unheard' : ''}`, dataset: { recordingId: r.id, status: String(r.status) } },
      h('div', { class: 'inbox-row' },
        h('span', { class: `dir ${voicemail ? 'missed' : 'in'}`, 'aria-hidden': 'true' }, icon(voicemail ? 'voicemail' : 'record')),
        h('div', { class: 'meta' },
          h('div', { class: 'from', text: formatNumber(r.from) || 'Unknown caller' }),
          h('div', { class: 'sub' }, sub, unheard ? h('span', { class: 'new-flag', text: 'New' }) : null)),
        isReady(r)
          ? h('button', { class: 'icon-btn play-btn', type: 'button', 'aria-expanded': String(opened),
            'aria-label': `${opened ? 'Close' : 'Play'} ${voicemail ? 'voicemail' : 'recording'} from ${formatNumber(r.from)}`,
            title: opened ? 'Close the player' : 'Play', onclick: () => this.toggle(r) }, icon(opened ? 'x' : 'play'))
          : h('span', { class: 'chip', text: String(r.status).toUpperCase() === 'FAILED' ? 'Failed' : 'Processing…' }),
        deletable
          ? h('button', { class: 'icon-btn delete-btn', type: 'button', title: 'Delete',
            'aria-label': `Delete ${voicemail ? 'voicemail' : 'recording'} from ${formatNumber(r.from)}`,
            onclick: () => this.confirmDelete(r) }, icon('trash'))
          : null),
      opened ? player(r, { autoplay: true, idPrefix: 'inbox', onPlay: (rec) => this.heard(rec) }) : null);
    return li;
  }

  toggle(r) {
    this.playing = this.playing === r.id ? null : r.id;
    const li = this.list.querySelector(`[data-recording-id="${CSS.escape(r.id)}"]`);
    if (li) li.replaceWith(this.item(r));
    const again = this.list.querySelector(`[data-recording-id="${CSS.escape(r.id)}"] .play-btn`);
    if (again) again.focus();
  }

  /** Marks it heard as it first plays: the list and the badge change at once. */
  async heard(r) {
    if (r.heard) return;
    r.heard = true;
    const li = this.list.querySelector(`[data-recording-id="${CSS.escape(r.id)}"]`);
    if (li) {
      li.classList.remove('unheard');
      li.querySelector('.new-flag')?.remove();
    }
    if (isVoicemail(r)) this.showBadge(Math.max(0, this.count - 1));
    try {
      await api.markHeard(r.id, true);
    } catch (e) {
      r.heard = false;
      if (li) li.classList.add('unheard');
      toast(e.message, { kind: 'error' });
      this.refreshBadge();
    }
  }

  confirmDelete(r) {
    const what = isVoicemail(r) ? 'voicemail' : 'recording';
    const yes = h('button', { id: 'delete-confirm', class: 'btn btn-danger', type: 'button' }, icon('trash'), 'Delete');
    const no = h('button', { id: 'delete-cancel', class: 'btn', type: 'button' }, 'Cancel');
    const { close } = openSheet({
      id: 'delete-sheet', title: `Delete this ${what}?`,
      body: h('p', { text: `The ${what} from ${formatNumber(r.from)} (${when(r.startedAt)}) is deleted for everyone. This cannot be undone.` }),
      foot: [no, yes],
    });
    no.addEventListener('click', () => close());
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        await api.deleteRecording(r.id);
        close();
        this.items = this.items.filter((x) => x.id !== r.id);
        if (this.playing === r.id) this.playing = null;
        this.draw();
        this.refreshBadge();
        toast(`The ${what} was deleted.`);
      } catch (e) {
        yes.disabled = false;
        close();
        toast(e.status === 403 ? `You may not delete this ${what}.` : e.message, { kind: 'error' });
      }
    });
  }

  async refreshBadge() {
    try {
      const items = (await api.recordings({ kind: 'voicemail', unheard: true, limit: LIMIT })).items || [];
      this.showBadge(items.filter((r) => !r.heard).length);
    } catch (e) {
      // the badge keeps its last count; the inbox shows the error when opened
    }
  }

  showBadge(count) {
    this.count = count;
    this.badge.textContent = count > 99 ? '99+' : String(count);
    this.badge.hidden = count === 0;
    this.badge.setAttribute('aria-label', `${count} new voicemail${count === 1 ? '' : 's'}`);
  }
}
