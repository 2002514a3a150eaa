// The softphone: sign-in, then header, dialer, calls, history and settings against /api/v1.
import { api, session } from './api.js';
import { CallBook } from './calls.js';
import { connectHost, StandaloneHost } from './crm/adapter.js';
import { h, icon, initials, replace } from './dom.js';
import { cleanNumber, isDialable } from './format.js';
import { EventChannel } from './events.js';
import { PhoneLine } from './phone.js';
import { Ringer } from './ringer.js';
import { toast } from './toast.js';
import { Dialer } from './views/dialer.js';
import { CallPanels } from './views/call.js';
import { History } from './views/history.js';
import { Inbox } from './views/inbox.js';
import { openSettings } from './views/settings.js';

const $ = (id) => document.getElementById(id);
const TABS = ['phone', 'history', 'inbox'];

class Softphone {
  constructor() {
    this.me = null;
    this.settings = null;
    this.channel = new EventChannel();
    this.ringer = new Ringer();
    this.phone = new PhoneLine(this.channel, $('remote-audio'), {
      onState: (state) => {
        $('app').dataset.phone = state; // waiting | inactive | opening | open | failed: styles and tests read it
        this.renderBanners();
      },
      onError: (code, message) => toast(message, { kind: 'error' }),
    });
    this.connection = { state: 'closed' };
    this.calls = null;
    this.notification = null;
    this.crm = null; // GET /crm: which CRM, and whether this agent is linked to it
    this.popped = new Set(); // calls whose record was popped already
    const hostCallbacks = {
      onBlocked: (url) => this.popupBlocked(url),
      onError: (message) => toast(message, { kind: 'error' }),
    };
    this.crmHost = new StandaloneHost(hostCallbacks);
    // inside Salesforce the Open CTI host replaces it once its script has loaded
    this.hostReady = connectHost(window.location, hostCallbacks).then((host) => {
      this.crmHost = host;
      $('app').dataset.host = host.isInSalesforce ? 'salesforce' : 'standalone';
      host.onClickToDial((number) => this.clickToDial(number));
      this.applySettings();
    });
    window.addEventListener('focus', () => {
      // back from the "Connect" window: is the agent linked now?
      if (this.me && this.crm && this.crm.link && this.crm.link.required && !this.crm.link.linked) this.loadCrm();
    });
    session.onUnauthorized(() => this.signedOut('Your session has ended. Please sign in again.'));

    this.channel.on('connection', (c) => {
      this.connection = c;
      this.renderBanners();
      if (c.state === 'open' && this.calls) {
        // events missed while the socket was down: catch up with the calls and the presence
        this.calls.loadAll().catch(() => {});
        api.me().then((me) => this.me && this.showPresence(me.presence)).catch(() => {});
      }
      if (c.state === 'unauthorized') this.signedOut('Your session has ended. Please sign in again.');
    });
    this.channel.on('call', (e) => this.calls && this.calls.onEvent(e));
    this.channel.on('agent', (e) => {
      if (e.event === 'PRESENCE' && this.me && e.agentId === this.me.id) this.showPresence(e.presence);
    });
  }

  async start() {
    this.wireLogin();
    this.wireHeader();
    if (session.token) {
      try {
        await this.enter(await api.me());
        return;
      } catch (e) {
        session.token = null;
      }
    }
    this.show('login');
  }

  show(view) {
    $('app').dataset.view = view;
    $('login-view').hidden = view !== 'login';
    $('main-view').hidden = view !== 'main';
    if (view === 'login') setTimeout(() => $('login-username').focus(), 0);
  }

  // ---- sign-in -------------------------------------------------------------------------

  wireLogin() {
    const form = $('login-form');
    const error = $('login-error');
    const submit = $('login-submit');
    let lockTimer = null;
    const showError = (text) => {
      error.textContent = text;
      error.hidden = !text;
    };
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const username = $('login-username').value.trim();
      const password = $('login-password').value;
      if (!username || !password) {
        showError('Enter your username and password.');
        return;
      }
      this.ringer.unlock(); // a user gesture: the ringtone may sound later
      submit.disabled = true;
      submit.textContent = 'Signing in…';
      showError('');
      try {
        const answer = await api.login(username, password);
        session.token = answer.token;
        $('login-password').value = '';
        await this.enter(answer.agent);
      } catch (err) {
        $('login-password').value = '';
        if (err.status === 401) showError('Wrong username or password.');
        else if (err.status === 429) {
          let left = err.retryAfter || 60;
          const tick = () => {
            showError(`Too many failed attempts. Try again in ${left} s.`);
            if (left-- <= 0) {
              clearInterval(lockTimer);
              showError('');
              submit.disabled = false;
            }
          };
          clearInterval(lockTimer);
          tick();
          lockTimer = setInterval(tick, 1000);
          submit.textContent = 'Sign in';
          return;
        } else showError(err.message || 'Sign-in failed.');
        $('login-password').focus();
      }
      submit.disabled = false;
      submit.textContent = 'Sign in';
    });
  }

  async enter(me) {
    this.me = me;
    this.calls = new CallBook(me, (detail) => this.onCalls(detail));
    this.renderMe();
    this.show('main');
    try {
      this.settings = await api.settings();
    } catch (e) {
      this.settings = null;
    }
    this.applySettings();
    this.loadCrm();
    this.dialer = new Dialer(this, $('dialer'));
    this.history = new History(this, $('panel-history'));
    if (this.inbox) this.inbox.destroy();
    this.inbox = new Inbox(this, $('panel-inbox'), $('inbox-badge'));
    this.inbox.refreshBadge();
    this.callPanels = new CallPanels(this, $('incoming'), $('incall'));
    this.selectTab('phone');
    this.channel.connect(session.token);
    this.renderBanners();
  }

  async logout() {
    try {
      await api.logout();
    } catch (e) {
      // signed out locally either way
    }
    this.signedOut();
  }

  signedOut(message) {
    if (!this.me) return;
    this.me = null;
    session.token = null;
    this.channel.close();
    this.phone.close();
    this.ringer.stop();
    this.crmHost.enableClickToDial(false);
    this.crm = null;
    if (this.calls) this.calls.clear();
    if (this.callPanels) this.callPanels.destroy();
    if (this.inbox) this.inbox.destroy();
    this.inbox = null;
    $('inbox-badge').hidden = true;
    document.querySelectorAll('.scrim').forEach((s) => s.remove());
    $('login-form').reset();
    const error = $('login-error');
    error.textContent = message || '';
    error.hidden = !message;
    this.show('login');
  }

  // ---- header --------------------------------------------------------------------------

  wireHeader() {
    $('settings-button').append(icon('gear'));
    $('logout-button').append(icon('logout'));
    $('settings-button').addEventListener('click', () => openSettings(this));
    $('logout-button').addEventListener('click', () => this.logout());
    $('presence-select').addEventListener('change', async (e) => {
      const wanted = e.target.value;
      try {
        const me = await api.setPresence(wanted);
        this.me.presence = me.presence;
        this.showPresence(me.presence);
      } catch (err) {
        this.showPresence(this.me.presence);
        toast(err.message, { kind: 'error' });
      }
    });
    const tabs = TABS.map((name) => $(`tab-${name}`));
    tabs.forEach((tab) => {
      tab.addEventListener('click', () => this.selectTab(tab.id.slice(4)));
      tab.addEventListener('keydown', (e) => {
        if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
        const next = tabs[(tabs.indexOf(tab) + 1) % tabs.length];
        next.focus();
        this.selectTab(next.id.slice(4));
      });
    });
  }

  selectTab(name) {
    for (const tab of TABS) {
      const selected = tab === name;
      $(`tab-${tab}`).setAttribute('aria-selected', String(selected));
      $(`tab-${tab}`).tabIndex = selected ? 0 : -1;
      $(`panel-${tab}`).hidden = !selected;
    }
    if (name === 'history') this.history.load();
    if (this.inbox) this.inbox.show(name === 'inbox');
  }

  renderMe() {
    const avatar = $('me-avatar');
    replace(avatar, initials(this.me.displayName));
    $('me-name').textContent = this.me.displayName;
    $('me-name').title = `${this.me.displayName} · ext ${this.me.extension}`;
    this.showPresence(this.me.presence);
  }

  showPresence(presence) {
    if (this.me) this.me.presence = presence;
    $('presence-select').value = presence;
    $('presence-dot').dataset.presence = presence;
  }

  // ---- settings ------------------------------------------------------------------------

  applySettings() {
    const s = this.settings;
    if (!s) return;
    this.crmHost.enableClickToDial(!!s.clickToCall && !!this.me);
    this.phone.setMicrophone(s.microphone);
    this.phone.setSpeaker(s.speaker);
    this.ringer.setDevice(s.ringer);
  }

  async saveSettings(changes) {
    const next = { ...this.settings, ...changes };
    const saved = await api.saveSettings(next);
    this.settings = saved;
    this.applySettings();
    return saved;
  }

  // ---- banners -------------------------------------------------------------------------

  renderBanners() {
    const root = $('banners');
    const banners = [];
    const c = this.connection;
    if (this.me && c.state === 'reconnecting') {
      banners.push(h('div', { class: 'banner', role: 'alert' }, icon('wifiOff'),
        h('span', { class: 'grow', text: `Connection lost. Reconnecting in ${c.detail} s…` }),
        h('button', { class: 'btn', type: 'button', onclick: () => this.channel.open() }, 'Retry now')));
    }
    if (this.me && this.phone.state === 'inactive') {
      banners.push(h('div', { class: 'banner info' }, icon('laptop'),
        h('span', { class: 'grow', text: 'Calling is active in another tab.' }),
        h('button', {
          id: 'enable-calling', class: 'btn btn-primary', type: 'button',
          onclick: () => {
            this.ringer.unlock();
            if (!this.phone.take()) toast('Not connected to the server yet.', { kind: 'error' });
          },
        }, 'Enable calling')));
    }
    const link = this.crm && this.crm.link;
    if (this.me && link && link.required && !link.linked) {
      banners.push(h('div', { id: 'crm-banner', class: 'banner info' }, icon('link'),
        h('span', { class: 'grow', text: 'Connect Switchboard and Salesforce' }),
        h('button', { id: 'crm-connect', class: 'btn btn-primary', type: 'button', onclick: () => this.connectCrm() }, 'Connect')));
    }
    replace(root, banners);
  }

  // ---- CRM -----------------------------------------------------------------------------

  async loadCrm() {
    try {
      this.crm = await api.crm();
    } catch (e) {
      this.crm = null; // an older server, or no CRM: calls work the same
    }
    this.renderBanners();
    document.dispatchEvent(new CustomEvent('switchboard:crm', { detail: this.crm }));
    return this.crm;
  }

  /**
   * "Connect Switchboard and Salesforce": the CRM's sign-in page in a window of its own. The window is
   * opened at the click (a pop-up blocker allows that) and sent to the address once the server gives it.
   */
  async connectCrm() {
    const popup = window.open('', 'switchboard-connect', 'popup,width=520,height=680');
    try {
      const { url } = await api.connectCrm();
      if (popup) {
        popup.opener = null; // the CRM's page gets no handle on this one
        popup.location.href = url;
      } else this.popupBlocked(url, 'Allow pop-ups for this page, or open the sign-in page:');
    } catch (e) {
      if (popup) popup.close();
      if (e.code === 'not_required') this.loadCrm();
      else toast(e.message, { kind: 'error' });
    }
  }

  popupBlocked(url, text = 'The browser blocked the CRM window. Allow pop-ups for this page, or open it here:') {
    const el = toast(text, { timeout: 12000 });
    const link = h('a', { class: 'toast-link', href: url, target: 'switchboard-crm', text: 'Open' });
    el.querySelector('.grow').append(' ', link);
  }

  /**
   * A call for the agent: the softphone shows itself, and with "incoming call notification" on the
   * caller's record pops up — once per call, as soon as the CRM matched it; an answered call with no
   * match pops Salesforce's search for the number.
   */
  screenPop(call, ringing) {
    if (this.popped.has(call.id)) return;
    const { number, contact, outgoing, colleague } = this.calls.party(call);
    if (outgoing || colleague) return;
    if (ringing && !this.popped.has(`panel:${call.id}`)) {
      this.popped.add(`panel:${call.id}`);
      this.crmHost.setPanelVisible(true);
    }
    if (!this.settings || !this.settings.incomingNotification) return;
    if (contact && contact.url) {
      this.popped.add(call.id);
      this.crmHost.screenPop(contact);
    } else if (!ringing) {
      this.popped.add(call.id);
      if (this.crmHost.isInSalesforce && number) this.crmHost.screenPop({ search: number });
    }
  }

  /** A phone number clicked in the CRM: called at once from the agent's chosen caller ID. */
  clickToDial(number) {
    const to = cleanNumber(number);
    if (!this.me) {
      this.crmHost.setPanelVisible(true);
      toast('Sign in to call.', { kind: 'error' });
      return;
    }
    if (!to || !isDialable(to)) {
      toast(`${number} is not a number to call.`, { kind: 'error' });
      return;
    }
    this.crmHost.setPanelVisible(true);
    this.selectTab('phone');
    this.dial(to, this.dialer.callerId.value);
  }

  // ---- calls ---------------------------------------------------------------------------

  onCalls(detail) {
    const ringing = this.calls.ringing();
    ringing.forEach((call) => this.screenPop(call, true));
    this.calls.engaged().forEach((call) => this.screenPop(call, false));
    if (ringing.length > 0) {
      this.ringer.start();
      this.notify(ringing[0]);
    } else {
      this.ringer.stop();
      this.closeNotification();
    }
    this.callPanels.render(detail);
    if (detail.ended && !$('panel-history').hidden) {
      // the call's log is written as it ends
      setTimeout(() => this.history.load(), 1500);
    }
    const engaged = this.calls.engaged().length > 0 || ringing.length > 0 || this.calls.screening().length > 0
      || this.callPanels.wrapping();
    $('dialer').hidden = engaged;
  }

  notify(call) {
    if (!this.settings || !this.settings.incomingNotification || !document.hidden) return;
    if (!('Notification' in window) || Notification.permission !== 'granted') return;
    if (this.notification && this.notification.tag === call.id) return;
    const { number, contact } = this.calls.party(call);
    this.notification = new Notification('Incoming call', {
      body: contact ? `${contact.name} · ${number}` : number, tag: call.id, requireInteraction: true,
    });
    this.notification.onclick = () => {
      window.focus();
      this.closeNotification();
    };
  }

  closeNotification() {
    if (this.notification) {
      this.notification.close();
      this.notification = null;
    }
  }

  /** Places a call from the dialer (or a call-back from the history). */
  async dial(to, callerId) {
    try {
      const call = await api.originate(to, callerId || undefined);
      this.calls.apply(call);
      return true;
    } catch (e) {
      toast(e.message, { kind: 'error' });
      return false;
    }
  }

  callBack(number) {
    this.selectTab('phone');
    this.dialer.fill(number);
    this.dialer.call();
  }
}

// a module script runs once the document is parsed
new Softphone().start();
