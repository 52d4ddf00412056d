import { randomUUID } from 'node:crypto';
import { actorName, type Identity } from '#shared/domain/access';
import {
  declaredLinePlie,
  declaredMonthProblem,
  holderOf,
  holdsContract,
} from '#shared/domain/awardees';
import { parisMonth } from '#shared/domain/calendar';
import { sumHours } from '#shared/domain/hours';
import { sirenOf } from '#shared/domain/identifiers';
import { byCode } from '#shared/domain/order';
import {
  awaitsReview,
  STATEMENT_TRANSITIONS,
  type StatementState,
} from '#shared/domain/statement-lifecycle';
import { statementIdOf } from '#shared/domain/statements';
import { BusinessRuleError, ConflictError, type FieldError, NotFoundError } from '#shared/errors';
import type { StatementSubmit } from '#shared/schemas/statements';
import type { ContractRecord } from '#shared/store/contracts';
import type { DeclaredLine, StatementRecord } from '#shared/store/statements';
import {
  structureOfContract,
  structureOfStatement,
  structuresOfCompany,
} from './awardee-structures';
import { type ServiceDeps, writeContext } from './deps';
import { getContract } from './lookups';
import { sha256 } from './statements';

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
): Promise<(ContractRecord & { tenant: string; tenantName: string })[]> {
  // The holders' index (one item per company and contract) of each structure where the company
  // holds some: proportional to the company's contracts, whatever the deployment holds.
  const siren = sirenOf(companyOf(actor));
  const held = await Promise.all(
    (await structuresOfCompany(deps, actor)).map(async ({ tenant, deps: there }) =>
      (await there.stores.contractIndexes.heldBy(siren)).map((contract) => ({
        ...contract,
        tenant: tenant.id,
        tenantName: tenant.name,
      })),
    ),
  );
  return held.flat().sort((a, b) => byCode(b.notifiedOn, a.notifiedOn));
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
  query: { limit: number; cursor?: string | undefined; status?: StatementState | undefined },
) {
  if (actor.role === 'awardee') return statementsOfAwardee(deps, actor, query);
  // Those waiting for a facilitator have an index of their own.
  if (query.status && awaitsReview(query.status))
    return deps.stores.statementLists.toValidate(query);
  return deps.stores.statementLists.list(query);
}

/**
 * An awardee's statements, newest first: in the one structure its company declares to, a page
 * at a time; in several, the newest `limit` of all of them (an awardee's are a dozen a year
 * per contract), in one page.
 */
async function statementsOfAwardee(
  deps: ServiceDeps,
  actor: Identity,
  query: { limit: number; cursor?: string | undefined },
) {
  const siren = sirenOf(companyOf(actor));
  const structures = await structuresOfCompany(deps, actor);
  const only = structures.length === 1 ? structures[0] : undefined;
  if (structures.length === 0) return { items: [], nextCursor: null };
  if (only) return only.deps.stores.statementLists.listOfAwardee(siren, query);
  const pages = await Promise.all(
    structures.map(({ deps: there }) =>
      there.stores.statementLists.listOfAwardee(siren, { limit: query.limit }),
    ),
  );
  const items = pages
    .flatMap((page) => page.items)
    .sort((a, b) => byCode(b.uploadedAt, a.uploadedAt))
    .slice(0, query.limit);
  return { items, nextCursor: null };
}

/** A statement as the caller may read it: an awardee only its company's (404 otherwise). */
export async function statementFor(
  deps: ServiceDeps,
  actor: Identity,
  statementId: string,
): Promise<StatementRecord> {
  if (actor.role === 'awardee') {
    deps = (await structureOfStatement(deps, actor, statementId)).deps;
  }
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
  // Declared to the structure that holds the contract: its facilitators validate it.
  deps = (await structureOfContract(deps, actor, input.contractId)).deps;
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
    uploadedByName: senderName(actor, holderOf(contract, siret)?.name),
    contractReferences: [contract.reference],
    months: [input.month],
    lineCount: lines.length,
    lastLine: lines.length,
    hours: sumHours(lines.map((line) => line.hours)),
    status: STATEMENT_TRANSITIONS.submit.to,
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
    pending: null,
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

/** Who declared, for the statements list: the person and the company, or whichever is known. */
function senderName(actor: Identity, company: string | undefined): string {
  if (actor.name && company) return `${actor.name} (${company})`;
  return actor.name || company || actorName(actor);
}
