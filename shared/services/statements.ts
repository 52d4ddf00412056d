import { createHash } from 'node:crypto';
import type { Identity } from '#shared/domain/access';
import { newLine, voidedLine } from '#shared/domain/hours';
import { statementIdOf, statementLineId } from '#shared/domain/statements';
import { ConflictError, type LineError, NotFoundError, StatementError } from '#shared/errors';
import {
  type PartialLine,
  type ReadStatement,
  readStatement,
  type StatementLine,
} from '#shared/imports/statement';
import { LineRejectedError } from '#shared/store/hours';
import type { StatementRecord } from '#shared/store/statements';
import { type ImportProgress, type ServiceDeps, writeContext } from './deps';
import { checkLines, personMonthKey } from './line-checks';

/** A statement's fingerprints and its lines' ids are SHA-256 hex digests. */
export const sha256 = (data: string | Uint8Array) =>
  createHash('sha256').update(data).digest('hex');

/** A statement as uploaded: CSV text (already decoded), or an Excel workbook's bytes. */
export type StatementFile = string | { xlsx: Uint8Array };

/** The file's fingerprint: a CSV's text (as before workbooks were read), a workbook's bytes. */
const fileHashOf = (file: StatementFile) => sha256(typeof file === 'string' ? file : file.xlsx);

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
  const { lines, errors, headers, partial } = await readStatementFile(file);
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
  const allErrors: LineError[] = [...errors, ...(await unknownNames(deps, partial, headers))];
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
): Promise<LineError[]> {
  const contracts = new Map<string, Promise<boolean>>();
  const plies = new Map<string, Promise<boolean>>();
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
    const plieId = line.plieId;
    if (
      plieId &&
      !(await known(plies, plieId, async () => (await deps.stores.plies.get(plieId)) !== null))
    ) {
      errors.push({
        line: line.line,
        column: headers.plieId,
        message: `PLIE inconnu : « ${plieId} »`,
      });
    }
  }
  return errors;
}

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
    replaces?: string;
    /** The file's lines already checked (a replacement checks its file before voiding). */
    checked?: Awaited<ReturnType<typeof checkedStatement>>;
    /** Lines done out of the file's lines, as the import goes (a job's progress). */
    onProgress?: ImportProgress;
  } = {},
): Promise<StatementImportResult> {
  const fileHash = fileHashOf(file);
  const statementId = statementIdOf(fileHash);
  const existing = await deps.stores.statements.get(statementId);
  if (existing && (existing.status === 'withdrawn' || existing.status === 'replaced')) {
    throw new ConflictError(
      `Ce fichier est le relevé ${statementId}, ${existing.status === 'withdrawn' ? 'retiré' : 'remplacé'} : envoyez le relevé corrigé.`,
    );
  }
  const resolved = options.checked ?? (await checkedStatement(deps, file));
  const context = writeContext(deps, actor);
  const made = { at: context.at, by: actor.sub };
  const records = resolved.map(({ line, contractId, participantId }) => {
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
    uploadedAt: context.at,
    uploadedBy: actor.sub,
    contractReferences: [...new Set(resolved.map((r) => r.line.contractReference))].sort(),
    months: [...new Set(resolved.map((r) => r.line.month))].sort(),
    lineCount: records.length,
    lastLine: Math.max(1, ...resolved.map((r) => r.line.line)),
    hours: records.reduce((sum, r) => sum + r.hours, 0),
    status: 'importing',
    replaces: options.replaces ?? null,
    replacedBy: null,
    reason: null,
    origin: 'upload',
    contractId: null,
    month: null,
    awardeeSiret: null,
    declaredLines: [],
    reviewedAt: null,
    reviewedBy: null,
  };
  // The record first: an import cut off half-way is found, and finished, by the next post.
  await deps.stores.statements.claim(statement, context);
  let result: { imported: number; alreadyImported: number };
  try {
    await options.onProgress?.(0, records.length);
    result = await deps.stores.lineBatches.importLines(records, context, (done) =>
      options.onProgress?.(done, records.length),
    );
  } catch (error) {
    if (error instanceof LineRejectedError) {
      throw new ConflictError(
        'Des heures ont été saisies pendant l’import pour les mêmes personnes : postez le relevé à nouveau (les lignes déjà importées ne seront pas comptées deux fois).',
      );
    }
    throw error;
  }
  if ((existing?.status ?? 'importing') === 'importing') {
    await deps.stores.statements.setStatus(
      statementId,
      'importing',
      { status: 'imported' },
      context,
    );
  }
  return { statementId, ...result, lines: records.length };
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

/** The statement, if it can still be withdrawn or replaced (409 otherwise). */
async function statementToClose(
  deps: ServiceDeps,
  statementId: string,
  verb: 'retiré' | 'remplacé',
): Promise<StatementRecord> {
  const statement = await getStatement(deps, statementId);
  // A file imported can be withdrawn or replaced; an awardee's statement once validated can be
  // withdrawn (its correction is the awardee's, a new statement).
  const open =
    statement.status === 'imported' || (verb === 'retiré' && statement.status === 'validated');
  if (!open) {
    throw new ConflictError(
      `Ce relevé est ${STATUS_WORDS[statement.status]} : il ne peut être ${verb}.`,
    );
  }
  return statement;
}

/** The statement's lines still active, voided as `reason` says (not yet written). */
async function activeLinesVoided(
  deps: ServiceDeps,
  statement: StatementRecord,
  reason: string,
  made: { at: string; by: string },
) {
  const stored = await deps.stores.lineBatches.getMany(statementLineIds(statement));
  return [...stored.values()]
    .filter((line) => line.status === 'active')
    .map((line) => voidedLine(line, reason, made));
}

/**
 * Withdraws a statement: every line of it still active is voided with the reason, in batches,
 * and the statement is marked withdrawn. Asked again after a cut, it finishes the job.
 */
export async function withdrawStatement(
  deps: ServiceDeps,
  actor: Identity,
  statementId: string,
  reason: string,
): Promise<StatementRecord> {
  const statement = await statementToClose(deps, statementId, 'retiré');
  const context = writeContext(deps, actor);
  const voided = await activeLinesVoided(deps, statement, reason, {
    at: context.at,
    by: actor.sub,
  });
  await deps.stores.lineBatches.voidLines(voided, context);
  await deps.stores.statements.setStatus(
    statementId,
    statement.status,
    { status: 'withdrawn', reason },
    context,
  );
  return { ...statement, status: 'withdrawn', reason };
}

/**
 * Replaces a statement by a corrected file: the new file is checked whole first (the old
 * statement's hours given back for the 250 h rule), then the old lines are voided with the
 * reason and the new ones logged, both linked in the history. Nothing is voided if the new file
 * is refused; asked again after a cut, each step finishes without doubling anything.
 */
export async function replaceStatement(
  deps: ServiceDeps,
  actor: Identity,
  statementId: string,
  file: StatementFile,
  reason: string,
): Promise<StatementImportResult> {
  if (statementIdOf(fileHashOf(file)) === statementId) {
    throw new ConflictError(
      'Ce fichier est le relevé à remplacer lui-même : envoyez le relevé corrigé.',
    );
  }
  const old = await statementToClose(deps, statementId, 'remplacé');
  const context = writeContext(deps, actor);
  const voided = await activeLinesVoided(deps, old, reason, { at: context.at, by: actor.sub });
  const released = new Map<string, number>();
  for (const line of voided) {
    if (!line.participantId) continue;
    const key = personMonthKey(line.participantId, line.month);
    released.set(key, (released.get(key) ?? 0) + line.hours);
  }
  // Checked once, before anything is voided: a refused file leaves the old statement whole.
  const checked = await checkedStatement(deps, file, released);
  await deps.stores.lineBatches.voidLines(voided, context);
  const result = await importStatement(deps, actor, file, { replaces: statementId, checked });
  await deps.stores.statements.setStatus(
    statementId,
    'imported',
    { status: 'replaced', reason, replacedBy: result.statementId },
    context,
  );
  return result;
}

const STATUS_WORDS: Record<StatementRecord['status'], string> = {
  importing: 'en cours d’import',
  imported: 'importé',
  withdrawn: 'retiré',
  replaced: 'remplacé',
  submitted: 'déclaré, à valider',
  validated: 'validé',
  rejected: 'refusé',
};
