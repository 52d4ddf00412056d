import { frenchMonth, monthNumberOf, type YearMonth, yearOf } from '#shared/domain/calendar';
import { HOUR_MODE_LABELS, HOUR_MODES, type HourMode } from '#shared/domain/hours';
import { type PlieActivity, plieActivityProblem } from '#shared/domain/plies';
import { STATEMENT_FIELDS, STATEMENT_HEADERS } from './statement';

// The statement template users download: the French headers, one example line per modality
// and per PLIE (so the modalities and the PLIEs' names are in the file itself), in CSV as
// French Excel opens it and in .xlsx with a second sheet that explains each column and lists
// the structure's PLIEs with their codes.

const EXAMPLE_CONTRACT = 'EXEMPLE-2026-001';

/** `2026-10` → `10/2026`, as French spreadsheets write a month. */
const slashMonth = (month: YearMonth) =>
  `${String(monthNumberOf(month)).padStart(2, '0')}/${yearOf(month)}`;

/** A PLIE as the template names it: by its name, its code beside it in the help. */
export interface TemplatePlie extends PlieActivity {
  id: string;
  name: string;
}

/**
 * The header and example lines: one per modality, and at least one per PLIE open that month,
 * each naming its PLIE as people write it (the import also takes its code).
 */
export function templateLines(
  month: YearMonth,
  plies: readonly TemplatePlie[],
): { header: string[]; rows: (string | number)[][] } {
  const open = plies.filter((plie) => plieActivityProblem(plie, month) === null);
  const named = (open.length ? open : plies).map((plie) => plie.name);
  const count = Math.max(HOUR_MODES.length, named.length);
  return {
    header: STATEMENT_FIELDS.map((f) => STATEMENT_HEADERS[f]),
    rows: Array.from({ length: count }, (_, i) => [
      EXAMPLE_CONTRACT,
      named[i % named.length] ?? 'PLIE de …',
      `P-${String(i + 1).padStart(4, '0')}`,
      slashMonth(month),
      i % 2 ? 35 : 35.5,
      HOUR_MODE_LABELS[HOUR_MODES[i % HOUR_MODES.length] as HourMode],
    ]),
  };
}

const csvCell = (value: string | number) => {
  const text = typeof value === 'number' ? String(value).replace('.', ',') : value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The template as CSV: UTF-8 with a byte order mark, `;`, decimal comma, CRLF. */
export function templateCsv(month: YearMonth, plies: readonly TemplatePlie[]): string {
  const { header, rows } = templateLines(month, plies);
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

/** The template as a workbook: the statement, then how to fill it in. */
export async function templateXlsx(
  month: YearMonth,
  plies: readonly TemplatePlie[],
): Promise<Uint8Array> {
  const { writeXlsx } = await import('./xlsx-write');
  const { header, rows } = templateLines(month, plies);
  return writeXlsx([
    { name: 'Relevé', rows: [header, ...rows], widths: [22, 14, 14, 10, 10, 34] },
    {
      name: 'Aide',
      widths: [22, 90],
      rows: [
        ['Colonne', 'Ce qu’on y écrit'],
        [STATEMENT_HEADERS.contract, 'La référence du marché, comme dans le suivi (ex. 2026-0042)'],
        [
          STATEMENT_HEADERS.plieId,
          `Le PLIE qui suit la personne, par son nom (ex. ${plies[0]?.name ?? 'PLIE de Bordeaux'}) ou son code : majuscules, accents et « PLIE de » peuvent varier (liste ci-dessous)`,
        ],
        [
          STATEMENT_HEADERS.participant,
          'La référence pseudonyme de la personne (jamais son nom) ; vide si elle n’est pas suivie',
        ],
        [STATEMENT_HEADERS.month, `Le mois des heures : 10/2026, 2026-10 ou ${frenchMonth(month)}`],
        [
          STATEMENT_HEADERS.hours,
          'Les heures du mois, au centième près (35, 35,5 ou 151,67), 250 au plus',
        ],
        [STATEMENT_HEADERS.mode, 'Une des modalités ci-dessous (libellé ou code)'],
        ['', ''],
        ['Code', 'Modalité'],
        ...HOUR_MODES.map((mode) => [mode, HOUR_MODE_LABELS[mode]]),
        ['', ''],
        ['Code du PLIE', 'Nom du PLIE'],
        ...plies.map((plie) => [
          plie.id,
          plie.activeUntil ? `${plie.name} (fermé le ${plie.activeUntil})` : plie.name,
        ]),
        ['', ''],
        [
          '',
          'Remplacez les lignes d’exemple par les vôtres : elles seraient refusées (marché inconnu).',
        ],
      ],
    },
  ]);
}
