// VMs: a row per VM, updated in place from the event stream (org/mobitopolo/vm/STATE); every row
// keeps the same buttons whatever its state (disabled where they do not apply), so nothing moves.
import { api, seg } from './api.js';
import { h, setText, duration, ask } from './dom.js';
import { consolePanel } from './console.js';

const STATE_TOPIC = 'org/mobitopolo/vm/STATE';
const ADDED_TOPIC = 'org/mobitopolo/vm/ADDED';
const REMOVED_TOPIC = 'org/mobitopolo/vm/REMOVED';

/** Which actions a state allows; the server decides in the end (409 says why not). */
const ACTIONS = [
  { id: 'start', label: 'Start', when: ['STOPPED', 'FAILED'] },
  { id: 'stop', label: 'Stop', when: ['RUNNING', 'FROZEN', 'STARTING'] },
  { id: 'freeze', label: 'Freeze', when: ['RUNNING'] },
  { id: 'resume', label: 'Resume', when: ['FROZEN'] },
  { id: 'snapshot', label: 'Snapshot', when: ['STOPPED', 'RUNNING', 'FROZEN', 'FAILED'] },
  { id: 'destroy', label: 'Destroy', when: null },
  { id: 'console', label: 'Console', when: null },
];

export function vmsView(container, { session, notify }) {
  const rows = new Map(); // name -> { tr, cells, buttons, vm, fetchedAt }
  const count = h('span', { class: 'count', id: 'vm-count' }, '');
  const tbody = h('tbody', { id: 'vm-rows' });
  const empty = h('p', { class: 'empty', hidden: true }, 'No VMs yet: define one with POST /api/v1/vms or mobi:vm-create.');
  const consoleBox = h('div', { class: 'console-slot' });
  let consoleView = null;

  container.append(
    h('div', { class: 'view-head' },
      h('h1', {}, 'VMs ', count),
      session.role === 'viewer' ? h('span', { class: 'hint' }, 'read-only: writes need the operator role') : null,
      h('button', { type: 'button', onclick: () => refresh() }, 'Reload')),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'vms' },
        h('caption', { class: 'sr-only' }, 'Virtual machines on this host'),
        h('colgroup', {},
          h('col', { class: 'c-name' }), h('col', { class: 'c-type opt' }), h('col', { class: 'c-state' }),
          h('col', { class: 'c-mem opt' }), h('col', { class: 'c-up opt' }), h('col', { class: 'c-actions' })),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col', class: 'opt' }, 'Type'),
          h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col', class: 'opt' }, 'Memory'),
          h('th', { scope: 'col', class: 'opt' }, 'Uptime'), h('th', { scope: 'col' }, 'Actions'))),
        tbody)),
    empty,
    consoleBox);

  function row(name) {
    let r = rows.get(name);
    if (r) {
      return r;
    }
    const cells = {
      name: h('th', { scope: 'row', class: 'name' }, name),
      type: h('td', { class: 'opt' }),
      state: h('td', { class: 'state' }, h('span', { class: 'badge' })),
      mem: h('td', { class: 'opt num' }),
      up: h('td', { class: 'opt num' }),
      actions: h('td', { class: 'actions' }),
    };
    const buttons = {};
    for (const a of ACTIONS) {
      buttons[a.id] = h('button', { type: 'button', 'data-action': a.id, 'aria-label': `${a.label} ${name}`,
        class: a.id === 'destroy' ? 'danger' : undefined, onclick: () => act(a.id, name) }, a.label);
      cells.actions.append(buttons[a.id]);
    }
    const tr = h('tr', { 'data-vm': name }, ...Object.values(cells));
    // events counts the state events seen: an answer to a request sent before the latest is stale
    r = { tr, cells, buttons, vm: null, fetchedAt: 0, events: 0 };
    rows.set(name, r);
    // keep rows sorted by name, as the server lists them
    const after = [...rows.keys()].sort().find((n) => n > name);
    tbody.insertBefore(tr, after ? rows.get(after).tr : null);
    return r;
  }

  function show(vm, source) {
    const r = row(vm.spec.name);
    r.vm = vm;
    r.fetchedAt = Date.now();
    r.tr.dataset.state = vm.state;
    r.tr.dataset.source = source;
    setText(r.cells.type, vm.spec.hypervisor);
    setText(r.cells.state.firstChild, vm.state);
    r.cells.state.title = vm.detail || '';
    setText(r.cells.mem, `${vm.spec.memoryMb} MiB`);
    tickUptime(r);
    for (const a of ACTIONS) {
      r.buttons[a.id].disabled = a.when !== null && !a.when.includes(vm.state);
    }
    updateCount();
  }

  function tickUptime(r) {
    const running = r.vm && r.vm.uptimeMillis > 0 && ['RUNNING', 'FROZEN', 'STARTING'].includes(r.vm.state);
    setText(r.cells.up, running ? duration(r.vm.uptimeMillis + Date.now() - r.fetchedAt) : '–');
  }

  function remove(name) {
    const r = rows.get(name);
    if (r) {
      r.tr.remove();
      rows.delete(name);
    }
    if (consoleView?.vm === name) {
      closeConsole();
    }
    updateCount();
  }

  function updateCount() {
    setText(count, `(${rows.size})`);
    empty.hidden = rows.size > 0;
  }

  async function refresh() {
    try {
      const vms = await api('GET', '/vms');
      const names = new Set(vms.map((v) => v.spec.name));
      for (const name of [...rows.keys()]) {
        if (!names.has(name)) {
          remove(name);
        }
      }
      vms.forEach((vm) => show(vm, 'list'));
      updateCount();
      if (!performance.getEntriesByName('vms-rendered').length) {
        performance.mark('vms-rendered'); // bench/web-page.sh: navigation to a rendered list
      }
    } catch (e) {
      notify(e);
    }
  }

  /** Shows what a request answered, unless a state event came in after it was sent. */
  async function fresh(name, request, source) {
    const seen = rows.get(name)?.events ?? 0;
    const vm = await request;
    if ((rows.get(name)?.events ?? 0) === seen) {
      show(vm, source);
    }
  }

  async function refreshOne(name, source) {
    try {
      await fresh(name, api('GET', `/vms/${seg(name)}`), source);
    } catch (e) {
      if (e.status === 404) {
        remove(name);
      } else {
        notify(e);
      }
    }
  }

  async function act(action, name) {
    try {
      if (action === 'console') {
        openConsole(name);
        return;
      }
      if (action === 'destroy') {
        if (!await ask(`Destroy VM ${name}?`, { confirm: 'Destroy', danger: true })) {
          return;
        }
        await api('DELETE', `/vms/${seg(name)}`);
        remove(name);
        return;
      }
      if (action === 'snapshot') {
        const snapshot = await ask(`Snapshot VM ${name}`, { label: 'Snapshot name', value: `${name}-snap`, confirm: 'Take snapshot' });
        if (!snapshot) {
          return;
        }
        await api('POST', '/snapshots', { vm: name, name: snapshot });
        notify(`Snapshot ${snapshot} of ${name} taken.`, 'info');
        return;
      }
      // 202 at once with the VM as it is now; the state change itself comes as an event
      await fresh(name, api('POST', `/vms/${seg(name)}/${action}`), 'action');
    } catch (e) {
      notify(e);
    }
  }

  function openConsole(name) {
    closeConsole();
    consoleView = consolePanel(name, { notify, onClose: closeConsole });
    consoleBox.append(consoleView.element);
    consoleView.focus();
  }

  function closeConsole() {
    consoleView?.unmount();
    consoleView = null;
    consoleBox.replaceChildren();
  }

  const ticker = setInterval(() => rows.forEach(tickUptime), 1000);
  refresh();

  return {
    refresh,
    onEvent(topic, data) {
      if (!data.vm) {
        return;
      }
      if (topic === ADDED_TOPIC) {
        refreshOne(data.vm, 'event');
        return;
      }
      if (topic === REMOVED_TOPIC) {
        remove(data.vm);
        return;
      }
      if (topic !== STATE_TOPIC) {
        return;
      }
      const r = rows.get(data.vm);
      if (r && r.vm) {
        // the event alone is enough for the state; the rest (pid, uptime) follows from one GET
        r.events++;
        show({ ...r.vm, state: data.state, detail: data.detail || '' }, 'event');
      }
      refreshOne(data.vm, 'event');
    },
    unmount() {
      clearInterval(ticker);
      closeConsole();
    },
  };
}
