// A VM's console: its last lines (read again every 2 s while open) and a line to type on it.
import { api, seg } from './api.js';
import { h } from './dom.js';

const LINES = 40;
const EVERY_MS = 2000;
// CSI and OSC sequences, and other control characters but tab and newline
const TERMINAL_CONTROL = /\x1b\[[0-9;?]*[ -\/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|[\x00-\x08\x0b-\x1f\x7f]/g;

export function consolePanel(vm, { notify, onClose }) {
  const output = h('pre', { class: 'console', id: 'console-output', tabindex: '0', 'aria-label': `Console of ${vm}` });
  const input = h('input', { id: 'console-line', name: 'line', autocomplete: 'off', spellcheck: 'false' });
  const form = h('form', { class: 'console-input', onsubmit: send },
    h('label', { for: 'console-line' }, 'Line to type'), input, h('button', { type: 'submit' }, 'Send'));
  const element = h('section', { class: 'console-panel', 'aria-labelledby': 'console-title', 'data-vm': vm },
    h('div', { class: 'view-head' },
      h('h2', { id: 'console-title' }, `Console of ${vm}`),
      h('button', { type: 'button', onclick: () => onClose() }, 'Close')),
    output, form);
  let timer = null;
  let last = '';

  async function read() {
    try {
      const lines = await api('GET', `/vms/${seg(vm)}/console?lines=${LINES}`);
      // the guest's shell asks the terminal things (ESC [6n...): a log has no terminal to answer
      const text = lines.join('\n').replace(TERMINAL_CONTROL, '');
      if (text !== last) {
        const atBottom = output.scrollTop + output.clientHeight >= output.scrollHeight - 4;
        output.textContent = text;
        last = text;
        if (atBottom) {
          output.scrollTop = output.scrollHeight;
        }
      }
    } catch (e) {
      output.textContent = `(console unavailable: ${e.message})`;
      last = '';
    }
  }

  async function send(event) {
    event.preventDefault();
    try {
      await api('POST', `/vms/${seg(vm)}/console`, { line: input.value });
      input.value = '';
      setTimeout(read, 300);
    } catch (e) {
      notify(e);
    }
  }

  read();
  timer = setInterval(() => document.visibilityState === 'visible' && read(), EVERY_MS);
  return {
    vm,
    element,
    focus: () => input.focus(),
    unmount: () => clearInterval(timer),
  };
}
