import type { Identity } from '#shared/domain/access';
import type { DuplicateDecision } from '#shared/domain/duplicates';
import { newLine, sumHours } from '#shared/domain/hours';
import { STATEMENT_TRANSITIONS } from '#shared/domain/statement-lifecycle';
import { statementLineId } from '#shared/domain/statements';
import { BusinessRuleError, ConflictError, type LineError, StatementError } from '#shared/errors';
import { LineRejectedError } from '#shared/store/hours';
import type { DeclaredLine, StatementRecord } from '#shared/store/statements';
import { declaredToCheck, flaggedDeclaredLines } from './declared-duplicates';
import { type ServiceDeps, writeContext } from './deps';
import { checkLines } from './line-checks';
import { begun, settleInterrupted, statementReadyFor } from './statement-changes';
import { getStatement, sha256 } from './statements';

// A facilitator's review of an awardee's statement: validated (its lines logged, after the
// same checks as any hour line) or refused (nothing logged, the reasons shown to the awardee).

/** The statement, which must be an awardee's and ready for `transition` (409 otherwise). */
async function submitted(
  deps: ServiceDeps,
  actor: Identity,
  statementId: string,
  transition: 'validate' | 'reject',
): Promise<StatementRecord> {
  const statement = await getStatement(deps, statementId);
  if (statement.origin !== 'awardee') {
    throw new ConflictError(
      'Ce relevé a été importé par un facilitateur : il n’attend pas de validation.',
    );
  }
  return statementReadyFor(deps, actor, statementId, transition);
}

const COLUMNS: Record<string, string> = {
  contract: 'contractId',
  plieId: 'plieId',
  participant: 'participantRef',
  month: 'month',
  hours: 'hours',
  mode: 'mode',
};

/**
 * Validates an awardee's statement: every line is checked as any hour line is (participant
 * known to the PLIE and in the programme that month, the contract and PLIE, 250 h a month);
 * any error refuses the whole validation (422, by line) and nothing is logged. Otherwise the
 * statement moves to "validating" (conditioned on "submitted": the loser of a double click or a
 * racing refusal writes nothing), its lines are logged with the statement as their source, then
 * it moves to "validated". Cut off in between (timeout, kill -9), the change is undone by the
 * next look at the statement once its `pending.until` has passed (`settleInterrupted`).
 */
export async function validateStatement(
  deps: ServiceDeps,
  actor: Identity,
  statementId: string,
  /** Declared lines that may duplicate counted hours: left out (default) or counted. */
  duplicates: DuplicateDecision = 'skip',
): Promise<StatementRecord> {
  const statement = await submitted(deps, actor, statementId, 'validate');
  const contractId = statement.contractId as string;
  const month = statement.month as string;
  const toCheck = (lines: readonly DeclaredLine[]) =>
    checkLines(
      deps,
      lines.map((line) => declaredToCheck(statement, line)),
    );
  let checked = await toCheck(statement.declaredLines);
  const flagged = duplicates === 'skip' ? await flaggedDeclaredLines(deps, statement, checked) : [];
  const leftOut = new Set(flagged.map((f) => f.line));
  const kept = statement.declaredLines.filter((line) => !leftOut.has(line.line));
  // The left-out hours do not count: the kept lines are checked again without them.
  if (leftOut.size) checked = await toCheck(kept);
  const errors: LineError[] = [];
  checked.forEach((result, i) => {
    if (result.ok) return;
    const { line } = kept[i] as DeclaredLine;
    for (const problem of result.problems) {
      errors.push({
        line,
        column: COLUMNS[problem.field] ?? problem.field,
        message: problem.message,
      });
    }
  });
  if (errors.length) {
    throw new StatementError(
      `Le relevé n’a pas été validé : ${errors.length} erreur(s). Refusez les lignes concernées, avec le motif, pour que le titulaire les corrige.`,
      errors,
    );
  }
  const context = writeContext(deps, actor);
  const made = { at: context.at, by: actor.sub };
  const records = kept.map((line, i) => {
    const found = checked[i] as Extract<(typeof checked)[number], { ok: true }>;
    const record = newLine(
      statementLineId(statement.id, line.line, sha256),
      {
        contractId,
        plieId: line.plieId,
        participantId: found.participantId,
        month,
        hours: line.hours,
        mode: line.mode,
      },
      made,
      'statement',
      { statementId: statement.id, statementLine: line.line },
    );
    return record;
  });
  if (leftOut.size || statement.leftOut?.length) {
    // What the statement counts, recorded before its lines are: reconcile holds it to them; the
    // journal says how many lines were left out, and what it counts instead of what was declared.
    await deps.stores.statementLeftOut.record(
      statement.id,
      {
        leftOut: [...leftOut].sort((a, b) => a - b),
        lineCount: records.length,
        hours: sumHours(records.map((r) => r.hours)),
      },
      statement.declaredLines,
      {
        context,
        declared: {
          lineCount: statement.declaredLines.length,
          hours: sumHours(statement.declaredLines.map((line) => line.hours)),
        },
        concerns: {
          contractIds: [contractId],
          contractReferences: statement.contractReferences,
          months: [month],
          plieIds: statement.declaredLines.map((line) => line.plieId),
        },
      },
    );
  }
  const pending = begun('validate', statement, context);
  // "validating" first: a second click, or a refusal, racing this one is refused here.
  await deps.stores.statements.begin(statement, pending);
  try {
    await deps.stores.lineBatches.importLines(records, context);
    await deps.stores.statements.finish(
      statement,
      pending,
      { reviewed: made, submittedAt: statement.uploadedAt },
      context,
    );
  } catch (error) {
    await settleInterrupted(deps, actor, {
      ...statement,
      status: STATEMENT_TRANSITIONS.validate.via,
      pending,
    }).catch(() => {});
    if (error instanceof LineRejectedError) {
      throw new ConflictError(
        'Des heures ont été saisies entre-temps pour les mêmes personnes : validez à nouveau pour revoir les contrôles.',
      );
    }
    throw error;
  }
  return getStatement(deps, statement.id);
}

/**
 * Refuses an awardee's statement, whole or some of its lines, with the reason: nothing is
 * logged; the awardee sees the reason (and each refused line's) and sends a corrected statement.
 */
export async function rejectStatement(
  deps: ServiceDeps,
  actor: Identity,
  statementId: string,
  input: { reason: string; lines?: number[] | undefined },
): Promise<StatementRecord> {
  const statement = await submitted(deps, actor, statementId, 'reject');
  const known = new Set(statement.declaredLines.map((line) => line.line));
  const unknown = (input.lines ?? []).filter((line) => !known.has(line));
  if (unknown.length) {
    throw new BusinessRuleError(`Ce relevé n’a pas de ligne ${unknown.join(', ')}.`, [
      { path: 'lines', message: `Lignes absentes du relevé : ${unknown.join(', ')}` },
    ]);
  }
  const refused = new Set(input.lines ?? known);
  const declaredLines = statement.declaredLines.map((line) => ({
    ...line,
    rejection: refused.has(line.line) ? input.reason : null,
  }));
  const context = writeContext(deps, actor);
  const reviewed = { at: context.at, by: actor.sub };
  await deps.stores.statements.settle(
    statement,
    'reject',
    {
      reason: input.reason,
      declaredLines,
      linesAsRead: statement.declaredLines,
      reviewed,
      submittedAt: statement.uploadedAt,
    },
    context,
  );
  return getStatement(deps, statement.id);
}
