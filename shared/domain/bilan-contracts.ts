import {
  type AllocationMode,
  concernsPlie,
  contractSplit,
  type FrozenKey,
  listedForPlie,
  type PlieCriteria,
  type Weights,
} from './allocation';
import { type Amendment, termsOn } from './amendments';
import { type Hundredths, toHundredths } from './bilan-hours';
import { yearOf } from './calendar';
import {
  type Awardee,
  awardeeIdentifier,
  type ContractKind,
  type SocialConsideration,
} from './contracts';
import { activeInYear } from './plies';
import { expectedInYear } from './schedule';
import { nameOrToComplete } from './to-complete';

// The bilan's contracts: which ones a scope holds (a buyer's, a PLIE's, all), and the hours each
// required in the year — its target (for a PLIE, its part of the target by the contract's key,
// as its monthly report shows it) spread evenly over the contract's period (expectedInYear).

/** What the bilan needs of a contract (a ContractRecord is one). */
export interface BilanContract {
  id: string;
  reference: string;
  title: string;
  buyer: { name: string; siret?: string };
  awardee: Awardee;
  kind: ContractKind;
  cpv?: string;
  notifiedOn: string;
  startsOn: string;
  endsOn: string;
  amountCents: number;
  targetHours: number | null;
  allocation: AllocationMode | null;
  allocationKey: FrozenKey | null;
  amendments?: readonly Amendment[];
  socialConsiderations: readonly SocialConsideration[];
}

export interface BilanPlie {
  id: string;
  name: string;
  territory?: string | null;
  activeFrom: string | null;
  activeUntil: string | null;
}

/** A bilan's scope: the structure's (both null), a buyer's, a PLIE's, or a PLIE's part of a buyer's. */
export interface BilanScope {
  buyerSiret: string | null;
  plieId: string | null;
}

/** The allocation criteria of a notification year, for shared contracts without a decided key. */
export type CriteriaByYear = ReadonlyMap<
  number,
  { plies: PlieCriteria[]; weights: Weights | null }
>;

/** A buyer's key in the bilan: its SIRET, or its name when the contract gives none. */
export const buyerKey = (buyer: { name: string; siret?: string }) =>
  buyer.siret ?? `nom:${buyer.name}`;

/** An unnamed company or buyer (the open data gave no name) as the pages say it. */
export const awardeeLabel = (awardee: Awardee) =>
  nameOrToComplete(awardee.name, awardeeIdentifier(awardee));
export const buyerLabel = (buyer: { name: string; siret?: string }) =>
  nameOrToComplete(buyer.name, buyer.siret ? `SIRET ${buyer.siret}` : null);

/** Does the contract run at some point of `year`? */
export function runsIn(contract: Pick<BilanContract, 'startsOn' | 'endsOn'>, year: number) {
  return contract.startsOn <= `${year}-12-31` && contract.endsOn >= `${year}-01-01`;
}

/**
 * Is the contract the scope's: the buyer's when one is named, and for a PLIE one that concerns
 * it at the year's end or on which it has hours that year (listedForPlie, as its report lists).
 */
export function contractInScope(
  contract: BilanContract,
  scope: BilanScope,
  plie: BilanPlie | null,
  plieHasHours: boolean,
  year: number,
): boolean {
  if (scope.buyerSiret !== null && contract.buyer.siret !== scope.buyerSiret) return false;
  if (scope.plieId === null) return true;
  const terms = termsOn(contract, `${year}-12-31`);
  return listedForPlie(terms.allocation, plie ?? { id: scope.plieId }, plieHasHours);
}

/**
 * The hours the contract required in `year`, for the structure or for one PLIE, with what the
 * report says of a contract whose part cannot be told (no PLIE yet, a key's criteria missing).
 */
export function requiredInYear(
  contract: BilanContract,
  year: number,
  plieId: string | null,
  plies: readonly BilanPlie[],
  criteria: CriteriaByYear,
): { hours: Hundredths; note: string | null } {
  // The terms in force at the year's end: an amendment counts from its date.
  const terms = termsOn(contract, `${year}-12-31`);
  const spread = (target: number | null) =>
    toHundredths(
      expectedInYear(
        { targetHours: target, startsOn: contract.startsOn, endsOn: terms.endsOn },
        year,
      ),
    );
  if (plieId === null) {
    return { hours: spread(terms.targetHours), note: terms.allocation ? null : 'PLIE à désigner' };
  }
  const plie = plies.find((p) => p.id === plieId) ?? { id: plieId };
  if (!concernsPlie(terms.allocation, plie)) {
    return { hours: 0, note: 'Heures saisies avant un changement de répartition' };
  }
  const notificationYear = yearOf(contract.notifiedOn);
  const yearCriteria = criteria.get(notificationYear);
  const split = contractSplit({
    targetHours: terms.targetHours,
    allocation: terms.allocation,
    notificationYear,
    plies: activeInYear(plies, notificationYear),
    criteria: yearCriteria?.plies ?? [],
    weights: yearCriteria?.weights ?? null,
    frozen: contract.allocationKey,
  });
  if (!split.ok) return { hours: 0, note: split.issue };
  return {
    hours: spread(split.allotted.get(plieId) ?? 0),
    note: split.shared ? 'Marché partagé : part du PLIE' : null,
  };
}
