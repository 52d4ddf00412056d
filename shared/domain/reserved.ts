import type { IsoDate } from './calendar';
import { durationMonths } from './contracts';

// Reserved markets, Code de la commande publique (CCP), articles L2113-12 to L2113-15.
export const RESERVED_BASES = [
  'L2113-12',
  'L2113-13',
  'L2113-13-1',
  'L2113-14',
  'L2113-15',
] as const;
export type ReservedBasis = (typeof RESERVED_BASES)[number];

/** Bases cited on records from before the 2019 code; readable, not accepted for new contracts. */
export const LEGACY_RESERVED_BASES = [
  'ord2015-art36',
  'ord2015-art37',
  'cmp-art14',
  'cmp-art15',
] as const;
export type LegacyReservedBasis = (typeof LEGACY_RESERVED_BASES)[number];

export const AWARDEE_TYPES = [
  'EA',
  'EATT',
  'ESAT',
  'EI',
  'ACI',
  'AI',
  'ETTI',
  'EITI',
  'GEIQ',
  'ESS',
  'OTHER',
] as const;
export type AwardeeType = (typeof AWARDEE_TYPES)[number];

const SHELTERED: readonly AwardeeType[] = ['EA', 'EATT', 'ESAT'];
const INSERTION: readonly AwardeeType[] = ['EI', 'ACI', 'AI', 'ETTI', 'EITI'];

/**
 * Which awardees each basis admits. `OTHER` is the "equivalent operator" each article allows
 * (at least 50 % disabled, disadvantaged or detained workers); L2113-15 is for ESS companies.
 */
const ADMITTED: Record<ReservedBasis, readonly AwardeeType[]> = {
  'L2113-12': [...SHELTERED, 'OTHER'],
  'L2113-13': [...INSERTION, 'OTHER'],
  'L2113-13-1': ['OTHER'],
  'L2113-14': [...SHELTERED, ...INSERTION, 'OTHER'],
  'L2113-15': ['ESS'],
};

const BASIS_LABELS: Record<ReservedBasis, string> = {
  'L2113-12': 'aux entreprises adaptées, ESAT et opérateurs équivalents',
  'L2113-13': "aux structures d'insertion par l'activité économique et opérateurs équivalents",
  'L2113-13-1': 'aux opérateurs employant des personnes détenues',
  'L2113-14': 'aux structures des articles L2113-12 et L2113-13 à la fois',
  'L2113-15':
    "aux entreprises de l'économie sociale et solidaire (services sociaux, de santé et culturels)",
};

/** L2113-15: a contract reserved to ESS companies lasts at most three years. */
export const L2113_15_MAX_MONTHS = 36;

export function awardeeFitsBasis(basis: ReservedBasis, type: AwardeeType): boolean {
  return ADMITTED[basis].includes(type);
}

/** The French reasons a reservation breaks the code, empty when it complies. */
export function reservationProblems(input: {
  basis: ReservedBasis;
  awardeeType: AwardeeType;
  startsOn: IsoDate;
  endsOn: IsoDate;
}): string[] {
  const problems: string[] = [];
  if (!awardeeFitsBasis(input.basis, input.awardeeType)) {
    problems.push(
      `Un marché réservé sur le fondement de l'article ${input.basis} est réservé ${BASIS_LABELS[input.basis]} : un titulaire de type ${input.awardeeType} n'y est pas admis.`,
    );
  }
  if (
    input.basis === 'L2113-15' &&
    durationMonths(input.startsOn, input.endsOn) > L2113_15_MAX_MONTHS
  ) {
    problems.push(
      "Un marché réservé sur le fondement de l'article L2113-15 ne peut pas durer plus de 3 ans.",
    );
  }
  return problems;
}
