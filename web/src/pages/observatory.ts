import { parisMonth, yearOf } from '#shared/domain/calendar';
import { LEGAL_YEARLY_HOURS, SECRECY_THRESHOLD } from '#shared/domain/consolidation';
import { api } from '../api';
import { barList } from '../bar-list';
import { h, loading, notice, replace } from '../dom';
import { type Cell, exportButtons } from '../export';
import { hours, lastMonth, pct } from '../format';
import type { Consolidation } from '../types';
import { yearLinks } from '../year-links';
import { consolidationTable, count, fteText, SECRET, SECRET_NOTE_ID } from './observatory-table';

// The observatory's home: every structure's yearly figures side by side — hours, full-time
// equivalents, people, contracts, exits — read from the structures' totals under statistical
// secrecy. It never shows a person, a line of hours or a contract, and a hidden count is said
// to be hidden, never shown as 0.

/** Years an observatory compares: the four before this one, and this one so far. */
const YEARS_BACK = 4;

export async function observatoryPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const now = new Date();
  const thisYear = yearOf(parisMonth(now));
  // By default the year of the month just ended: in January, the whole year just closed.
  const fallback = yearOf(lastMonth(now));
  const asked = Number(params.get('annee'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked <= thisYear ? asked : fallback;
  replace(main, h('h1', null, `Observatoire — ${year}`), loading());
  const data = await api<Consolidation>('GET', `/api/consolidation?year=${year}`);
  const rows = [...data.tenants].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const years = Array.from({ length: YEARS_BACK + 1 }, (_, i) => thisYear - YEARS_BACK + i);
  replace(
    main,
    h('h1', null, `Observatoire — ${year}`),
    yearLinks(years, year, (y) => `#/?annee=${y}`),
    h(
      'p',
      { class: 'muted' },
      `Les chiffres annuels de chaque structure de la plateforme, lus dans ses totaux : jamais une personne, une ligne d’heures ni une référence de marché. Équivalents temps plein (ETP) : heures ÷ ${LEGAL_YEARLY_HOURS.toLocaleString('fr-FR')} h, la durée légale annuelle.`,
    ),
    year === thisYear
      ? notice(
          'info',
          h('strong', null, 'Année en cours. '),
          `Les chiffres de ${year} vont jusqu’à ce jour et changeront encore : les heures du mois écoulé arrivent dans les premiers jours du mois suivant.`,
        )
      : null,
    rows.length
      ? [
          keyFigures(data, rows.length),
          h('h2', { id: 'observatory-hours' }, 'Heures par structure'),
          h('div', { class: 'card' }, hoursChart(rows, year)),
          h(
            'div',
            { class: 'row between' },
            h('h2', { id: 'observatory-table' }, 'Chiffres par structure'),
            exportButtons({
              name: `observatoire-${year}`,
              label: 'Exporter les chiffres par structure',
              headers: EXPORT_HEADERS,
              rows: () => [
                ...rows.map((row) => exportRow(row.name, row)),
                exportRow('Total', data.totals),
              ],
            }),
          ),
          consolidationTable(rows, data.totals, year),
          secretNote(),
        ]
      : notice('info', 'Aucune structure n’est enregistrée sur la plateforme pour l’instant.'),
  );
}

/** The platform's totals at a glance: what an observatory quotes first. */
function keyFigures(data: Consolidation, structures: number): HTMLElement {
  const t = data.totals;
  const figure = (label: string, value: string) =>
    h(
      'div',
      { class: 'figure' },
      h('span', null, label),
      h('strong', value === SECRET ? { 'aria-describedby': SECRET_NOTE_ID } : null, value),
    );
  return h(
    'div',
    { class: 'figures' },
    figure('Heures d’insertion', hours(t.hours)),
    figure('Équivalents temps plein', fteText(t.fte)),
    figure('Structures', count(structures)),
    figure('Personnes', t.people === null ? SECRET : count(t.people)),
    figure(
      'Taux de sorties positives',
      t.positiveRate === null ? SECRET : t.exits ? pct(t.positiveRate) : '—',
    ),
  );
}

function hoursChart(rows: readonly Consolidation['tenants'][number][], year: number): HTMLElement {
  const byHours = [...rows].sort((a, b) => b.hours - a.hours);
  if (!byHours.some((r) => r.hours > 0))
    return h('p', null, `Aucune heure d’insertion n’est comptée en ${year} pour l’instant.`);
  return barList(
    `Heures d’insertion réalisées en ${year}, par structure (de la plus grande à la plus petite)`,
    byHours.map((r) => ({
      label: r.name,
      value: r.hours,
      text: `${hours(r.hours)} · ${fteText(r.fte)} ETP`,
    })),
  );
}

/** What « secret » means, under the table and in the key figures. */
function secretNote(): HTMLElement {
  return h(
    'p',
    { id: SECRET_NOTE_ID, class: 'muted secret-note' },
    h('strong', null, `« ${SECRET} »`),
    ` : moins de ${SECRECY_THRESHOLD} personnes, ou ce qui permettrait de le retrouver (secret statistique). Un chiffre caché n’est pas un zéro ; le total compte toutes les structures, chiffres cachés compris, et n’est caché que s’il est lui-même sous ce seuil. Un taux n’est donné que si les sorties dont il est fait le sont.`,
  );
}

const EXPORT_HEADERS = [
  'Structure',
  'Heures',
  'ETP',
  'Personnes',
  'Marchés',
  'Sorties',
  'Sorties positives',
  'Taux de sorties positives (%)',
];

/** A row of the export: numbers stay numbers, a hidden count leaves as « secret ». */
function exportRow(name: string, row: Consolidation['totals']): Cell[] {
  const shown = (value: number | null): Cell => (value === null ? SECRET : value);
  return [
    name,
    row.hours,
    row.fte,
    shown(row.people),
    row.contracts,
    shown(row.exits),
    shown(row.positive),
    row.positiveRate === null
      ? SECRET
      : row.exits
        ? Math.round(row.positiveRate * 1000) / 10
        : null,
  ];
}
