// A topology drawn with Cytoscape.js (3.35.0 from npm, MIT, licenses/ in the bundle; loaded on first
// use): a box per host with its VMs coloured by state, the networks their NICs join, the tunnels
// between hosts. Positions are computed here, not by a layout algorithm: the same graph is drawn the
// same every time, and an update moves only what changed. A VM dragged onto another host's box asks
// `onDrop(vm, fromHost, toHost)`; it goes back to its place either way, and moves when its host says so.

const COLUMN = 250; // between hosts
const ROW = 66; // between the VMs of a host
const NETWORK_GAP = 160; // between networks side by side
const UNPLACED = ''; // the column of nodes no host was found for

const STYLE = [
  { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'text-wrap': 'wrap', color: '#1b1f24',
    'text-valign': 'center', 'text-halign': 'center' } },
  { selector: 'node.host', style: { shape: 'round-rectangle', 'background-color': '#eef2f8', 'border-color': '#8a94a3',
    'border-width': 1, 'text-valign': 'top', 'text-halign': 'center', 'font-weight': 'bold', padding: 18,
    width: 130, height: 50 } },
  { selector: 'node.vm', style: { shape: 'round-rectangle', width: 150, height: 44, 'border-width': 1,
    'border-color': '#5b6470' } },
  { selector: 'node.RUNNING', style: { 'background-color': '#b7e4c0' } },
  { selector: 'node.NOT_RUNNING', style: { 'background-color': '#f7c1b5' } },
  { selector: 'node.NOT_DEPLOYED', style: { 'background-color': '#ffffff', 'border-style': 'dashed' } },
  { selector: 'node.moving', style: { 'border-width': 3, 'border-color': '#1f5fbf', 'border-style': 'dotted' } },
  { selector: 'node.vm:grabbed', style: { opacity: 0.75, 'z-index': 10 } },
  { selector: 'node.network', style: { shape: 'ellipse', width: 120, height: 40, 'background-color': '#cfe3fb',
    'border-color': '#1f5fbf', 'border-width': 1 } },
  { selector: 'edge', style: { width: 1.5, 'line-color': '#8a94a3', 'curve-style': 'bezier', label: 'data(label)',
    'font-size': 9, 'text-background-color': '#fff', 'text-background-opacity': 1, 'text-background-padding': 2,
    'text-rotation': 'autorotate' } },
  { selector: 'edge.tunnel', style: { 'line-style': 'dashed', width: 2.5, 'line-color': '#5b6470' } },
];

/** A link's shape in words, as the server's own graph writes it. */
export function shapeText(s) {
  if (!s) {
    return '';
  }
  return [s.delayMillis > 0 && `${s.delayMillis} ms`, s.jitterMillis > 0 && `±${s.jitterMillis} ms`,
    s.rateBitsPerSecond > 0 && `${Math.round(s.rateBitsPerSecond / 1000)} kbit/s`, s.lossPercent > 0 && `${s.lossPercent}% loss`]
    .filter(Boolean).join(' ');
}

/** The graph's elements with their places. */
function elements(graph, moving) {
  const hosts = graph.hosts.map((x) => x.name);
  if (graph.vms.some((v) => !hosts.includes(v.host))) {
    hosts.push(UNPLACED);
  }
  const nodes = [];
  const edges = [];
  const x = new Map(hosts.map((name, i) => [name, i * COLUMN]));
  let rows = 1;
  for (const host of hosts) {
    const url = graph.hosts.find((o) => o.name === host)?.url;
    nodes.push({ group: 'nodes', classes: 'host', grabbable: false, position: { x: x.get(host), y: 0 },
      data: { id: `host:${host}`, name: host, label: host === UNPLACED ? 'not placed' : url ? `${host} · ${url}` : host } });
    const vms = graph.vms.filter((v) => (hosts.includes(v.host) ? v.host : UNPLACED) === host)
      .sort((a, b) => a.name.localeCompare(b.name));
    rows = Math.max(rows, vms.length);
    vms.forEach((v, j) => nodes.push({ group: 'nodes', classes: `vm ${v.state}${moving.has(v.name) ? ' moving' : ''}`,
      grabbable: host !== UNPLACED, position: { x: x.get(host), y: j * ROW },
      data: { id: `vm:${v.name}`, parent: `host:${host}`, name: v.name, host,
        label: `${v.name}\n${v.hypervisor || 'not in the file'} · ${v.state.toLowerCase().replace('_', ' ')}` } }));
  }
  const span = (hosts.length - 1) * COLUMN;
  const width = Math.max(span, (graph.networks.length - 1) * NETWORK_GAP);
  graph.networks.forEach((n, k) => nodes.push({ group: 'nodes', classes: 'network', grabbable: false,
    position: { x: span / 2 - width / 2 + (graph.networks.length > 1 ? k * width / (graph.networks.length - 1) : width / 2),
      y: rows * ROW + 90 },
    data: { id: `net:${n.name}`, label: n.subnet ? `${n.name}\n${n.subnet}` : n.name } }));
  const networks = new Set(graph.networks.map((n) => n.name));
  for (const v of graph.vms) {
    v.nics.filter((nic) => networks.has(nic.network)).forEach((nic, i) => edges.push({ group: 'edges', classes: 'nic',
      data: { id: `nic:${v.name}:${i}`, source: `vm:${v.name}`, target: `net:${nic.network}`,
        label: `${nic.address} ${shapeText(nic.impairment)}`.trim() } }));
  }
  for (const t of graph.tunnels) {
    edges.push({ group: 'edges', classes: 'tunnel',
      data: { id: `tunnel:${t.a}:${t.b}`, source: `host:${t.a}`, target: `host:${t.b}`, label: `VXLAN ${shapeText(t.shape)}`.trim() } });
  }
  return [...nodes, ...edges];
}

function inside(box, p) {
  return p.x >= box.x1 && p.x <= box.x2 && p.y >= box.y1 && p.y <= box.y2;
}

/**
 * Draws graphs into `container` (an element with a size); `draw(graph)` again updates in place.
 * `moving` is the set of VM names being moved, drawn with a dotted border.
 */
export async function topologyGraph(container, { onDrop }) {
  const { default: cytoscape } = await import('./cytoscape.js');
  const cy = cytoscape({ container, style: STYLE, layout: { name: 'preset' }, userZoomingEnabled: false,
    boxSelectionEnabled: false, autounselectify: true, minZoom: 0.3, maxZoom: 1.5 });
  let last = null;
  let moving = new Set();
  let shape = '';

  function draw(graph = last) {
    last = graph;
    const wanted = elements(graph, moving);
    const ids = new Set(wanted.map((e) => e.data.id));
    cy.batch(() => {
      for (const e of wanted) {
        const have = cy.getElementById(e.data.id);
        if (have.empty()) {
          cy.add(e);
          continue;
        }
        const { parent, source, target, ...data } = e.data; // fixed once made, but a VM may change hosts
        if (e.group === 'nodes' && (have.parent().id() || undefined) !== parent) {
          have.move({ parent: parent ?? null });
        }
        have.data(data);
        have.classes(e.classes);
        if (e.position && !have.grabbed()) {
          have.position(e.position);
        }
      }
      cy.elements().filter((e) => !ids.has(e.id())).remove();
    });
    // fit again only when what is drawn changed, so that an update in place does not jump
    const now = [...ids].sort().join(' ');
    if (now !== shape) {
      shape = now;
      cy.resize();
      cy.fit(undefined, 24);
    }
  }

  cy.on('dragfree', 'node.vm', (event) => {
    const vm = event.target;
    const at = vm.position();
    const from = vm.data('host');
    const onto = cy.nodes('.host').filter((host) => host.data('name') !== from && host.data('name') !== UNPLACED
      && inside(host.boundingBox(), at));
    draw(); // back to its place: it moves when its host says so
    if (onto.nonempty()) {
      onDrop(vm.data('name'), from, onto.first().data('name'));
    }
  });

  return {
    draw,
    setMoving(names) {
      moving = new Set(names);
      if (last) {
        draw();
      }
    },
    resize() {
      cy.resize();
      cy.fit(undefined, 24);
    },
    destroy() {
      cy.destroy();
    },
  };
}
