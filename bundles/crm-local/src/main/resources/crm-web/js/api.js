// The CRM pages' client: their own JSON under /switchboard/crm/api and the login of /api/v1.
// The token is the softphone's: same key in sessionStorage, so a tab the softphone opened inherits it.
const TOKEN_KEY = 'switchboard.token';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code;
  }
}

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

async function request(method, url, body, auth = true) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth && session.token) headers.Authorization = `Bearer ${session.token}`;
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check your connection.');
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try { json = JSON.parse(text); } catch (e) { json = null; }
  }
  if (!response.ok) throw new ApiError(response.status, json?.error, json?.message || response.statusText);
  return json;
}

export const crm = {
  record: (type, id) => request('GET', `/switchboard/crm/api/${type}/${encodeURIComponent(id)}`),
  home: (q) => request('GET', `/switchboard/crm/api/home${q ? `?q=${encodeURIComponent(q)}` : ''}`),
  login: (username, password) => request('POST', '/api/v1/sessions', { username, password }, false),
  me: () => request('GET', '/api/v1/agents/me'),
};
