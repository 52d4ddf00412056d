import { actorName, ROLE_LABELS, type Role } from '#shared/domain/access';
import { entityHref } from './change-labels';
import { h } from './dom';
import type { Cell } from './export';
import { frenchDateTime } from './format';
import type { Change } from './types';

// One entry of the change log as a table row and as a spreadsheet row: when, who, the action
// and its object in French, what it concerns (contract, month, PLIE) and what it changed,
// each field before → after, with the reason given.

/** On the page, two columns that a phone shows whole: when and who, then what changed. */
export const CHANGE_HEADERS = ['Quand, qui', 'Modification'];

export const CHANGE_EXPORT_HEADERS = [
  'Date et heure',
  'Qui',
  'Rôle',
  'Action',
  'Objet',
  'Concerne',
  'Avant → après',
  'Motif',
  'Identifiant de l’objet',
];

const roleLabel = (role: string) => ROLE_LABELS[role as Role] ?? role;

const changeText = (c: Change['fieldChanges'][number]) => `${c.label} : ${c.before} → ${c.after}`;

export function changeRow(entry: Change): HTMLTableRowElement {
  const href = entityHref(entry.entityType, entry.entityId);
  // Lines of their own (no list, no paragraph): the page's table styles are enough.
  const details = [
    ...entry.fieldChanges.map((c) =>
      h('div', null, `${c.label} : ${c.before} → `, h('strong', null, c.after)),
    ),
    ...(entry.reason ? [h('div', null, `Motif : « ${entry.reason} »`)] : []),
  ];
  return h(
    'tr',
    null,
    h('td', null, frenchDateTime(entry.at), h('br'), actorName(entry.actor)),
    h(
      'td',
      null,
      h(
        'div',
        null,
        h('strong', { class: 'change-action' }, entry.actionLabel),
        ' — ',
        href ? h('a', { href }, entry.object) : entry.object,
      ),
      entry.concerns ? h('div', { class: 'muted' }, `Concerne : ${entry.concerns}`) : null,
      details,
    ),
  );
}

export function changeCells(entry: Change): Cell[] {
  return [
    frenchDateTime(entry.at),
    actorName(entry.actor),
    roleLabel(entry.actor.role),
    entry.actionLabel,
    entry.object,
    entry.concerns,
    entry.fieldChanges.map(changeText).join(' ; '),
    entry.reason ?? '',
    entry.entityId,
  ];
}
