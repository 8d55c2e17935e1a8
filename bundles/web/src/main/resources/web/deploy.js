// Deploying a topology file from the page: pasted or loaded from disk, planned first (a dry run that
// touches nothing), then applied; the run's steps come by the event stream (org/mobitopolo/topology/STEP).
import { api } from './api.js';
import { h, setText } from './dom.js';

export function deployForm({ notify, onRun }) {
  const text = h('textarea', { id: 'topology-file', rows: '12', spellcheck: 'false', autocomplete: 'off',
    placeholder: 'name: demo\nnetworks:\n  demo: {subnet: 10.0.0.0/24}\nnodes:\n  demo-a: {}' });
  const file = h('input', { id: 'topology-upload', type: 'file', accept: '.yml,.yaml,.json,text/yaml,application/json' });
  const planButton = h('button', { type: 'submit', class: 'primary', id: 'topology-plan' }, 'Show plan');
  const deployButton = h('button', { type: 'button', id: 'topology-deploy', disabled: true, onclick: deploy }, 'Deploy');
  const problems = h('pre', { class: 'problems', id: 'topology-problems', role: 'alert', hidden: true });
  const summary = h('p', { id: 'plan-summary', class: 'plan-summary' });
  const steps = h('tbody', { id: 'plan-steps' });
  const plan = h('div', { class: 'plan', hidden: true },
    summary,
    h('div', { class: 'table-wrap' },
      h('table', {},
        h('colgroup', {}, h('col', { class: 'c-num' }), h('col', { class: 'c-target opt' }), h('col', { class: 'c-kind' }), h('col', {})),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Wave'), h('th', { scope: 'col', class: 'opt' }, 'Host'),
          h('th', { scope: 'col' }, 'Step'), h('th', { scope: 'col' }, 'Detail'))),
        steps)));
  const status = h('p', { id: 'run-status', class: 'run-status', 'aria-live': 'polite' });
  let planned = null; // the text the plan shown is for: Deploy applies exactly that
  let running = null; // { topology, id }

  file.addEventListener('change', async () => {
    if (file.files.length) {
      text.value = await file.files[0].text();
      changed();
    }
  });
  text.addEventListener('input', changed);

  function changed() {
    planned = null;
    deployButton.disabled = true;
  }

  async function showPlan(event) {
    event.preventDefault();
    problems.hidden = true;
    plan.hidden = true;
    const source = text.value;
    try {
      const p = await api('POST', '/topologies?dryRun=true', source, { type: 'application/yaml' });
      setText(summary, `${p.topology}: ${p.summary}`);
      steps.replaceChildren(...p.steps.map((s) => h('tr', {},
        h('td', { class: 'num' }, String(s.wave)), h('td', { class: 'opt wrap' }, s.host),
        h('td', {}, s.kind), h('td', { class: 'wrap' }, s.detail))));
      plan.hidden = false;
      planned = source;
      deployButton.disabled = p.steps.length === 0;
    } catch (e) {
      if (e.status === 400) {
        problems.textContent = e.detail; // every problem with its line and column
        problems.hidden = false;
      } else {
        notify(e);
      }
    }
  }

  async function deploy() {
    if (planned === null) {
      return;
    }
    try {
      const run = await api('POST', '/topologies', planned, { type: 'application/yaml' });
      running = { topology: run.topology, id: run.id };
      setText(status, `${run.topology}: ${run.action} ${run.state}${run.summary ? ' — ' + run.summary : ''}`);
      status.dataset.state = run.state;
      deployButton.disabled = true;
      onRun();
    } catch (e) {
      notify(e);
    }
  }

  return {
    element: h('section', { class: 'deploy', 'aria-labelledby': 'deploy-title' },
      h('h2', { id: 'deploy-title' }, 'Deploy a topology file'),
      h('form', { onsubmit: showPlan },
        h('label', { for: 'topology-file' }, 'Topology file (YAML or JSON)'), text,
        h('div', { class: 'deploy-buttons' },
          h('label', { for: 'topology-upload', class: 'file' }, 'or load one: '), file,
          planButton, deployButton)),
      problems, plan, status),
    /** The topologies as listed now: the run started here, once it has ended. */
    onList(topologies) {
      const t = running && topologies.find((x) => x.name === running.topology);
      if (t && t.lastRun && t.lastRun.id === running.id && t.lastRun.state !== 'RUNNING') {
        const run = t.lastRun;
        setText(status, `${run.topology}: ${run.action} ${run.state}${run.error ? ': ' + run.error : ''}`);
        status.dataset.state = run.state;
        running = null;
      }
    },
    /** A step of the run started here: its state and the run's as they come. */
    onStep(step) {
      if (running && step.run === running.id) {
        setText(status, `${step.topology}: ${step.kind} ${step.detail} on ${step.host}: ${step.state}`
          + (step.error ? ` (${step.error})` : ''));
        status.dataset.state = step.state;
      }
    },
  };
}
