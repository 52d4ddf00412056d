import type { AllocationMode } from './allocation';
import { type IsoDate, longFrenchDate } from './calendar';
import type { CoAwardee } from './contracts';
import { byCode } from './order';

// Amendments ("avenants") change a contract's amount, end date, target hours or allocation from
// a date, with a reason. The contract keeps the values of its last amendment; each amendment
// keeps the values it replaced, so the terms in force on any earlier day can be read back, and
// progress and pro-rata use the terms of the day they judge. Hours already logged stay valid.
// An amendment published in the open data (DECP `modifications`) may also change the awardee
// (a company taking over the contract): the contract's awardee is then that of the last one.

/** What an amendment may change. */
export interface ContractTerms {
  amountCents: number;
  endsOn: IsoDate;
  targetHours: number | null;
  allocation: AllocationMode | null;
}

export type TermName = keyof ContractTerms;
export const TERM_NAMES: readonly TermName[] = [
  'amountCents',
  'endsOn',
  'targetHours',
  'allocation',
];

/** Who holds the contract: what a DECP modification may change besides the terms. */
export interface Holding {
  awardee: CoAwardee;
  coAwardees: CoAwardee[];
}

/** Everything an amendment may change. */
export type AmendedTerms = ContractTerms & Holding;
export type AmendedName = keyof AmendedTerms;
export const AMENDED_NAMES: readonly AmendedName[] = [...TERM_NAMES, 'awardee', 'coAwardees'];

/** Where an amendment published in the open data comes from. */
export interface AmendmentSource {
  kind: 'decp';
  /** Which of the contract's modifications it is: its `id` in DECP 2.0, else what it says. */
  key: string;
  /** The published record that carried it (`id`) and when the modification was published. */
  publishedId: string;
  publishedOn: IsoDate | null;
  /** Its notification date as published, when it differs from the day it takes effect. */
  notifiedOn: IsoDate | null;
}

export interface Amendment {
  id: string;
  /** The day the new terms apply from. */
  effectiveOn: IsoDate;
  reason: string;
  /** The new values of the terms it changes… */
  changes: Partial<AmendedTerms>;
  /** …and the values they had before it. */
  before: Partial<AmendedTerms>;
  /** Absent for an amendment a user recorded. */
  source?: AmendmentSource;
  /** Hours logged on the contract, by PLIE, when it was signed: they stay where they are. */
  hoursByPlie?: Record<string, number>;
  at: string;
  by: string;
}

/**
 * The terms in force on `date`: the contract's current terms with every amendment effective
 * after that day undone, latest first.
 */
export function termsOn(
  contract: ContractTerms & { amendments?: readonly Amendment[] },
  date: IsoDate,
): ContractTerms {
  const terms: ContractTerms = {
    amountCents: contract.amountCents,
    endsOn: contract.endsOn,
    targetHours: contract.targetHours,
    allocation: contract.allocation,
  };
  const later = (contract.amendments ?? [])
    .map((amendment, order) => ({ amendment, order }))
    .filter(({ amendment }) => amendment.effectiveOn > date)
    .sort((a, b) => byCode(b.amendment.effectiveOn, a.amendment.effectiveOn) || b.order - a.order);
  for (const { amendment } of later) {
    for (const name of TERM_NAMES) {
      if (name in amendment.before) Object.assign(terms, { [name]: amendment.before[name] });
    }
  }
  return terms;
}

/** Amendments in the order they apply: by effective day, then as recorded. */
function inOrder(amendments: readonly Amendment[]): Amendment[] {
  return amendments
    .map((amendment, order) => ({ amendment, order }))
    .sort((a, b) => byCode(a.amendment.effectiveOn, b.amendment.effectiveOn) || a.order - b.order)
    .map(({ amendment }) => amendment);
}

/** The values a contract had before any amendment: each amendment undone, latest first. */
export function initialTerms(contract: AmendedTerms & { amendments: readonly Amendment[] }) {
  const terms: AmendedTerms = {
    amountCents: contract.amountCents,
    endsOn: contract.endsOn,
    targetHours: contract.targetHours,
    allocation: contract.allocation,
    awardee: contract.awardee,
    coAwardees: contract.coAwardees,
  };
  for (const amendment of inOrder(contract.amendments).reverse()) {
    Object.assign(terms, amendment.before);
  }
  return terms;
}

/**
 * Applies amendments to initial values in the order they take effect: the values in force
 * after the last, and each amendment with the values it replaced read again (a corrected
 * initial value, or an amendment of an earlier day arriving later, changes what they were).
 */
export function replayAmendments(
  initial: AmendedTerms,
  amendments: readonly Amendment[],
): { terms: AmendedTerms; amendments: Amendment[] } {
  const terms: AmendedTerms = { ...initial };
  const replayed = new Map<Amendment, Amendment>();
  for (const amendment of inOrder(amendments)) {
    const before: Partial<AmendedTerms> = {};
    for (const name of AMENDED_NAMES) {
      if (name in amendment.changes) Object.assign(before, { [name]: terms[name] });
    }
    Object.assign(terms, amendment.changes);
    replayed.set(amendment, { ...amendment, before });
  }
  // Stored in the order recorded, as before.
  return { terms, amendments: amendments.map((a) => replayed.get(a) as Amendment) };
}

/** Why the amendment cannot be made, as field problems in French; empty when it can. */
export function amendmentProblems(
  contract: { notifiedOn: IsoDate; startsOn: IsoDate },
  amendment: { effectiveOn: IsoDate; changes: Partial<ContractTerms> },
): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (Object.keys(amendment.changes).length === 0) {
    problems.push({
      field: 'effectiveOn',
      message:
        'Un avenant change au moins le montant, la fin, l’objectif d’heures ou la répartition',
    });
  }
  if (amendment.effectiveOn < contract.notifiedOn) {
    problems.push({
      field: 'effectiveOn',
      message: `Un avenant ne peut prendre effet avant la notification du marché (${longFrenchDate(contract.notifiedOn)})`,
    });
  }
  const endsOn = amendment.changes.endsOn;
  if (endsOn !== undefined && endsOn < contract.startsOn) {
    problems.push({
      field: 'endsOn',
      message: `La nouvelle fin précède le début du marché (${longFrenchDate(contract.startsOn)})`,
    });
  }
  return problems;
}
