import { actorName, type Identity } from '#shared/domain/access';
import type { DuplicateDecision } from '#shared/domain/duplicates';
import { type HourLine, newLine, sumHours } from '#shared/domain/hours';
import {
  isCounted,
  STATEMENT_STATE_LABELS,
  STATEMENT_TRANSITIONS,
} from '#shared/domain/statement-lifecycle';
import { statementIdOf, statementLineId } from '#shared/domain/statements';
import { ConflictError, NotFoundError } from '#shared/errors';
import { LineRejectedError } from '#shared/store/hours';
import type { StatementRecord } from '#shared/store/statements';
import { type ImportProgress, type ServiceDeps, writeContext } from './deps';
import { describeDuplicates, type FlaggedLine } from './duplicates';
import {
  type CheckedFile,
  type CheckedStatementLine,
  checkedFile,
  fileHashOf,
  type StatementFile,
  sha256,
} from './statement-check';

export {
  checkedStatement,
  fileHashOf,
  readStatementFile,
  type StatementFile,
  sha256,
} from './statement-check';

export interface StatementImportResult {
  statementId: string;
  imported: number;
  alreadyImported: number;
  lines: number;
  /** Lines of the file that may duplicate hours already counted from another source. */
  duplicates: FlaggedLine[];
  /** Those of them left out (the default), by line number; the others were counted. */
  leftOut: number[];
}

/** Who sent a file, and when: the line stamps' `by`, and the statement's named sender and file. */
export interface FileSent {
  at: string;
  by: string;
  /** The sender as histories name them (actorName). */
  byName?: string;
  fileName?: string | null;
}

/** Who sends, as a file's statement records them. */
export const sentBy = (actor: Identity, at: string, fileName: string | null | undefined) => ({
  at,
  by: actor.sub,
  byName: actorName(actor),
  fileName: fileName ?? null,
});

/** A checked file as the statement it makes and its lines, stamped with who and when. */
export function fileStatement(
  file: StatementFile,
  checked: readonly CheckedStatementLine[],
  sent: FileSent,
  replaces: string | null,
  /** The file's lines left out as possible duplicates, and what the whole file names. */
  decided?: Pick<CheckedFile, 'leftOut' | 'names'>,
): { statement: StatementRecord; lines: HourLine[] } {
  const fileHash = fileHashOf(file);
  const statementId = statementIdOf(fileHash);
  const made = { at: sent.at, by: sent.by };
  const lines = checked.map(({ line, contractId, participantId }) => {
    const record = newLine('', { ...line, contractId, participantId }, made, 'statement', {
      statementId,
      statementLine: line.line,
    });
    record.id = statementLineId(statementId, line.line, sha256);
    return record;
  });
  const leftOut = decided?.leftOut ?? [];
  const statement: StatementRecord = {
    id: statementId,
    fileHash,
    uploadedAt: made.at,
    uploadedBy: made.by,
    ...(sent.byName ? { uploadedByName: sent.byName } : {}),
    ...(sent.fileName ? { fileName: sent.fileName } : {}),
    contractReferences:
      decided?.names.contractReferences ??
      [...new Set(checked.map((r) => r.line.contractReference))].sort(),
    months: decided?.names.months ?? [...new Set(checked.map((r) => r.line.month))].sort(),
    lineCount: lines.length,
    lastLine: Math.max(1, ...checked.map((r) => r.line.line), ...leftOut),
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
    ...(leftOut.length ? { leftOut } : {}),
  };
  return { statement, lines };
}

/** Lines refused by a total while a statement's lines were written. */
export const LINES_RACED =
  'Des heures ont été saisies entre-temps pour les mêmes personnes : envoyez à nouveau (les lignes déjà comptées ne le seront pas deux fois).';

/**
 * Imports a monthly statement as a record of its own: any error refuses the whole file; the
 * same file posted again is the same statement and imports only what is missing; a different
 * file is a different statement. Its lines that may duplicate hours already counted from
 * another source (typed, another file, an awardee's declaration) are listed in the answer, and
 * left out unless `duplicates` is `count`: hours counted twice cost a buyer's trust in every
 * figure, a line left out is one click to count (the file again with `count`, or typed), and
 * silence was the fault. The decision is recorded with the statement: the same file posted
 * again leaves out, or counts, the same lines.
 */
export async function importStatement(
  deps: ServiceDeps,
  actor: Identity,
  file: StatementFile,
  options: {
    /** Lines done out of the file's lines, as the import goes (a job's progress). */
    onProgress?: ImportProgress;
    /** What to do with possible duplicates: leave them out (default) or count them. */
    duplicates?: DuplicateDecision | undefined;
    /** The file's name, as the page sent it (already validated). */
    fileName?: string | null | undefined;
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
  const checked = await checkedFile(deps, file, undefined, {
    decision: options.duplicates ?? 'skip',
    statementId,
    // Recorded before (an older statement left nothing out): that decision stands.
    recorded: existing ? (existing.leftOut ?? []) : undefined,
  });
  const context = writeContext(deps, actor);
  const { statement, lines } = fileStatement(
    file,
    checked.lines,
    sentBy(actor, context.at, options.fileName),
    null,
    checked,
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
    // The journal's entry names the file's PLIEs, which the statement record does not hold.
    await deps.stores.statements.settle(statement, 'import', {}, context, {
      plieIds: lines.map((line) => line.plieId),
    });
  }
  return {
    statementId,
    ...result,
    lines: lines.length,
    duplicates: await describeDuplicates(deps, checked.flagged),
    leftOut: checked.leftOut,
  };
}

/**
 * What importing the file would do, written nowhere: the same checks (422 on an error), the
 * possible duplicates and, with `duplicates`, which lines would be left out.
 */
export async function previewStatement(
  deps: ServiceDeps,
  file: StatementFile,
  decision: DuplicateDecision = 'skip',
): Promise<StatementImportResult> {
  const statementId = statementIdOf(fileHashOf(file));
  const existing = await deps.stores.statements.get(statementId);
  const checked = await checkedFile(deps, file, undefined, {
    decision,
    statementId,
    recorded: existing ? (existing.leftOut ?? []) : undefined,
  });
  return {
    statementId,
    imported: 0,
    alreadyImported: 0,
    lines: checked.lines.length,
    duplicates: await describeDuplicates(deps, checked.flagged),
    leftOut: checked.leftOut,
  };
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

/** The statement's lines still active (a file's or a validated declaration's). */
export async function activeLines(
  deps: ServiceDeps,
  statement: StatementRecord,
): Promise<HourLine[]> {
  const stored = await deps.stores.lineBatches.getMany(statementLineIds(statement));
  return [...stored.values()].filter((line) => line.status === 'active');
}

export async function getStatement(
  deps: ServiceDeps,
  statementId: string,
): Promise<StatementRecord> {
  const statement = await deps.stores.statements.get(statementId);
  if (!statement) throw new NotFoundError('Ce relevé n’existe pas.');
  return statement;
}
