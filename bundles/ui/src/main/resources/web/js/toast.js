// Short messages at the bottom of the panel; errors stay longer and can be dismissed.
import { h, icon } from './dom.js';

export function toast(message, { kind = 'info', timeout } = {}) {
  const root = document.getElementById('toasts');
  const el = h('div', { class: `toast ${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    icon(kind === 'error' ? 'alert' : 'check'),
    h('span', { class: 'grow', text: message }),
    h('button', { type: 'button', 'aria-label': 'Dismiss', onclick: () => el.remove() }, icon('x')));
  root.append(el);
  while (root.children.length > 3) root.firstElementChild.remove();
  setTimeout(() => el.remove(), timeout ?? (kind === 'error' ? 8000 : 3000));
  return el;
}
