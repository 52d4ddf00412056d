import type { Identity } from '#shared/domain/access';
import { voidedLine } from '#shared/domain/hours';
import {
  changeDeadline,
  IN_PROGRESS_STATES,
  type LongTransitionName,
  REQUEST_LIMIT_MS,
  STATEMENT_TRANSITIONS,
  type StatementTransitionName,
  transitionRefusal,
} from '#shared/domain/statement-lifecycle';
import { ConflictError } from '#shared/errors';
import type { WriteContext } from '#shared/store/changes';
import { LineRejectedError } from '#shared/store/hours';
import type { PendingChange, StatementRecord } from '#shared/store/statements';
import { type ImportProgress, type ServiceDeps, writeContext } from './deps';
import { describeDuplicates } from './duplicates';
import { checkedReplacement, notItself, type ReplaceOptions } from './statement-replacement';
import {
  activeLines,
  fileStatement,
  getStatement,
  LINES_RACED,
  type StatementFile,
  type StatementImportResult,
  sentBy,
  statementLineIds,
} from './statements';

// Withdrawals, replacements and validations: changes that write many lines. Each begins by
// moving the statement to its own state, conditionally (shared/domain/statement-lifecycle.ts),
// so that a double click, a second tab or a retry is refused before it writes anything; then
// it writes the lines, and ends in its final state. One interrupted (a crash, a timeout, the
// store gone) is finished or undone — by its own request when it can, else by the next look
// at the statement once its request must be over, by the local server at start, and by the
// daily run in AWS — so that every total ends exact.

/**
 * The statement, ready for `transition`: a change of it interrupted long enough ago is finished
 * or undone first; a change still under way, or a state the transition cannot start from, is a
 * 409 that names it.
 */
export async function statementReadyFor(
  deps: ServiceDeps,
  actor: Identity,
  statementId: string,
  transition: StatementTransitionName,
  runner: Runner = REQUEST,
): Promise<StatementRecord> {
  let statement = await getStatement(deps, statementId);
  const { pending } = statement;
  // A job's queue hands it again only once its last attempt is over: that one died.
  const ownLastAttempt = pending?.job != null && pending.job === runner.jobId;
  if (pending && (isInterrupted(deps, pending) || ownLastAttempt)) {
    await settleInterrupted(deps, actor, statement);
    statement = await getStatement(deps, statementId);
  }
  const refusal = transitionRefusal(statement.status, transition);
  if (refusal) throw new ConflictError(refusal);
  return statement;
}

const isInterrupted = (deps: ServiceDeps, pending: PendingChange) =>
  deps.now().getTime() > Date.parse(pending.until);

/** What runs a change, and so how long it may take: a request, or a job's worker. */
export interface Runner {
  limitMs: number;
  /** The import job, when a job runs it. */
  jobId?: string;
  /** Lines done out of all the change writes (a job's progress). */
  onProgress?: ImportProgress;
}
const REQUEST: Runner = { limitMs: REQUEST_LIMIT_MS };

/** What a change's own request does when it fails: finish or undo it at once, if it can. */
async function afterFailure(
  deps: ServiceDeps,
  actor: Identity,
  statementId: string,
  error: unknown,
): Promise<never> {
  // The store may be what failed: then the change stays under way, for a later look.
  await getStatement(deps, statementId)
    .then((statement) => settleInterrupted(deps, actor, statement))
    .catch(() => {});
  if (error instanceof LineRejectedError) throw new ConflictError(LINES_RACED);
  throw error;
}

export function begun(
  transition: LongTransitionName,
  statement: StatementRecord,
  context: WriteContext,
  extra: { reason?: string; replacement?: string; runner?: Runner } = {},
): PendingChange {
  return {
    transition,
    at: context.at,
    by: context.actor.sub,
    from: statement.status,
    reason: extra.reason ?? null,
    replacement: extra.replacement ?? null,
    until: changeDeadline(context.at, (extra.runner ?? REQUEST).limitMs),
    job: extra.runner?.jobId ?? null,
  };
}

/**
 * Withdraws a statement: it moves to "withdrawing" (one winner), every line of it still
 * active is voided with the reason, in batches, and it ends withdrawn.
 */
export async function withdrawStatement(
  deps: ServiceDeps,
  actor: Identity,
  statementId: string,
  reason: string,
): Promise<StatementRecord> {
  const statement = await statementReadyFor(deps, actor, statementId, 'withdraw');
  const context = writeContext(deps, actor);
  const pending = begun('withdraw', statement, context, { reason });
  await deps.stores.statements.begin(statement, pending);
  try {
    await finishWithdrawal(deps, statement, pending, context);
  } catch (error) {
    return afterFailure(deps, actor, statementId, error);
  }
  return getStatement(deps, statementId);
}

async function finishWithdrawal(
  deps: ServiceDeps,
  statement: StatementRecord,
  pending: PendingChange,
  context: WriteContext,
): Promise<void> {
  const made = { at: pending.at, by: pending.by };
  const voided = (await activeLines(deps, statement)).map((line) =>
    voidedLine(line, pending.reason ?? '', made),
  );
  await deps.stores.lineBatches.voidLines(voided, context);
  await deps.stores.statements.finish(statement, pending, {}, context);
}

/**
 * Replaces a statement by a corrected file: the new file is checked whole first (the old
 * statement's hours given back for the 250 h rule); then the old statement moves to
 * "replacing" (one winner) with the new one recorded, the old lines are voided with the
 * reason, the new ones logged, and both end together (replaced, imported). A refused file
 * writes nothing; a replacement that cannot finish is undone, the old statement whole again.
 */
export async function replaceStatement(
  deps: ServiceDeps,
  actor: Identity,
  statementId: string,
  file: StatementFile,
  reason: string,
  runner: Runner = REQUEST,
  options: ReplaceOptions = {},
): Promise<StatementImportResult> {
  notItself(file, statementId);
  const old = await statementReadyFor(deps, actor, statementId, 'replace', runner);
  const context = writeContext(deps, actor);
  const made = { at: context.at, by: actor.sub };
  const oldLines = await activeLines(deps, old);
  // Checked once, before anything is written: a refused file leaves the old statement whole.
  const checked = await checkedReplacement(deps, old, oldLines, file, options.duplicates);
  const { statement: replacement, lines } = fileStatement(
    file,
    checked.lines,
    sentBy(actor, context.at, options.fileName),
    statementId,
    checked,
  );
  const pending = begun('replace', old, context, {
    reason,
    replacement: replacement.id,
    runner,
  });
  await deps.stores.statements.begin(old, pending, replacement);
  let result: { imported: number; alreadyImported: number };
  const total = oldLines.length + lines.length;
  try {
    const voided = oldLines.map((line) => voidedLine(line, reason, made));
    await runner.onProgress?.(0, total);
    await deps.stores.lineBatches.voidLines(voided, context, (done) =>
      runner.onProgress?.(done, total),
    );
    result = await deps.stores.lineBatches.importLines(lines, context, (done) =>
      runner.onProgress?.(oldLines.length + done, total),
    );
    await deps.stores.statements.finish(old, pending, {}, context, replacement);
  } catch (error) {
    return afterFailure(deps, actor, statementId, error);
  }
  return {
    statementId: replacement.id,
    ...result,
    lines: lines.length,
    duplicates: await describeDuplicates(deps, checked.flagged),
    leftOut: checked.leftOut,
  };
}

/**
 * Finishes or undoes the change under way on a statement, as its transition says
 * (`ifInterrupted`): a withdrawal is finished; a replacement or a validation is undone — the
 * lines it wrote taken back, those it voided restored — and may simply be asked again.
 */
export async function settleInterrupted(
  deps: ServiceDeps,
  actor: Identity,
  statement: StatementRecord,
): Promise<'finished' | 'undone' | 'nothing'> {
  const { pending } = statement;
  if (!pending || !IN_PROGRESS_STATES.has(statement.status)) return 'nothing';
  const context = writeContext(deps, actor);
  if (STATEMENT_TRANSITIONS[pending.transition].ifInterrupted === 'finish') {
    await finishWithdrawal(deps, statement, pending, context);
    return 'finished';
  }
  const { lineBatches, statements } = deps.stores;
  // What it wrote: a replacement's new lines, or a validation's own.
  const written = pending.replacement ? await statements.get(pending.replacement) : statement;
  if (written) await lineBatches.removeLines(await activeLines(deps, written), context);
  if (pending.replacement) {
    const oldLines = await lineBatches.getMany(statementLineIds(statement));
    await lineBatches.restoreLines([...oldLines.values()], pending, context);
  }
  await statements.undo(statement, pending, context, pending.replacement ? written : null);
  return 'undone';
}

/**
 * Finishes or undoes every change interrupted: past its deadline (daily in AWS), or, at a
 * local server's start (`all`), every one under way — the process that ran them is gone.
 */
export async function settleInterruptedStatements(
  deps: ServiceDeps,
  which: 'past-deadline' | 'all' = 'past-deadline',
): Promise<{ finished: number; undone: number }> {
  const system: Identity = { sub: 'system', role: 'admin', name: 'Reprise automatique' };
  const counts = { finished: 0, undone: 0 };
  const now = deps.now().toISOString();
  for (const id of await deps.stores.statements.changesBegunBefore(now)) {
    const statement = await deps.stores.statements.get(id);
    if (!statement?.pending) continue;
    if (which === 'past-deadline' && !isInterrupted(deps, statement.pending)) continue;
    const outcome = await settleInterrupted(deps, system, statement);
    if (outcome !== 'nothing') counts[outcome]++;
  }
  return counts;
}
