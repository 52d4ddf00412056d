import { type IsoDate, monthOf, type YearMonth } from './calendar';

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

/** Share of the target reached; 0 when the contract carries no target. */
export function progress(hoursLogged: number, targetHours: number | null | undefined): number {
  if (!targetHours || targetHours <= 0) return 0;
  return hoursLogged / targetHours;
}
