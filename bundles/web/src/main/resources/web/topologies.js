// Topologies: the list, and the selected one drawn as a graph (hosts, their VMs coloured by state,
// networks, tunnels), drawn again in place when one of its steps, VMs or moves changes. A VM dragged
// onto another host in the graph, or sent there from the table under it, moves there (after a
// confirmation) by the controller: QEMU live, UML by restart.
import { api, seg, BASE } from './api.js';
import { h, setText, ask } from './dom.js';
import { deployForm } from './deploy.js';
import { topologyGraph } from './topology-graph.js';

const STEP_TOPIC = 'org/mobitopolo/topology/STEP';
const REDRAW_TOPICS = [STEP_TOPIC, 'org/mobitopolo/vm/STATE', 'org/mobitopolo/migration/PROGRESS'];

export function topologiesView(container, { notify }) {
  const tbody = h('tbody', { id: 'topology-rows' });
  const empty = h('p', { class: 'empty', hidden: true }, 'No topologies yet: deploy one with mobi:topo-deploy or POST /api/v1/topologies.');
  const graphTitle = h('h2', { id: 'graph-title' }, 'Graph');
  const canvas = h('div', { class: 'graph', id: 'topology-canvas', role: 'img', 'aria-label': 'Graph of the topology', hidden: true });
  const graphNote = h('p', { class: 'empty' }, 'Choose a topology to see its graph.');
  const moveStatus = h('p', { id: 'move-status', class: 'run-status', 'aria-live': 'polite' });
  const svgLink = h('a', { id: 'graph-svg', target: '_blank', rel: 'noopener', hidden: true }, 'as SVG (Graphviz)');
  const nodeRows = h('tbody', { id: 'topology-nodes' });
  const nodeTable = h('div', { class: 'table-wrap', hidden: true },
    h('table', { class: 'topology-nodes' },
      h('caption', { class: 'sr-only' }, 'Nodes of the topology, where they run, and where to move them'),
      h('colgroup', {}, h('col', { class: 'c-name' }), h('col', { class: 'c-target' }), h('col', { class: 'c-kind opt' }),
        h('col', { class: 'c-run' }), h('col', {})),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Node'), h('th', { scope: 'col' }, 'Host'),
        h('th', { scope: 'col', class: 'opt' }, 'Hypervisor'), h('th', { scope: 'col' }, 'State'),
        h('th', { scope: 'col' }, 'Move to'))),
      nodeRows));
  let selected = null;
  let redraw = null;
  let graph = null; // the drawing, made on first use (Cytoscape loads then)
  let graphMade = null;
  const moving = new Set(); // the VMs this page is moving
  const form = deployForm({ notify, onRun: () => refresh() });

  container.append(
    h('div', { class: 'view-head' },
      h('h1', {}, 'Topologies'),
      h('button', { type: 'button', onclick: () => refresh() }, 'Reload')),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'topologies' },
        h('colgroup', {}, h('col', { class: 'c-name' }), h('col', { class: 'c-num' }), h('col', { class: 'c-target opt' }),
          h('col', { class: 'c-run' }), h('col', {}), h('col', { class: 'c-button' })),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Nodes'),
          h('th', { scope: 'col', class: 'opt' }, 'Hosts'), h('th', { scope: 'col' }, 'Last run'), h('th', { scope: 'col' }, 'Summary'),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')))),
        tbody)),
    empty,
    h('section', { class: 'graph-box', 'aria-labelledby': 'graph-title' }, graphTitle, graphNote, canvas, moveStatus,
      nodeTable, svgLink),
    form.element);

  async function refresh() {
    try {
      const all = await api('GET', '/topologies');
      tbody.replaceChildren(...all.map((t) => {
        const hosts = [...new Set(Object.values(t.placement))];
        const run = t.lastRun;
        return h('tr', { 'data-topology': t.name, 'aria-selected': String(t.name === selected) },
          h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', onclick: () => select(t.name) }, t.name)),
          h('td', { class: 'num' }, String(Object.keys(t.placement).length)),
          h('td', { class: 'opt wrap' }, hosts.join(', ')),
          h('td', {}, run ? h('span', { class: 'badge', 'data-state': run.state }, `${run.action} ${run.state}`) : '–'),
          h('td', { class: 'wrap' }, run ? run.summary || run.error || '' : ''),
          h('td', {}, h('button', { type: 'button', class: 'danger', 'data-action': 'destroy', 'aria-label': `Destroy ${t.name}`,
            onclick: () => destroy(t.name) }, 'Destroy')));
      }));
      empty.hidden = all.length > 0;
      form.onList(all);
      if (selected) {
        draw();
      }
    } catch (e) {
      notify(e);
    }
  }

  async function destroy(name) {
    if (!await ask(`Destroy topology ${name}? Its VMs, networks and tunnels go from every host.`,
      { confirm: 'Destroy', danger: true })) {
      return;
    }
    try {
      await api('DELETE', `/topologies/${seg(name)}`);
      refresh();
    } catch (e) {
      notify(e);
    }
  }

  function select(name) {
    selected = name;
    for (const tr of tbody.children) {
      tr.setAttribute('aria-selected', String(tr.dataset.topology === name));
    }
    draw();
  }

  async function draw() {
    const name = selected;
    try {
      const g = await api('GET', `/topologies/${seg(name)}/graph?format=json`);
      if (name !== selected) {
        return;
      }
      canvas.hidden = false; // shown before drawing: Cytoscape measures its box
      graphMade ||= topologyGraph(canvas, { onDrop: (vm, from, to) => move(vm, from, to) });
      graph = await graphMade;
      graph.draw(g);
      canvas.setAttribute('aria-label', `Graph of topology ${name}: ${g.vms.map((v) => `${v.name} on ${v.host || 'no host'}, `
        + v.state.toLowerCase().replace('_', ' ')).join('; ')}. Drag a VM onto another host to move it, or use the table below.`);
      nodes(g);
      setText(graphTitle, `Graph of ${name}`);
      svgLink.href = `${BASE}/topologies/${seg(name)}/graph`;
      svgLink.hidden = false;
      graphNote.hidden = true;
    } catch (e) {
      setText(graphNote, `No graph for ${name}: ${e.describe ? e.describe() : e.message}`);
      graphNote.hidden = false;
    }
  }

  /** The graph's VMs as a table: where each runs, and a keyboard's way to move one. */
  function nodes(g) {
    const hosts = g.hosts.map((x) => x.name);
    nodeRows.replaceChildren(...g.vms.map((v) => {
      const others = hosts.filter((x) => x !== v.host);
      const choice = h('select', { 'aria-label': `Host to move ${v.name} to`, 'data-move-target': v.name },
        ...others.map((x) => h('option', { value: x }, x)));
      return h('tr', { 'data-node': v.name },
        h('th', { scope: 'row' }, v.name),
        h('td', { 'data-host': v.host }, v.host || '–'),
        h('td', { class: 'opt' }, v.hypervisor || 'not in the file'),
        h('td', { 'data-state': v.state }, h('span', { class: 'badge' }, v.state.toLowerCase().replace('_', ' '))),
        h('td', {}, v.state === 'NOT_DEPLOYED' || !others.length ? '–' : h('span', { class: 'inline' }, choice,
          h('button', { type: 'button', 'data-action': 'move', onclick: () => move(v.name, v.host, choice.value) }, 'Move'))));
    }));
    nodeTable.hidden = g.vms.length === 0;
  }

  async function move(vm, from, to) {
    const topology = selected;
    if (!await ask(`Move ${vm} from ${from} to ${to}? A QEMU VM moves live; a UML VM restarts there.`, { confirm: 'Move' })) {
      return;
    }
    try {
      const run = await api('POST', `/topologies/${seg(topology)}/nodes/${seg(vm)}/move`, { host: to });
      moving.add(vm);
      graph?.setMoving(moving);
      setText(moveStatus, `Moving ${vm} to ${to}…`);
      // one request that answers when the run ends: no polling
      const done = await api('GET', `/topologies/${seg(topology)}/runs/${seg(run.id)}?wait=600`);
      setText(moveStatus, done.state === 'COMPLETED' ? `${vm} moved to ${to} in ${((done.finishedMillis - done.startedMillis) / 1000).toFixed(1)} s.`
        : done.state === 'FAILED' ? `${vm} did not move: ${done.error}` : `${vm} is still moving to ${to}.`);
    } catch (e) {
      setText(moveStatus, `${vm} did not move: ${e.describe ? e.describe() : e.message}`);
      notify(e);
    } finally {
      moving.delete(vm);
      graph?.setMoving(moving);
      if (topology === selected) {
        draw();
      }
    }
  }

  refresh();
  return {
    refresh,
    onEvent(topic, data) {
      if (!REDRAW_TOPICS.includes(topic) || topic.endsWith('PROGRESS') && !['COMPLETED', 'FAILED'].includes(data.phase)) {
        return;
      }
      if (topic === STEP_TOPIC) {
        form.onStep(data);
      }
      // a deploy posts many steps at once: draw once they pause
      clearTimeout(redraw);
      redraw = setTimeout(() => (topic.endsWith('STEP') ? refresh() : selected && draw()), 300);
    },
    unmount() {
      clearTimeout(redraw);
      graphMade?.then((g) => g.destroy());
    },
  };
}
