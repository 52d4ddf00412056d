import { isValidMonth } from '../domain/calendar';
import { HOUR_MODES, type HourMode, lineHoursProblem } from '../domain/hours';
import type { LineError } from '../errors';
import { parseCsv } from './csv';

// The monthly statement ("relevé mensuel") a facilitator uploads: one line per person, month,
// contract and PLIE, in the columns below. This reads and checks the file on its own; the
// service checks what it refers to (contracts, PLIEs, participants).

export const STATEMENT_COLUMNS = [
  'contract_reference',
  'plie_id',
  'participant_ref',
  'month',
  'hours',
  'mode',
] as const;
export type StatementColumn = (typeof STATEMENT_COLUMNS)[number];

/** A monthly statement has hundreds of lines; tens of thousands means a wrong file. */
export const MAX_STATEMENT_LINES = 20_000;

export interface StatementLine {
  line: number;
  contractReference: string;
  plieId: string;
  participantRef: string | null;
  month: string;
  hours: number;
  mode: HourMode;
}

export type { LineError } from '../errors';

/** Hours as spreadsheets write them: `35,5` or `35.5`. */
export function parseHours(value: string): number | null {
  const text = value.trim().replace(',', '.');
  return /^\d{1,4}(\.\d{1,4})?$/.test(text) ? Number(text) : null;
}

export function readStatement(text: string): { lines: StatementLine[]; errors: LineError[] } {
  const csv = parseCsv(text);
  const errors: LineError[] = [];
  const missing = STATEMENT_COLUMNS.filter((column) => !csv.header.includes(column));
  if (missing.length) {
    return {
      lines: [],
      errors: missing.map((column) => ({
        line: 1,
        column,
        message: `Colonne « ${column} » absente de l'en-tête (attendu : ${STATEMENT_COLUMNS.join(csv.delimiter)})`,
      })),
    };
  }
  if (csv.rows.length === 0) {
    return {
      lines: [],
      errors: [
        { line: 2, column: 'contract_reference', message: 'Le relevé ne contient aucune ligne' },
      ],
    };
  }
  if (csv.rows.length > MAX_STATEMENT_LINES) {
    return {
      lines: [],
      errors: [
        {
          line: (csv.rows[MAX_STATEMENT_LINES] as { line: number }).line,
          column: 'contract_reference',
          message: `Au plus ${MAX_STATEMENT_LINES} lignes par relevé`,
        },
      ],
    };
  }
  const position = Object.fromEntries(
    STATEMENT_COLUMNS.map((c) => [c, csv.header.indexOf(c)]),
  ) as Record<StatementColumn, number>;
  const lines: StatementLine[] = [];
  for (const row of csv.rows) {
    const before = errors.length;
    const fail = (column: StatementColumn, message: string) =>
      errors.push({ line: row.line, column, message });
    if (row.fields.length !== csv.header.length) {
      errors.push({
        line: row.line,
        column: STATEMENT_COLUMNS[0],
        message: `${row.fields.length} colonnes au lieu de ${csv.header.length} (séparateur « ${csv.delimiter} »)`,
      });
      continue;
    }
    const cell = (column: StatementColumn) => (row.fields[position[column]] ?? '').trim();
    const contractReference = cell('contract_reference');
    if (!contractReference) fail('contract_reference', 'Référence du marché manquante');
    else if (contractReference.length > 100)
      fail('contract_reference', 'Référence trop longue (100 caractères au plus)');
    const plieId = cell('plie_id');
    if (!/^[a-z0-9-]{2,40}$/.test(plieId))
      fail('plie_id', `Identifiant de PLIE invalide : « ${plieId} »`);
    const participantRef = cell('participant_ref') || null;
    if (participantRef && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/.test(participantRef)) {
      fail('participant_ref', `Référence de participant invalide : « ${participantRef} »`);
    }
    const month = cell('month');
    if (!isValidMonth(month)) fail('month', `Mois attendu au format AAAA-MM : « ${month} »`);
    const hours = parseHours(cell('hours'));
    const hoursProblem = hours === null ? null : lineHoursProblem(hours);
    if (hours === null) fail('hours', `Nombre d'heures illisible : « ${cell('hours')} »`);
    else if (hoursProblem) fail('hours', hoursProblem);
    const mode = cell('mode');
    if (!(HOUR_MODES as readonly string[]).includes(mode)) {
      fail('mode', `Modalité inconnue : « ${mode} » (attendu : ${HOUR_MODES.join(', ')})`);
    }
    if (errors.length === before) {
      lines.push({
        line: row.line,
        contractReference,
        plieId,
        participantRef,
        month,
        hours: hours as number,
        mode: mode as HourMode,
      });
    }
  }
  return { lines, errors };
}
