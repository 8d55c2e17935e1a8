// The web proxy: its state, settings and counters (GET /proxy), started with new settings or stopped,
// and, for an administrator, its users. The counters change with every request the proxy serves, which
// posts no event: they are read when the view opens, after each change made here and on Reload.
import { api, seg } from './api.js';
import { h, field, setText, bytes, ask } from './dom.js';

const list = (text) => text.split(/[\s,]+/).filter(Boolean);

export function proxyView(container, { session, notify }) {
  const admin = session.role === 'admin';
  const state = h('p', { class: 'run-status', id: 'proxy-state' });
  const facts = h('dl', { class: 'facts', id: 'proxy-counters' });
  const address = h('input', { id: 'proxy-address', value: '127.0.0.1', required: true, spellcheck: 'false' });
  const port = h('input', { id: 'proxy-port', type: 'number', min: '1', max: '65535', value: '3128', required: true });
  const allow = h('input', { id: 'proxy-allow', spellcheck: 'false', placeholder: '10.0.0.0/8' });
  const deny = h('input', { id: 'proxy-deny', spellcheck: 'false' });
  const auth = h('select', { id: 'proxy-auth' }, h('option', { value: 'false' }, 'anyone allowed'),
    h('option', { value: 'true' }, 'users only (Basic)'));
  const cache = h('input', { id: 'proxy-cache', type: 'number', min: '0', step: 'any', value: '0', required: true });
  const start = h('button', { type: 'submit', class: 'primary', id: 'proxy-start' }, 'Start');
  const stop = h('button', { type: 'button', class: 'danger', id: 'proxy-stop', onclick: () => change('DELETE') }, 'Stop');
  const form = h('form', { class: 'move-form', id: 'proxy-form' },
    field('Address', address), field('Port', port), field('Allowed clients', allow, 'CIDRs; none: everyone'),
    field('Denied clients', deny, 'CIDRs'), field('Access', auth), field('Cache (MiB)', cache, '0: no cache'),
    h('div', { class: 'field buttons' }, h('div', { class: 'deploy-buttons' }, start, stop)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    change('PUT', { bindAddress: address.value.trim(), port: Number(port.value), allow: list(allow.value), deny: list(deny.value),
      requireAuth: auth.value === 'true', cacheBytes: Math.round(Number(cache.value) * 1024 * 1024) });
  });
  const users = h('ul', { class: 'users', id: 'proxy-users' });
  const addUser = h('button', { type: 'button', id: 'proxy-user-add', onclick: () => putUser() }, 'Add a user');

  container.append(
    h('div', { class: 'view-head' }, h('h1', {}, 'Web proxy'),
      session.role === 'viewer' ? h('span', { class: 'hint' }, 'read-only: starting and stopping need the operator role') : null,
      h('button', { type: 'button', onclick: () => refresh() }, 'Reload')),
    state, facts,
    h('h2', {}, 'Settings'), form,
    admin ? h('section', { 'aria-labelledby': 'proxy-users-title' },
      h('h2', { id: 'proxy-users-title' }, 'Users'), users, addUser) : null);

  function show(s) {
    state.dataset.running = String(s.running);
    setText(state, s.running ? `${s.implementation} proxy listening on ${s.config.bindAddress}:${s.port}`
      : `${s.implementation || 'the'} proxy is stopped`);
    start.textContent = s.running ? 'Restart with these settings' : 'Start';
    stop.disabled = !s.running;
    const c = s.config;
    if (c) {
      address.value = c.bindAddress;
      port.value = String(c.port);
      allow.value = c.allow.join(', ');
      deny.value = c.deny.join(', ');
      auth.value = String(c.requireAuth);
      cache.value = String(c.cacheBytes / 1024 / 1024);
    }
    const counters = [['Requests', s.requests], ['Open connections', s.activeConnections], ['Denied', s.denied],
      ['Bad requests', s.badRequests], ['Upstream failures', s.upstreamFailures], ['Cache hits', s.cacheHits],
      ['Cache misses', s.cacheMisses], ['Cached', bytes(s.cachedBytes)]];
    for (const [name, value] of counters) { // in place: a reload changes figures, not elements
      let dd = facts.querySelector(`dd[data-counter="${name}"]`);
      if (!dd) {
        dd = h('dd', { class: 'num', 'data-counter': name });
        facts.append(h('dt', {}, name), dd);
      }
      setText(dd, String(value));
    }
  }

  async function change(method, body) {
    try {
      show(await api(method, '/proxy', body));
    } catch (e) {
      notify(e);
    }
  }

  function showUsers(names) {
    users.replaceChildren(...names.map((name) => h('li', { 'data-user': name }, h('span', {}, name), ' ',
      h('button', { type: 'button', 'aria-label': `Remove ${name}`, onclick: () => removeUser(name) }, 'Remove'))));
    if (!names.length) {
      users.append(h('li', { class: 'empty' }, 'No users: with "users only", nobody gets through.'));
    }
  }

  async function putUser() {
    const name = await ask('Add a proxy user', { label: 'Name', confirm: 'Next' });
    if (!name) {
      return;
    }
    const password = await ask(`Password for ${name}`, { label: 'Password', confirm: 'Add', type: 'password' });
    if (!password) {
      return;
    }
    try {
      showUsers(await api('PUT', `/proxy/users/${seg(name)}`, { password }));
    } catch (e) {
      notify(e);
    }
  }

  async function removeUser(name) {
    if (!await ask(`Remove the proxy user ${name}?`, { confirm: 'Remove', danger: true })) {
      return;
    }
    try {
      showUsers(await api('DELETE', `/proxy/users/${seg(name)}`));
    } catch (e) {
      notify(e);
    }
  }

  async function refresh() {
    try {
      show(await api('GET', '/proxy'));
      if (admin) {
        showUsers(await api('GET', '/proxy/users'));
      }
    } catch (e) {
      notify(e);
    }
  }

  refresh();
  return { refresh, onEvent() {}, unmount() {} };
}
