// A tiny DOM helper: h('p', { class: 'x', onclick }, 'text', child). Text always goes in as text
// nodes, never as HTML, so that nothing users typed can run as markup.

import { guardSubmit } from './form-submit';
import { announceOverflow } from './table-scroll';

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs | null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    // A form's submit goes through guardSubmit (form-submit.ts): one at a time, stale notices gone.
    if (typeof value === 'function' && name === 'onsubmit' && element instanceof HTMLFormElement)
      element.addEventListener('submit', guardSubmit(element, value));
    else if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    // Through the CSSOM: the CSP refuses style attributes, not styles set by the page's script.
    else if (name === 'style') element.style.cssText = String(value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function replace(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, children);
}

export function loading(text = 'Chargement…'): HTMLElement {
  return h('p', { class: 'loading', 'aria-busy': 'true', role: 'status' }, text);
}

export function notice(
  kind: 'success' | 'failure' | 'info' | 'local',
  ...children: Child[]
): HTMLElement {
  return h(
    'div',
    { class: `notice ${kind}`, role: kind === 'failure' ? 'alert' : 'status' },
    ...children,
  );
}

/**
 * A table in a box that scrolls sideways on a narrow screen (its first column stays in view).
 * When it does scroll, the box takes the keyboard focus so that arrows can scroll it, and is
 * named by `label` for screen readers.
 */
export function table(
  headers: (string | [string, 'num'])[],
  rows: Node[],
  label = 'Tableau',
): HTMLElement {
  const wrap = h(
    'div',
    { class: 'table-wrap', role: 'region', 'aria-label': label },
    h(
      'table',
      null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          headers.map((c) =>
            Array.isArray(c)
              ? h('th', { class: 'num', scope: 'col' }, c[0])
              : h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      h('tbody', null, rows),
    ),
  );
  scrollableByKeyboard(wrap);
  announceOverflow(wrap);
  return wrap;
}

const scrollWatch =
  typeof ResizeObserver === 'undefined'
    ? null
    : new ResizeObserver((entries) => {
        for (const { target } of entries) {
          if (!target.isConnected) scrollWatch?.unobserve(target);
          else if (target.scrollWidth > target.clientWidth + 1)
            target.setAttribute('tabindex', '0');
          else target.removeAttribute('tabindex');
        }
      });

/** A box that scrolls gets a place in the tab order (WCAG 2.1.1), one that does not, none. */
export function scrollableByKeyboard(box: HTMLElement): void {
  scrollWatch?.observe(box);
}

let uid = 0;
/** A labelled form field whose error message is announced and tied to the input. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
) {
  const id = control.id || `f${++uid}`;
  control.id = id;
  const error = h('p', { class: 'error', id: `${id}-error`, 'aria-live': 'polite' });
  const hintNode = hint ? h('span', { class: 'hint', id: `${id}-hint` }, hint) : null;
  control.setAttribute(
    'aria-describedby',
    [hintNode ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' '),
  );
  const wrapper = h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hintNode,
    error,
  );
  return {
    element: wrapper,
    control,
    setError(message: string | null) {
      error.textContent = message ?? '';
      wrapper.classList.toggle('invalid', !!message);
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
    },
  };
}

/** A field as `field` makes it; a form keeps its fields by the path the API's errors name. */
export type Field = ReturnType<typeof field>;

export function select(
  name: string,
  options: [string, string][],
  value?: string,
  attrs: Attrs = {},
): HTMLSelectElement {
  const element = h('select', { name, ...attrs });
  for (const [optionValue, label] of options) {
    element.appendChild(
      h('option', { value: optionValue, selected: optionValue === value }, label),
    );
  }
  return element;
}
