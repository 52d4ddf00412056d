import { randomUUID } from 'node:crypto';
import type { Identity } from '#shared/domain/access';
import { declaredLinePlie, declaredMonthProblem, holdsContract } from '#shared/domain/awardees';
import { parisMonth } from '#shared/domain/calendar';
import { newLine } from '#shared/domain/hours';
import { sirenOf } from '#shared/domain/identifiers';
import { statementIdOf, statementLineId } from '#shared/domain/statements';
import {
  BusinessRuleError,
  ConflictError,
  type FieldError,
  type LineError,
  NotFoundError,
  StatementError,
} from '#shared/errors';
import type { StatementSubmit } from '#shared/schemas/statements';
import type { ContractRecord } from '#shared/store/contracts';
import { FinalItemRefusedError } from '#shared/store/hour-batches';
import { LineRejectedError } from '#shared/store/hours';
import {
  type DeclaredLine,
  StatementMovedError,
  type StatementRecord,
  type StatementStatus,
} from '#shared/store/statements';
import { type ServiceDeps, writeContext } from './deps';
import { checkLines } from './line-checks';
import { getContract } from './lookups';
import { sha256, statementLineIds } from './statements';

// Awardees declare their hours; facilitators validate them. An awardee reaches only what its
// company holds: the contracts whose awardee or co-contractor has its SIREN, and its own
// statements. Anything else answers 404, as if it did not exist.

function companyOf(actor: Identity): string {
  if (!actor.siret) throw new NotFoundError('Ce marché n’existe pas.');
  return actor.siret;
}

/** The contracts the awardee's company holds, newest notification first. */
export async function contractsOfAwardee(
  deps: ServiceDeps,
  actor: Identity,
): Promise<ContractRecord[]> {
  // The holders' index (one item per company and contract): proportional to the company's
  // contracts, whatever the number of contracts in the deployment.
  return deps.stores.contracts.heldBy(sirenOf(companyOf(actor)));
}

/** A contract the awardee's company holds; 404 for any other. */
export async function contractOfAwardee(
  deps: ServiceDeps,
  actor: Identity,
  contractId: string,
): Promise<ContractRecord> {
  const contract = await getContract(deps, contractId);
  if (!holdsContract(contract, companyOf(actor)))
    throw new NotFoundError('Ce marché n’existe pas.');
  return contract;
}

/** Statements as the caller may list them: an awardee its company's, others every one. */
export function listStatementsFor(
  deps: ServiceDeps,
  actor: Identity,
  query: { limit: number; cursor?: string | undefined; status?: StatementStatus | undefined },
) {
  if (actor.role === 'awardee') {
    return deps.stores.statements.listOfAwardee(sirenOf(companyOf(actor)), query);
  }
  // Those waiting for a facilitator have an index of their own.
  if (query.status === 'submitted') return deps.stores.statements.toValidate(query);
  return deps.stores.statements.list(query);
}

/** A statement as the caller may read it: an awardee only its company's (404 otherwise). */
export async function statementFor(
  deps: ServiceDeps,
  actor: Identity,
  statementId: string,
): Promise<StatementRecord> {
  const statement = await deps.stores.statements.get(statementId);
  const visible =
    statement &&
    (actor.role !== 'awardee' ||
      (statement.awardeeSiret !== null &&
        sirenOf(statement.awardeeSiret) === sirenOf(companyOf(actor))));
  if (!visible) throw new NotFoundError('Ce relevé n’existe pas.');
  return statement;
}

/**
 * Records an awardee's statement, submitted: it counts for nothing until a facilitator
 * validates it. With an idempotency key, the same declaration sent again is the same
 * statement (answered again, `replayed`); the key reused for another declaration is a 409.
 */
export async function submitStatement(
  deps: ServiceDeps,
  actor: Identity,
  input: StatementSubmit,
  idempotencyKey?: string,
): Promise<{ statement: StatementRecord; replayed: boolean }> {
  const siret = companyOf(actor);
  const contract = await contractOfAwardee(deps, actor, input.contractId);
  const problems: FieldError[] = [];
  const monthProblem = declaredMonthProblem(input.month, contract, parisMonth(deps.now()));
  if (monthProblem) problems.push({ path: 'month', message: monthProblem });
  const lines: DeclaredLine[] = input.lines.map((line, i) => {
    const plie = declaredLinePlie(contract.allocation, line.plieId);
    if ('problem' in plie) problems.push({ path: `lines.${i}.plieId`, message: plie.problem });
    if (!line.participantRef && !line.description) {
      problems.push({
        path: `lines.${i}.description`,
        message: 'Donnez la référence PLIE de la personne, ou une description sans nom',
      });
    }
    return {
      line: i + 1,
      participantRef: line.participantRef ?? null,
      description: line.description ?? null,
      plieId: 'plieId' in plie ? plie.plieId : '',
      hours: line.hours,
      mode: line.mode,
      rejection: null,
    };
  });
  if (input.replaces) {
    const old = await deps.stores.statements.get(input.replaces);
    const sameMonth =
      old?.contractId === contract.id &&
      old.month === input.month &&
      old.awardeeSiret !== null &&
      sirenOf(old.awardeeSiret) === sirenOf(siret);
    if (!sameMonth) {
      problems.push({
        path: 'replaces',
        message: 'Le relevé corrigé doit être un relevé refusé du même marché et du même mois',
      });
    }
  }
  if (problems.length) {
    throw new BusinessRuleError(
      `Le relevé n’a pas été déclaré : ${problems.length} erreur(s) à corriger.`,
      problems,
    );
  }
  const contentHash = sha256(JSON.stringify(input));
  const id = statementIdOf(sha256(`${actor.sub}#${idempotencyKey ?? randomUUID()}`));
  const context = writeContext(deps, actor);
  const statement: StatementRecord = {
    id,
    fileHash: contentHash,
    uploadedAt: context.at,
    uploadedBy: actor.sub,
    contractReferences: [contract.reference],
    months: [input.month],
    lineCount: lines.length,
    lastLine: lines.length,
    hours: lines.reduce((sum, line) => sum + line.hours, 0),
    status: 'submitted',
    replaces: input.replaces ?? null,
    replacedBy: null,
    reason: null,
    origin: 'awardee',
    contractId: contract.id,
    month: input.month,
    awardeeSiret: siret,
    declaredLines: lines,
    reviewedAt: null,
    reviewedBy: null,
  };
  if (await deps.stores.statements.submit(statement, context, sirenOf(siret))) {
    return { statement, replayed: false };
  }
  const first = await deps.stores.statements.get(id);
  if (!first || first.fileHash !== contentHash) {
    throw new ConflictError(
      'Cette clé d’idempotence a déjà servi pour une autre déclaration : utilisez-en une nouvelle.',
    );
  }
  return { statement: first, replayed: true };
}

/** The statement, which must be an awardee's and still waiting (409 otherwise). */
async function submitted(deps: ServiceDeps, statementId: string): Promise<StatementRecord> {
  const statement = await deps.stores.statements.get(statementId);
  if (!statement) throw new NotFoundError('Ce relevé n’existe pas.');
  if (statement.origin !== 'awardee' || statement.status !== 'submitted') {
    throw new ConflictError(
      statement.origin === 'awardee'
        ? 'Ce relevé a déjà été traité : rechargez-le.'
        : 'Ce relevé a été importé par un facilitateur : il n’attend pas de validation.',
    );
  }
  return statement;
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
 * any error refuses the whole validation (422, by line) and nothing is logged. Otherwise its
 * lines are logged with the statement as their source, and the status change is written in
 * the same transaction as the last of them.
 */
export async function validateStatement(
  deps: ServiceDeps,
  actor: Identity,
  statementId: string,
): Promise<StatementRecord> {
  const statement = await submitted(deps, statementId);
  const contractId = statement.contractId as string;
  const month = statement.month as string;
  const checked = await checkLines(
    deps,
    statement.declaredLines.map((line) => ({
      contract: { id: contractId },
      plieId: line.plieId,
      participant: line.participantRef ? { ref: line.participantRef } : null,
      month,
      hours: line.hours,
    })),
  );
  const errors: LineError[] = [];
  checked.forEach((result, i) => {
    if (result.ok) return;
    const { line } = statement.declaredLines[i] as DeclaredLine;
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
  const records = statement.declaredLines.map((line, i) => {
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
  const status = deps.stores.statements.statusItems(
    statement.id,
    'submitted',
    { status: 'validated', reviewed: made, submittedAt: statement.uploadedAt },
    context,
  );
  try {
    await deps.stores.lineBatches.importLines(records, context, undefined, status);
  } catch (error) {
    if (error instanceof FinalItemRefusedError) throw new StatementMovedError();
    if (error instanceof LineRejectedError) {
      throw new ConflictError(
        'Des heures ont été saisies entre-temps pour les mêmes personnes : validez à nouveau pour revoir les contrôles.',
      );
    }
    throw error;
  }
  return { ...statement, status: 'validated', reviewedAt: made.at, reviewedBy: made.by };
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
  const statement = await submitted(deps, statementId);
  const known = new Set(statement.declaredLines.map((line) => line.line));
  const unknown = (input.lines ?? []).filter((line) => !known.has(line));
  if (unknown.length) {
    throw new BusinessRuleError(`Ce relevé n’a pas de ligne ${unknown.join(', ')}.`, [
      { path: 'lines', message: `Lignes absentes du relevé : ${unknown.join(', ')}` },
    ]);
  }
  // A validation cut off half-way (a statement too big for one transaction) has logged some
  // lines already: it must be finished, not turned into a refusal that would leave them.
  const logged = await deps.stores.lineBatches.getMany(statementLineIds(statement));
  if (logged.size > 0) {
    throw new ConflictError(
      'La validation de ce relevé a commencé : validez-le à nouveau pour la terminer, puis annulez les lignes à retirer.',
    );
  }
  const refused = new Set(input.lines ?? known);
  const declaredLines = statement.declaredLines.map((line) => ({
    ...line,
    rejection: refused.has(line.line) ? input.reason : null,
  }));
  const context = writeContext(deps, actor);
  const reviewed = { at: context.at, by: actor.sub };
  await deps.stores.statements.setStatus(
    statement.id,
    'submitted',
    {
      status: 'rejected',
      reason: input.reason,
      declaredLines,
      reviewed,
      submittedAt: statement.uploadedAt,
    },
    context,
  );
  return {
    ...statement,
    status: 'rejected',
    reason: input.reason,
    declaredLines,
    reviewedAt: reviewed.at,
    reviewedBy: reviewed.by,
  };
}
