// The dashboard: log in, pick a view, keep it current from the event stream.
import { api, ApiError, onUnauthorized } from './api.js';
import { Live } from './live.js';
import { hostsView } from './hosts.js';
import { vmsView } from './vms.js';
import { topologiesView } from './topologies.js';
import { migrationsView } from './migrations.js';
import { benchView } from './bench.js';
import { proxyView } from './proxy.js';
import { networksView } from './networks.js';

const VIEWS = { hosts: hostsView, vms: vmsView, topologies: topologiesView, migrations: migrationsView, bench: benchView,
  proxy: proxyView, networks: networksView };
const $ = (id) => document.getElementById(id);

let session = null;
let current = null; // the mounted view: { refresh(), onEvent(topic, data), unmount() }
const live = new Live($('live'), {
  onEvent: (topic, data) => current?.onEvent?.(topic, data),
  onReconnect: () => current?.refresh?.(),
  onSessionEnded: () => streamEnded(),
});

/** Shows a failure (a problem's status, title and detail) until dismissed or replaced. */
export function notify(message, kind = 'error') {
  const text = message instanceof ApiError ? message.describe() : String(message?.message ?? message);
  $('notice-text').textContent = text;
  $('notice').dataset.kind = kind;
  $('notice').hidden = false;
}

function clearNotice() {
  $('notice').hidden = true;
}

function showLogin(message) {
  session = null;
  live.stop();
  unmount();
  clearNotice(); // what failed in the view that just went is moot
  $('nav').hidden = true;
  $('who').hidden = true;
  $('view').hidden = true;
  $('login').hidden = false;
  $('login-error').hidden = !message;
  $('login-error').textContent = message || '';
  $('login-user').focus();
}

function showApp(s) {
  session = s;
  $('login').hidden = true;
  $('login-error').hidden = true;
  $('nav').hidden = false;
  $('who').hidden = false;
  $('user').textContent = `${s.user} (${s.role})`;
  $('view').hidden = false;
  live.start();
  route();
}

async function checkSession() {
  try {
    showApp(await api('GET', '/sessions/current', undefined, { quiet401: true }));
  } catch (e) {
    showLogin(e instanceof ApiError && e.status === 401 ? '' : e.message);
  }
}

/** The stream was refused or ended: back to the login page if the session is gone, else retry later. */
async function streamEnded() {
  try {
    await api('GET', '/sessions/current', undefined, { quiet401: true });
    setTimeout(() => session && live.start(), 5000);
  } catch (e) {
    showLogin(e instanceof ApiError && e.status === 401 ? 'Your session has ended; log in again.' : e.message);
  }
}

async function login(event) {
  event.preventDefault();
  const form = event.target;
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    // cookie=true: the token comes only as the HttpOnly cookie, never in a body a script could read
    const answer = await api('POST', '/sessions?cookie=true',
      { user: form.user.value, password: form.password.value }, { quiet401: true });
    form.password.value = '';
    clearNotice();
    showApp(answer.session);
  } catch (e) {
    form.password.value = '';
    showLogin(e instanceof ApiError && e.status === 401 ? 'Wrong user or password.' : e.message);
  } finally {
    button.disabled = false;
  }
}

async function logout() {
  try {
    await api('DELETE', '/sessions/current');
  } catch (e) {
    // already gone: the login page is right either way
  }
  showLogin('');
}

function unmount() {
  current?.unmount?.();
  current = null;
}

function route() {
  if (!session) {
    return;
  }
  const name = location.hash.replace(/^#\/?/, '').split('/')[0] || 'vms';
  const view = VIEWS[name] || VIEWS.vms;
  unmount();
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.getAttribute('href') === `#/${name}`) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  const container = $('view');
  container.replaceChildren();
  current = view(container, { session, notify });
}

onUnauthorized(() => checkSession());
$('login-form').addEventListener('submit', login);
$('logout').addEventListener('click', logout);
$('notice-close').addEventListener('click', clearNotice);
window.addEventListener('hashchange', route);
// A page left for another (kept in the back-forward cache) gives its event stream's connection back:
// a browser opens only six to a host, and held streams would stall the next page's requests.
window.addEventListener('pagehide', () => live.stop());
window.addEventListener('pageshow', (event) => event.persisted && session && live.start());
checkSession();
