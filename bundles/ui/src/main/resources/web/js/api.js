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
  const response = await send(method, path, body === undefined ? undefined : JSON.stringify(body),
    body === undefined ? undefined : 'application/json', { auth });
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

/** One request with the bearer token; any body and content type (JSON, or the greeting's WAV). */
async function send(method, path, body, contentType, { auth = true, accept = 'application/json' } = {}) {
  const headers = { Accept: accept };
  if (contentType) headers['Content-Type'] = contentType;
  if (auth && session.token) headers.Authorization = `Bearer ${session.token}`;
  try {
    return await fetch(apiPath(path), { method, headers, body, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection.');
  }
}

/** A non-JSON answer's error, read the same way as request's. */
async function failure(response) {
  let json = null;
  try { json = await response.json(); } catch (e) { json = null; }
  const error = new ApiError(response.status, json?.error, json?.message || response.statusText);
  if (response.status === 401) unauthorizedHandler(error);
  return error;
}

/** The query string of GET /recordings from the fields that are set. */
function recordingQuery(query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The agent's own voicemail greeting: the WAV as a Blob, or null when callers hear the default
 * (404, or an answer that is not audio).
 */
async function greeting() {
  const response = await send('GET', '/agents/me/greeting', undefined, undefined, { accept: 'audio/wav, application/json' });
  if (response.status === 404) return null;
  if (!response.ok) throw await failure(response);
  const type = response.headers.get('Content-Type') || '';
  return type.startsWith('audio/') ? response.blob() : null;
}

async function saveGreeting(wav) {
  const response = await send('PUT', '/agents/me/greeting', wav, 'audio/wav');
  if (!response.ok) throw await failure(response);
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
  record: (id, action) => request('POST', `/calls/${encodeURIComponent(id)}/record`, { action }),
  recordings: (query = {}) => request('GET', `/recordings${recordingQuery(query)}`),
  markHeard: (id, heard = true) => request('PUT', `/recordings/${encodeURIComponent(id)}/heard`, { heard }),
  deleteRecording: (id) => request('DELETE', `/recordings/${encodeURIComponent(id)}`),
  greeting,
  saveGreeting,
  resetGreeting: () => request('DELETE', '/agents/me/greeting'),
};
