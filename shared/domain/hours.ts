import { type AllocationMode, type FrozenKey, keyPlies } from './allocation';
import { frenchMonth, type IsoDate, isValidMonth, monthOf, type YearMonth } from './calendar';
import { formatHours } from './format';
import { MAX_CONTRACT_REFERENCE_LENGTH, PARTICIPANT_REF, PLIE_ID } from './identifiers';
import { type PlieActivity, plieActivityProblem } from './plies';

/** How the awardee gets the insertion hours done ("modalités de réalisation"). */
export const HOUR_MODES = [
  'direct-hire',
  'temporary-work',
  'geiq',
  'ai-provision',
  'siae-subcontracting',
  'training',
] as const;
export type HourMode = (typeof HOUR_MODES)[number];

export const HOUR_MODE_LABELS: Record<HourMode, string> = {
  'direct-hire': 'Embauche directe',
  'temporary-work': 'Intérim (ETTI ou agence)',
  geiq: 'Mise à disposition GEIQ',
  'ai-provision': 'Mise à disposition AI',
  'siae-subcontracting': 'Sous-traitance ou cotraitance SIAE',
  training: 'Heures de formation',
};

/** One line is one person's hours for one month; 250 h is more than a full month of work. */
export const MAX_HOURS_PER_LINE = 250;
/** Statements count in quarter hours. */
export const HOURS_STEP = 0.25;

export function isQuarterHour(hours: number): boolean {
  return Number.isFinite(hours) && Number.isInteger(hours / HOURS_STEP);
}

/** Why `hours` cannot be one line's hours, in French; null when it can. */
export function lineHoursProblem(hours: number): string | null {
  if (!(hours > 0)) return 'Le nombre d’heures doit être strictement positif';
  if (hours > MAX_HOURS_PER_LINE) {
    return `Au plus ${MAX_HOURS_PER_LINE} heures par ligne (une personne, un mois)`;
  }
  if (!isQuarterHour(hours)) return 'Heures en quarts d’heure (0,25)';
  return null;
}

export function isValidLineHours(hours: number): boolean {
  return lineHoursProblem(hours) === null;
}

/** Hours can be logged for any month the contract runs in, first and last months included. */
export function isMonthInPeriod(month: YearMonth, startsOn: IsoDate, endsOn: IsoDate): boolean {
  return month >= monthOf(startsOn) && month <= monthOf(endsOn);
}

// What makes an hour line valid. A line is one person's (or an unnamed person's) hours for one
// month, on one contract, for one PLIE, in one mode. The API's schema, the statement reader and
// the pages check its fields with the functions below; `lineReferenceProblems` then checks what
// the line names against what exists, for the form, the API and every import alike.

/** The fields of a line as a person or a file gives them, before anything is looked up. */
export interface LineFields {
  contract: string;
  plieId: string;
  participant: string | null;
  month: string;
  hours: number | null;
  mode: string;
}

export type LineField = keyof LineFields;

export interface LineProblem {
  field: LineField;
  message: string;
}

/** Why the fields cannot make a line, in French, each named by its field; empty when they can. */
export function lineFieldProblems(
  line: LineFields,
  /** How participants are named: by the PLIE's pseudonym (files) or by the product's id. */
  participantNamedBy: 'ref' | 'id',
): LineProblem[] {
  const problems: LineProblem[] = [];
  const fail = (field: LineField, message: string) => problems.push({ field, message });
  if (!line.contract) fail('contract', 'Référence du marché manquante');
  else if (line.contract.length > MAX_CONTRACT_REFERENCE_LENGTH)
    fail('contract', `Référence trop longue (${MAX_CONTRACT_REFERENCE_LENGTH} caractères au plus)`);
  if (!PLIE_ID.pattern.test(line.plieId))
    fail('plieId', `${PLIE_ID.rule} ; reçu « ${line.plieId} »`);
  if (
    line.participant !== null &&
    participantNamedBy === 'ref' &&
    !PARTICIPANT_REF.pattern.test(line.participant)
  ) {
    fail('participant', `${PARTICIPANT_REF.rule} ; reçu « ${line.participant} »`);
  }
  const month = monthProblem(line.month);
  if (month) fail('month', month);
  const hours = line.hours === null ? 'Nombre d’heures illisible' : lineHoursProblem(line.hours);
  if (hours) fail('hours', hours);
  const mode = modeProblem(line.mode);
  if (mode) fail('mode', mode);
  return problems;
}

export function monthProblem(month: string): string | null {
  return isValidMonth(month) ? null : `Mois attendu au format AAAA-MM : « ${month} »`;
}

export function isHourMode(mode: string): mode is HourMode {
  return (HOUR_MODES as readonly string[]).includes(mode);
}

export function modeProblem(mode: string): string | null {
  return isHourMode(mode)
    ? null
    : `Modalité inconnue : « ${mode} » (attendu : ${HOUR_MODES.join(', ')})`;
}

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
  plie: PlieActivity | null;
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
    const allotment = allotmentProblem(contract.allocation, line.plieId, contract.allocationKey);
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
  plieId: string,
  key?: FrozenKey | null,
): string | null {
  if (!allocation) {
    return 'Aucun PLIE n’est encore désigné pour ce marché : complétez-le avant de saisir ses heures.';
  }
  if (allocation.mode === 'single' && allocation.plieId !== plieId) {
    return `Ce marché est attribué au PLIE « ${allocation.plieId} » : ses heures ne peuvent aller à un autre PLIE.`;
  }
  if (allocation.mode === 'shared' && key && !keyPlies(key).has(plieId)) {
    return `Ce PLIE n’est pas dans la répartition de ce marché partagé (décidée avec les critères ${key.year}).`;
  }
  return null;
}

/** Why the person was not in the PLIE that month; null when they were. */
export function presenceProblem(
  month: YearMonth,
  participant: { enteredOn: IsoDate; exitedOn: IsoDate | null },
): string | null {
  if (month < monthOf(participant.enteredOn)) {
    return `${frenchMonth(month)} précède l’entrée du participant dans le PLIE (le ${participant.enteredOn})`;
  }
  if (participant.exitedOn && month > monthOf(participant.exitedOn)) {
    return `${frenchMonth(month)} suit la sortie du participant (le ${participant.exitedOn})`;
  }
  return null;
}

/** Why these hours would take the person past 250 h that month; null when they fit. */
export function personMonthProblem(
  month: YearMonth,
  already: number,
  hours: number,
): string | null {
  if (already + hours <= MAX_HOURS_PER_PERSON_MONTH) return null;
  return `Au plus ${MAX_HOURS_PER_PERSON_MONTH} h par personne et par mois, tous marchés confondus : ce participant a déjà ${formatHours(already)} en ${frenchMonth(month)}`;
}

/** Why the month is outside the contract's period, in French; null when it is inside. */
export function periodProblem(
  month: YearMonth,
  period: { startsOn: IsoDate; endsOn: IsoDate },
): string | null {
  return isMonthInPeriod(month, period.startsOn, period.endsOn)
    ? null
    : `${frenchMonth(month)} est hors de la période du marché (du ${period.startsOn} au ${period.endsOn})`;
}

/** Where a line came from: the form or API call, or an uploaded statement. */
export type LineSource = 'api' | 'statement';
export type LineStatus = 'active' | 'voided';

/** An hour line as the ledger keeps it: logged once, never changed but for being voided. */
export interface HourLine {
  id: string;
  contractId: string;
  plieId: string;
  participantId: string | null;
  month: YearMonth;
  hours: number;
  mode: HourMode;
  status: LineStatus;
  createdAt: string;
  createdBy: string;
  voidedAt: string | null;
  voidedBy: string | null;
  voidReason: string | null;
  source: LineSource;
}

export type LineContent = Pick<
  HourLine,
  'contractId' | 'plieId' | 'participantId' | 'month' | 'hours' | 'mode'
>;

/** A new, active line, as the form, the API and every import create them. */
export function newLine(
  id: string,
  what: LineContent,
  made: { at: string; by: string },
  source: LineSource,
): HourLine {
  return {
    id,
    contractId: what.contractId,
    plieId: what.plieId,
    participantId: what.participantId,
    month: what.month,
    hours: what.hours,
    mode: what.mode,
    status: 'active',
    createdAt: made.at,
    createdBy: made.by,
    voidedAt: null,
    voidedBy: null,
    voidReason: null,
    source,
  };
}

export const ALREADY_VOIDED = 'Cette ligne d’heures est déjà annulée.';

/** Why the line cannot be voided; null when it can (a voided line stays voided). */
export function voidProblem(line: Pick<HourLine, 'status'>): string | null {
  return line.status === 'voided' ? ALREADY_VOIDED : null;
}

/** The line once voided, with who voided it, when and why. */
export function voidedLine(
  line: HourLine,
  reason: string,
  made: { at: string; by: string },
): HourLine {
  return { ...line, status: 'voided', voidedAt: made.at, voidedBy: made.by, voidReason: reason };
}

/** Share of the target reached; 0 when the contract carries no target. */
export function progress(hoursLogged: number, targetHours: number | null | undefined): number {
  if (!targetHours || targetHours <= 0) return 0;
  return hoursLogged / targetHours;
}
