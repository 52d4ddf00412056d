import type { Identity } from '#shared/domain/access';
import {
  type AttestationYear,
  attestationYearRange,
  attestationYears,
  hoursByMode,
  type ModeHours,
} from '#shared/domain/attestation';
import { parisDate } from '#shared/domain/calendar';
import { sumHours } from '#shared/domain/hours';
import type { ContractRecord } from '#shared/store/contracts';
import { structureOfContract } from './awardee-structures';
import { contractOfAwardee } from './awardees';
import type { ServiceDeps } from './deps';
import { getContract } from './lookups';
import { ownTenant } from './tenants';

// The attestation of a contract's insertion hours, as the structure that follows the contract
// issues it: its awardee prints it at the end of the contract, its facilitator from the
// contract's page. An awardee reaches only its company's contracts (404 for any other), as
// everywhere else.

interface Party {
  name: string;
  siret?: string;
}

/** A company as the attestation names it: its name, and its SIRET when one is known. */
const party = ({ name, siret }: { name: string; siret?: string | undefined }): Party =>
  siret ? { name, siret } : { name };

export interface Attestation {
  issuedOn: string;
  /** The structure that follows the contract, and issues the attestation. */
  structure: { id: string; name: string };
  contract: Pick<
    ContractRecord,
    'id' | 'reference' | 'title' | 'buyer' | 'startsOn' | 'endsOn' | 'targetHours'
  > & { lot: string | null; awardee: Party; coAwardees: { name: string }[] };
  ended: boolean;
  years: AttestationYear[];
  byMode: ModeHours[];
  total: number;
}

export async function contractAttestation(
  deps: ServiceDeps,
  actor: Identity,
  contractId: string,
): Promise<Attestation> {
  let structureName: string | null = null;
  if (actor.role === 'awardee') {
    const structure = await structureOfContract(deps, actor, contractId);
    deps = structure.deps;
    structureName = structure.tenant.name || null;
  }
  const contract =
    actor.role === 'awardee'
      ? await contractOfAwardee(deps, actor, contractId)
      : await getContract(deps, contractId);
  const today = parisDate(deps.now());
  const range = attestationYearRange(contract.startsOn, contract.endsOn, today);
  // A contract's lines a year at a time: a few years of a dozen lines a month.
  const [lines, tenant] = await Promise.all([
    Promise.all(range.map((year) => deps.stores.hours.ofContractInYear(contract.id, year))),
    structureName ? null : ownTenant(deps),
  ]);
  const counted = lines.flat().filter((line) => line.status === 'active');
  const years = attestationYears(range, counted);
  return {
    issuedOn: today,
    structure: { id: deps.stores.tenant, name: structureName ?? tenant?.name ?? '' },
    contract: {
      id: contract.id,
      reference: contract.reference,
      title: contract.title,
      lot: contract.lot ?? null,
      buyer: party(contract.buyer),
      awardee: party(contract.awardee),
      coAwardees: (contract.coAwardees ?? []).map(({ name }) => ({ name })),
      startsOn: contract.startsOn,
      endsOn: contract.endsOn,
      targetHours: contract.targetHours,
    },
    ended: contract.endsOn < today,
    years,
    byMode: hoursByMode(counted),
    total: sumHours(years.map((year) => year.total)),
  };
}
