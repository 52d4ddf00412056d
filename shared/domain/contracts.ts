import { addMonths, type IsoDate } from './calendar';
import { sirenOf } from './identifiers';

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

/**
 * A company holding a contract, as its buyer published it: a French one by its SIRET, or by its
 * SIREN alone when no establishment was named; a foreign one by the identifier published
 * (`TVA ESB85535615`, `HORS-UE USCOLUMBIAARTISTSM`), which gives no access. Its name is empty
 * when nobody knows it yet: the 2024 format publishes none, and none is invented.
 */
export interface Awardee {
  name: string;
  siret?: string;
  siren?: string;
  identifier?: string;
}

/** A co-contractor ("cotraitant") of a contract awarded to a group: a company like any other. */
export type CoAwardee = Awardee;

/** The company (SIREN) of an awardee, when it is a French one. */
export function awardeeSiren(awardee: {
  siret?: string | undefined;
  siren?: string | undefined;
}): string | undefined {
  return awardee.siret ? sirenOf(awardee.siret) : awardee.siren;
}

/** What tells a company from another: its SIREN, else its published identifier, else its name. */
export function awardeeKey(awardee: Partial<Awardee>): string {
  return awardeeSiren(awardee) ?? awardee.identifier ?? `name:${awardee.name ?? ''}`;
}

/** An awardee's identifier as the pages and exports write it (`SIREN 614500585`). */
export function awardeeIdentifier(awardee: Awardee): string {
  if (awardee.siret) return `SIRET ${awardee.siret}`;
  if (awardee.siren) return `SIREN ${awardee.siren}`;
  return awardee.identifier ?? 'identifiant inconnu';
}
