import {
  frenchMonth,
  type IsoDate,
  isValidDate,
  longFrenchDate,
  type YearMonth,
  yearOf,
} from './calendar';

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

/**
 * What the full monthly report says of the rule's erasures. The report is of the month that
 * ended, the erasures are of the month the job runs in (or a report sent again much later):
 * the sentence names that month, never "this month", and counts the rule's erasures only — not
 * people erased earlier on their own request.
 */
export function retentionNote(result: {
  years: number;
  cutoff: IsoDate;
  month: YearMonth;
  erasedThisMonth: number;
}): string {
  return `Conservation des données : en ${frenchMonth(result.month)}, ${result.erasedThisMonth} participant(s) sorti(s) depuis plus de ${result.years} ans (avant le ${longFrenchDate(result.cutoff)}) effacé(s) par la règle de conservation (référence et critères ; leurs heures et leur sortie restent, anonymes).`;
}
