// Transfer: to a colleague (directory), a group (our main or group numbers), a CRM user or contact
// (their number, called as an outside number) or any outside number; warm (consult first, then
// Complete or Cancel) or blind (now).
import { api } from '../api.js';
import { h, icon, replace } from '../dom.js';
import { cleanNumber, formatNumber, isDialable } from '../format.js';
import { toast } from '../toast.js';
import { directoryEntry } from './dialer.js';
import { openSheet } from './sheet.js';

export function openTransfer(app, call, panels) {
  let target = null; // {number, label}
  let mode = 'warm';
  const input = h('input', { id: 'transfer-input', type: 'text', autocomplete: 'off', placeholder: 'Name, extension or number',
    'aria-label': 'Transfer to: name, extension or number', 'aria-controls': 'transfer-results' });
  const results = h('div', { id: 'transfer-results', class: 'results', role: 'listbox', 'aria-label': 'Transfer targets' });
  const chosen = h('div', { 'aria-live': 'polite' });
  const groups = (app.me.callerIds || []).filter((n) => n !== app.me.did);
  const submit = h('button', { id: 'transfer-submit', class: 'btn btn-primary', type: 'button', disabled: true }, 'Consult');
  const modeInput = (value, label) => h('label', {},
    h('input', { type: 'radio', name: 'transfer-mode', value, checked: value === mode, onchange: () => { mode = value; update(); } }), label);

  function pick(number, label) {
    target = { number, label };
    replace(results);
    update();
  }

  function update() {
    replace(chosen, target ? h('div', { class: 'target', id: 'transfer-target' }, icon('transfer'),
      h('span', { text: target.label === target.number ? formatNumber(target.number) : `${target.label} · ${formatNumber(target.number)}` })) : null);
    submit.disabled = !target;
    submit.textContent = mode === 'warm' ? 'Consult' : 'Transfer now';
  }

  let timer = null;
  let seq = 0;
  input.addEventListener('input', () => {
    const value = input.value.trim();
    clearTimeout(timer);
    if (value && isDialable(value)) {
      pick(cleanNumber(value), cleanNumber(value));
      return;
    }
    target = null;
    update();
    if (value.length < 2) {
      replace(results);
      return;
    }
    timer = setTimeout(async () => {
      const n = ++seq;
      try {
        const items = (await api.directory(value)).items || [];
        if (n !== seq) return;
        replace(results, items.length === 0 ? h('div', { class: 'results-empty', text: `No one found for “${value}”.` })
          : items.map((e) => directoryEntry(e, () => pick(e.number, e.name), app.crm)));
      } catch (e) {
        replace(results, h('div', { class: 'results-empty', text: e.message }));
      }
    }, 200);
  });

  const body = h('div', {},
    h('div', { class: 'field' }, h('label', { for: 'transfer-input', text: 'Transfer to' }), input),
    groups.length ? h('div', { class: 'quick', role: 'group', 'aria-label': 'Groups' }, groups.map((n) => h('button', {
      class: 'chip', type: 'button', onclick: () => pick(n, 'Main number group'),
    }, icon('users'), `Main number ${formatNumber(n)}`))) : null,
    results, chosen,
    h('div', { class: 'field' }, h('span', { class: 'label', id: 'transfer-mode-label', text: 'How' }),
      h('div', { class: 'segmented', role: 'radiogroup', 'aria-labelledby': 'transfer-mode-label' },
        modeInput('warm', 'Warm · talk first'), modeInput('blind', 'Blind · now'))));
  const cancel = h('button', { class: 'btn', type: 'button' }, 'Cancel');
  const { close } = openSheet({ id: 'transfer-sheet', title: 'Transfer call', body, foot: [cancel, submit] });
  cancel.addEventListener('click', () => close());
  submit.addEventListener('click', async () => {
    if (!target) return;
    submit.disabled = true;
    try {
      const result = await api.action(call.id, 'transfer', { target: target.number, mode });
      close();
      if (mode === 'warm') {
        panels.startConsult(result, call.id, target.label === target.number ? formatNumber(target.number) : target.label);
      } else {
        app.calls.apply(result);
        toast(`Transferring to ${target.label}…`);
      }
    } catch (e) {
      toast(e.message, { kind: 'error' });
      submit.disabled = false;
    }
  });
  update();
}
