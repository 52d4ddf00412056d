import { SECRECY_THRESHOLD } from '#shared/domain/consolidation';
import { h, table } from '../dom';
import { hours, pct } from '../format';
import type { PublishedYear } from '../types';

// The observatory's table: one row per structure and a totals row. A count hidden by
// statistical secrecy reads « secret », explained by the note under the table (tied to each such
// cell) and by the word's own title — never 0, never blank.

export const SECRET = 'secret';
export const SECRET_NOTE_ID = 'observatory-secret';
const SECRET_MEANING = `moins de ${SECRECY_THRESHOLD} personnes, ou ce qui permettrait de le retrouver`;

type Figures = Omit<PublishedYear, 'tenant' | 'name'>;

export const count = (n: number) => n.toLocaleString('fr-FR');
/** Full-time equivalents to the tenth, as the API rounds them: `7,7`. */
export const fteText = (n: number) =>
  n.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

function secretCell(): HTMLElement {
  return h(
    'td',
    { class: 'num secret', 'aria-describedby': SECRET_NOTE_ID },
    h('abbr', { title: SECRET_MEANING }, SECRET),
  );
}

/** A count of people as published: the number, or « secret ». */
const people = (value: number | null) =>
  value === null ? secretCell() : h('td', { class: 'num' }, count(value));

/** The rate of positive exits: hidden with its counts, « — » when nobody left. */
function rate(row: Figures): HTMLElement {
  if (row.positiveRate === null) return secretCell();
  return h('td', { class: 'num' }, row.exits ? pct(row.positiveRate) : '—');
}

function cells(row: Figures): HTMLElement[] {
  return [
    h('td', { class: 'num' }, hours(row.hours)),
    h('td', { class: 'num' }, fteText(row.fte)),
    people(row.people),
    h('td', { class: 'num' }, count(row.contracts)),
    people(row.exits),
    people(row.positive),
    rate(row),
  ];
}

export function consolidationTable(
  rows: readonly PublishedYear[],
  totals: Figures,
  year: number,
): HTMLElement {
  const box = table(
    [
      'Structure',
      ['Heures', 'num'],
      ['ETP', 'num'],
      ['Personnes', 'num'],
      ['Marchés', 'num'],
      ['Sorties', 'num'],
      ['Sorties positives', 'num'],
      ['Taux de sorties positives', 'num'],
    ],
    rows.map((row) => h('tr', null, h('th', { scope: 'row' }, row.name), cells(row))),
    `Chiffres par structure en ${year}`,
  );
  box
    .querySelector('table')
    ?.append(
      h(
        'tfoot',
        null,
        h(
          'tr',
          null,
          h(
            'th',
            { scope: 'row' },
            `Total (${count(rows.length)} structure${rows.length > 1 ? 's' : ''})`,
          ),
          cells(totals),
        ),
      ),
    );
  return box;
}
