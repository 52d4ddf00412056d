import type { Identity } from '#shared/domain/access';
import { structureOfContract } from './awardee-structures';
import { contractOfAwardee } from './awardees';
import { contractAllocation } from './contract-allocation';
import { contractView } from './contract-view';
import { sharesPace } from './contracts-pace';
import type { ServiceDeps } from './deps';
import { getContract } from './lookups';

/**
 * A contract as its page reads it, with how its hours go between PLIEs: an awardee reads only
 * its company's (404 for any other). The contract and its PLIE totals are read together: both
 * are keyed by the id.
 */
export async function contractDetail(deps: ServiceDeps, actor: Identity, id: string) {
  // An awardee's contract is read in the structure that holds it for its company.
  let tenant: { tenant: string; tenantName: string } | null = null;
  if (actor.role === 'awardee') {
    const structure = await structureOfContract(deps, actor, id);
    deps = structure.deps;
    tenant = { tenant: structure.tenant.id, tenantName: structure.tenant.name };
  }
  const [contract, totals] = await Promise.all([
    actor.role === 'awardee' ? contractOfAwardee(deps, actor, id) : getContract(deps, id),
    deps.stores.totals.plieTotals(id),
  ]);
  const split = contractAllocation(deps, contract, totals);
  // Each share's status as its PLIE's monthly report says it (shared/services/contracts-pace.ts).
  const [{ allocation, allocationIssue, hoursByPlie }, paces] = await Promise.all([
    split,
    sharesPace(deps, contract, totals, split),
  ]);
  return {
    ...contractView(contract),
    ...tenant,
    allocation: allocation?.map((share) => ({ ...share, pace: paces.get(share.plieId) })) ?? null,
    allocationMode: contract.allocation,
    allocationIssue,
    hoursByPlie,
  };
}
