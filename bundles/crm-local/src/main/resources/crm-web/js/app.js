// The local CRM's pages: one shell for /switchboard/crm/ and every /switchboard/crm/<type>/<id>;
// it renders the record the path names from /switchboard/crm/api/<type>/<id>.
import { replace } from './dom.js';
import { crm, session } from './api.js';
import * as views from './views.js';

const BASE = '/switchboard/crm';
const RENDER = { contact: views.contact, account: views.account, case: views.caseRecord, opportunity: views.opportunity, task: views.task };
const NAMES = { contact: 'contact', account: 'account', case: 'case', opportunity: 'opportunity', task: 'call' };

const $ = (id) => document.getElementById(id);
const main = $('record');

/** What the address names: the home (with its search) or one record. */
function route() {
  const rest = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '/';
  const match = /^\/([a-z]+)\/([^/]+)$/.exec(rest);
  if (match && RENDER[match[1]]) return { type: match[1], id: decodeURIComponent(match[2]) };
  return { type: 'home', query: new URLSearchParams(location.search).get('q') || '' };
}

async function show() {
  const where = route();
  $('search-input').value = where.query || '';
  if (!session.token) {
    signIn();
    return;
  }
  $('login-view').hidden = true;
  main.hidden = false;
  replace(main, Object.assign(document.createElement('p'), { className: 'loading', textContent: 'Loading…' }));
  try {
    const data = where.type === 'home' ? await crm.home(where.query) : await crm.record(where.type, where.id);
    const render = where.type === 'home' ? views.home : RENDER[where.type];
    replace(main, render(data));
    document.title = `${data.name || data.subject || (where.type === 'home' ? 'Home' : '')} · Switchboard CRM`;
    $('app').dataset.view = where.type;
    showMe();
  } catch (e) {
    if (e.status === 401) {
      session.token = null;
      signIn();
    } else if (e.status === 404) {
      replace(main, views.notice(`No such ${NAMES[where.type] || 'record'}`, 'The record does not exist or was deleted.'));
      $('app').dataset.view = 'not-found';
    } else {
      replace(main, views.notice('The CRM cannot be read', e.message));
      $('app').dataset.view = 'error';
    }
  }
}

async function showMe() {
  try {
    const me = await crm.me();
    $('me-name').textContent = me.displayName || me.username || '';
  } catch (e) {
    $('me-name').textContent = '';
  }
}

function signIn() {
  main.hidden = true;
  $('login-view').hidden = false;
  $('app').dataset.view = 'login';
  $('login-username').focus();
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = $('login-error');
  const submit = $('login-submit');
  const username = $('login-username').value.trim();
  const password = $('login-password').value;
  if (!username || !password) {
    error.textContent = 'Enter your username and password.';
    error.hidden = false;
    return;
  }
  submit.disabled = true;
  error.hidden = true;
  try {
    const answer = await crm.login(username, password);
    session.token = answer.token;
    $('login-password').value = '';
    await show();
  } catch (e) {
    error.textContent = e.status === 401 ? 'Wrong username or password.' : e.message;
    error.hidden = false;
  } finally {
    submit.disabled = false;
  }
});

show();
