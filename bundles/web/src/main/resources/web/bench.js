// Bandwidth tests: this host's iperf3 server (start, stop, what it served) and tests run from here
// against any iperf3 server, the chosen one drawn second by second as its intervals come by the event
// stream (org/mobitopolo/bench/INTERVAL; org/mobitopolo/bench/RUN when it ends).
import { api, seg } from './api.js';
import { h, field, setText, bytes } from './dom.js';
import { Plot } from './plot.js';

const INTERVAL_TOPIC = 'org/mobitopolo/bench/INTERVAL';
const RUN_TOPIC = 'org/mobitopolo/bench/RUN';

const mbps = (bitsPerSecond) => `${(bitsPerSecond / 1e6).toFixed(bitsPerSecond < 1e7 ? 2 : 1)} Mbit/s`;

function describe(request) {
  return `${request.host}:${request.port} ${request.udp ? 'UDP' : 'TCP'}${request.reverse ? ' reverse' : ''}`
    + `${request.parallel > 1 ? ` ×${request.parallel}` : ''}, ${request.seconds} s`;
}

function outcome(run) {
  if (run.state === 'failed') {
    return run.error;
  }
  const r = run.result;
  if (!r) {
    return '';
  }
  return `${mbps(r.bitsPerSecond)}, ${bytes(r.bytesReceived)} received`
    + (r.retransmits >= 0 ? `, ${r.retransmits} retransmits` : '')
    + (run.request.udp ? `, ${r.lossPercent.toFixed(2)} % lost, ${r.jitterMillis.toFixed(3)} ms jitter` : '');
}

/** This host's iperf3 server: where it listens and what it served; start and stop. */
function serverPanel({ notify }) {
  const state = h('p', { id: 'iperf-server-state', class: 'run-status' });
  const address = h('input', { id: 'iperf-server-address', value: '0.0.0.0', required: true, spellcheck: 'false' });
  const port = h('input', { id: 'iperf-server-port', type: 'number', min: '1', max: '65535', value: '5201', required: true });
  const start = h('button', { type: 'submit', id: 'iperf-server-start' }, 'Start server');
  const stop = h('button', { type: 'button', id: 'iperf-server-stop', class: 'danger', onclick: () => change('DELETE') }, 'Stop server');
  const recent = h('tbody', { id: 'iperf-served' });
  const form = h('form', { class: 'move-form' }, field('Address', address), field('Port', port),
    h('div', { class: 'field buttons' }, h('div', { class: 'deploy-buttons' }, start, stop)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    change('PUT', { address: address.value.trim(), port: Number(port.value) });
  });

  function show(s) {
    setText(state, s.running ? `listening on ${s.address}:${s.port}; ${s.testsServed} tests served, ${s.testsFailed} failed, `
      + `${s.malformed} malformed messages dropped` : `not running; ${s.testsServed} tests served before`);
    state.dataset.running = String(s.running);
    start.disabled = s.running;
    stop.disabled = !s.running;
    recent.replaceChildren(...s.recent.map((t) => h('tr', {},
      h('td', { class: 'wrap' }, t.client), h('td', {}, `${t.udp ? 'UDP' : 'TCP'}${t.reverse ? ' reverse' : ''}`),
      h('td', { class: 'num' }, String(t.streams)), h('td', { class: 'num' }, bytes(t.bytes)),
      h('td', { class: 'num opt' }, `${t.seconds.toFixed(1)} s`), h('td', { class: 'wrap' }, t.outcome))));
  }

  async function change(method, body) {
    try {
      show(await api(method, '/bench/server', body));
    } catch (e) {
      notify(e);
    }
  }

  async function refresh() {
    try {
      show(await api('GET', '/bench/server'));
    } catch (e) {
      notify(e);
    }
  }

  const element = h('section', { 'aria-labelledby': 'iperf-server-title' },
    h('h2', { id: 'iperf-server-title' }, "This host's iperf3 server"), state, form,
    h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { class: 'sr-only' }, 'The latest tests the server served'),
      h('colgroup', {}, h('col', { class: 'c-target' }), h('col', { class: 'c-kind' }), h('col', { class: 'c-num' }),
        h('col', { class: 'c-num' }), h('col', { class: 'c-num opt' }), h('col', {})),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Client'), h('th', { scope: 'col' }, 'Test'),
        h('th', { scope: 'col' }, 'Streams'), h('th', { scope: 'col' }, 'Bytes'), h('th', { scope: 'col', class: 'opt' }, 'Time'),
        h('th', { scope: 'col' }, 'Outcome'))),
      recent)));
  return { element, refresh };
}

/** A test's throughput per interval; its intervals also as a table. */
class RunChart {
  constructor() {
    this.intervals = [];
    this.box = h('div', { class: 'chart-plot', role: 'img', 'aria-label': 'Throughput per interval' });
    this.body = h('tbody', { id: 'bench-intervals' });
    this.element = h('figure', { class: 'chart', id: 'bench-chart', 'data-points': '0' }, this.box,
      h('details', {}, h('summary', {}, 'Intervals as a table'),
        h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Interval'), h('th', { scope: 'col' }, 'Bytes'),
            h('th', { scope: 'col' }, 'Rate'))),
          this.body))));
    this.plot = new Plot(this.box, {
      scales: { x: { time: false, range: (u, min, max) => [0, Math.max(1, max)] },
        y: { range: (u, min, max) => [0, Math.max(1, max * 1.1)] } },
      series: [{ label: 'Seconds' },
        { label: 'Throughput (Mbit/s)', stroke: '#1f5fbf', width: 2, fill: 'rgba(31, 95, 191, .08)',
          value: (u, v) => (v == null ? '–' : v.toFixed(1)), points: { show: true } }],
      axes: [{ label: 's' }, { label: 'Mbit/s', size: 72 }],
    }, 220);
  }

  set(intervals) {
    this.intervals = [...intervals];
    this.draw();
  }

  add(interval) {
    if (!this.intervals.some((i) => i.endSeconds === interval.endSeconds)) {
      this.intervals.push(interval);
      this.intervals.sort((a, b) => a.endSeconds - b.endSeconds);
      this.draw();
    }
  }

  draw() {
    const all = this.intervals;
    this.plot.set([all.map((i) => i.endSeconds), all.map((i) => i.bitsPerSecond / 1e6)]);
    this.element.dataset.points = String(all.length);
    this.body.replaceChildren(...all.map((i) => h('tr', {},
      h('td', { class: 'num' }, `${i.startSeconds.toFixed(1)}–${i.endSeconds.toFixed(1)} s`),
      h('td', { class: 'num' }, bytes(i.bytes)), h('td', { class: 'num' }, mbps(i.bitsPerSecond)))));
  }

  destroy() {
    this.plot.destroy();
  }
}

export function benchView(container, { session, notify }) {
  const server = serverPanel({ notify });
  const host = h('input', { id: 'bench-host', required: true, placeholder: '10.0.0.2', spellcheck: 'false' });
  const port = h('input', { id: 'bench-port', type: 'number', min: '1', max: '65535', value: '5201', required: true });
  const protocol = h('select', { id: 'bench-protocol' }, h('option', { value: 'tcp' }, 'TCP'), h('option', { value: 'udp' }, 'UDP'));
  const reverse = h('select', { id: 'bench-direction' }, h('option', { value: 'false' }, 'this host sends'),
    h('option', { value: 'true' }, 'the server sends (reverse)'));
  const parallel = h('input', { id: 'bench-parallel', type: 'number', min: '1', max: '32', value: '1', required: true });
  const seconds = h('input', { id: 'bench-seconds', type: 'number', min: '1', max: '3600', value: '10', required: true });
  const rate = h('input', { id: 'bench-rate', type: 'number', min: '0', step: 'any', value: '0', required: true });
  const start = h('button', { type: 'submit', class: 'primary', id: 'bench-start' }, 'Start test');
  const form = h('form', { class: 'move-form', id: 'bench-form' },
    field('iperf3 server', host, 'its address'), field('Port', port), field('Protocol', protocol), field('Direction', reverse),
    field('Streams', parallel), field('Seconds', seconds), field('Rate (Mbit/s)', rate, '0: as fast as it goes (UDP: 1)'),
    h('div', { class: 'field buttons' }, start));
  const runs = new Map(); // id -> { tr, cells, run }
  const tbody = h('tbody', { id: 'bench-runs' });
  const detail = h('section', { id: 'bench-detail', class: 'migration-detail', hidden: true, 'aria-live': 'polite' });
  let selected = null; // { id, chart, status }

  container.append(
    h('div', { class: 'view-head' }, h('h1', {}, 'Bandwidth tests'),
      session.role === 'viewer' ? h('span', { class: 'hint' }, 'read-only: tests and the server need the operator role') : null,
      h('button', { type: 'button', onclick: () => refresh() }, 'Reload')),
    server.element,
    h('section', { 'aria-labelledby': 'bench-title' }, h('h2', { id: 'bench-title' }, 'Run a test from this host'), form),
    h('div', { class: 'table-wrap' }, h('table', {},
      h('caption', { class: 'sr-only' }, 'Bandwidth tests run from this host'),
      h('colgroup', {}, h('col', { class: 'c-name' }), h('col', { class: 'c-run' }), h('col', { class: 'c-state' }), h('col', {})),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Test'), h('th', { scope: 'col' }, 'Against'),
        h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, 'Result'))),
      tbody)),
    detail);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    start.disabled = true;
    try {
      const udp = protocol.value === 'udp';
      const bits = Math.round(Number(rate.value) * 1e6);
      const run = await api('POST', '/bench/runs', { host: host.value.trim(), port: Number(port.value), udp,
        reverse: reverse.value === 'true', parallel: Number(parallel.value), seconds: Number(seconds.value),
        bitsPerSecond: bits > 0 ? bits : udp ? 1e6 : 0 });
      show(run);
      select(run.id);
      detail.scrollIntoView({ block: 'start', behavior: 'smooth' });
    } catch (e) {
      notify(e);
    } finally {
      start.disabled = false;
    }
  });

  function show(run) {
    let r = runs.get(run.id);
    if (!r) {
      const cells = { id: h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', onclick: () => select(run.id) }, run.id)),
        against: h('td', { class: 'wrap' }), state: h('td', {}, h('span', { class: 'badge' })), result: h('td', { class: 'wrap' }) };
      r = { tr: h('tr', { 'data-run': run.id }, ...Object.values(cells)), cells };
      runs.set(run.id, r);
      tbody.prepend(r.tr);
    }
    r.run = run;
    r.tr.dataset.state = run.state.toUpperCase();
    setText(r.cells.against, describe(run.request));
    setText(r.cells.state.firstChild, run.state);
    setText(r.cells.result, outcome(run));
    if (selected?.id === run.id) {
      setText(selected.status, run.state === 'running' ? 'running' : outcome(run));
    }
  }

  async function select(id) {
    for (const [other, r] of runs) {
      r.tr.setAttribute('aria-selected', String(other === id));
    }
    selected?.chart.destroy();
    const chart = new RunChart();
    const status = h('p', { class: 'report', id: 'bench-status' });
    selected = { id, chart, status };
    detail.replaceChildren(h('h2', {}, `Test ${id}`), status, chart.element);
    detail.hidden = false;
    const mine = selected;
    try {
      const run = await api('GET', `/bench/runs/${seg(id)}`);
      if (selected === mine) {
        run.intervals.forEach((i) => chart.add(i)); // with any that came by the stream meanwhile
        show(run);
      }
    } catch (e) {
      notify(e);
    }
  }

  async function refresh() {
    server.refresh();
    try {
      const all = await api('GET', '/bench/runs');
      all.forEach(show);
    } catch (e) {
      notify(e);
    }
  }

  refresh();
  return {
    refresh,
    onEvent(topic, data) {
      if (topic === INTERVAL_TOPIC && selected?.id === data.run) {
        selected.chart.add(data);
      } else if (topic === RUN_TOPIC) {
        server.refresh(); // a test against our own server is listed there too
        api('GET', `/bench/runs/${seg(data.run)}`).then(show, notify);
      }
    },
    unmount() {
      selected?.chart.destroy();
    },
  };
}
