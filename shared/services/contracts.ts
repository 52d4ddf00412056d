import type { Identity } from '#shared/domain/access';
import { sameAllocation } from '#shared/domain/allocation';
import { monthOf, yearOf } from '#shared/domain/calendar';
import { requiredHours, withReservedConsideration } from '#shared/domain/contracts';
import { eurosToCents } from '#shared/domain/money';
import { ConflictError, refuseProblems } from '#shared/errors';
import { newId } from '#shared/ids';
import type { Contract, ContractCreate, ContractPatch } from '#shared/schemas/contracts';
import type {
  ContractChanges,
  ContractFilter,
  ContractRecord,
  NewContract,
} from '#shared/store/contracts';
import type { ContractYearTotal } from '#shared/store/totals-store';
import { completionChanges } from './contract-completion';
import { contractView, storedInputs } from './contract-view';
import { contractsPace } from './contracts-pace';
import { type ServiceDeps, writeContext } from './deps';
import { contractRuleProblems, getContract, sharingFor } from './lookups';

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
    coAwardees: input.coAwardees ?? [],
    lot: input.lot ?? null,
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
    ...(await sharingFor(deps, input, { at: context.at, by: actor.sub })),
    createdAt: context.at,
    createdBy: actor.sub,
    source,
  };
  refuseProblems(await contractRuleProblems(deps, draft));
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
  const changes: ContractChanges = completionChanges(current, patch);
  if (patch.title !== undefined) changes.title = patch.title;
  if (patch.allocation !== undefined) {
    if (current.lineCount > 0 && !sameAllocation(current.allocation, patch.allocation)) {
      throw new ConflictError(
        'Des heures sont déjà saisies sur ce marché : changez sa répartition par un avenant (POST /api/contracts/{id}/amendments), qui dit ce que deviennent les heures saisies.',
        [{ path: 'allocation', message: 'Répartition modifiable seulement par avenant' }],
      );
    }
    changes.allocation = patch.allocation;
    if (!sameAllocation(current.allocation, patch.allocation)) {
      Object.assign(
        changes,
        await sharingFor(
          deps,
          { ...current, allocation: patch.allocation },
          { at: deps.now().toISOString(), by: actor.sub },
        ),
      );
    }
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
  refuseProblems(await contractRuleProblems(deps, { ...current, ...changes }));
  return deps.stores.contracts.update(current, changes, writeContext(deps, actor));
}

/** Contracts, newest notification first, one page at a time, each with its judged pace. */
export async function listContracts(
  deps: ServiceDeps,
  filter: ContractFilter,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: Contract[]; nextCursor: string | null }> {
  const plie = filter.plieId ? await deps.stores.plies.get(filter.plieId) : null;
  const found = await deps.stores.contracts.list(
    { ...filter, plieTerritory: plie?.territory ?? null },
    page,
  );
  // « En retard » as the monthly report says it, so that the list's filter finds its contracts;
  // the contracts of a closed year as they stood at its end.
  const pace = await contractsPace(deps, found.items, filter.activeIn);
  return {
    items: found.items.map((c) => ({ ...contractView(c), pace: pace.get(c.id) })),
    nextCursor: found.nextCursor,
  };
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
