// Settings (the gear): the CRM and whether the agent is connected to it, audio devices,
// click-to-call, call relation, post-call navigation, incoming-call notification, voicemail greeting. Loaded from and
// saved to /agents/me/settings; applied at once.
import { h, icon, replace } from '../dom.js';
import { greetingSection } from './greeting.js';
import { toast } from '../toast.js';
import { openSheet } from './sheet.js';

const NAVIGATION = [
  ['STAY', 'Stay where I am'],
  ['CONTACT', 'The contact'],
  ['RELATED_RECORD', 'The related case or opportunity'],
  ['CALL_LOG', 'The call log'],
];

export function openSettings(app) {
  if (document.getElementById('settings-sheet')) return;
  const s = { ...(app.settings || {}) };
  const canPickOutput = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
  const status = h('span', { id: 'settings-status', class: 'status', role: 'status' });

  const deviceSelect = (id, kind, key, label) => {
    const select = h('select', { id, 'aria-label': label });
    select.addEventListener('change', () => save({ [key]: select.value }));
    return { select, kind, key };
  };
  const mic = deviceSelect('setting-microphone', 'audioinput', 'microphone', 'Microphone');
  const speaker = deviceSelect('setting-speaker', 'audiooutput', 'speaker', 'Speaker');
  const ringer = deviceSelect('setting-ringer', 'audiooutput', 'ringer', 'Ringer');
  if (!canPickOutput) {
    speaker.select.disabled = true;
    ringer.select.disabled = true;
  }
  const allow = h('button', { class: 'btn btn-ghost', type: 'button', hidden: true, onclick: async () => {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      stream.getTracks().forEach((t) => t.stop());
    } catch (e) {
      toast('The browser did not allow the microphone.', { kind: 'error' });
    }
    fillDevices();
  } }, 'Show device names');

  async function fillDevices() {
    let devices = [];
    try {
      devices = navigator.mediaDevices ? await navigator.mediaDevices.enumerateDevices() : [];
    } catch (e) {
      devices = [];
    }
    allow.hidden = devices.length > 0 && devices.every((d) => d.label);
    for (const { select, kind, key } of [mic, speaker, ringer]) {
      const options = [h('option', { value: 'default', text: 'System default' })];
      let n = 0;
      for (const d of devices.filter((x) => x.kind === kind && x.deviceId && x.deviceId !== 'default')) {
        n += 1;
        options.push(h('option', { value: d.deviceId, text: d.label || `${kind === 'audioinput' ? 'Microphone' : 'Speaker'} ${n}` }));
      }
      if (s[key] && s[key] !== 'default' && !options.some((o) => o.value === s[key])) {
        options.push(h('option', { value: s[key], text: 'Saved device (not connected)' }));
      }
      replace(select, options);
      select.value = s[key] || 'default';
    }
  }

  const toggle = (id, key, title, hint) => {
    const input = h('input', { id, type: 'checkbox', role: 'switch', checked: !!s[key] });
    input.addEventListener('change', async () => {
      if (key === 'incomingNotification' && input.checked && 'Notification' in window && Notification.permission === 'default') {
        Notification.requestPermission().catch(() => {});
      }
      save({ [key]: input.checked });
    });
    return h('div', { class: 'switch-row' },
      h('label', { class: 'txt', for: id }, h('span', { text: title }), h('span', { class: 'hint', text: hint })),
      h('span', { class: 'switch' }, input, h('span', { class: 'track', 'aria-hidden': 'true' })));
  };

  const relation = h('div', { class: 'segmented', role: 'radiogroup', 'aria-labelledby': 'relation-label' },
    [['CASE', 'Case'], ['OPPORTUNITY', 'Opportunity']].map(([value, label]) => h('label', {},
      h('input', { type: 'radio', name: 'call-relation', id: `relation-${value.toLowerCase()}`, value,
        checked: s.callRelation === value, onchange: () => save({ callRelation: value }) }), label)));
  const navigation = h('select', { id: 'setting-navigation' },
    NAVIGATION.map(([value, label]) => h('option', { value, text: label })));
  navigation.value = s.postCallNavigation || 'CONTACT';
  navigation.addEventListener('change', () => save({ postCallNavigation: navigation.value }));

  const crm = h('div', { id: 'settings-crm', class: 'crm-status', role: 'status' });
  const drawCrm = (c) => replace(crm, crmStatus(app, c));
  drawCrm(app.crm);
  const onCrm = (e) => drawCrm(e.detail);
  document.addEventListener('switchboard:crm', onCrm);
  app.loadCrm();

  const greeting = greetingSection(app);
  const field = (label, id, control, extra) => h('div', { class: 'device-row' },
    h('div', { class: 'field' }, h('label', { for: id, text: label }), control), extra || null);
  const body = h('div', {},
    h('div', { class: 'group-title', text: 'CRM' }),
    crm,
    h('hr', { class: 'divider' }),
    h('div', { class: 'group-title', text: 'Audio devices' }),
    field('Microphone', mic.select.id, mic.select),
    field('Speaker', speaker.select.id, speaker.select),
    field('Ringer', ringer.select.id, ringer.select,
      h('button', { class: 'btn', type: 'button', title: 'Play the ringtone on the ringer', onclick: () => {
        app.ringer.unlock();
        app.ringer.test(3);
      } }, icon('bell'), 'Test')),
    canPickOutput ? null : h('p', { class: 'muted', text: 'This browser plays calls and the ringtone on its default output.' }),
    allow,
    h('p', { class: 'muted', id: 'line-status', text: lineText(app.phone.state) }),
    h('hr', { class: 'divider' }),
    h('div', { class: 'group-title', text: 'Calls' }),
    toggle('setting-click-to-call', 'clickToCall', 'Click-to-call', 'Phone numbers in the CRM dial when clicked'),
    toggle('setting-notification', 'incomingNotification', 'Incoming call notification', "The caller's record opens as the call rings; a desktop notification when this tab is in the background"),
    h('div', { class: 'field' }, h('span', { class: 'label', id: 'relation-label', text: 'Relate call logs to' }), relation),
    h('div', { class: 'field' }, h('label', { for: 'setting-navigation', text: 'After a call, go to' }), navigation),
    h('hr', { class: 'divider' }),
    h('div', { class: 'group-title', text: 'Voicemail greeting' }),
    greeting.el);

  const done = h('button', { id: 'settings-done', class: 'btn btn-primary', type: 'button' }, 'Done');
  const { close } = openSheet({ id: 'settings-sheet', title: 'Settings', body, foot: [status, done],
    onClose: () => {
      document.removeEventListener('switchboard:crm', onCrm);
      greeting.destroy();
    } });
  done.addEventListener('click', () => close());

  let saving = Promise.resolve();
  function save(change) {
    Object.assign(s, change);
    status.textContent = 'Saving…';
    saving = saving.then(async () => {
      try {
        await app.saveSettings(change);
        status.textContent = 'All changes saved';
      } catch (e) {
        status.textContent = '';
        toast(`Settings not saved: ${e.message}`, { kind: 'error' });
      }
    });
  }

  if (!app.settings) status.textContent = 'Settings could not be loaded.';
  fillDevices();
}

const CONNECTORS = { local: 'Local CRM (built in)', salesforce: 'Salesforce' };

/** Which CRM the calls are logged to, and whether this agent is connected to it. */
function crmStatus(app, crm) {
  if (!crm) return h('p', { class: 'muted', text: 'No CRM information from the server.' });
  if (!crm.connector) return h('p', { class: 'muted', text: 'No CRM is connected: calls are logged in Switchboard only.' });
  const name = CONNECTORS[crm.connector] || crm.connector;
  const link = crm.link || {};
  let state;
  if (crm.available === false) state = h('span', { class: 'crm-state warn', text: 'Unavailable right now' });
  else if (link.required && !link.linked) state = h('span', { class: 'crm-state warn', text: 'Not connected' });
  else if (link.required) state = h('span', { class: 'crm-state ok', text: link.crmUserName ? `Connected as ${link.crmUserName}` : 'Connected' });
  else state = h('span', { class: 'crm-state ok', text: 'Ready' });
  return h('div', { class: 'crm-row' },
    h('span', { class: 'avatar sm', 'aria-hidden': 'true' }, icon(crm.connector === 'salesforce' ? 'cloud' : 'building')),
    h('div', { class: 'grow' }, h('div', { class: 'name', text: name }), state),
    link.required && !link.linked
      ? h('button', { id: 'settings-crm-connect', class: 'btn btn-primary', type: 'button', onclick: () => app.connectCrm() },
        icon('link'), 'Connect')
      : null);
}

function lineText(state) {
  switch (state) {
    case 'open': return 'Browser phone line: connected.';
    case 'opening': return 'Browser phone line: connecting…';
    case 'inactive': return 'Browser phone line: held by another tab.';
    case 'failed': return 'Browser phone line: failed; it reopens when the server offers it again.';
    default: return 'Browser phone line: waiting for the server.';
  }
}
