import {
  type AllocationMode,
  concernsPlie,
  type FrozenKey,
  keyPlies,
  type PlieTerritory,
} from './allocation';
import { frenchMonth, type IsoDate, longFrenchDate, monthOf, type YearMonth } from './calendar';
import { formatHours } from './format';
import {
  addHours,
  isMonthInPeriod,
  type LineField,
  type LineFields,
  type LineProblem,
} from './hours';
import { type PlieActivity, plieActivityProblem } from './plies';

// What an hour line names, checked against what exists: the contract (its period, its PLIEs),
// the PLIE (its active period), the person (their months in the PLIE, 250 h a month) and the
// clock. The API, the statement import and the write transaction's conditions all follow it.

/** What the line's names were found to be. */
export interface LineReferences {
  /** The contracts the line's contract names (a reference may name several buyers' contracts). */
  contracts: readonly {
    startsOn: IsoDate;
    endsOn: IsoDate;
    allocation: AllocationMode | null;
    allocationKey?: FrozenKey | null | undefined;
  }[];
  /** The line's PLIE, with its active period; null when there is none of that id. */
  plie: (PlieActivity & { territory?: string | null | undefined }) | null;
  /**
   * Undefined when the line names no participant; null when it names one that is not found.
   * `monthHours`: the person's hours already logged that month, on every contract (and, for a
   * file, on the file's earlier lines).
   */
  participant:
    | { plieId: string; enteredOn: IsoDate; exitedOn: IsoDate | null; monthHours: number }
    | null
    | undefined;
  /** The current month in Paris: hours are logged once realised, never ahead. */
  currentMonth: YearMonth;
  /**
   * The names of the PLIEs a message may name, by id (the one a single-PLIE contract is
   * allotted to): users know PLIEs by name, not by id. A PLIE not here is named by its id.
   */
  plieNames?: ReadonlyMap<string, string> | undefined;
}

/** A person cannot work more than this in a month, whatever the contracts. */
export const MAX_HOURS_PER_PERSON_MONTH = 250;

/**
 * Why a line cannot be logged given what it refers to: the contract exists (once) and is
 * allotted to the line's PLIE, the PLIE exists, the participant is one of that PLIE's, in the
 * PLIE that month and not past 250 h in it, and the month is in the contract's period and not
 * ahead of the current one. The write transaction checks the same (shared/store/hours.ts).
 */
export function lineReferenceProblems(
  line: Pick<LineFields, 'contract' | 'plieId' | 'participant' | 'month'> & { hours: number },
  found: LineReferences,
): LineProblem[] {
  const problems: LineProblem[] = [];
  const fail = (field: LineField, message: string) => problems.push({ field, message });
  const [contract, ...others] = found.contracts;
  if (!contract) fail('contract', `Marché inconnu : « ${line.contract} »`);
  else if (others.length) {
    fail(
      'contract',
      `Référence « ${line.contract} » portée par plusieurs marchés (acheteurs différents) : saisissez ces heures une à une`,
    );
  }
  const plieExists = found.plie !== null;
  if (!found.plie) fail('plieId', `PLIE inconnu : « ${line.plieId} »`);
  else {
    const closed = plieActivityProblem(found.plie, line.month);
    if (closed) fail('plieId', closed);
  }
  if (line.month > found.currentMonth) {
    fail(
      'month',
      `${frenchMonth(line.month)} n’est pas encore passé : on saisit les heures réalisées, jusqu’à ${frenchMonth(found.currentMonth)}`,
    );
  }
  if (contract && !others.length) {
    const outside = periodProblem(line.month, contract);
    if (outside) fail('month', outside);
    const allotment = allotmentProblem(
      contract.allocation,
      { id: line.plieId, territory: found.plie?.territory },
      contract.allocationKey,
      found.plieNames,
    );
    if (allotment && plieExists) fail('plieId', allotment);
  }
  const { participant } = found;
  if (participant === null && plieExists) {
    fail('participant', `Aucun participant « ${line.participant} » dans ce PLIE`);
  }
  if (participant && participant.plieId !== line.plieId) {
    fail('participant', 'Ce participant est suivi par un autre PLIE que celui de la ligne');
  }
  if (participant) {
    const presence = presenceProblem(line.month, participant);
    if (presence) fail('month', presence);
    const person = personMonthProblem(line.month, participant.monthHours, line.hours);
    if (person) fail('hours', person);
  }
  return problems;
}

/** Why the contract's hours cannot go to this PLIE; null when they can. */
export function allotmentProblem(
  allocation: AllocationMode | null,
  plie: PlieTerritory,
  key?: FrozenKey | null,
  plieNames?: ReadonlyMap<string, string>,
): string | null {
  const plieId = plie.id;
  if (!allocation) {
    return 'Aucun PLIE n’est encore désigné pour ce marché : complétez-le avant de saisir ses heures.';
  }
  if (allocation.mode === 'single' && allocation.plieId !== plieId) {
    const name = plieNames?.get(allocation.plieId) ?? allocation.plieId;
    return `Ce marché est attribué à « ${name} » : ses heures ne peuvent aller à un autre PLIE.`;
  }
  if (allocation.mode === 'shared' && key && !keyPlies(key).has(plieId)) {
    return `Ce PLIE n’est pas dans la répartition de ce marché partagé (décidée avec les critères ${key.year}).`;
  }
  // Until its key is decided, a contract shared within a territory takes that territory's PLIEs.
  if (allocation.mode === 'shared' && !key && !concernsPlie(allocation, plie)) {
    return `Ce marché est partagé entre les PLIE du territoire « ${allocation.territory} » : ce PLIE n’en est pas.`;
  }
  return null;
}

/** Why the person was not in the PLIE that month; null when they were. */
export function presenceProblem(
  month: YearMonth,
  participant: { enteredOn: IsoDate; exitedOn: IsoDate | null },
): string | null {
  if (month < monthOf(participant.enteredOn)) {
    return `${frenchMonth(month)} précède l’entrée du participant dans le PLIE (le ${longFrenchDate(participant.enteredOn)})`;
  }
  if (participant.exitedOn && month > monthOf(participant.exitedOn)) {
    return `${frenchMonth(month)} suit la sortie du participant (le ${longFrenchDate(participant.exitedOn)})`;
  }
  return null;
}

/** Why these hours would take the person past 250 h that month; null when they fit. */
export function personMonthProblem(
  month: YearMonth,
  already: number,
  hours: number,
): string | null {
  if (addHours(already, hours) <= MAX_HOURS_PER_PERSON_MONTH) return null;
  return `Au plus ${MAX_HOURS_PER_PERSON_MONTH} h par personne et par mois, tous marchés confondus : ce participant a déjà ${formatHours(already)} en ${frenchMonth(month)}`;
}

/** Why the month is outside the contract's period, in French; null when it is inside. */
export function periodProblem(
  month: YearMonth,
  period: { startsOn: IsoDate; endsOn: IsoDate },
): string | null {
  return isMonthInPeriod(month, period.startsOn, period.endsOn)
    ? null
    : `${frenchMonth(month)} est hors de la période du marché (du ${longFrenchDate(period.startsOn)} au ${longFrenchDate(period.endsOn)})`;
}
