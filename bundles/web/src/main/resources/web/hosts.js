// This host: its facts, which hypervisors can run here (and why not), CPUs, CPU and memory in use.
import { api } from './api.js';
import { h, bytes } from './dom.js';

export function hostsView(container, { notify }) {
  const body = h('div', { class: 'host' }, h('p', { class: 'empty' }, 'Loading…'));
  container.append(
    h('div', { class: 'view-head' },
      h('h1', {}, 'Host'),
      h('button', { type: 'button', onclick: () => refresh() }, 'Reload')),
    body);

  async function refresh() {
    try {
      body.replaceChildren(...render(await api('GET', '/host')));
    } catch (e) {
      body.replaceChildren(h('p', { class: 'error' }, e.describe ? e.describe() : e.message));
      notify(e);
    }
  }

  refresh();
  return { refresh, onEvent() {}, unmount() {} };
}

function render(host) {
  const used = host.memoryTotalBytes - host.memoryAvailableBytes;
  const route = host.defaultRoute;
  return [
    h('dl', { class: 'facts' },
      h('dt', {}, 'Name'), h('dd', { id: 'host-name' }, host.hostname),
      h('dt', {}, 'System'), h('dd', {}, host.os),
      h('dt', {}, 'CPUs'), h('dd', {}, String(host.cpus)),
      h('dt', {}, 'CPU in use'),
      h('dd', { id: 'host-cpu' }, host.cpuBusyPercent >= 0
        ? [h('meter', { min: 0, max: 100, value: host.cpuBusyPercent, 'aria-label': 'CPU in use' }),
          ` ${host.cpuBusyPercent.toFixed(0)} %`]
        : 'unknown',
      host.loadAverage.length ? `; load ${host.loadAverage.map((l) => l.toFixed(2)).join(', ')} (1, 5, 15 min)` : ''),
      h('dt', {}, 'Memory in use'),
      h('dd', {},
        h('meter', { min: 0, max: host.memoryTotalBytes, value: used, 'aria-label': 'memory in use' }),
        ` ${bytes(used)} of ${bytes(host.memoryTotalBytes)} (${bytes(host.memoryAvailableBytes)} available)`),
      h('dt', {}, 'Default route'),
      h('dd', {}, route ? `via ${route.gateway} on ${route.interfaceName}, MTU ${route.mtu}` : 'none')),
    h('h2', {}, 'Hypervisors'),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'hypervisors' },
        h('colgroup', {}, h('col', { class: 'c-type' }), h('col', { class: 'c-usable' }), h('col', { class: 'c-bin opt' }),
          h('col', {})),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col' }, 'Usable'),
          h('th', { scope: 'col', class: 'opt' }, 'Binary and version'), h('th', { scope: 'col' }, 'Detail'))),
        h('tbody', {}, host.hypervisors.map((v) => h('tr', { 'data-hypervisor': v.type, 'data-usable': String(v.usable) },
          h('th', { scope: 'row' }, v.type),
          h('td', {}, h('span', { class: v.usable ? 'badge ok' : 'badge bad' }, v.usable ? 'yes' : 'no')),
          h('td', { class: 'opt wrap' }, [v.binary, v.version].filter(Boolean).join(' ')),
          h('td', { class: 'wrap' }, v.detail)))))),
    h('h2', {}, 'Interfaces'),
    h('div', { class: 'table-wrap' },
      h('table', {},
        h('colgroup', {}, h('col', { class: 'c-ifname' }), h('col', { class: 'c-usable' }), h('col', { class: 'c-mac opt' }),
          h('col', {})),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'MTU'),
          h('th', { scope: 'col', class: 'opt' }, 'MAC'), h('th', { scope: 'col' }, 'Addresses'))),
        h('tbody', {}, host.interfaces.map((i) => h('tr', { class: i.up ? '' : 'down' },
          h('th', { scope: 'row' }, i.name + (i.up ? '' : ' (down)')),
          h('td', { class: 'num' }, String(i.mtu)),
          h('td', { class: 'opt mono' }, i.mac),
          h('td', { class: 'wrap' }, i.addresses.join(', '))))))),
  ];
}
