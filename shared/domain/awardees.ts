import type { AllocationMode } from './allocation';
import { awardeeSiren } from './contracts';
import { isMonthInPeriod } from './hours';
import { sirenOf } from './identifiers';
import { countsAsReceived, type StatementState } from './statement-lifecycle';

// Awardees ("titulaires") declare their own insertion hours, contract by contract and month by
// month; a facilitator validates them. What an awardee may reach, and what it may declare.

interface Holder {
  siret?: string | undefined;
  siren?: string | undefined;
}

/**
 * A contract's companies: its awardee and its co-contractors. One published by its SIREN alone
 * is reached by that SIREN; a foreign one (no SIRET, no SIREN) is reached by nobody.
 */
interface Holders<H extends Holder = Holder> {
  awardee: H;
  coAwardees?: readonly H[];
}

const holderSiren = (holder: Holder) => awardeeSiren(holder);

/** The awardee or co-contractor of the contract that is the company of `siret`, if any. */
export function holderOf<H extends Holder>(contract: Holders<H>, siret: string): H | undefined {
  const siren = sirenOf(siret);
  return [contract.awardee, ...(contract.coAwardees ?? [])].find(
    (holder) => holderSiren(holder) === siren,
  );
}

/** Does the company of `siret` hold this contract, as its awardee or as a co-contractor? */
export function holdsContract(contract: Holders, siret: string): boolean {
  return holderOf(contract, siret) !== undefined;
}

/** A statement holds at most this many lines (one per person): a month of a large site. */
export const MAX_DECLARED_LINES = 200;

/**
 * Why hours cannot be declared for `month` on this contract, in French; null when they can:
 * the month must have ended, and be within the contract's period.
 */
export function declaredMonthProblem(
  month: string,
  contract: { startsOn: string; endsOn: string },
  currentMonth: string,
): string | null {
  if (month >= currentMonth) return 'Un relevé se déclare une fois le mois terminé';
  if (!isMonthInPeriod(month, contract.startsOn, contract.endsOn)) {
    return 'Ce mois est hors de la période d’exécution du marché';
  }
  return null;
}

/**
 * The PLIE a declared line goes to: the contract's own PLIE when it has one; for a shared
 * contract, the PLIE the line names (the facilitator's check then verifies it is one of the key).
 */
export function declaredLinePlie(
  allocation: AllocationMode | null,
  requested: string | undefined,
): { plieId: string } | { problem: string } {
  if (allocation?.mode === 'single') return { plieId: allocation.plieId };
  if (requested) return { plieId: requested };
  return {
    problem: allocation
      ? 'Marché partagé entre PLIE : précisez le PLIE qui suit la personne'
      : 'Aucun PLIE n’est encore désigné pour ce marché : le facilitateur doit le compléter',
  };
}

/** The companies (SIRENs) that hold a contract: its awardee and its co-contractors. */
export function holderSirens(contract: Holders): string[] {
  const sirens = [contract.awardee, ...(contract.coAwardees ?? [])]
    .map(holderSiren)
    .filter((siren): siren is string => siren !== undefined);
  return [...new Set(sirens)];
}

/** What the lateness rule reads of a statement. */
export interface StatementSeen {
  origin: 'upload' | 'awardee';
  status: StatementState;
  contractId: string | null;
  month: string | null;
  contractReferences: readonly string[];
  months: readonly string[];
}

/**
 * Has the month's statement come for this contract: an awardee's, waiting or validated (a
 * refused one is still due), or a facilitator's file that names the contract and the month
 * (the statement came the old way, by e-mail).
 */
export function statementReceived(
  statements: readonly StatementSeen[],
  contract: { id: string; reference: string },
  month: string,
): boolean {
  return statements.some((s) =>
    s.origin === 'awardee'
      ? s.contractId === contract.id && s.month === month && countsAsReceived(s.origin, s.status)
      : s.contractReferences.includes(contract.reference) &&
        s.months.includes(month) &&
        countsAsReceived(s.origin, s.status),
  );
}

/**
 * A "statement received" mark: a statement that counts (countsAsReceived) for a month and a
 * contract — by its reference, or, an awardee's, by its id too. The store keeps one per
 * statement and contract-month, written by the transitions that make the statement count or
 * stop counting, so that the missing-statement check reads these and not every statement.
 */
export interface ReceivedMark {
  month: string;
  reference: string;
  /** An awardee's statement names its contract; a facilitator's file, references only. */
  contractId: string | null;
}

/**
 * The marks a statement stands for while it counts, as `statementReceived` reads it: an
 * awardee's, its contract and month; a facilitator's file, each reference it names for each
 * month it names (the file says no more: a line of A in March and one of B in April mark A's
 * April too, as they always have).
 */
export function receivedMarks(statement: Omit<StatementSeen, 'status'>): ReceivedMark[] {
  if (statement.origin === 'awardee') {
    const reference = statement.contractReferences[0];
    return statement.contractId && statement.month && reference !== undefined
      ? [{ month: statement.month, reference, contractId: statement.contractId }]
      : [];
  }
  return statement.months.flatMap((month) =>
    statement.contractReferences.map((reference) => ({ month, reference, contractId: null })),
  );
}

/** Has the month's statement come for this contract, from the marks of that month. */
export function receivedFromMarks(
  marks: readonly Pick<ReceivedMark, 'reference' | 'contractId'>[],
  contract: { id: string; reference: string },
): boolean {
  return marks.some(
    (mark) =>
      mark.reference === contract.reference &&
      (mark.contractId === null || mark.contractId === contract.id),
  );
}

/** The day of the month late awardees are reminded, unless an administrator sets another. */
export const DEFAULT_REMINDER_DAY = 5;
/** Days an administrator may choose: every month has them. */
export const REMINDER_DAYS = { min: 1, max: 28 } as const;

/** Are reminders due today: on the administrator's day of the month, or after it (catching up). */
export function remindersDue(dayOfMonth: number, reminderDay: number): boolean {
  return dayOfMonth >= reminderDay;
}
