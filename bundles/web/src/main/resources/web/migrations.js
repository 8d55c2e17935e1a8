// Migrations this host started: running ones updated in place from org/mobitopolo/migration/PROGRESS.
import { api } from './api.js';
import { h, setText, bytes, duration } from './dom.js';

const PROGRESS_TOPIC = 'org/mobitopolo/migration/PROGRESS';

export function migrationsView(container, { notify }) {
  const rows = new Map(); // id -> { tr, cells }
  const tbody = h('tbody', { id: 'migration-rows' });
  const empty = h('p', { class: 'empty', hidden: true }, 'No migrations yet: start one with POST /api/v1/migrations or mobi:migrate.');
  container.append(
    h('div', { class: 'view-head' },
      h('h1', {}, 'Migrations'),
      h('button', { type: 'button', onclick: () => refresh() }, 'Reload')),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'migrations' },
        h('colgroup', {}, h('col', { class: 'c-name' }), h('col', { class: 'c-target opt' }), h('col', { class: 'c-state' }),
          h('col', { class: 'c-num' }), h('col', { class: 'c-num opt' }), h('col', { class: 'c-num opt' }), h('col', {})),
        h('thead', {}, h('tr', {},
          h('th', { scope: 'col' }, 'VM'), h('th', { scope: 'col', class: 'opt' }, 'Target'), h('th', { scope: 'col' }, 'Phase'),
          h('th', { scope: 'col' }, 'Round'), h('th', { scope: 'col', class: 'opt' }, 'Sent'),
          h('th', { scope: 'col', class: 'opt' }, 'Expected downtime'), h('th', { scope: 'col' }, 'Outcome'))),
        tbody)),
    empty);

  function row(id, vm) {
    let r = rows.get(id);
    if (!r) {
      const cells = {
        vm: h('th', { scope: 'row' }, vm), target: h('td', { class: 'opt wrap' }), phase: h('td', {}, h('span', { class: 'badge' })),
        round: h('td', { class: 'num' }), sent: h('td', { class: 'num opt' }), downtime: h('td', { class: 'num opt' }),
        outcome: h('td', { class: 'wrap' }),
      };
      r = { tr: h('tr', { 'data-migration': id }, ...Object.values(cells)), cells };
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
    const r = row(m.progress.migrationId, m.request.vm);
    setText(r.cells.target, m.request.target);
    showProgress(r, m.progress);
    const report = m.report;
    setText(r.cells.outcome, m.error ? m.error
      : report ? `${report.live ? 'live' : 'by restart'}: ${duration(report.totalMillis)} in ${report.rounds} rounds, `
        + `${report.downtimeMillis} ms down, ${bytes(report.bytes)}` : '');
  }

  async function refresh() {
    try {
      const all = await api('GET', '/migrations');
      all.forEach(show);
      empty.hidden = rows.size > 0;
    } catch (e) {
      notify(e);
    }
  }

  refresh();
  return {
    refresh,
    onEvent(topic, data) {
      if (topic !== PROGRESS_TOPIC) {
        return;
      }
      const r = rows.get(data.migrationId);
      if (!r) {
        refresh(); // one we have not listed yet
        return;
      }
      showProgress(r, data);
      if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(data.phase)) {
        refresh(); // the report or the error
      }
    },
    unmount() {},
  };
}
