import type { AllocationMode } from '#shared/domain/allocation';
import type { ContractRecord } from './contract-item';
import type { Key, Keys } from './keys';

// The index that lets one PLIE's report read its own contracts instead of every contract of the
// year: each contract is listed under its "audiences", the partitions a PLIE reads (its own, its
// territory's, every PLIE's), sorted by end date so that a year's report skips the contracts
// that ended before it. concernsPlie (shared/domain/allocation.ts) then decides, contract by
// contract, exactly as the full report does.

/** The partition of the PLIEs an allocation concerns; null for a contract with no PLIE yet. */
export function audienceOf(allocation: AllocationMode | null | undefined): string | null {
  if (!allocation) return null;
  if (allocation.mode === 'single') return `PLIE#${allocation.plieId}`;
  return allocation.territory ? `TERRITORY#${allocation.territory}` : 'ALL';
}

/**
 * Every audience a contract has had: its allocation now and before each amendment, since a PLIE
 * keeps in its report the hours it logged before an amendment moved the contract elsewhere
 * (patching the allocation is refused once hours exist, so amendments hold all that history).
 * A reserved contract with no PLIE yet is listed for every PLIE's "new reserved contracts".
 */
export function contractAudiences(
  contract: Pick<ContractRecord, 'allocation' | 'amendments' | 'reserved'>,
): string[] {
  const found = new Set<string>();
  const add = (allocation: AllocationMode | null | undefined) => {
    const audience = audienceOf(allocation);
    if (audience) found.add(audience);
  };
  add(contract.allocation);
  for (const amendment of contract.amendments) {
    add(amendment.before.allocation);
    add(amendment.changes.allocation);
  }
  if (contract.allocation === null && contract.reserved) found.add('NONE');
  return [...found].sort();
}

/** The partitions one PLIE's report reads. */
export function plieAudiences(plie: { id: string; territory?: string | null }): string[] {
  return [
    `PLIE#${plie.id}`,
    'ALL',
    'NONE',
    ...(plie.territory ? [`TERRITORY#${plie.territory}`] : []),
  ];
}

export function plieContractKeys(
  keys: Keys,
  contract: Pick<ContractRecord, 'id' | 'endsOn' | 'allocation' | 'amendments' | 'reserved'>,
): Key[] {
  return contractAudiences(contract).map((audience) =>
    keys.plieContract(audience, contract.endsOn, contract.id),
  );
}

export const plieContractItem = (key: Key, contractId: string) => ({
  ...key,
  _type: 'plie-contract',
  contractId,
});
