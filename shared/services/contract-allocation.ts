import { contractSplit } from '#shared/domain/allocation';
import { yearOf } from '#shared/domain/calendar';
import { activeInYear } from '#shared/domain/plies';
import type { ContractRecord } from '#shared/store/contracts';
import type { ServiceDeps } from './deps';

export interface ContractAllocation {
  allocation: { plieId: string; allottedHours: number; hoursLogged: number }[] | null;
  allocationIssue: string | null;
  hoursByPlie: { plieId: string; hoursLogged: number }[];
}

/**
 * Each PLIE's share of the contract's target and what it has logged. Shared contracts use the
 * criteria of their notification year; a PLIE without criteria blocks the key, and says so.
 */
export async function contractAllocation(
  deps: ServiceDeps,
  contract: ContractRecord,
): Promise<ContractAllocation> {
  const totals = await deps.stores.totals.plieTotals(contract.id);
  const logged = new Map(totals.map((t) => [t.plieId, t.hours]));
  const hoursByPlie = totals
    .filter((t) => t.lines > 0 || t.hours !== 0)
    .map((t) => ({ plieId: t.plieId, hoursLogged: t.hours }))
    .sort((a, b) => a.plieId.localeCompare(b.plieId));
  const shared = contract.allocation?.mode === 'shared';
  const year = yearOf(contract.notifiedOn);
  const [plies, criteria, weights] = shared
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
