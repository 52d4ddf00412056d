import { createHash } from 'node:crypto';
import type { Identity } from '#shared/domain/access';
import { type HourLine, newLine, sumHours } from '#shared/domain/hours';
import { findPlie } from '#shared/domain/plies';
import {
  isCounted,
  STATEMENT_STATE_LABELS,
  STATEMENT_TRANSITIONS,
} from '#shared/domain/statement-lifecycle';
import { statementIdOf, statementLineId } from '#shared/domain/statements';
import { ConflictError, type LineError, NotFoundError, StatementError } from '#shared/errors';
import {
  type PartialLine,
  type ReadStatement,
  readStatement,
  type StatementLine,
} from '#shared/imports/statement';
import { LineRejectedError } from '#shared/store/hours';
import type { PlieRecord } from '#shared/store/plies';
import type { StatementRecord } from '#shared/store/statements';
import { type ImportProgress, type ServiceDeps, writeContext } from './deps';
import { checkLines } from './line-checks';

/** A statement's fingerprints and its lines' ids are SHA-256 hex digests. */
export const sha256 = (data: string | Uint8Array) =>
  createHash('sha256').update(data).digest('hex');

/** A statement as uploaded: CSV text (already decoded), or an Excel workbook's bytes. */
export type StatementFile = string | { xlsx: Uint8Array };

/** The file's fingerprint: a CSV's text (as before workbooks were read), a workbook's bytes. */
export const fileHashOf = (file: StatementFile) =>
  sha256(typeof file === 'string' ? file : file.xlsx);

/** Reads the file; the workbook reader is loaded only when a workbook comes. */
export async function readStatementFile(file: StatementFile): Promise<ReadStatement> {
  if (typeof file === 'string') return readStatement(file);
  const { readXlsx } = await import('#shared/imports/xlsx');
  return readStatement(readXlsx(file.xlsx));
}

export interface StatementImportResult {
  statementId: string;
  imported: number;
  alreadyImported: number;
  lines: number;
}

/**
 * Reads and checks a statement file: every line, against the store, all errors at once (422)
 * before anything is written. `released`: hours a replaced statement gives back, by person and
 * month, so that its correction is not refused for the hours it replaces.
 */
export async function checkedStatement(
  deps: ServiceDeps,
  file: StatementFile,
  released?: ReadonlyMap<string, number>,
) {
  const read = await readStatementFile(file);
  const { headers } = read;
  // The file names each PLIE as people write it; the lines from here on carry its code.
  const plies = await deps.stores.plies.list();
  const errors: LineError[] = [...read.errors];
  const partial: PartialLine[] = [...read.partial];
  const lines: StatementLine[] = [];
  for (const line of read.lines) {
    const found = findPlie(plies, line.plieId);
    if (found.ok) lines.push({ ...line, plieId: found.plie.id });
    else {
      errors.push({ line: line.line, column: headers.plieId, message: found.message });
      partial.push({ line: line.line, contractReference: line.contractReference, plieId: null });
    }
  }
  const checked = await checkLines(
    deps,
    lines.map((line) => ({
      contract: { reference: line.contractReference },
      plieId: line.plieId,
      participant: line.participantRef ? { ref: line.participantRef } : null,
      month: line.month,
      hours: line.hours,
    })),
    released,
  );
  const allErrors: LineError[] = [
    ...errors,
    ...(await unknownNames(deps, partial, headers, plies)),
  ];
  checked.forEach((result, i) => {
    if (result.ok) return;
    const { line } = lines[i] as StatementLine;
    for (const problem of result.problems) {
      allErrors.push({ line, column: headers[problem.field], message: problem.message });
    }
  });
  if (allErrors.length) {
    allErrors.sort((a, b) => a.line - b.line || a.column.localeCompare(b.column));
    throw new StatementError(
      `Le relevé n’a pas été importé : ${allErrors.length} erreur(s) à corriger, aucune ligne enregistrée.`,
      allErrors,
    );
  }
  return lines.map((line, i) => {
    const found = checked[i] as Extract<(typeof checked)[number], { ok: true }>;
    return { line, contractId: found.contract.id, participantId: found.participantId };
  });
}

/**
 * The contracts and PLIEs that lines with wrong fields of their own name but do not exist: a
 * facilitator sees every error of a line at once, not one per upload.
 */
async function unknownNames(
  deps: ServiceDeps,
  partial: readonly PartialLine[],
  headers: ReadStatement['headers'],
  plies: readonly PlieRecord[],
): Promise<LineError[]> {
  const contracts = new Map<string, Promise<boolean>>();
  const known = (
    cache: Map<string, Promise<boolean>>,
    key: string,
    find: () => Promise<boolean>,
  ) => {
    if (!cache.has(key)) cache.set(key, find());
    return cache.get(key) as Promise<boolean>;
  };
  const errors: LineError[] = [];
  for (const line of partial) {
    const reference = line.contractReference;
    if (
      reference &&
      !(await known(
        contracts,
        reference,
        async () => (await deps.stores.contracts.findByReference(reference)).length > 0,
      ))
    ) {
      errors.push({
        line: line.line,
        column: headers.contract,
        message: `Marché inconnu : « ${reference} »`,
      });
    }
    const plie = line.plieId ? findPlie(plies, line.plieId) : null;
    if (plie && !plie.ok) {
      errors.push({ line: line.line, column: headers.plieId, message: plie.message });
    }
  }
  return errors;
}

/** A checked file as the statement it makes and its lines, stamped with who and when. */
export function fileStatement(
  file: StatementFile,
  checked: Awaited<ReturnType<typeof checkedStatement>>,
  made: { at: string; by: string },
  replaces: string | null,
): { statement: StatementRecord; lines: HourLine[] } {
  const fileHash = fileHashOf(file);
  const statementId = statementIdOf(fileHash);
  const lines = checked.map(({ line, contractId, participantId }) => {
    const record = newLine('', { ...line, contractId, participantId }, made, 'statement', {
      statementId,
      statementLine: line.line,
    });
    record.id = statementLineId(statementId, line.line, sha256);
    return record;
  });
  const statement: StatementRecord = {
    id: statementId,
    fileHash,
    uploadedAt: made.at,
    uploadedBy: made.by,
    contractReferences: [...new Set(checked.map((r) => r.line.contractReference))].sort(),
    months: [...new Set(checked.map((r) => r.line.month))].sort(),
    lineCount: lines.length,
    lastLine: Math.max(1, ...checked.map((r) => r.line.line)),
    hours: sumHours(lines.map((r) => r.hours)),
    status: STATEMENT_TRANSITIONS.import.via,
    replaces,
    replacedBy: null,
    reason: null,
    origin: 'upload',
    contractId: null,
    month: null,
    awardeeSiret: null,
    declaredLines: [],
    reviewedAt: null,
    reviewedBy: null,
    pending: null,
  };
  return { statement, lines };
}

/** Lines refused by a total while a statement's lines were written. */
export const LINES_RACED =
  'Des heures ont été saisies entre-temps pour les mêmes personnes : envoyez à nouveau (les lignes déjà comptées ne le seront pas deux fois).';

/**
 * Imports a monthly statement as a record of its own: any error refuses the whole file; the
 * same file posted again is the same statement and imports only what is missing; a different
 * file is a different statement and counts all its lines.
 */
export async function importStatement(
  deps: ServiceDeps,
  actor: Identity,
  file: StatementFile,
  options: {
    /** Lines done out of the file's lines, as the import goes (a job's progress). */
    onProgress?: ImportProgress;
  } = {},
): Promise<StatementImportResult> {
  const statementId = statementIdOf(fileHashOf(file));
  const existing = await deps.stores.statements.get(statementId);
  if (existing && existing.status !== STATEMENT_TRANSITIONS.import.via) {
    if (!isCounted(existing.status) || existing.origin !== 'upload') {
      throw new ConflictError(
        `Ce fichier est le relevé ${statementId}, ${STATEMENT_STATE_LABELS[existing.status].toLowerCase()} : envoyez le relevé corrigé.`,
      );
    }
  }
  if (existing?.replaces && existing.status === STATEMENT_TRANSITIONS.import.via) {
    // Its lines are being written by the replacement of another statement: not twice at once.
    throw new ConflictError(
      `Ce fichier est le relevé ${statementId}, qui remplace le relevé ${existing.replaces} : il n’est pas à importer une seconde fois.`,
    );
  }
  const checked = await checkedStatement(deps, file);
  const context = writeContext(deps, actor);
  const { statement, lines } = fileStatement(
    file,
    checked,
    { at: context.at, by: actor.sub },
    null,
  );
  // The record first: an import cut off half-way is found, and finished, by the next post.
  await deps.stores.statements.claim(statement, context);
  let result: { imported: number; alreadyImported: number };
  try {
    await options.onProgress?.(0, lines.length);
    result = await deps.stores.lineBatches.importLines(lines, context, (done) =>
      options.onProgress?.(done, lines.length),
    );
  } catch (error) {
    if (error instanceof LineRejectedError) throw new ConflictError(LINES_RACED);
    throw error;
  }
  if (!existing || existing.status === STATEMENT_TRANSITIONS.import.via) {
    await deps.stores.statements.settle(statement, 'import', {}, context);
  }
  return { statementId, ...result, lines: lines.length };
}

/**
 * The ids a statement's lines may have: a file's, from its last line (the header is line 1);
 * an awardee's, from its declared lines (numbered from 1).
 */
export function statementLineIds(
  statement: Pick<StatementRecord, 'id' | 'lastLine' | 'origin' | 'declaredLines'>,
): string[] {
  if (statement.origin === 'awardee')
    return statement.declaredLines.map((line) => statementLineId(statement.id, line.line, sha256));
  return Array.from({ length: Math.max(0, statement.lastLine - 1) }, (_, i) =>
    statementLineId(statement.id, i + 2, sha256),
  );
}

export async function getStatement(
  deps: ServiceDeps,
  statementId: string,
): Promise<StatementRecord> {
  const statement = await deps.stores.statements.get(statementId);
  if (!statement) throw new NotFoundError('Ce relevé n’existe pas.');
  return statement;
}
