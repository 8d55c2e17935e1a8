// Small DOM helpers. Text is always set as text (never parsed as HTML): names and console lines
// come from users and guests.

/** An element with attributes (on* keys become listeners) and children (strings become text). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) {
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return el;
}

/** A form field: its label, the input (which has an id) and an optional hint below. */
export function field(label, input, hint) {
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hint ? h('span', { class: 'hint' }, hint) : null);
}

/** Sets an element's text only when it changed, so an update repaints nothing that stayed. */
export function setText(el, text) {
  const value = String(text);
  if (el.textContent !== value) {
    el.textContent = value;
  }
}

export function bytes(n) {
  if (!Number.isFinite(n) || n <= 0) {
    return '–';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function duration(ms) {
  if (!Number.isFinite(ms) || ms <= 0) {
    return '–';
  }
  const s = Math.floor(ms / 1000);
  if (s < 60) {
    return `${s} s`;
  }
  const m = Math.floor(s / 60);
  if (m < 60) {
    return `${m} min ${s % 60} s`;
  }
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * Asks for confirmation or a value in a modal dialog (keyboard: Enter confirms, Escape cancels).
 * Resolves to the value entered (or true for a plain confirmation), or null when cancelled.
 */
export function ask(title, { label, value = '', confirm = 'OK', danger = false, type = 'text' } = {}) {
  return new Promise((resolve) => {
    const input = label ? h('input', { id: 'ask-input', value, required: true, type,
      autocomplete: type === 'password' ? 'new-password' : 'off' }) : null;
    const dialog = h('dialog', { class: 'ask', 'aria-labelledby': 'ask-title' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'ask-title' }, title),
        label ? [h('label', { for: 'ask-input' }, label), input] : null,
        h('div', { class: 'buttons' },
          // not a submit button: Enter in the field must confirm, and implicit submission takes the first one
          h('button', { type: 'button', onclick: () => dialog.close('cancel') }, 'Cancel'),
          h('button', { value: 'ok', type: 'submit', class: danger ? 'danger' : 'primary' }, confirm))));
    dialog.addEventListener('close', () => {
      const ok = dialog.returnValue === 'ok';
      dialog.remove();
      resolve(ok ? (input ? input.value.trim() : true) : null);
    });
    document.body.append(dialog);
    dialog.showModal();
    (input || dialog.querySelector('button.primary, button.danger')).focus();
  });
}
