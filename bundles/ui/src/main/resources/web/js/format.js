// Display helpers. Numbers stay E.164 in values; only the text shown is formatted.

export function formatNumber(value) {
  if (!value) return '';
  const v = String(value);
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(v);
  if (m) return `+1 (${m[1]}) ${m[2]}-${m[3]}`;
  return v;
}

export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const now = new Date();
  if (d.toDateString() === now.toDateString()) return timeFormat.format(d);
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (d.toDateString() === yesterday.toDateString()) return `Yesterday ${timeFormat.format(d)}`;
  return `${dayFormat.format(d)} ${timeFormat.format(d)}`;
}

export const PRESENCE_LABELS = {
  AVAILABLE: 'Available', AWAY: 'Away', BUSY: 'Busy', WRAP_UP: 'Wrap-up', OFFLINE: 'Offline',
};

/** Digits, * and # with an optional leading +: what the number field dials (anything else is a search). */
export function isDialable(text) {
  return /^[+]?[0-9*#]+$/.test(String(text).replace(/[\s().-]/g, ''));
}

export function cleanNumber(text) {
  return String(text).replace(/[\s().-]/g, '');
}
