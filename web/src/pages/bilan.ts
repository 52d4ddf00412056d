import { monthNumberOf, parisDate, parisMonth, yearOf } from '#shared/domain/calendar';
import { bilanFileName } from '#shared/report/bilan-export';
import { bilanScopeName } from '#shared/report/bilan-tables';
import { all, api } from '../api';
import { ownPlie, type Session } from '../auth';
import { h, loading, notice, replace } from '../dom';
import { frenchDate } from '../format';
import { plies } from '../plies';
import { structureName } from '../structure';
import type { Bilan, Contract } from '../types';
import { yearLinks } from '../year-links';
import { contractsSection, hoursSection, outcomesSection, peopleSection } from './bilan-sections';

// The yearly bilan ("bilan annuel des clauses sociales") a facilitator sends to each buyer, to
// the PLIEs and their funders: the year's hours, people, contracts and exits of the structure,
// of one buyer or of one PLIE (a coordinator's own, with no choice), as GET /api/bilans gives
// them. The page prints as a clean A4 document (styles.css, `@media print`, scoped to `.bilan`)
// and leaves as the API's own CSV and workbook.

/** Years offered: the four before this one, and this one so far (as the observatory). */
const YEARS_BACK = 4;

/**
 * The year the page opens on: in January to March, the year just ended (its bilan is the one
 * being written, and last year's hours are still coming in early January, not in April); from
 * April on, this year so far, said to be provisional.
 */
export function defaultBilanYear(now: Date): number {
  const month = parisMonth(now);
  return monthNumberOf(month) <= 3 ? yearOf(month) - 1 : yearOf(month);
}

interface Scope {
  buyerSiret: string | null;
  plieId: string | null;
}

/** The API's query for a scope (none for the whole structure). */
const query = (scope: Scope) =>
  new URLSearchParams({
    ...(scope.buyerSiret ? { buyerSiret: scope.buyerSiret } : {}),
    ...(scope.plieId ? { plieId: scope.plieId } : {}),
  }).toString();

/** The page's own address for a year and a scope. */
const href = (year: number, scope: Scope) => {
  const params = new URLSearchParams({ annee: String(year) });
  if (scope.buyerSiret) params.set('acheteur', scope.buyerSiret);
  if (scope.plieId) params.set('plie', scope.plieId);
  return `#/bilan?${params}`;
};

export async function bilanPage(
  main: HTMLElement,
  session: Session,
  params: URLSearchParams,
): Promise<void> {
  const now = new Date();
  const thisYear = yearOf(parisMonth(now));
  const asked = Number(params.get('annee'));
  const year =
    Number.isInteger(asked) && asked >= 2000 && asked <= thisYear ? asked : defaultBilanYear(now);
  const own = ownPlie(session);
  // A coordinator's bilan is always her PLIE's: the API says so too, whatever is asked.
  const scope: Scope = own
    ? { buyerSiret: null, plieId: own }
    : { buyerSiret: params.get('acheteur') || null, plieId: params.get('plie') || null };
  replace(main, h('h1', null, `Bilan des clauses sociales ${year}`), loading());
  const suffix = query(scope);
  const [bilan, structure, plieList, buyers] = await Promise.all([
    api<Bilan>('GET', `/api/bilans/${year}${suffix ? `?${suffix}` : ''}`),
    structureName(session),
    plies(),
    own ? Promise.resolve([]) : buyersOf(year),
  ]);
  const years = Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear - YEARS_BACK + i);
  const provisional = year === thisYear;
  const choices = own
    ? null
    : scopeForm(
        year,
        scope,
        buyers,
        bilan,
        [...plieList.values()].map((p) => [p.id, p.name]),
      );
  replace(
    main,
    h(
      'div',
      { class: 'bilan' },
      h(
        'header',
        { class: 'bilan-head' },
        h('h1', null, `Bilan des clauses sociales ${year}`),
        h(
          'p',
          { class: 'bilan-scope' },
          structure ? [h('strong', null, structure), ' · '] : null,
          bilanScopeName(bilan),
        ),
        h(
          'p',
          { class: 'muted' },
          provisional
            ? `Année en cours : chiffres provisoires au ${frenchDate(parisDate(now))}.`
            : `Établi le ${frenchDate(parisDate(now))}.`,
          ' Équivalents temps plein (ETP) : heures ÷ 1 607 h, la durée légale annuelle.',
        ),
      ),
      h(
        'div',
        { class: 'bilan-controls' },
        yearLinks(years.includes(year) ? years : [year, ...years], year, (y) => href(y, scope)),
        choices,
        own
          ? h(
              'p',
              { class: 'muted' },
              'Le bilan de votre PLIE : ses heures, ses participants, sa part des marchés partagés et ses sorties.',
            )
          : null,
        actions(bilan),
      ),
      provisional
        ? notice(
            'info',
            h('strong', null, 'Chiffres provisoires. '),
            `L’année ${year} n’est pas terminée : les heures du mois écoulé arrivent dans les premiers jours du mois suivant.`,
          )
        : null,
      hoursSection(bilan),
      peopleSection(bilan),
      contractsSection(bilan),
      outcomesSection(bilan),
    ),
  );
}

/** The structure's buyers with a SIRET among the year's contracts (a bilan is asked by SIRET). */
async function buyersOf(year: number): Promise<[string, string][]> {
  const contracts = await all<Contract>(`/api/contracts?activeIn=${year}`);
  const names = new Map<string, string>();
  for (const c of contracts) if (c.buyer.siret) names.set(c.buyer.siret, c.buyer.name);
  return [...names].sort((a, b) => a[1].localeCompare(b[1], 'fr'));
}

/** Whole structure, a buyer or a PLIE: one list, shown when « Afficher » is pressed. */
function scopeForm(
  year: number,
  scope: Scope,
  buyers: [string, string][],
  bilan: Bilan,
  plieList: [string, string][],
): HTMLElement {
  // A buyer asked by its address but running no contract this year stays in the list.
  if (scope.buyerSiret && !buyers.some(([siret]) => siret === scope.buyerSiret))
    buyers.unshift([scope.buyerSiret, bilan.scope.buyerName ?? scope.buyerSiret]);
  const current = scope.buyerSiret
    ? `acheteur:${scope.buyerSiret}`
    : scope.plieId
      ? `plie:${scope.plieId}`
      : '';
  const option = (value: string, label: string) =>
    h('option', { value, selected: value === current }, label);
  const select = h(
    'select',
    { id: 'bilan-scope', name: 'perimetre' },
    option('', 'Toute la structure'),
    buyers.length
      ? h(
          'optgroup',
          { label: 'Un acheteur (donneur d’ordre)' },
          buyers.map(([siret, name]) => option(`acheteur:${siret}`, name)),
        )
      : null,
    h(
      'optgroup',
      { label: 'Un PLIE' },
      plieList.map(([id, name]) => option(`plie:${id}`, name)),
    ),
  );
  return h(
    'form',
    {
      class: 'inline bilan-scope-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const [kind, id = ''] = select.value.split(':');
        location.hash = href(year, {
          buyerSiret: kind === 'acheteur' ? id : null,
          plieId: kind === 'plie' ? id : null,
        });
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'bilan-scope' }, 'Périmètre du bilan'), select),
    h('button', { type: 'submit', class: 'secondary' }, 'Afficher'),
  );
}

/** The API's own files, fetched with the token and saved; and the print dialog. */
function actions(bilan: Bilan): HTMLElement {
  const status = h('span', { class: 'muted', role: 'status' });
  const download = (format: 'csv' | 'xlsx') => async () => {
    status.textContent = '';
    try {
      const suffix = query(bilan.scope);
      const file = await api<Blob>(
        'GET',
        `/api/bilans/${bilan.year}?format=${format}${suffix ? `&${suffix}` : ''}`,
        undefined,
        { raw: 'blob' },
      );
      const link = h('a', {
        href: URL.createObjectURL(file),
        download: bilanFileName(bilan, format),
      });
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 1000);
    } catch (error) {
      status.textContent = `Le fichier n’a pas pu être téléchargé : ${(error as Error).message}`;
    }
  };
  return h(
    'div',
    { class: 'actions bilan-actions' },
    h(
      'div',
      { class: 'exports', role: 'group', 'aria-label': 'Exporter le bilan' },
      h('span', { class: 'muted' }, 'Exporter :'),
      h('button', { type: 'button', class: 'secondary small', onclick: download('csv') }, 'CSV'),
      h(
        'button',
        { type: 'button', class: 'secondary small', onclick: download('xlsx') },
        'Excel (.xlsx)',
      ),
    ),
    h(
      'button',
      { type: 'button', class: 'secondary small', onclick: () => window.print() },
      'Imprimer / PDF',
    ),
    status,
  );
}
