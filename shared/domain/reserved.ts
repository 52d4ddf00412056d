import { addMonths, type IsoDate } from './calendar';
import { durationMonths } from './contracts';

// Reserved markets, Code de la commande publique (CCP), articles L2113-12 to L2113-15, in force
// since 1 April 2019. Before, the same reservations were articles 36 and 37 of the ordinance of
// 23 July 2015 (from 1 April 2016), and before that articles 14 and 15 of the old code.

export const RESERVED_BASES = [
  'L2113-12',
  'L2113-13',
  'L2113-13-1',
  'L2113-14',
  'L2113-15',
] as const;
export type ReservedBasis = (typeof RESERVED_BASES)[number];

export const LEGACY_RESERVED_BASES = [
  'ord2015-art36',
  'ord2015-art37',
  'cmp-art14',
  'cmp-art15',
] as const;
export type LegacyReservedBasis = (typeof LEGACY_RESERVED_BASES)[number];
export type AnyReservedBasis = ReservedBasis | LegacyReservedBasis;
export const ALL_RESERVED_BASES = [...RESERVED_BASES, ...LEGACY_RESERVED_BASES] as const;

/** When each family of texts applied, by notification date. */
export const CCP_IN_FORCE: IsoDate = '2019-04-01';
export const ORDINANCE_2015_IN_FORCE: IsoDate = '2016-04-01';

export const BASIS_LABELS: Record<AnyReservedBasis, string> = {
  'L2113-12': 'L2113-12 — entreprises adaptées, ESAT et opérateurs équivalents',
  'L2113-13': "L2113-13 — structures d'insertion par l'activité économique et équivalents",
  'L2113-13-1': 'L2113-13-1 — opérateurs employant des personnes détenues',
  'L2113-14': 'L2113-14 — structures des articles L2113-12 et L2113-13 à la fois',
  'L2113-15': "L2113-15 — entreprises de l'ESS (services sociaux, de santé et culturels)",
  'ord2015-art36': 'ex-article 36 de l’ordonnance de 2015 (handicap, insertion)',
  'ord2015-art37': 'ex-article 37 de l’ordonnance de 2015 (ESS)',
  'cmp-art14': 'ex-article 14 de l’ancien code des marchés publics',
  'cmp-art15': 'ex-article 15 de l’ancien code des marchés publics',
};

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

const ADMITTED_WORDS: Record<ReservedBasis, string> = {
  'L2113-12': 'aux entreprises adaptées, ESAT et opérateurs équivalents',
  'L2113-13': "aux structures d'insertion par l'activité économique et opérateurs équivalents",
  'L2113-13-1': 'aux opérateurs employant des personnes détenues',
  'L2113-14': 'aux structures des articles L2113-12 et L2113-13',
  'L2113-15': "aux entreprises de l'économie sociale et solidaire",
};

/** L2113-15: a contract reserved to ESS companies lasts at most three years… */
export const L2113_15_MAX_MONTHS = 36;
/** …and its awardee cannot get another from the same buyer on this basis for three years. */
export const L2113_15_REPEAT_MONTHS = 36;

export function isLegacyBasis(basis: AnyReservedBasis): basis is LegacyReservedBasis {
  return (LEGACY_RESERVED_BASES as readonly string[]).includes(basis);
}

export function awardeeFitsBasis(basis: ReservedBasis, type: AwardeeType): boolean {
  return ADMITTED[basis].includes(type);
}

export interface ReservationProblem {
  field: 'basis' | 'awardeeType' | 'endsOn' | 'notifiedOn';
  rule: string;
  message: string;
}

/** The reasons a reservation breaks the code, in French; empty when it complies. */
export function reservationProblems(input: {
  basis: AnyReservedBasis;
  awardeeType: AwardeeType | null | undefined;
  notifiedOn: IsoDate;
  startsOn: IsoDate;
  endsOn: IsoDate;
}): ReservationProblem[] {
  const { basis, awardeeType } = input;
  if (isLegacyBasis(basis)) {
    // Old texts are kept as history: readable, only for contracts notified while they applied.
    return input.notifiedOn >= CCP_IN_FORCE
      ? [
          {
            field: 'basis',
            rule: basis,
            message: `Le fondement « ${BASIS_LABELS[basis]} » ne vaut que pour les marchés notifiés avant le 1er avril 2019 : citez l'article L2113 correspondant.`,
          },
        ]
      : [];
  }
  const problems: ReservationProblem[] = [];
  if (input.notifiedOn < CCP_IN_FORCE) {
    problems.push({
      field: 'basis',
      rule: basis,
      message: `L'article ${basis} n'existait pas avant le 1er avril 2019 : pour un marché notifié le ${input.notifiedOn}, citez l'ancien fondement (article 36 ou 37 de l'ordonnance de 2015, articles 14 ou 15 de l'ancien code).`,
    });
  }
  if (!awardeeType) {
    problems.push({
      field: 'awardeeType',
      rule: basis,
      message: `Précisez le type du titulaire pour vérifier qu'il peut recevoir un marché réservé au titre de l'article ${basis}.`,
    });
  } else if (!awardeeFitsBasis(basis, awardeeType)) {
    problems.push({
      field: 'awardeeType',
      rule: basis,
      message: `Un marché réservé au titre de l'article ${basis} est réservé ${ADMITTED_WORDS[basis]} : un titulaire de type ${awardeeType} n'y est pas admis.`,
    });
  }
  if (basis === 'L2113-15' && durationMonths(input.startsOn, input.endsOn) > L2113_15_MAX_MONTHS) {
    problems.push({
      field: 'endsOn',
      rule: 'L2113-15',
      message: "Un marché réservé au titre de l'article L2113-15 ne peut pas durer plus de 3 ans.",
    });
  }
  return problems;
}

/**
 * L2113-15: an operator awarded such a contract by a buyer cannot be awarded another by the
 * same buyer on this basis within the following three years. `earlier` are the notification
 * dates of the operator's other L2113-15 awards from this buyer.
 */
export function repeatAwardProblem(
  notifiedOn: IsoDate,
  earlier: readonly IsoDate[],
): ReservationProblem | null {
  const windowStart = addMonths(notifiedOn, -L2113_15_REPEAT_MONTHS);
  const clash = earlier
    .filter((date) => date > windowStart && date <= notifiedOn)
    .sort()
    .at(-1);
  if (!clash) return null;
  return {
    field: 'notifiedOn',
    rule: 'L2113-15',
    message: `Ce titulaire a déjà obtenu de cet acheteur un marché réservé au titre de l'article L2113-15, notifié le ${clash} : il ne peut en obtenir un autre sur ce fondement avant le ${addMonths(clash, L2113_15_REPEAT_MONTHS)}.`,
  };
}

/** Is this an L2113-15 award, the only basis whose repeat awards the code limits. */
export function isEssAward(reserved: { basis: AnyReservedBasis } | null): boolean {
  return reserved?.basis === 'L2113-15';
}

/**
 * Who an L2113-15 award binds: the buyer, known by its SIRET (or by its name when the open
 * data gives none), so that its earlier awards to the same operator can be found.
 */
export function essAwardBuyer(buyer: { name: string; siret?: string }): string {
  return buyer.siret ?? `name:${buyer.name}`;
}
