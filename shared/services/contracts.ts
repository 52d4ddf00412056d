import type { Identity } from '#shared/domain/access';
import type { AllocationMode } from '#shared/domain/allocation';
import {
  type Amendment,
  amendmentProblems,
  type ContractTerms,
  TERM_NAMES,
} from '#shared/domain/amendments';
import { monthOf, yearOf } from '#shared/domain/calendar';
import { requiredHours, withReservedConsideration } from '#shared/domain/contracts';
import { eurosToCents } from '#shared/domain/money';
import { reservationProblems } from '#shared/domain/reserved';
import { BusinessRuleError, ConflictError, type FieldError } from '#shared/errors';
import { newId } from '#shared/ids';
import type {
  AmendmentCreate,
  Contract,
  ContractCreate,
  ContractPatch,
} from '#shared/schemas/contracts';
import type {
  ContractChanges,
  ContractFilter,
  ContractRecord,
  NewContract,
} from '#shared/store/contracts';
import type { ContractYearTotal } from '#shared/store/totals-store';
import { contractView, storedInputs } from './contract-view';
import { type ServiceDeps, writeContext } from './deps';
import { getContract, repeatAward } from './lookups';

/** The rules a contract's allocation and reservation must meet, as field errors. */
async function ruleProblems(
  deps: ServiceDeps,
  contract: Pick<
    ContractRecord,
    | 'id'
    | 'allocation'
    | 'reserved'
    | 'kind'
    | 'notifiedOn'
    | 'consultationLaunchedOn'
    | 'startsOn'
    | 'endsOn'
    | 'buyer'
    | 'awardee'
  >,
): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  if (contract.allocation?.mode === 'single') {
    if (!(await deps.stores.plies.get(contract.allocation.plieId))) {
      problems.push({ path: 'allocation.plieId', message: 'PLIE inconnu' });
    }
  }
  if (contract.reserved) {
    for (const problem of reservationProblems({ ...contract.reserved, ...contract })) {
      problems.push({ path: `reserved.${problem.field}`, message: problem.message });
    }
    const repeat = await repeatAward(deps, contract);
    if (repeat) problems.push({ path: 'reserved.basis', message: repeat.message });
  }
  return problems;
}

function refuse(problems: FieldError[]): void {
  if (problems.length) {
    throw new BusinessRuleError(problems.map((p) => p.message).join(' '), problems);
  }
}

export async function createContract(
  deps: ServiceDeps,
  actor: Identity,
  input: ContractCreate,
  source: ContractRecord['source'] = 'api',
): Promise<ContractRecord> {
  const amountCents = eurosToCents(input.amount);
  const inputs = storedInputs(input.insertionInputs);
  const context = writeContext(deps, actor);
  const draft: NewContract = {
    id: newId(),
    reference: input.reference,
    title: input.title,
    buyer: input.buyer,
    awardee: input.awardee,
    kind: input.kind,
    ...(input.cpv ? { cpv: input.cpv } : {}),
    amountCents,
    notifiedOn: input.notifiedOn,
    consultationLaunchedOn: input.consultationLaunchedOn ?? null,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    targetHours: input.targetHours ?? (inputs ? requiredHours({ amountCents, ...inputs }) : null),
    insertionInputs: inputs,
    allocation: input.allocation,
    socialConsiderations: withReservedConsideration(input.socialConsiderations, input.reserved),
    reserved: input.reserved
      ? { basis: input.reserved.basis, awardeeType: input.reserved.awardeeType ?? null }
      : null,
    defenceOrSecurity: input.defenceOrSecurity,
    amendments: [],
    createdAt: context.at,
    createdBy: actor.sub,
    source,
  };
  refuse(await ruleProblems(deps, draft));
  return deps.stores.contracts.create(draft, context);
}

/** Completes or corrects a contract: PLIE, hours target, reservation, considerations. */
export async function patchContract(
  deps: ServiceDeps,
  actor: Identity,
  contractId: string,
  patch: ContractPatch,
): Promise<ContractRecord> {
  const current = await getContract(deps, contractId);
  const changes: ContractChanges = {};
  if (patch.title !== undefined) changes.title = patch.title;
  if (patch.allocation !== undefined) {
    if (current.lineCount > 0 && !sameAllocation(current.allocation, patch.allocation)) {
      throw new ConflictError(
        'Des heures sont déjà saisies sur ce marché : changez sa répartition par un avenant (POST /api/contracts/{id}/amendments), qui dit ce que deviennent les heures saisies.',
        [{ path: 'allocation', message: 'Répartition modifiable seulement par avenant' }],
      );
    }
    changes.allocation = patch.allocation;
  }
  if (patch.defenceOrSecurity !== undefined) changes.defenceOrSecurity = patch.defenceOrSecurity;
  if (patch.insertionInputs !== undefined) {
    changes.insertionInputs = storedInputs(patch.insertionInputs);
    if (changes.insertionInputs) {
      changes.targetHours = requiredHours({
        amountCents: current.amountCents,
        ...changes.insertionInputs,
      });
    }
  }
  if (patch.targetHours !== undefined) {
    changes.targetHours = patch.targetHours;
    changes.insertionInputs = null;
  }
  if (patch.reserved !== undefined) {
    changes.reserved = patch.reserved
      ? { basis: patch.reserved.basis, awardeeType: patch.reserved.awardeeType ?? null }
      : null;
  }
  const considerations = patch.socialConsiderations ?? current.socialConsiderations;
  const reserved = changes.reserved !== undefined ? changes.reserved : current.reserved;
  if (patch.socialConsiderations !== undefined || patch.reserved !== undefined) {
    changes.socialConsiderations = withReservedConsideration(considerations, reserved);
  }
  refuse(await ruleProblems(deps, { ...current, ...changes }));
  return deps.stores.contracts.update(current, changes, writeContext(deps, actor));
}

/** Contracts, newest notification first, one page at a time. */
export async function listContracts(
  deps: ServiceDeps,
  filter: ContractFilter,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: Contract[]; nextCursor: string | null }> {
  const found = await deps.stores.contracts.list(filter, page);
  return { items: found.items.map(contractView), nextCursor: found.nextCursor };
}

/** The contract's hours month by month and PLIE by PLIE, over every year of its period. */
export async function contractMonths(
  deps: ServiceDeps,
  contractId: string,
): Promise<Pick<ContractYearTotal, 'year' | 'plieId' | 'months'>[]> {
  const contract = await getContract(deps, contractId);
  const first = yearOf(monthOf(contract.startsOn));
  const years = Array.from({ length: yearOf(contract.endsOn) - first + 1 }, (_, i) => first + i);
  const totals = await Promise.all(
    years.map((year) => deps.stores.totals.monthsOf(contract.id, year)),
  );
  return totals.flat().map(({ year, plieId, months }) => ({ year, plieId, months }));
}

const sameAllocation = (a: AllocationMode | null, b: AllocationMode | null) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * Amends a contract ("avenant"): new amount, end date, target hours or allocation from a date,
 * with a reason. Hours already logged stay valid and stay with their PLIE (the amendment keeps
 * how many each had); the rules of the contract are checked on the amended terms.
 */
export async function amendContract(
  deps: ServiceDeps,
  actor: Identity,
  contractId: string,
  input: AmendmentCreate,
): Promise<ContractRecord> {
  const current = await getContract(deps, contractId);
  const changes: Partial<ContractTerms> = {};
  if (input.amount !== undefined) changes.amountCents = eurosToCents(input.amount);
  if (input.endsOn !== undefined) changes.endsOn = input.endsOn;
  if (input.targetHours !== undefined) changes.targetHours = input.targetHours;
  else if (changes.amountCents !== undefined && current.insertionInputs) {
    // The target follows the amount when it was computed from the tender's inputs.
    changes.targetHours = requiredHours({
      amountCents: changes.amountCents,
      ...current.insertionInputs,
    });
  }
  if (input.allocation !== undefined) changes.allocation = input.allocation;
  for (const name of TERM_NAMES) {
    if (name in changes && JSON.stringify(changes[name]) === JSON.stringify(current[name])) {
      delete changes[name];
    }
  }
  refuse(
    amendmentProblems(current, { effectiveOn: input.effectiveOn, changes }).map((p) => ({
      path: p.field,
      message: p.message,
    })),
  );
  const amended = { ...current, ...changes };
  refuse(await ruleProblems(deps, amended));
  const context = writeContext(deps, actor);
  const before = Object.fromEntries(
    Object.keys(changes).map((name) => [name, current[name as keyof ContractTerms]]),
  ) as Partial<ContractTerms>;
  const hoursByPlie =
    changes.allocation !== undefined && current.lineCount > 0
      ? Object.fromEntries(
          (await deps.stores.totals.plieTotals(current.id))
            .filter((t) => t.lines > 0)
            .map((t) => [t.plieId, t.hours]),
        )
      : undefined;
  const amendment: Amendment = {
    id: newId(),
    effectiveOn: input.effectiveOn,
    reason: input.reason,
    changes,
    before,
    ...(hoursByPlie ? { hoursByPlie } : {}),
    at: context.at,
    by: actor.sub,
  };
  return deps.stores.contracts.update(
    current,
    { ...changes, amendments: [...current.amendments, amendment] },
    context,
    { action: 'amend', reason: input.reason },
  );
}
