import { type IsoDate, lastDayOf, monthOf, previousMonth } from './calendar';
import { roundHours } from './format';

// Whether a contract's insertion hours keep pace with its period.

/** No judgement before a quarter of the period has run: hours start slowly on most sites. */
export const SCHEDULE_GRACE_SHARE = 0.25;
/** Behind schedule means more than 20 % below the pro-rata target. */
export const DEFAULT_SCHEDULE_TOLERANCE = 0.2;

const DAY_MS = 86_400_000;
const days = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** Share of the contract's period elapsed on `asOf`, end day included, between 0 and 1. */
export function elapsedShare(startsOn: IsoDate, endsOn: IsoDate, asOf: IsoDate): number {
  const total = days(endsOn) - days(startsOn) + 1;
  const elapsed = days(asOf) - days(startsOn) + 1;
  return Math.min(1, Math.max(0, elapsed / total));
}

export interface ScheduleStatus {
  elapsedShare: number;
  /** Hours the target would have reached by now at an even pace. */
  expectedHours: number;
  behind: boolean;
}

export function scheduleStatus(input: {
  targetHours: number | null;
  hoursLogged: number;
  startsOn: IsoDate;
  endsOn: IsoDate;
  asOf: IsoDate;
  tolerance?: number;
}): ScheduleStatus {
  const share = elapsedShare(input.startsOn, input.endsOn, input.asOf);
  const target = input.targetHours ?? 0;
  const expectedHours = roundHours(target * share);
  const tolerance = input.tolerance ?? DEFAULT_SCHEDULE_TOLERANCE;
  const behind =
    target > 0 &&
    share >= SCHEDULE_GRACE_SHARE &&
    input.hoursLogged < expectedHours * (1 - tolerance);
  return { elapsedShare: share, expectedHours, behind };
}

/**
 * The one day a contract's pace is judged on, on every page (dashboard, monthly report,
 * compliance): the last day of the last complete month before `today`, and no later than
 * `limit` (a past year's last day). Hours are logged month by month: a month under way would
 * count its days in the expected hours before any of its hours could be there.
 */
export function paceJudgedOn(today: IsoDate, limit?: IsoDate): IsoDate {
  const lastMonthEnd = lastDayOf(previousMonth(monthOf(today)));
  return limit !== undefined && limit < lastMonthEnd ? limit : lastMonthEnd;
}

/**
 * The hours a target asks for within a year at an even pace, by the same pro-rata rule: what
 * scheduleStatus expects at the year's end less what it expected at the previous year's end, so
 * that a contract's years add up to its target exactly (the yearly bilan's "heures exigées").
 */
export function expectedInYear(
  contract: { targetHours: number | null; startsOn: IsoDate; endsOn: IsoDate },
  year: number,
): number {
  const expectedOn = (asOf: IsoDate) =>
    scheduleStatus({ ...contract, hoursLogged: 0, asOf }).expectedHours;
  return roundHours(expectedOn(`${year}-12-31`) - expectedOn(`${year - 1}-12-31`));
}

/**
 * Where hours stand against an even pace, in three: behind (more than the tolerance below the
 * pro-rata, what scheduleStatus calls behind), below the pace but within the tolerance, or at
 * or above it. A PLIE's share of a shared contract is judged by the same rule, with the share's
 * allotted hours as target and the PLIE's own hours (the monthly report's rows for a PLIE).
 * "Dans les temps" beside 1,038.75 h of 1,298.19 h expected read as a wrong status: that share
 * was within the 20 % tolerance, and is now said to be below the pace.
 */
export type Pace = 'behind' | 'below-pace' | 'on-pace';

export function paceOf(row: {
  targetHours: number | null;
  hoursToDate: number;
  expectedHours: number;
  behind: boolean;
}): Pace {
  if (row.behind) return 'behind';
  return row.targetHours && row.hoursToDate < row.expectedHours ? 'below-pace' : 'on-pace';
}
