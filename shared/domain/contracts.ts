import { addMonths, type IsoDate } from './calendar';

export const CONTRACT_KINDS = ['works', 'supplies', 'services'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

export const SOCIAL_CONSIDERATIONS = ['social-clause', 'social-criterion', 'reserved'] as const;
export type SocialConsideration = (typeof SOCIAL_CONSIDERATIONS)[number];

/** How the pages and exports name a contract's kind. */
export const CONTRACT_KIND_LABELS: Record<ContractKind, string> = {
  works: 'Travaux',
  supplies: 'Fournitures',
  services: 'Services',
};

/** How the pages name each social consideration of a contract. */
export const SOCIAL_CONSIDERATION_LABELS: Record<SocialConsideration, string> = {
  'social-clause': 'Clause sociale d’insertion (condition d’exécution)',
  'social-criterion': 'Critère social d’attribution',
  reserved: 'Marché réservé',
};

/**
 * Required insertion hours as tenders compute them:
 * amount excl. VAT × labour share × insertion rate ÷ loaded hourly labour cost,
 * rounded to the nearest whole hour as tenders state it (1,000,000 × 50 % × 5 % ÷ 30 → 833 h).
 * Amount is taken in cents so that the product is exact before the single division.
 */
export function requiredHours(input: {
  amountCents: number;
  labourShare: number;
  insertionRate: number;
  hourlyCostCents: number;
}): number {
  const { amountCents, labourShare, insertionRate, hourlyCostCents } = input;
  if (hourlyCostCents <= 0) throw new RangeError('hourly cost must be positive');
  return Math.round((amountCents * labourShare * insertionRate) / hourlyCostCents);
}

/**
 * The kind of a contract from its CPV code, as the CPV divides them: division 45 is works,
 * divisions 03 to 44 and 48 are supplies, the others services.
 */
export function kindFromCpv(cpv: string): ContractKind | null {
  const division = Number(cpv.slice(0, 2));
  if (!/^\d{8}/.test(cpv) || division < 3) return null;
  if (division === 45) return 'works';
  if (division <= 44 || division === 48) return 'supplies';
  return 'services';
}

/** The contract's end when only a duration in months is known (DECP `dureeMois`). */
export function endFromDuration(startsOn: IsoDate, months: number): IsoDate {
  return addMonths(startsOn, months);
}

/** A reservation detail implies the "reserved" consideration: the two stay consistent. */
export function withReservedConsideration(
  considerations: readonly SocialConsideration[],
  reserved: unknown,
): SocialConsideration[] {
  return reserved && !considerations.includes('reserved')
    ? [...considerations, 'reserved']
    : [...considerations];
}

/** A co-contractor ("cotraitant") of a contract awarded to a group. */
export interface CoAwardee {
  name: string;
  /** A French co-contractor's SIRET; a foreign one has `identifier` instead (`TVA ES…`). */
  siret?: string;
  identifier?: string;
}
