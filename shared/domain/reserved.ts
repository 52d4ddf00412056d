import { addDays, addMonths, type IsoDate, longFrenchDate } from './calendar';
import { type Awardee, awardeeKey, type ContractKind } from './contracts';

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

/**
 * When each basis could be cited, by the day the consultation was launched (the law in force
 * then applies; `consultationLaunchedOn`, or the notification date when it is not known):
 * - the 2006 code's articles until 31 March 2016;
 * - the ordinance of 23 July 2015 (articles 36 and 37) from 1 April 2016 to 31 March 2019;
 * - the code of public procurement (CCP) from 1 April 2019;
 * - L2113-14 as a *joint* reservation (EA/ESAT and SIAE at once) since article 141 of the ASAP
 *   law (n° 2020-1525 of 7 December 2020, JO of 8 December), in force on 9 December 2020 —
 *   before, L2113-14 forbade exactly that;
 * - L2113-13-1 (operators employing detained people) since ordinance n° 2022-1336 of
 *   19 October 2022, in force on 20 October 2022.
 */
export const CCP_IN_FORCE: IsoDate = '2019-04-01';
export const ORDINANCE_2015_IN_FORCE: IsoDate = '2016-04-01';
export const BASIS_PERIODS: Record<
  AnyReservedBasis,
  { from: IsoDate | null; until: IsoDate | null }
> = {
  'cmp-art14': { from: null, until: '2016-03-31' },
  'cmp-art15': { from: null, until: '2016-03-31' },
  'ord2015-art36': { from: ORDINANCE_2015_IN_FORCE, until: '2019-03-31' },
  'ord2015-art37': { from: ORDINANCE_2015_IN_FORCE, until: '2019-03-31' },
  'L2113-12': { from: CCP_IN_FORCE, until: null },
  'L2113-13': { from: CCP_IN_FORCE, until: null },
  'L2113-14': { from: '2020-12-09', until: null },
  'L2113-13-1': { from: '2022-10-20', until: null },
  'L2113-15': { from: CCP_IN_FORCE, until: null },
};

export const BASIS_LABELS: Record<AnyReservedBasis, string> = {
  'L2113-12': 'L2113-12 — entreprises adaptées, ESAT et opérateurs équivalents',
  'L2113-13': 'L2113-13 — structures d’insertion par l’activité économique et équivalents',
  'L2113-13-1': 'L2113-13-1 — opérateurs employant des personnes détenues',
  'L2113-14': 'L2113-14 — structures des articles L2113-12 et L2113-13 à la fois',
  'L2113-15': 'L2113-15 — entreprises de l’ESS (services sociaux, de santé et culturels)',
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

/** How the pages name each kind of awardee a reservation admits. */
export const AWARDEE_TYPE_LABELS: Record<AwardeeType, string> = {
  EA: 'Entreprise adaptée (EA)',
  EATT: 'Entreprise adaptée de travail temporaire (EATT)',
  ESAT: 'Établissement et service d’aide par le travail (ESAT)',
  EI: 'Entreprise d’insertion (EI)',
  ACI: 'Atelier et chantier d’insertion (ACI)',
  AI: 'Association intermédiaire (AI)',
  ETTI: 'Entreprise de travail temporaire d’insertion (ETTI)',
  EITI: 'Entreprise d’insertion par le travail indépendant (EITI)',
  GEIQ: 'Groupement d’employeurs pour l’insertion et la qualification (GEIQ)',
  ESS: 'Entreprise de l’économie sociale et solidaire (ESS)',
  OTHER: 'Opérateur équivalent (au moins 50 % de travailleurs concernés)',
};

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
  'L2113-13': 'aux structures d’insertion par l’activité économique et opérateurs équivalents',
  'L2113-13-1': 'aux opérateurs employant des personnes détenues',
  'L2113-14': 'aux structures des articles L2113-12 et L2113-13',
  'L2113-15': 'aux entreprises de l’économie sociale et solidaire',
};

/** L2113-15: a contract reserved to ESS companies lasts at most three years (in days)… */
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

/** The day from which a basis's rules are judged: the consultation's launch, else notification. */
export function lawDate(contract: {
  consultationLaunchedOn?: IsoDate | null;
  notifiedOn: IsoDate;
}) {
  return contract.consultationLaunchedOn ?? contract.notifiedOn;
}

/** The last day an L2113-15 contract may run: three years from its start, counted in days. */
export function l2113_15LastDay(startsOn: IsoDate): IsoDate {
  return addDays(addMonths(startsOn, L2113_15_MAX_MONTHS), -1);
}

/** Why `basis` could not be cited for a consultation launched on `launchedOn`; null if it could. */
export function basisDateProblem(basis: AnyReservedBasis, launchedOn: IsoDate): string | null {
  const { from, until } = BASIS_PERIODS[basis];
  if (from && launchedOn < from) {
    return `Le fondement « ${BASIS_LABELS[basis]} » n’existait pas encore le ${longFrenchDate(launchedOn)} (en vigueur depuis le ${longFrenchDate(from)}) : citez le texte applicable au lancement de la consultation.`;
  }
  if (until && launchedOn > until) {
    return `Le fondement « ${BASIS_LABELS[basis]} » ne vaut que pour les consultations lancées jusqu’au ${until} : citez l’article L2113 correspondant.`;
  }
  return null;
}

/** The reasons a reservation breaks the code, in French; empty when it complies. */
export function reservationProblems(input: {
  basis: AnyReservedBasis;
  awardeeType: AwardeeType | null | undefined;
  kind: ContractKind;
  notifiedOn: IsoDate;
  consultationLaunchedOn?: IsoDate | null | undefined;
  startsOn: IsoDate;
  endsOn: IsoDate;
}): ReservationProblem[] {
  const { basis, awardeeType } = input;
  const problems: ReservationProblem[] = [];
  const launchedOn = lawDate(input);
  const dated = basisDateProblem(basis, launchedOn);
  if (dated) problems.push({ field: 'basis', rule: basis, message: dated });
  // Old texts are kept as history: readable, with no rule of today's code applied to them.
  if (isLegacyBasis(basis)) return problems;
  if (!awardeeType) {
    problems.push({
      field: 'awardeeType',
      rule: basis,
      message: `Précisez le type du titulaire pour vérifier qu’il peut recevoir un marché réservé au titre de l’article ${basis}.`,
    });
  } else if (!awardeeFitsBasis(basis, awardeeType)) {
    problems.push({
      field: 'awardeeType',
      rule: basis,
      message: `Un marché réservé au titre de l’article ${basis} est réservé ${ADMITTED_WORDS[basis]} : un titulaire de type ${awardeeType} n’y est pas admis.`,
    });
  }
  if (basis === 'L2113-15') {
    if (input.kind !== 'services') {
      problems.push({
        field: 'basis',
        rule: 'L2113-15',
        message:
          'L’article L2113-15 ne vaut que pour des services (services sociaux, de santé et culturels de l’annexe du code) : un marché de travaux ou de fournitures ne peut être réservé sur ce fondement.',
      });
    }
    const lastDay = l2113_15LastDay(input.startsOn);
    if (input.endsOn > lastDay) {
      problems.push({
        field: 'endsOn',
        rule: 'L2113-15',
        message: `Un marché réservé au titre de l’article L2113-15 ne peut pas durer plus de 3 ans : commencé le ${longFrenchDate(input.startsOn)}, il doit finir au plus tard le ${longFrenchDate(lastDay)}.`,
      });
    }
  }
  return problems;
}

/**
 * L2113-15: an operator awarded such a contract by a buyer cannot be awarded another by the
 * same buyer on this basis within the following three years. The operator is the company (its
 * SIREN, any of its establishments): `earlier` are the notification dates of the other
 * L2113-15 awards of this buyer to that SIREN.
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
    message: `Ce titulaire a déjà obtenu de cet acheteur un marché réservé au titre de l’article L2113-15, notifié le ${longFrenchDate(clash)} : il ne peut en obtenir un autre sur ce fondement avant le ${longFrenchDate(addMonths(clash, L2113_15_REPEAT_MONTHS))}.`,
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

/** Who an L2113-15 award goes to: the company, whichever of its establishments signed. */
export function essAwardOperator(awardee: Partial<Awardee>): string {
  return awardeeKey(awardee);
}
