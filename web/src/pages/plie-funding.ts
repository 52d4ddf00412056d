import { frenchMonth, monthsFrom, type YearMonth } from '#shared/domain/calendar';
import { ApiError, api } from '../api';
import { field, h, replace, select } from '../dom';
import { eur } from '../format';
import type { Funding } from '../types';

// A PLIE's money of the year as of a month's end: the monthly report's "financement acquis à
// fin juin", the same figure (GET /api/funding?asOf=), and any other month of the year, or the
// whole year with every hour logged so far.

/** The year's funding as of the end of `asOf` (null: the whole year); null without convention. */
export async function readFunding(year: number, asOf: YearMonth | null): Promise<Funding | null> {
  return api<Funding>('GET', `/api/funding?year=${year}${asOf ? `&asOf=${asOf}` : ''}`).catch(
    (e) => (e instanceof ApiError && e.status === 404 ? null : Promise.reject(e)),
  );
}

/** "à fin juin", or "sur l’année" for the whole year. */
export function asOfLabel(asOf: string | null): string {
  return asOf ? `à fin ${frenchMonth(asOf).split(' ')[0]}` : 'sur l’année';
}

/** How each of the year's conventions makes the PLIE's money, a sentence each. */
function terms(funding: Funding, plieId: string, year: number): string {
  if (!funding.plies.some((r) => r.plieId === plieId)) return `Ce PLIE n’est pas actif en ${year}.`;
  const when = asOfLabel(funding.asOf);
  return funding.conventions
    .map((c) => {
      const row = c.plies.find((r) => r.plieId === plieId);
      const funder = c.funderSiret
        ? ` de ${c.funderName ?? `SIRET ${c.funderSiret}`} (ses marchés)`
        : ' (tous les marchés)';
      if (!row) return '';
      return c.envelopes
        ? `Convention ${year}${funder} : enveloppe forfaitaire de ${eur(row.total)} pour l’année.`
        : `Convention ${year}${funder} : ${eur(c.fixedPerPlie)} de part fixe + ${eur(c.perHour)} par heure réalisée → ${eur(row.fixed)} + ${eur(row.variable)} ${when}.`;
    })
    .filter(Boolean)
    .join(' ');
}

/**
 * The figure (for the page's row of figures) and, below, the convention and the month it is
 * counted to, which the reader may change: both follow the month chosen.
 */
export function plieFunding(
  plieId: string,
  year: number,
  lastMonth: YearMonth,
  first: Funding | null,
): { figure: HTMLElement; details: HTMLElement } {
  const label = h('span');
  const value = h('strong');
  const sentence = h('p', { class: 'muted', 'aria-live': 'polite' });
  const show = (funding: Funding | null, asOf: YearMonth | null) => {
    label.textContent = `Financement ${year} acquis ${asOfLabel(asOf)}`;
    const row = funding?.plies.find((r) => r.plieId === plieId);
    value.textContent = row ? eur(row.total) : '—';
    replace(
      sentence,
      funding
        ? terms(funding, plieId, year)
        : `Aucune convention de financement n’est saisie pour ${year}.`,
    );
  };
  const last = lastMonth.startsWith(`${year}-`) ? lastMonth : (`${year}-12` as YearMonth);
  const choice = field(
    'Financement acquis',
    select(
      'asOf',
      [
        ...monthsFrom(`${year}-01`, last)
          .reverse()
          .map((m): [string, string] => [m, asOfLabel(m)]),
        ['', 'sur l’année, à ce jour'],
      ],
      first?.asOf ?? '',
    ),
    'Comme le rapport mensuel, à la fin de son mois',
  );
  choice.control.addEventListener('change', async () => {
    const asOf = (choice.control.value || null) as YearMonth | null;
    show(await readFunding(year, asOf), asOf);
  });
  show(first, first?.asOf ?? null);
  return {
    figure: h('div', { class: 'figure' }, label, value),
    details: h(
      'div',
      null,
      sentence,
      first
        ? h(
            'form',
            { class: 'inline', onsubmit: (event: Event) => event.preventDefault() },
            choice.element,
          )
        : null,
    ),
  };
}
