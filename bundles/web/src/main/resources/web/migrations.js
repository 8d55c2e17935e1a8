// Migrations this host started: start one, follow the selected one round by round on a chart, read its
// report once it ended. Progress comes from the event stream (org/mobitopolo/migration/PROGRESS); a
// move opened mid-way is drawn from its start with the history GET /migrations/{id} keeps.
import { api, seg } from './api.js';
import { h, field, setText, bytes, duration } from './dom.js';
import { MigrationChart } from './migration-chart.js';

const PROGRESS_TOPIC = 'org/mobitopolo/migration/PROGRESS';
const VM_TOPICS = ['org/mobitopolo/vm/ADDED', 'org/mobitopolo/vm/REMOVED', 'org/mobitopolo/vm/STATE'];
const FINAL = ['COMPLETED', 'FAILED', 'CANCELLED'];
const NO_CONVERGENCE = [
  ['RAISE_DOWNTIME', 'raise the downtime budget'],
  ['THROTTLE_GUEST', 'throttle the guest'],
  ['ABORT', 'give up (the VM stays here)'],
];

/** The form that starts a move: the VM, the target host's URL and the policy (each field as the API defaults it). */
function startForm({ notify, onStarted }) {
  const vm = h('select', { id: 'move-vm', required: true });
  const target = h('input', { id: 'move-target', type: 'url', required: true, list: 'move-peers',
    placeholder: 'http://host-b:8181', autocomplete: 'url' });
  const peers = h('datalist', { id: 'move-peers' });
  const budget = h('input', { id: 'move-budget', type: 'number', min: '1', step: '1', value: '300', required: true });
  const rounds = h('input', { id: 'move-rounds', type: 'number', min: '1', step: '1', value: '30', required: true });
  const rate = h('input', { id: 'move-rate', type: 'number', min: '0', step: 'any', value: '0', required: true });
  const onNo = h('select', { id: 'move-noconv' }, ...NO_CONVERGENCE.map(([v, label]) => h('option', { value: v }, label)));
  const rebind = h('input', { id: 'move-rebind', value: 'arp', required: true, pattern: '[a-z][a-z0-9,-]*', spellcheck: 'false' });
  const submit = h('button', { type: 'submit', class: 'primary', id: 'move-start' }, 'Start migration');
  const form = h('form', { class: 'move-form', id: 'move-form' },
    field('VM', vm), field('Target host', target, 'its Mobitopolo URL'), peers,
    field('Downtime budget (ms)', budget), field('Rounds at most', rounds),
    field('Bandwidth (MiB/s)', rate, '0: no cap'), field('If it does not converge', onNo),
    field('Rebind with', rebind, 'arp, dns, forward or none; several with commas'),
    h('div', { class: 'field buttons' }, submit));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const started = await api('POST', '/migrations', {
        vm: vm.value, target: target.value.trim(), rebind: rebind.value.trim(),
        policy: { downtimeBudgetMillis: Number(budget.value), maxRounds: Number(rounds.value),
          bandwidthBytesPerSecond: Math.round(Number(rate.value) * 1024 * 1024), onNoConvergence: onNo.value },
      });
      onStarted(started);
    } catch (e) {
      notify(e);
    } finally {
      submit.disabled = false;
    }
  });

  async function loadVms() {
    try {
      const vms = await api('GET', '/vms');
      const chosen = vm.value;
      vm.replaceChildren(...vms.map((v) => h('option', { value: v.spec.name }, `${v.spec.name} (${v.state.toLowerCase()})`)));
      const running = vms.find((v) => v.spec.name === chosen) || vms.find((v) => v.state === 'RUNNING');
      if (running) {
        vm.value = running.spec.name;
      }
    } catch (e) {
      notify(e);
    }
  }

  async function loadPeers() {
    try {
      const known = await api('GET', '/peers');
      peers.replaceChildren(...known.map((p) => h('option', { value: p.url })));
    } catch (e) {
      // only an admin may list the peers; any other user types the URL
    }
  }

  loadVms();
  loadPeers();
  return { element: h('section', { class: 'move', 'aria-labelledby': 'move-title' }, h('h2', { id: 'move-title' }, 'Start a migration'), form),
    loadVms };
}

function reportText(m) {
  if (m.error) {
    return m.error;
  }
  const r = m.report;
  if (!r) {
    return '';
  }
  const budget = m.request.policy.downtimeBudgetMillis;
  return `${r.live ? 'live' : 'by restart'}: ${duration(r.totalMillis)} in ${r.rounds} rounds, `
    + `${r.downtimeMillis} ms down (budget ${budget} ms), ${bytes(r.bytes)}`;
}

export function migrationsView(container, { session, notify }) {
  const rows = new Map(); // id -> { tr, cells, info }
  const tbody = h('tbody', { id: 'migration-rows' });
  const empty = h('p', { class: 'empty', hidden: true }, 'No migrations yet.');
  const detail = h('section', { class: 'migration-detail', id: 'migration-detail', 'aria-live': 'polite', hidden: true });
  const form = startForm({ notify, onStarted: (m) => {
    show(m);
    select(m.request.id);
    detail.scrollIntoView({ block: 'start', behavior: 'smooth' }); // the chart the user now wants to watch
  } });
  let selected = null; // { id, chart, state, report, loading, early: reports that came while loading }

  container.append(
    h('div', { class: 'view-head' },
      h('h1', {}, 'Migrations'),
      session.role === 'viewer' ? h('span', { class: 'hint' }, 'read-only: starting a move needs the operator role') : null,
      h('button', { type: 'button', onclick: () => refresh() }, 'Reload')),
    form.element,
    h('h2', {}, 'Moves from this host'),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'migrations' },
        h('colgroup', {}, h('col', { class: 'c-name' }), h('col', { class: 'c-target opt' }), h('col', { class: 'c-state' }),
          h('col', { class: 'c-num' }), h('col', { class: 'c-num opt' }), h('col', { class: 'c-num opt' }), h('col', {})),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'VM'), h('th', { scope: 'col', class: 'opt' }, 'Target'), h('th', { scope: 'col' }, 'Phase'),
          h('th', { scope: 'col' }, 'Round'), h('th', { scope: 'col', class: 'opt' }, 'Sent'),
          h('th', { scope: 'col', class: 'opt', title: 'Expected downtime, or the downtime once completed' }, 'Downtime'), h('th', { scope: 'col' }, 'Outcome'))),
        tbody)),
    empty,
    detail);

  function row(id, vm) {
    let r = rows.get(id);
    if (!r) {
      const cells = {
        vm: h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', 'aria-label': `Show the move ${id}`,
          onclick: () => select(id) }, vm)),
        target: h('td', { class: 'opt wrap' }), phase: h('td', {}, h('span', { class: 'badge' })),
        round: h('td', { class: 'num' }), sent: h('td', { class: 'num opt' }), downtime: h('td', { class: 'num opt' }),
        outcome: h('td', { class: 'wrap' }),
      };
      r = { tr: h('tr', { 'data-migration': id }, ...Object.values(cells)), cells, info: null };
      rows.set(id, r);
      tbody.prepend(r.tr); // newest first
    }
    empty.hidden = true;
    return r;
  }

  function showProgress(r, p) {
    r.tr.dataset.state = p.phase;
    setText(r.cells.phase.firstChild, p.phase);
    setText(r.cells.round, String(p.round));
    setText(r.cells.sent, bytes(p.bytesSent));
    setText(r.cells.downtime, p.expectedDowntimeMillis > 0 ? `${p.expectedDowntimeMillis} ms` : '–');
  }

  function show(m) {
    const r = row(m.request.id, m.request.vm);
    r.info = m;
    setText(r.cells.target, m.request.target);
    if (m.progress) { // none yet when the move has only just been asked for
      showProgress(r, m.progress);
    }
    setText(r.cells.outcome, reportText(m));
  }

  function status(p) {
    const downtime = p.phase === 'COMPLETED' || p.phase === 'SWITCHOVER' ? 'down' : 'expected downtime';
    return `${p.phase.toLowerCase().replace(/_/g, ' ')}, round ${p.round}, ${bytes(p.bytesSent)} sent`
      + (p.expectedDowntimeMillis > 0 ? `, ${p.expectedDowntimeMillis} ms ${downtime}` : '');
  }

  /** Shows one move in the panel below the table: its chart from the start, then live. */
  async function select(id) {
    for (const [other, r] of rows) {
      r.tr.setAttribute('aria-selected', String(other === id));
    }
    selected?.chart.destroy();
    const chart = new MigrationChart(rows.get(id)?.info?.request.policy.downtimeBudgetMillis ?? 300);
    const state = h('p', { class: 'run-status', id: 'migration-status' });
    const report = h('p', { class: 'report', id: 'migration-report' });
    selected = { id, chart, state, report, loading: true, early: [] };
    detail.replaceChildren(h('h2', {}, `Move ${id}`), state, chart.element, report);
    detail.hidden = false;
    const mine = selected;
    try {
      const m = await api('GET', `/migrations/${seg(id)}`);
      if (selected !== mine) {
        return;
      }
      show(m);
      chart.budget = m.request.policy.downtimeBudgetMillis;
      // reports that came by the stream while the history was on its way, unless it has them
      const key = (p) => `${p.phase}/${p.round}/${p.bytesSent}`;
      const seen = new Set(m.history.map(key));
      chart.setHistory([...m.history, ...mine.early.filter((p) => !seen.has(key(p)))]);
      setText(state, m.progress ? status(m.progress) : 'asked for');
      setText(report, reportText(m));
    } catch (e) {
      notify(e);
    } finally {
      mine.loading = false;
    }
  }

  async function refresh() {
    try {
      const all = await api('GET', '/migrations');
      all.forEach(show);
      empty.hidden = rows.size > 0;
      if (!selected && all.length) {
        // the newest running move, else the newest (the list is oldest first)
        const running = all.filter((m) => !FINAL.includes(m.progress?.phase));
        select((running.length ? running : all).at(-1).request.id);
      } else if (selected) {
        const m = all.find((x) => x.request.id === selected.id);
        if (m) {
          setText(selected.report, reportText(m));
        }
      }
    } catch (e) {
      notify(e);
    }
  }

  refresh();
  return {
    refresh() {
      form.loadVms();
      refresh();
    },
    onEvent(topic, data) {
      if (VM_TOPICS.includes(topic)) {
        if (topic !== VM_TOPICS[2]) {
          form.loadVms();
        }
        return;
      }
      if (topic !== PROGRESS_TOPIC) {
        return;
      }
      const r = rows.get(data.migrationId);
      if (r) {
        showProgress(r, data);
      }
      if (selected?.id === data.migrationId) {
        if (selected.loading) {
          selected.early.push(data);
        } else {
          selected.chart.add(data);
        }
        setText(selected.state, status(data));
      }
      if (!r || FINAL.includes(data.phase)) {
        refresh(); // one not listed yet, or the report or the error
      }
    },
    unmount() {
      selected?.chart.destroy();
    },
  };
}
