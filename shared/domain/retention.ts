import { type IsoDate, isValidDate, yearOf } from './calendar';

// How long a participant's pseudonymous data is kept after they left the PLIE: then the monthly
// job erases it (reference and eligibility; hours and the exit stay, anonymous), as a person's
// request would. Five years unless the deployment says otherwise.

export const DEFAULT_RETENTION_YEARS = 5;

/** The day before which an exit is older than `years` years, on `today`. */
export function retentionCutoff(today: IsoDate, years: number): IsoDate {
  const year = yearOf(today) - years;
  const sameDay = `${String(year).padStart(4, '0')}${today.slice(4)}`;
  // 29 February of a leap year: the 28th, years later.
  return isValidDate(sameDay) ? sameDay : `${String(year).padStart(4, '0')}-02-28`;
}

/** Whether an exit on `exitedOn` is past the retention period on `today`. */
export function pastRetention(exitedOn: IsoDate, today: IsoDate, years: number): boolean {
  return exitedOn < retentionCutoff(today, years);
}
