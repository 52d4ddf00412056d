import { readMonth } from '#shared/domain/calendar';
import { plainNumberText } from '#shared/domain/format';
import {
  HOUR_MODE_LABELS,
  HOUR_MODES,
  type HourMode,
  type LineField,
  type LineFields,
  lineFieldProblems,
} from '#shared/domain/hours';
import type { LineError } from '#shared/errors';
import { type CsvRow, parseCsv, type SheetRows } from './csv';

// The monthly statement ("relevé mensuel") a facilitator uploads: one line per person, month,
// contract and PLIE. This reads and checks the file on its own, as French offices write it
// (French or English headers, modality labels or codes, months and numbers as spreadsheets
// write them); the service checks what it refers to (contracts, PLIEs, participants).

/** The columns of a statement, in the order of the template, with their French headers. */
export const STATEMENT_HEADERS: Record<LineField, string> = {
  contract: 'Référence du marché',
  plieId: 'PLIE',
  participant: 'Participant',
  month: 'Mois',
  hours: 'Heures',
  mode: 'Modalité',
};
export const STATEMENT_FIELDS = Object.keys(STATEMENT_HEADERS) as LineField[];

/** The headers of the first, English, format: still read. */
export const STATEMENT_COLUMNS = [
  'contract_reference',
  'plie_id',
  'participant_ref',
  'month',
  'hours',
  'mode',
] as const;

/** A header, or a modality, as people type it: case, accents, apostrophes and spacing aside. */
export function plainText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/[_\s\u00a0\u202f]+/g, ' ')
    .replace(/\s*:$/, '')
    .trim();
}

const HEADER_NAMES: Record<LineField, string[]> = {
  contract: ['reference du marche', 'reference marche', 'marche', 'n° de marche', 'reference'],
  plieId: ['plie', 'identifiant du plie', 'plie id'],
  participant: ['participant', 'reference du participant', 'reference participant'],
  month: ['mois', 'periode'],
  hours: ['heures', "nombre d'heures", 'heures realisees', 'nb heures'],
  mode: ['modalite', 'modalite de realisation', 'modalites'],
};
STATEMENT_FIELDS.forEach((field, i) => {
  HEADER_NAMES[field].push(plainText(STATEMENT_COLUMNS[i] as string));
});

/** Which field a header names, or null for a column the statement does not use. */
export function fieldOfHeader(header: string): LineField | null {
  const plain = plainText(header);
  return STATEMENT_FIELDS.find((field) => HEADER_NAMES[field].includes(plain)) ?? null;
}

/** Where each field is in a header; the problems of a header that lacks one or repeats one. */
export function statementColumns(header: readonly string[]): {
  position: Partial<Record<LineField, number>>;
  problems: { column: string; message: string }[];
} {
  const position: Partial<Record<LineField, number>> = {};
  const problems: { column: string; message: string }[] = [];
  header.forEach((name, i) => {
    const field = fieldOfHeader(name);
    if (!field) return;
    if (position[field] !== undefined) {
      problems.push({
        column: name,
        message: `Deux colonnes « ${STATEMENT_HEADERS[field]} » : « ${header[position[field]]} » et « ${name} »`,
      });
    } else position[field] = i;
  });
  for (const field of STATEMENT_FIELDS) {
    if (position[field] === undefined) {
      problems.push({
        column: STATEMENT_HEADERS[field],
        message: `Colonne « ${STATEMENT_HEADERS[field]} » absente de l'en-tête (attendu : ${STATEMENT_FIELDS.map((f) => STATEMENT_HEADERS[f]).join(' ; ')})`,
      });
    }
  }
  return { position, problems };
}

const MODE_NAMES = new Map<string, HourMode>();
const modeAliases: Record<HourMode, string[]> = {
  'direct-hire': ['embauche', 'embauche directe', 'recrutement direct'],
  'temporary-work': ["interim d'insertion (etti)", "interim d'insertion", 'interim', 'etti'],
  geiq: ['geiq'],
  'ai-provision': ['ai', 'association intermediaire', 'mise a disposition (ai)'],
  'siae-subcontracting': ['sous-traitance siae', 'cotraitance siae', 'siae'],
  training: ['formation'],
};
for (const mode of HOUR_MODES) {
  for (const name of [mode, HOUR_MODE_LABELS[mode], ...modeAliases[mode]]) {
    MODE_NAMES.set(plainText(name), mode);
  }
}

/** A modality by its code (`geiq`) or its label as users see it (`Mise à disposition GEIQ`). */
export function readMode(text: string): string {
  return MODE_NAMES.get(plainText(text)) ?? text.trim();
}

/**
 * Hours as spreadsheets write them: `35,5`, `35.5`, `1 234,5` (a space, or a non-breaking one,
 * between thousands); null when unreadable.
 */
export function readHours(value: string): number | null {
  const text = plainNumberText(value);
  return /^\d{1,6}(\.\d{1,4})?$/.test(text) ? Number(text) : null;
}

/** A monthly statement has hundreds of lines; more than this is a job (see imports). */
export const MAX_STATEMENT_LINES = 60_000;

export interface StatementLine {
  line: number;
  contractReference: string;
  plieId: string;
  participantRef: string | null;
  month: string;
  hours: number;
  mode: HourMode;
}

/** A line whose own fields are wrong: what it names is still checked, to report all at once. */
export interface PartialLine {
  line: number;
  contractReference: string | null;
  plieId: string | null;
}

export type { LineError } from '#shared/errors';

export interface ReadStatement {
  lines: StatementLine[];
  errors: LineError[];
  /** Each field's header as written in the file: errors name the column the user sees. */
  headers: Record<LineField, string>;
  partial: PartialLine[];
}

/**
 * The table under its header: the first row, or the first of the next ten that names every
 * column (a workbook often opens with a title line or two above the table).
 */
function underHeader(sheet: SheetRows): SheetRows {
  if (statementColumns(sheet.header).problems.length === 0) return sheet;
  const found = sheet.rows
    .slice(0, 10)
    .findIndex((row) => statementColumns(row.fields.map((f) => f.trim())).problems.length === 0);
  if (found === -1) return sheet;
  return {
    header: (sheet.rows[found] as CsvRow).fields.map((f) => f.trim()),
    rows: sheet.rows.slice(found + 1),
  };
}

export function readStatement(file: string | SheetRows): ReadStatement {
  const sheet = underHeader(typeof file === 'string' ? parseCsv(file) : file);
  const errors: LineError[] = [];
  const { position, problems } = statementColumns(sheet.header);
  const headers = Object.fromEntries(
    STATEMENT_FIELDS.map((field) => [
      field,
      position[field] === undefined
        ? STATEMENT_HEADERS[field]
        : (sheet.header[position[field]] as string),
    ]),
  ) as Record<LineField, string>;
  const none = { lines: [], headers, partial: [] };
  if (problems.length) {
    return { ...none, errors: problems.map((problem) => ({ line: 1, ...problem })) };
  }
  if (sheet.rows.length === 0) {
    return {
      ...none,
      errors: [
        { line: 2, column: headers.contract, message: 'Le relevé ne contient aucune ligne' },
      ],
    };
  }
  if (sheet.rows.length > MAX_STATEMENT_LINES) {
    return {
      ...none,
      errors: [
        {
          line: (sheet.rows[MAX_STATEMENT_LINES] as { line: number }).line,
          column: headers.contract,
          message: `Au plus ${MAX_STATEMENT_LINES} lignes par relevé`,
        },
      ],
    };
  }
  const at = position as Record<LineField, number>;
  const lines: StatementLine[] = [];
  const partial: PartialLine[] = [];
  for (const row of sheet.rows) {
    if (row.fields.length > sheet.header.length) {
      errors.push({
        line: row.line,
        column: headers.contract,
        message: `${row.fields.length} colonnes au lieu de ${sheet.header.length} : un séparateur dans une valeur non mise entre guillemets ?`,
      });
      continue;
    }
    const cell = (field: LineField) => (row.fields[at[field]] ?? '').trim();
    const fields: LineFields = {
      contract: cell('contract'),
      // As written: the service finds the PLIE by its code or its name (`findPlie`).
      plieId: cell('plieId'),
      participant: cell('participant') || null,
      month: readMonth(cell('month')) ?? cell('month'),
      hours: readHours(cell('hours')),
      mode: readMode(cell('mode')),
    };
    const found = lineFieldProblems(fields).filter(
      (problem) => problem.field !== 'plieId' || !plieNameReadable(fields.plieId),
    );
    for (const problem of found) {
      errors.push({
        line: row.line,
        column: headers[problem.field],
        message: fieldMessage(problem.field, cell(problem.field), problem.message),
      });
    }
    if (found.length === 0) {
      lines.push({
        line: row.line,
        contractReference: fields.contract,
        plieId: fields.plieId,
        participantRef: fields.participant,
        month: fields.month,
        hours: fields.hours as number,
        mode: fields.mode as HourMode,
      });
    } else {
      const wrong = new Set(found.map((p) => p.field));
      partial.push({
        line: row.line,
        contractReference: wrong.has('contract') ? null : fields.contract,
        plieId: wrong.has('plieId') ? null : fields.plieId,
      });
    }
  }
  return { lines, errors, headers, partial };
}

/** A PLIE's name or code short enough to be looked up among the structure's PLIEs. */
const plieNameReadable = (text: string) => text.length > 0 && text.length <= 120;

/** The reader's words for what it could not read; the domain's for the rest. */
function fieldMessage(field: LineField, written: string, message: string): string {
  if (field === 'month' && readMonth(written) === null) {
    return `Mois illisible : « ${written} » (écrivez par exemple 10/2026, 2026-10 ou octobre 2026)`;
  }
  if (field === 'hours' && readHours(written) === null) {
    return `Nombre d'heures illisible : « ${written} » (écrivez par exemple 35 ou 35,5)`;
  }
  if (field === 'mode' && !MODE_NAMES.has(plainText(written))) {
    return `Modalité inconnue : « ${written} » (attendu : ${HOUR_MODES.map((m) => HOUR_MODE_LABELS[m]).join(', ')})`;
  }
  return message;
}
