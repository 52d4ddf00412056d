import type { AllocationMode } from './allocation';
import { type IsoDate, longFrenchDate } from './calendar';

// Amendments ("avenants") change a contract's amount, end date, target hours or allocation from
// a date, with a reason. The contract keeps the values of its last amendment; each amendment
// keeps the values it replaced, so the terms in force on any earlier day can be read back, and
// progress and pro-rata use the terms of the day they judge. Hours already logged stay valid.

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

export interface Amendment {
  id: string;
  /** The day the new terms apply from. */
  effectiveOn: IsoDate;
  reason: string;
  /** The new values of the terms it changes… */
  changes: Partial<ContractTerms>;
  /** …and the values they had before it. */
  before: Partial<ContractTerms>;
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
    .sort(
      (a, b) => b.amendment.effectiveOn.localeCompare(a.amendment.effectiveOn) || b.order - a.order,
    );
  for (const { amendment } of later) Object.assign(terms, amendment.before);
  return terms;
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
