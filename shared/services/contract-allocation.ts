import type { Identity } from '#shared/domain/access';
import { contractSplit } from '#shared/domain/allocation';
import { yearOf } from '#shared/domain/calendar';
import { byCode } from '#shared/domain/order';
import { activeInYear } from '#shared/domain/plies';
import { BusinessRuleError } from '#shared/errors';
import type { ContractRecord } from '#shared/store/contracts';
import type { PlieTotal } from '#shared/store/totals-store';
import { type ServiceDeps, writeContext } from './deps';
import { getContract, sharingFor } from './lookups';

export interface ContractAllocation {
  allocation: { plieId: string; allottedHours: number; hoursLogged: number }[] | null;
  allocationIssue: string | null;
  hoursByPlie: { plieId: string; hoursLogged: number }[];
}

/**
 * Each PLIE's share of the contract's target and what it has logged (its PLIE totals, read here
 * unless the caller read them alongside the contract). Shared contracts use the
 * criteria of their notification year; a PLIE without criteria blocks the key, and says so.
 */
export async function contractAllocation(
  deps: ServiceDeps,
  contract: ContractRecord,
  readTotals?: PlieTotal[],
): Promise<ContractAllocation> {
  const totals = readTotals ?? (await deps.stores.totals.plieTotals(contract.id));
  const logged = new Map(totals.map((t) => [t.plieId, t.hours]));
  const hoursByPlie = totals
    .filter((t) => t.lines > 0 || t.hours !== 0)
    .map((t) => ({ plieId: t.plieId, hoursLogged: t.hours }))
    .sort((a, b) => byCode(a.plieId, b.plieId));
  const shared = contract.allocation?.mode === 'shared';
  const year = yearOf(contract.notifiedOn);
  // A decided key needs nothing more; an undecided one is computed live from the year's data.
  const [plies, criteria, weights] =
    shared && !contract.allocationKey
      ? await Promise.all([
          deps.stores.plies.list(),
          deps.stores.plies.criteriaOfYear(year),
          deps.stores.plies.weightsOfYear(year),
        ])
      : [[], [], null];
  const split = contractSplit({
    targetHours: contract.targetHours,
    allocation: contract.allocation,
    notificationYear: year,
    plies: activeInYear(plies, year),
    criteria: criteria.map((record) => ({ plieId: record.plieId, criteria: record })),
    weights,
    frozen: contract.allocationKey,
  });
  if (!split.ok) return { allocation: null, allocationIssue: split.issue, hoursByPlie };
  return {
    allocation: [...split.allotted].map(([plieId, allottedHours]) => ({
      plieId,
      allottedHours,
      hoursLogged: logged.get(plieId) ?? 0,
    })),
    allocationIssue: null,
    hoursByPlie,
  };
}

/**
 * Decides a shared contract's key again from its notification year's current criteria and
 * weights: what an administrator does, with a reason kept in the history, after correcting a
 * year's criteria. Until then the contract keeps the key it was decided with.
 */
export async function recomputeAllocationKey(
  deps: ServiceDeps,
  actor: Identity,
  contractId: string,
  reason: string,
): Promise<ContractRecord> {
  const current = await getContract(deps, contractId);
  if (current.allocation?.mode !== 'shared') {
    throw new BusinessRuleError('Seul un marché partagé entre PLIE a une clé de répartition.', [
      { path: 'allocation', message: 'Marché non partagé' },
    ]);
  }
  const context = writeContext(deps, actor);
  const sharing = await sharingFor(deps, current, { at: context.at, by: actor.sub });
  if (!sharing.allocationKey) {
    throw new BusinessRuleError(
      `Répartition impossible : des critères ${yearOf(current.notifiedOn)} manquent pour un PLIE actif cette année-là.`,
      [{ path: 'allocation', message: 'Critères manquants' }],
    );
  }
  return deps.stores.contracts.update(current, sharing, context, {
    action: 'recompute-allocation',
    reason,
  });
}
