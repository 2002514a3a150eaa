// The REST client: /api/v1 with the session's bearer token (kept in sessionStorage, so it dies with the tab).
const TOKEN_KEY = 'switchboard.token';

export class ApiError extends Error {
  constructor(status, code, message, retryAfter) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

let unauthorizedHandler = () => {};

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
  onUnauthorized(handler) { unauthorizedHandler = handler; },
};

export function apiPath(path) {
  return '/api/v1' + path;
}

export async function request(method, path, body, { auth = true } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth && session.token) headers.Authorization = `Bearer ${session.token}`;
  let response;
  try {
    response = await fetch(apiPath(path), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection.');
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch (e) { json = null; }
  }
  if (!response.ok) {
    const retry = Number(response.headers.get('Retry-After')) || undefined;
    const error = new ApiError(response.status, json?.error, json?.message || response.statusText, retry);
    if (response.status === 401 && auth) unauthorizedHandler(error);
    throw error;
  }
  return json;
}

export const api = {
  login: (username, password) => request('POST', '/sessions', { username, password }, { auth: false }),
  logout: () => request('DELETE', '/sessions/current'),
  me: () => request('GET', '/agents/me'),
  setPresence: (presence) => request('PUT', '/agents/me/presence', { presence }),
  settings: () => request('GET', '/agents/me/settings'),
  saveSettings: (settings) => request('PUT', '/agents/me/settings', settings),
  directory: (q, limit = 20) => request('GET', `/directory?q=${encodeURIComponent(q)}&limit=${limit}`),
  contactsByPhone: (phone) => request('GET', `/contacts?phone=${encodeURIComponent(phone)}`),
  calls: () => request('GET', '/calls'),
  call: (id) => request('GET', `/calls/${encodeURIComponent(id)}`),
  originate: (to, callerId) => request('POST', '/calls', { to, callerId, device: 'browser' }),
  action: (id, action, body) => request('POST', `/calls/${encodeURIComponent(id)}/${action}`, body),
  callLogs: (limit = 50) => request('GET', `/call-logs?limit=${limit}`),
  callLog: (id) => request('GET', `/call-logs/${encodeURIComponent(id)}`),
  saveCallLog: (id, edit) => request('PUT', `/call-logs/${encodeURIComponent(id)}`, edit),
  saveCallNotes: (id, notes) => request('PUT', `/calls/${encodeURIComponent(id)}/notes`, notes),
  crm: () => request('GET', '/crm'),
  connectCrm: () => request('POST', '/crm/connect'),
  openItems: (contactId, relation) =>
    request('GET', `/crm/contacts/${encodeURIComponent(contactId)}/items?relation=${encodeURIComponent(relation)}`),
  createItem: (item) => request('POST', '/crm/items', item),
};
