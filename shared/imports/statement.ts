import {
  type HourMode,
  type LineField,
  type LineFields,
  lineFieldProblems,
} from '#shared/domain/hours';
import type { LineError } from '#shared/errors';
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

/** The column that holds each part of a line. */
export const STATEMENT_COLUMN_OF: Record<LineField, StatementColumn> = {
  contract: 'contract_reference',
  plieId: 'plie_id',
  participant: 'participant_ref',
  month: 'month',
  hours: 'hours',
  mode: 'mode',
};

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

export type { LineError } from '#shared/errors';

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
    if (row.fields.length !== csv.header.length) {
      errors.push({
        line: row.line,
        column: STATEMENT_COLUMNS[0],
        message: `${row.fields.length} colonnes au lieu de ${csv.header.length} (séparateur « ${csv.delimiter} »)`,
      });
      continue;
    }
    const cell = (column: StatementColumn) => (row.fields[position[column]] ?? '').trim();
    const fields: LineFields = {
      contract: cell('contract_reference'),
      plieId: cell('plie_id'),
      participant: cell('participant_ref') || null,
      month: cell('month'),
      hours: parseHours(cell('hours')),
      mode: cell('mode'),
    };
    const problems = lineFieldProblems(fields);
    for (const problem of problems) {
      const column = STATEMENT_COLUMN_OF[problem.field];
      errors.push({
        line: row.line,
        column,
        message:
          problem.field === 'hours' && fields.hours === null
            ? `Nombre d'heures illisible : « ${cell('hours')} »`
            : problem.message,
      });
    }
    if (problems.length === 0) {
      lines.push({
        line: row.line,
        contractReference: fields.contract,
        plieId: fields.plieId,
        participantRef: fields.participant,
        month: fields.month,
        hours: fields.hours as number,
        mode: fields.mode as HourMode,
      });
    }
  }
  return { lines, errors };
}
