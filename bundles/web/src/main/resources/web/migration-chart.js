// A move round by round, drawn with uPlot (vendored from npm, see licenses/): for each pre-copy round
// the bytes sent in it and the rate at which the guest dirtied memory and disk (left axis), and the
// downtime expected had the final copy started then (for the last round, the downtime it took),
// against the budget (right axis, ms). The same
// figures are in a table below the chart, for keyboards and screen readers.
import { h, setText, bytes } from './dom.js';
import { Plot } from './plot.js';

const MIB = 1024 * 1024;
// the last round is reported at the switchover and on completion, with the downtime it took
const CHARTED = new Set(['PRECOPY', 'STOP_AND_COPY', 'SWITCHOVER', 'COMPLETED']);
const HEIGHT = 240;

/** The last report of each round, in round order: the figures a round ended with. */
export function rounds(history) {
  const byRound = new Map();
  for (const p of history) {
    if (CHARTED.has(p.phase) && p.round >= 1) {
      byRound.set(p.round, p);
    }
  }
  let before = 0;
  return [...byRound.keys()].sort((a, b) => a - b).map((round) => {
    const p = byRound.get(round);
    const sent = Math.max(0, p.bytesSent - before);
    before = p.bytesSent;
    return { round, sent, dirty: p.dirtyBytesPerSecond, downtime: p.expectedDowntimeMillis, phase: p.phase };
  });
}

export class MigrationChart {
  constructor(budgetMillis) {
    this.budget = budgetMillis;
    this.history = [];
    this.plotBox = h('div', { class: 'chart-plot', role: 'img', 'aria-label': 'Bytes sent, dirty rate and expected downtime per round' });
    this.body = h('tbody', { id: 'migration-rounds' });
    this.element = h('figure', { class: 'chart', id: 'migration-chart', 'data-rounds': '0' },
      this.plotBox,
      h('details', {},
        h('summary', {}, 'Rounds as a table'),
        h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Round'), h('th', { scope: 'col' }, 'Sent'),
            h('th', { scope: 'col' }, 'Dirty rate'), h('th', { scope: 'col' }, 'Expected downtime'))),
          this.body))));
    this.plot = new Plot(this.plotBox, this.options(), HEIGHT);
  }

  /** Every report so far, e.g. from GET /migrations/{id}. */
  setHistory(history) {
    this.history = [...history];
    this.draw();
  }

  /** One more report, from the event stream. */
  add(progress) {
    this.history.push(progress);
    this.draw();
  }

  draw() {
    const r = rounds(this.history);
    const data = [r.map((x) => x.round), r.map((x) => x.sent / MIB), r.map((x) => x.dirty / MIB),
      r.map((x) => x.downtime), r.map(() => this.budget)];
    this.plot.set(data);
    this.element.dataset.rounds = String(r.length);
    this.table(r);
  }

  table(r) {
    while (this.body.children.length > r.length) {
      this.body.lastChild.remove();
    }
    r.forEach((x, i) => {
      let tr = this.body.children[i];
      if (!tr) {
        tr = h('tr', {}, h('td', { class: 'num' }), h('td', { class: 'num' }), h('td', { class: 'num' }), h('td', { class: 'num' }));
        this.body.append(tr);
      }
      const [round, sent, dirty, downtime] = tr.children;
      setText(round, String(x.round));
      setText(sent, bytes(x.sent));
      setText(dirty, x.dirty > 0 ? `${bytes(x.dirty)}/s` : '–');
      setText(downtime, `${x.downtime} ms`);
    });
  }

  options() {
    const mib = (u, v) => (v == null ? '–' : `${v.toFixed(1)}`);
    const ms = (u, v) => (v == null ? '–' : `${Math.round(v)} ms`);
    return {
      scales: { x: { time: false }, mib: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] },
        ms: { range: (u, min, max) => [0, Math.max(this.budget * 1.5, max * 1.1)] } },
      series: [
        { label: 'Round' },
        { label: 'Sent in round (MiB)', scale: 'mib', stroke: '#1f5fbf', width: 2, value: mib, points: { show: true } },
        { label: 'Dirty rate (MiB/s)', scale: 'mib', stroke: '#9a6700', width: 2, value: mib, points: { show: true } },
        { label: 'Expected downtime', scale: 'ms', stroke: '#8250df', width: 2, value: ms, points: { show: true } },
        { label: 'Budget', scale: 'ms', stroke: '#c42b1c', width: 1.5, dash: [6, 4], value: ms, points: { show: false } },
      ],
      axes: [
        { label: 'round', incrs: [1, 2, 5, 10, 20, 50] },
        { scale: 'mib', label: 'MiB, MiB/s' },
        { scale: 'ms', side: 1, label: 'ms', grid: { show: false } },
      ],
    };
  }

  destroy() {
    this.plot.destroy();
  }
}
