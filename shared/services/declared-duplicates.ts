import type { HourLine } from '#shared/domain/hours';
import type { DeclaredLine, StatementRecord } from '#shared/store/statements';
import type { ServiceDeps } from './deps';
import { describeDuplicates, type FlaggedLine, findDuplicates } from './duplicates';
import { type CheckedLine, checkLines, type LineToCheck } from './line-checks';

// An awardee's declaration beside what is already counted for its contract and month: the
// facilitator's own file for that month, a typed line, another declaration. Its lines that may
// repeat counted hours (shared/domain/duplicates.ts) are shown on the statement to validate,
// and left out of the validation unless she confirms them.

/** A declared line as any hour line is checked: on the statement's contract and month. */
export function declaredToCheck(statement: StatementRecord, line: DeclaredLine): LineToCheck {
  return {
    contract: { id: statement.contractId as string },
    plieId: line.plieId,
    participant: line.participantRef ? { ref: line.participantRef } : null,
    month: statement.month as string,
    hours: line.hours,
  };
}

/** The declared lines (checked as `checked` says) that may duplicate a counted line. */
export async function flaggedDeclaredLines(
  deps: ServiceDeps,
  statement: StatementRecord,
  checked: readonly CheckedLine[],
): Promise<{ line: number; duplicateOf: HourLine }[]> {
  const candidates = statement.declaredLines.flatMap((line, i) => {
    const result = checked[i] as CheckedLine;
    const participantId = result.ok ? result.participantId : result.resolved?.participantId;
    if (participantId === undefined) return [];
    return [
      {
        line: line.line,
        contractId: statement.contractId as string,
        plieId: line.plieId,
        participantId,
        month: statement.month as string,
        hours: line.hours,
      },
    ];
  });
  const found = await findDuplicates(deps, candidates, statement.id);
  return candidates.flatMap((candidate, i) => {
    const duplicateOf = found[i];
    return duplicateOf ? [{ line: candidate.line, duplicateOf }] : [];
  });
}

/** For a statement awaiting validation: its possible duplicates, described (none otherwise). */
export async function possibleDuplicatesOf(
  deps: ServiceDeps,
  statement: StatementRecord,
): Promise<FlaggedLine[]> {
  if (statement.origin !== 'awardee' || statement.status !== 'submitted') return [];
  const checked = await checkLines(
    deps,
    statement.declaredLines.map((line) => declaredToCheck(statement, line)),
  );
  return describeDuplicates(deps, await flaggedDeclaredLines(deps, statement, checked));
}
