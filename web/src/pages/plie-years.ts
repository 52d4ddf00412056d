import type { YearMonth } from '#shared/domain/calendar';
import { sumHours } from '#shared/domain/hours';
import { api } from '../api';
import { monthlyChart, PALETTE } from '../charts';
import { h, table } from '../dom';
import { withExport } from '../export';
import { eur, hours, pct } from '../format';
import type { Funding, Outcomes, PlieMonths } from '../types';
import { asOfLabel, readFunding } from './plie-funding';

// A PLIE over the years: the hours, the money each year's convention gives for them, and the
// exits counted both ways — the PLIE's positive exits and the IAE's dynamic exits.

/**
 * What a PLIE's year is read from: the year's convention (if any: its funding as of the end of
 * `asOf`, or of the whole year), exits and months.
 */
export interface PlieYear {
  funding: Funding | null;
  outcomes: Outcomes;
  months: PlieMonths;
}

export async function readPlieYear(
  plieId: string,
  year: number,
  asOf: YearMonth | null = null,
): Promise<PlieYear> {
  const [funding, outcomes, months] = await Promise.all([
    readFunding(year, asOf),
    api<Outcomes>('GET', `/api/outcomes?year=${year}&plieId=${plieId}`),
    api<PlieMonths>('GET', `/api/plies/${plieId}/months/${year}`),
  ]);
  return { funding, outcomes, months };
}

/** The last three years; the last one is the page's, already read. */
export async function plieYears(
  plieId: string,
  lastYear: number,
  last: PlieYear,
): Promise<HTMLElement> {
  const years = [lastYear - 2, lastYear - 1, lastYear];
  const read = [
    ...(await Promise.all(years.slice(0, -1).map((year) => readPlieYear(plieId, year)))),
    last,
  ];
  const rows = read.map(({ funding, outcomes, months }, i) => ({
    year: years[i] as number,
    // The year's hours whether or not a convention pays for them.
    hours: sumHours(months.months.map((m) => m.hours)),
    money: funding?.plies.find((r) => r.plieId === plieId) ?? null,
    asOf: funding?.asOf ?? null,
    outcomes,
  }));
  return h(
    'section',
    { 'aria-labelledby': 'plie-years' },
    h('h2', { id: 'plie-years' }, 'Année par année'),
    h(
      'div',
      { class: 'card' },
      monthlyChart(
        rows.map((r) => String(r.year)),
        [
          {
            name: 'Heures réalisées',
            color: PALETTE[0] as string,
            values: rows.map((r) => r.hours),
          },
        ],
        'Heures réalisées par année',
      ),
    ),
    ...withExport(
      table(
        [
          'Année',
          ['Heures', 'num'],
          ['Financement', 'num'],
          ['Sorties (dont neutres)', 'num'],
          ['Sorties positives (PLIE)', 'num'],
          ['Sorties dynamiques (IAE)', 'num'],
        ],
        rows.map(({ year, hours: hoursOfYear, money, asOf, outcomes: o }) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, String(year)),
            h('td', { class: 'num' }, hours(hoursOfYear)),
            h(
              'td',
              { class: 'num', 'data-value': money ? String(money.total) : null },
              money
                ? `${eur(money.total)}${asOf ? ` (${asOfLabel(asOf)})` : ''}`
                : 'pas de convention',
            ),
            h('td', { class: 'num' }, `${o.exits} (${o.neutral})`),
            h(
              'td',
              { class: 'num' },
              o.exits - o.neutral ? `${o.positive} · ${pct(o.positiveRate)}` : '—',
            ),
            h(
              'td',
              { class: 'num' },
              o.exits - o.neutral
                ? `${agreed(o.dynamic.durable, 'durable')}, ${o.dynamic.transition} de transition, ${agreed(o.dynamic.positive, 'positive')} · ${pct(o.dynamic.rate)}`
                : '—',
            ),
          ),
        ),
        'Le PLIE année par année',
      ),
      `plie-${plieId}-annees`,
      'Exporter le tableau année par année',
    ),
    h(
      'p',
      { class: 'muted' },
      'Les sorties neutres (déménagement, maladie, retraite, décès, maternité) sont hors du calcul des taux.',
    ),
  );
}

/** A count and its adjective, agreed in French: 0 and 1 take the singular (« 1 durable »). */
function agreed(count: number, adjective: string): string {
  return `${count} ${adjective}${count > 1 ? 's' : ''}`;
}
