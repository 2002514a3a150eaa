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

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

export function dateTime(iso) {
  return iso ? dateTimeFormat.format(new Date(iso)) : '';
}

export function amount(value) {
  return value === null || value === undefined ? '' : money.format(Number(value));
}
