// Networks, their ports and the tunnels: counters, rates with a minute's sparkline, drops by reason,
// and each link's impairment, editable. Rates come from the switch's counters, posted once a second
// while they move (org/mobitopolo/net/COUNTERS); a port or tunnel not listed yet reloads the lists.
import { api, seg } from './api.js';
import { h, setText, bytes } from './dom.js';

const COUNTERS_TOPIC = 'org/mobitopolo/net/COUNTERS';
const POINTS = 60; // a minute of seconds
const SVG = 'http://www.w3.org/2000/svg';

function rate(bits) {
  if (!(bits > 0)) {
    return '0';
  }
  const units = [['Gbit/s', 1e9], ['Mbit/s', 1e6], ['kbit/s', 1e3]];
  const [unit, scale] = units.find(([, s]) => bits >= s) || ['bit/s', 1];
  return `${(bits / scale).toFixed(bits / scale < 10 ? 1 : 0)} ${unit}`;
}

function shapeText(s) {
  if (!s || (!s.delayMillis && !s.jitterMillis && !s.rateBitsPerSecond && !s.lossPercent)) {
    return 'none';
  }
  return [s.delayMillis ? `${s.delayMillis} ms` : null, s.jitterMillis ? `±${s.jitterMillis} ms` : null,
    s.rateBitsPerSecond ? rate(s.rateBitsPerSecond) : null, s.lossPercent ? `${s.lossPercent} % loss` : null]
    .filter(Boolean).join(', ');
}

/** A line of the last minute's rates, scaled to its own peak; drawn as SVG (no inline style: the CSP). */
function sparkline() {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${POINTS - 1} 20`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(SVG, 'polyline');
  svg.append(line);
  return {
    svg,
    draw(values) {
      const peak = Math.max(1, ...values);
      const offset = POINTS - values.length;
      line.setAttribute('points', values.map((v, i) => `${offset + i},${(20 - (v / peak) * 18 - 1).toFixed(1)}`).join(' '));
    },
  };
}

/** The impairment dialog: delay, jitter, rate, loss; resolves to the shape or null when cancelled. */
function shapeDialog(title, s) {
  return new Promise((resolve) => {
    const input = (id, label, value, step = '1') => [h('label', { for: id }, label),
      h('input', { id, type: 'number', min: '0', step, value: String(value ?? 0), required: true })];
    const form = h('form', { method: 'dialog' }, h('h2', { id: 'shape-title' }, title),
      ...input('shape-delay', 'Delay (ms)', s?.delayMillis), ...input('shape-jitter', 'Jitter (ms)', s?.jitterMillis),
      ...input('shape-rate', 'Rate (kbit/s, 0: no limit)', (s?.rateBitsPerSecond ?? 0) / 1000, 'any'),
      ...input('shape-loss', 'Loss (%)', s?.lossPercent, 'any'),
      h('div', { class: 'buttons' },
        h('button', { type: 'button', onclick: () => dialog.close('cancel') }, 'Cancel'),
        h('button', { type: 'submit', value: 'ok', class: 'primary', id: 'shape-apply' }, 'Apply')));
    const dialog = h('dialog', { class: 'ask', 'aria-labelledby': 'shape-title' }, form);
    dialog.addEventListener('close', () => {
      const value = (id) => Number(form.querySelector(`#${id}`).value);
      const shape = { delayMillis: value('shape-delay'), jitterMillis: value('shape-jitter'),
        rateBitsPerSecond: Math.round(value('shape-rate') * 1000), lossPercent: value('shape-loss') };
      dialog.remove();
      resolve(dialog.returnValue === 'ok' ? shape : null);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export function networksView(container, { session, notify }) {
  const rows = new Map(); // 'port:ID' or 'tunnel:ID' -> { tr, cells, spark, last, history, path }
  const lists = h('div', { id: 'network-lists' });
  const tunnels = h('tbody', { id: 'tunnel-rows' });
  const noTunnels = h('p', { class: 'empty', hidden: true }, 'No tunnels: this host shares no network with another.');

  container.append(
    h('div', { class: 'view-head' }, h('h1', {}, 'Networks'),
      session.role === 'viewer' ? h('span', { class: 'hint' }, 'read-only: impairments need the operator role') : null,
      h('button', { type: 'button', onclick: () => refresh() }, 'Reload')),
    lists,
    h('h2', {}, 'Tunnels to other hosts'),
    table('Tunnels', 'Remote', tunnels),
    noTunnels);

  function table(caption, what, body) {
    return h('div', { class: 'table-wrap' }, h('table', { class: 'counters' },
      h('caption', { class: 'sr-only' }, caption),
      h('colgroup', {}, h('col', { class: 'c-name' }), h('col', { class: 'c-target opt' }), h('col', { class: 'c-num' }),
        h('col', { class: 'c-num' }), h('col', { class: 'c-spark opt' }), h('col', { class: 'c-num opt' }),
        h('col', { class: 'c-num' }), h('col', {}), h('col', { class: 'c-button' })),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Id'), h('th', { scope: 'col', class: 'opt' }, what),
        h('th', { scope: 'col' }, 'In'), h('th', { scope: 'col' }, 'Out'), h('th', { scope: 'col', class: 'opt' }, 'Last minute'),
        h('th', { scope: 'col', class: 'opt' }, 'Frames in/out'), h('th', { scope: 'col' }, 'Drops'),
        h('th', { scope: 'col' }, 'Impairment'), h('th', { scope: 'col' }, ''))),
      body));
  }

  function row(key, id, path, body) {
    let r = rows.get(key);
    if (!r) {
      const spark = sparkline();
      const cells = { id: h('th', { scope: 'row', class: 'mono', title: id }, id), what: h('td', { class: 'opt wrap' }),
        rx: h('td', { class: 'num' }, '–'), tx: h('td', { class: 'num' }, '–'), spark: h('td', { class: 'opt' }, spark.svg),
        frames: h('td', { class: 'num opt' }), drops: h('td', { class: 'num' }), shape: h('td', { class: 'wrap' }),
        edit: h('td', {}, h('button', { type: 'button', 'data-shape': id, 'aria-label': `Impairment of ${id}`,
          onclick: () => edit(key) }, 'Edit')) };
      r = { tr: h('tr', { 'data-link': id }, ...Object.values(cells)), cells, spark, last: null, history: [], path, shape: null };
      rows.set(key, r);
    }
    body.append(r.tr); // in the order listed
    return r;
  }

  function showInfo(r, info, what) {
    setText(r.cells.what, what);
    setText(r.cells.frames, `${info.rxFrames} / ${info.txFrames}`);
    const drops = Object.entries(info.drops).filter(([, n]) => n > 0);
    setText(r.cells.drops, String(drops.reduce((sum, [, n]) => sum + n, 0)));
    r.cells.drops.title = drops.map(([reason, n]) => `${reason}: ${n}`).join('\n') || 'none';
    r.shape = info.shape;
    setText(r.cells.shape, shapeText(info.shape));
  }

  /** A counters sample: rates from the one before, a point on the sparkline. */
  function sample(r, c, millis) {
    if (r.last && millis > r.last.millis) {
      const seconds = (millis - r.last.millis) / 1000;
      const rx = Math.max(0, c.rxBytes - r.last.rxBytes) * 8 / seconds;
      const tx = Math.max(0, c.txBytes - r.last.txBytes) * 8 / seconds;
      setText(r.cells.rx, rate(rx));
      setText(r.cells.tx, rate(tx));
      r.history = [...r.history, rx + tx].slice(-POINTS);
      r.spark.draw(r.history);
      r.tr.dataset.rx = String(Math.round(rx));
    }
    r.last = { rxBytes: c.rxBytes, txBytes: c.txBytes, millis };
    setText(r.cells.frames, `${c.rxFrames} / ${c.txFrames}`);
    setText(r.cells.drops, String(c.drops));
  }

  async function edit(key) {
    const r = rows.get(key);
    const shape = await shapeDialog(`Impairment of ${r.cells.id.textContent}`, r.shape);
    if (!shape) {
      return;
    }
    try {
      await api('PUT', r.path, shape);
      refresh();
    } catch (e) {
      notify(e);
    }
  }

  async function refresh() {
    try {
      const [networks, links] = await Promise.all([api('GET', '/networks'), api('GET', '/tunnels')]);
      const sections = [];
      for (const n of networks) {
        const body = h('tbody', { 'data-network': n.name });
        for (const p of await api('GET', `/networks/${seg(n.name)}/ports`)) {
          const id = p.binding.portId;
          showInfo(row(`port:${id}`, id, `/networks/${seg(n.name)}/ports/${seg(id)}/shape`, body), p, p.owner || '');
        }
        sections.push(h('section', { 'data-network': n.name }, h('h2', {}, `${n.name} `, h('span', { class: 'count' }, `VNI ${n.vni}`)),
          body.children.length ? table(`Ports of ${n.name}`, 'VM', body) : h('p', { class: 'empty' }, 'No ports.')));
      }
      lists.replaceChildren(...(sections.length ? sections : [h('p', { class: 'empty' }, 'No networks yet.')]));
      tunnels.replaceChildren();
      for (const t of links) {
        showInfo(row(`tunnel:${t.id}`, t.id, `/tunnels/${seg(t.id)}/shape`, tunnels), t, `${t.remote.host}:${t.remote.port}`);
      }
      noTunnels.hidden = links.length > 0;
    } catch (e) {
      notify(e);
    }
  }

  refresh();
  return {
    refresh,
    onEvent(topic, data) {
      if (topic !== COUNTERS_TOPIC) {
        return;
      }
      const links = [...data.ports.map((p) => [`port:${p.port}`, p]), ...data.tunnels.map((t) => [`tunnel:${t.tunnel}`, t])];
      let unknown = false;
      for (const [key, counters] of links) {
        const r = rows.get(key);
        if (r) {
          sample(r, counters, data.millis);
        } else {
          unknown = true;
        }
      }
      if (unknown) {
        refresh(); // a port or tunnel made since the lists were read
      }
    },
    unmount() {},
  };
}
