import type { DuplicateDecision } from '#shared/domain/duplicates';
import { addHours, type HourLine } from '#shared/domain/hours';
import { transitionRefusal } from '#shared/domain/statement-lifecycle';
import { statementIdOf } from '#shared/domain/statements';
import { ConflictError } from '#shared/errors';
import type { StatementRecord } from '#shared/store/statements';
import type { ServiceDeps } from './deps';
import { describeDuplicates } from './duplicates';
import { personMonthKey } from './line-checks';
import { type CheckedFile, checkedFile, fileHashOf, type StatementFile } from './statement-check';
import { activeLines, getStatement, type StatementImportResult } from './statements';

// A statement's corrected file, checked as an import is (issue 29): the lines of the
// correction that repeat hours counted from another source — a typed line, another file, an
// awardee's declaration — are flagged and left out unless the facilitator counts them. The
// statement it replaces is no other source: its lines are voided by the correction.

/** What a correction may say besides its file: its duplicates' decision, its file's name. */
export interface ReplaceOptions {
  duplicates?: DuplicateDecision | undefined;
  fileName?: string | null | undefined;
}

/** The statement to replace sent again is no correction. */
export function notItself(file: StatementFile, statementId: string): void {
  if (statementIdOf(fileHashOf(file)) === statementId) {
    throw new ConflictError(
      'Ce fichier est le relevé à remplacer lui-même : envoyez le relevé corrigé.',
    );
  }
}

/**
 * A correction checked whole: the old statement's hours given back for the 250 h rule, and its
 * possible duplicates found and decided (left out by default).
 */
export async function checkedReplacement(
  deps: ServiceDeps,
  old: StatementRecord,
  oldLines: readonly HourLine[],
  file: StatementFile,
  decision: DuplicateDecision = 'skip',
): Promise<CheckedFile> {
  const released = new Map<string, number>();
  for (const line of oldLines) {
    if (!line.participantId) continue;
    const key = personMonthKey(line.participantId, line.month);
    released.set(key, addHours(released.get(key) ?? 0, line.hours));
  }
  return checkedFile(deps, file, released, {
    decision,
    statementId: statementIdOf(fileHashOf(file)),
    replaces: old.id,
  });
}

/**
 * What replacing the statement by this file would do, written nowhere (the replace form's
 * look before it is sent): the same checks (422 on an error), its possible duplicates and,
 * with `decision`, which lines would be left out. A statement that cannot be replaced is a 409.
 */
export async function previewReplacement(
  deps: ServiceDeps,
  statementId: string,
  file: StatementFile,
  decision: DuplicateDecision = 'skip',
): Promise<StatementImportResult> {
  notItself(file, statementId);
  const old = await getStatement(deps, statementId);
  const refusal = transitionRefusal(old.status, 'replace');
  if (refusal) throw new ConflictError(refusal);
  const checked = await checkedReplacement(deps, old, await activeLines(deps, old), file, decision);
  return {
    statementId: statementIdOf(fileHashOf(file)),
    imported: 0,
    alreadyImported: 0,
    lines: checked.lines.length,
    duplicates: await describeDuplicates(deps, checked.flagged),
    leftOut: checked.leftOut,
  };
}
