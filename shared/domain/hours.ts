import { type IsoDate, isValidMonth, monthOf, type YearMonth } from './calendar';
import { MAX_CONTRACT_REFERENCE_LENGTH, PARTICIPANT_REF, PLIE_ID } from './identifiers';

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
/**
 * Hours are kept to the hundredth: a payslip's full-time month is 151.67 h (35 h × 52 ÷ 12).
 * A line's hours are a whole number of hundredths.
 */
export const HOURS_STEP = 0.01;
const HUNDREDTHS_PER_HOUR = 100;

/** Hours as a whole number of hundredths (151.67 → 15167), where sums are exact. */
export function toHundredths(hours: number): number {
  return Math.round(hours * HUNDREDTHS_PER_HOUR);
}

export function fromHundredths(hundredths: number): number {
  return hundredths / HUNDREDTHS_PER_HOUR;
}

/**
 * The sum of hours, exact to the hundredth. JavaScript's `0.1 + 0.2` is 0.30000000000000004, and
 * DynamoDB would keep that noise forever in a total: every sum of hours goes through here, in
 * integer hundredths.
 */
export function sumHours(hours: Iterable<number>): number {
  let hundredths = 0;
  for (const value of hours) hundredths += toHundredths(value);
  return fromHundredths(hundredths);
}

/** `a + b + …` of hours, exact to the hundredth (a negative term takes hours away). */
export function addHours(...hours: number[]): number {
  return sumHours(hours);
}

/** Is this a whole number of hundredths of an hour (151.67 yes, 7.125 no). */
export function isHundredthHour(hours: number): boolean {
  // A float's noise aside: 151.67 × 100 is 15167.000000000002.
  return (
    Number.isFinite(hours) && Math.abs(hours * HUNDREDTHS_PER_HOUR - toHundredths(hours)) < 1e-6
  );
}

/** Why `hours` cannot be one line's hours, in French; null when it can. */
export function lineHoursProblem(hours: number): string | null {
  if (!(hours > 0)) return 'Le nombre d’heures doit être strictement positif';
  if (hours > MAX_HOURS_PER_LINE) {
    return `Au plus ${MAX_HOURS_PER_LINE} heures par ligne (une personne, un mois)`;
  }
  if (!isHundredthHour(hours)) return 'Heures au centième près (ex. 151,67)';
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
// the pages check its fields with the functions below (a file's, all at once, with
// `lineFieldProblems`); `lineReferenceProblems` (hour-line-references.ts) then checks what the
// line names against what exists, for the form, the API and every import alike.

/**
 * The fields of a line as a file gives them, before anything is looked up: the contract by its
 * reference, the participant by the PLIE's pseudonym.
 */
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
export function lineFieldProblems(line: LineFields): LineProblem[] {
  const problems: LineProblem[] = [];
  const fail = (field: LineField, message: string) => problems.push({ field, message });
  if (!line.contract) fail('contract', 'Référence du marché manquante');
  else if (line.contract.length > MAX_CONTRACT_REFERENCE_LENGTH)
    fail('contract', `Référence trop longue (${MAX_CONTRACT_REFERENCE_LENGTH} caractères au plus)`);
  if (!PLIE_ID.pattern.test(line.plieId))
    fail('plieId', `${PLIE_ID.rule} ; reçu « ${line.plieId} »`);
  if (line.participant !== null && !PARTICIPANT_REF.pattern.test(line.participant)) {
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
  /** The statement and line number it came from (null when typed in the form or the API). */
  statementId: string | null;
  statementLine: number | null;
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
  from: { statementId: string; statementLine: number } | null = null,
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
    statementId: from?.statementId ?? null,
    statementLine: from?.statementLine ?? null,
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
