// Topologies: the list, and the selected one's graph as the server draws it (SVG), drawn again
// when one of its steps or VMs changes.
import { api, blob, seg } from './api.js';
import { h, setText, ask } from './dom.js';
import { deployForm } from './deploy.js';

const STEP_TOPIC = 'org/mobitopolo/topology/STEP';
const REDRAW_TOPICS = [STEP_TOPIC, 'org/mobitopolo/vm/STATE'];

export function topologiesView(container, { notify }) {
  const tbody = h('tbody', { id: 'topology-rows' });
  const empty = h('p', { class: 'empty', hidden: true }, 'No topologies yet: deploy one with mobi:topo-deploy or POST /api/v1/topologies.');
  const graphTitle = h('h2', { id: 'graph-title' }, 'Graph');
  const graph = h('img', { class: 'graph', id: 'topology-graph', alt: '' });
  const graphNote = h('p', { class: 'empty' }, 'Choose a topology to see its graph.');
  let selected = null;
  let objectUrl = null;
  let redraw = null;
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
    h('section', { class: 'graph-box', 'aria-labelledby': 'graph-title' }, graphTitle, graphNote, graph),
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
      const svg = await blob(`/topologies/${seg(name)}/graph`);
      if (name !== selected) {
        return;
      }
      const url = URL.createObjectURL(svg);
      graph.onload = () => {
        if (objectUrl && objectUrl !== url) {
          URL.revokeObjectURL(objectUrl);
        }
        objectUrl = url;
      };
      graph.src = url; // an <img>: whatever the SVG holds, no script of it runs
      graph.alt = `Graph of topology ${name}: hosts, their VMs coloured by state, networks and tunnels`;
      setText(graphTitle, `Graph of ${name}`);
      graphNote.hidden = true;
    } catch (e) {
      setText(graphNote, `No graph for ${name}: ${e.describe ? e.describe() : e.message}`);
      graphNote.hidden = false;
    }
  }

  refresh();
  return {
    refresh,
    onEvent(topic, data) {
      if (!REDRAW_TOPICS.includes(topic)) {
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
      if (objectUrl) {
        URL.revokeObjectURL(objectUrl);
      }
    },
  };
}
