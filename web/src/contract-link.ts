import { h } from './dom';

interface NamedContract {
  id: string;
  reference: string;
}

/** A contract's reference, linking to its page: every page names a contract the same way. */
export function contractLink(contract: NamedContract): HTMLAnchorElement {
  return h('a', { href: `#/marches/${contract.id}` }, contract.reference);
}

/** The first cell of a contract's row: linked reference, title beneath, and a note if the row has one. */
export function contractCell(
  contract: NamedContract & { title: string; note?: string | null },
  /** A tag below, such as « à compléter : durée ». */
  tag: HTMLElement | null = null,
): HTMLTableCellElement {
  return h(
    'td',
    null,
    contractLink(contract),
    h('br'),
    h('span', { class: 'muted' }, contract.title),
    contract.note ? h('div', { class: 'muted' }, contract.note) : null,
    tag ? h('div', null, tag) : null,
  );
}
