// A modal sheet (bottom sheet in the narrow panel, dialog when wide): focus moves in, Escape closes,
// Tab stays inside, focus returns where it was.
import { h, icon } from '../dom.js';

export function openSheet({ id, title, body, foot, onClose }) {
  const previous = document.activeElement;
  const titleId = `${id}-title`;
  const sheet = h('div', { id, class: 'sheet', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': titleId },
    h('div', { class: 'sheet-head' },
      h('h2', { id: titleId, text: title }),
      h('button', { class: 'icon-btn', type: 'button', 'aria-label': 'Close', title: 'Close', onclick: () => close() }, icon('x'))),
    h('div', { class: 'sheet-body' }, body),
    foot ? h('div', { class: 'sheet-foot' }, foot) : null);
  const scrim = h('div', { class: 'scrim', onmousedown: (e) => { if (e.target === scrim) close(); } }, sheet);
  const keydown = (e) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close();
    } else if (e.key === 'Tab') {
      const focusable = [...sheet.querySelectorAll('button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])')]
        .filter((el) => !el.disabled && el.offsetParent !== null);
      if (focusable.length === 0) return;
      const first = focusable[0];
      const last = focusable[focusable.length - 1];
      if (e.shiftKey && document.activeElement === first) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && document.activeElement === last) {
        e.preventDefault();
        first.focus();
      }
    }
  };
  scrim.addEventListener('keydown', keydown);
  document.getElementById('sheet-root').append(scrim);
  const firstField = sheet.querySelector('.sheet-body input, .sheet-body select, .sheet-body button') || sheet.querySelector('button');
  setTimeout(() => firstField && firstField.focus(), 0);
  let closed = false;
  function close() {
    if (closed) return;
    closed = true;
    scrim.remove();
    if (onClose) onClose();
    if (previous && previous.isConnected) previous.focus();
  }
  return { sheet, close };
}
