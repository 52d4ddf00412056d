import { frenchMonth, monthNumberOf, type YearMonth, yearOf } from '#shared/domain/calendar';
import { HOUR_MODE_LABELS, HOUR_MODES } from '#shared/domain/hours';
import { STATEMENT_FIELDS, STATEMENT_HEADERS } from './statement';

// The statement template users download: the French headers, one example line per modality
// (so the list of modalities is in the file itself), in CSV as French Excel opens it and in
// .xlsx with a second sheet that explains each column.

const EXAMPLE_CONTRACT = 'EXEMPLE-2026-001';

/** `2026-10` → `10/2026`, as French spreadsheets write a month. */
const slashMonth = (month: YearMonth) =>
  `${String(monthNumberOf(month)).padStart(2, '0')}/${yearOf(month)}`;

export function templateLines(month: YearMonth): { header: string[]; rows: (string | number)[][] } {
  return {
    header: STATEMENT_FIELDS.map((f) => STATEMENT_HEADERS[f]),
    rows: HOUR_MODES.map((mode, i) => [
      EXAMPLE_CONTRACT,
      'mon-plie',
      `P-${String(i + 1).padStart(4, '0')}`,
      slashMonth(month),
      i % 2 ? 35 : 35.5,
      HOUR_MODE_LABELS[mode],
    ]),
  };
}

const csvCell = (value: string | number) => {
  const text = typeof value === 'number' ? String(value).replace('.', ',') : value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The template as CSV: UTF-8 with a byte order mark, `;`, decimal comma, CRLF. */
export function templateCsv(month: YearMonth): string {
  const { header, rows } = templateLines(month);
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

/** The template as a workbook: the statement, then how to fill it in. */
export async function templateXlsx(month: YearMonth): Promise<Uint8Array> {
  const { writeXlsx } = await import('./xlsx-write');
  const { header, rows } = templateLines(month);
  return writeXlsx([
    { name: 'Relevé', rows: [header, ...rows], widths: [22, 14, 14, 10, 10, 34] },
    {
      name: 'Aide',
      widths: [22, 90],
      rows: [
        ['Colonne', 'Ce qu’on y écrit'],
        [STATEMENT_HEADERS.contract, 'La référence du marché, comme dans le suivi (ex. 2026-0042)'],
        [STATEMENT_HEADERS.plieId, 'L’identifiant du PLIE qui suit la personne (ex. bordeaux)'],
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
        [
          '',
          'Remplacez les lignes d’exemple par les vôtres : elles seraient refusées (marché inconnu).',
        ],
      ],
    },
  ]);
}
