// Months, dates and years as the API writes them: `YYYY-MM-DD`, `YYYY-MM`, `YYYY`.
// Plain strings compare in calendar order, which is why they are kept as strings.

export type IsoDate = string;
export type YearMonth = string;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

export function isValidDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isValidMonth(value: string): boolean {
  const match = MONTH.exec(value);
  if (!match) return false;
  const month = Number(match[2]);
  return month >= 1 && month <= 12;
}

export function monthOf(date: IsoDate): YearMonth {
  return date.slice(0, 7);
}

export function yearOf(dateOrMonth: string): number {
  return Number(dateOrMonth.slice(0, 4));
}

/** The month's number in its year: `2025-03` (or `2025-03-14`) → 3. */
export function monthNumberOf(dateOrMonth: string): number {
  return Number(dateOrMonth.slice(5, 7));
}

/** `2025`, 3 → `2025-03`. */
/** `2026-09-16` → 16. */
export function dayNumberOf(date: IsoDate): number {
  return Number(date.slice(8, 10));
}

export function yearMonth(year: number, month: number): YearMonth {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Number of days in the month. */
export function daysInMonth(month: YearMonth): number {
  return new Date(Date.UTC(yearOf(month), monthNumberOf(month), 0)).getUTCDate();
}

/** `2025-02` → `2025-02-28`. */
export function lastDayOf(month: YearMonth): IsoDate {
  return `${month}-${String(daysInMonth(month)).padStart(2, '0')}`;
}

/** `2025-02`, 14 → `2025-02-14`; a day past the month's end is its last day. */
export function dayOf(month: YearMonth, day: number): IsoDate {
  return `${month}-${String(Math.min(day, daysInMonth(month))).padStart(2, '0')}`;
}

/** The month `count` months after `month` (before, when negative). */
export function addMonthsToMonth(month: YearMonth, count: number): YearMonth {
  return monthOf(addMonths(`${month}-01`, count));
}

/** Every month from `first` to `last`, both included. */
export function monthsFrom(first: YearMonth, last: YearMonth): YearMonth[] {
  const months: YearMonth[] = [];
  for (let month = first; month <= last; month = addMonthsToMonth(month, 1)) months.push(month);
  return months;
}

/** Adds whole months to a date, clamping the day to the end of the target month. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** The date `days` days after `date` (before, when negative). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Whole months from `from` to `to` (the day of month counts: 15 Jan → 14 Apr is 2 months). */
export function monthsBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

/**
 * Minutes Paris is ahead of UTC at `instant`: 120 in summer time, 60 otherwise. By the EU's rule
 * (in force since 1996): summer time from the last Sunday of March to the last Sunday of
 * October, changing at 01:00 UTC. Computed rather than asked of `Intl.DateTimeFormat` with the
 * Europe/Paris time zone: a process's first formatter costs about 12 ms of CPU here (ICU sets up
 * its date formatting), which the first request of most route groups paid in a cold start
 * (issue 26). test/domain/calendar.test.ts checks the rule against the runtime's time-zone data
 * twice a day over 50 years and around each change of the clocks, so that a change of rule
 * fails a test rather than shifting dates.
 */
function parisOffsetMinutes(instant: number): number {
  const year = new Date(instant).getUTCFullYear();
  // 01:00 UTC on the last Sunday of `month` (0 = January).
  const lastSunday = (month: number) => {
    const lastDay = new Date(Date.UTC(year, month + 1, 0));
    return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
  };
  return instant >= lastSunday(2) && instant < lastSunday(9) ? 120 : 60;
}

/** Today's date in Europe/Paris, where every French buyer's calendar is kept. */
export function parisDate(now: Date): IsoDate {
  const instant = now.getTime();
  return new Date(instant + parisOffsetMinutes(instant) * 60_000).toISOString().slice(0, 10);
}

const FRENCH_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

const SHORT_FRENCH_MONTHS = [
  'janv.',
  'févr.',
  'mars',
  'avr.',
  'mai',
  'juin',
  'juil.',
  'août',
  'sept.',
  'oct.',
  'nov.',
  'déc.',
];

/** `2025-10` → `octobre 2025`. */
export function frenchMonth(month: YearMonth): string {
  return `${FRENCH_MONTHS[monthNumberOf(month) - 1]} ${yearOf(month)}`;
}

/** `2026-09-16` → `16 septembre 2026`, `2026-09-01` → `1er septembre 2026`: dates in sentences. */
export function longFrenchDate(date: string): string {
  const day = dayNumberOf(date);
  return `${day === 1 ? '1er' : day} ${frenchMonth(date.slice(0, 7))}`;
}

/** `2025-10` → `oct. 2025`, for chart axes. */
export function shortFrenchMonth(month: YearMonth): string {
  return `${SHORT_FRENCH_MONTHS[monthNumberOf(month) - 1]} ${yearOf(month)}`;
}

const unaccented = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Every way a month's name is written (`octobre`, `oct.`, `oct`, `sept`), unaccented. */
const MONTH_NAMES = new Map<string, number>(
  FRENCH_MONTHS.flatMap((name, i) => {
    const full = unaccented(name);
    const short = unaccented(SHORT_FRENCH_MONTHS[i] as string).replace('.', '');
    return [full, short, full.slice(0, 3), full.slice(0, 4)].map((n) => [n, i + 1] as const);
  }),
);

const monthOfYear = (year: number, month: number): YearMonth | null =>
  month >= 1 && month <= 12 && year >= 1900 && year <= 2999
    ? `${year}-${String(month).padStart(2, '0')}`
    : null;

/**
 * A month as spreadsheets and people write it: `2026-10`, `2026-10-01`, `10/2026`,
 * `01/10/2026`, `oct-26`, `oct. 2026`, `octobre 2026`; null when it is none of those.
 */
export function readMonth(text: string): YearMonth | null {
  const value = unaccented(text.trim()).replace(/[\s\u00a0\u202f]+/g, ' ');
  let match = /^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/.exec(value);
  if (match) {
    const month = monthOfYear(Number(match[1]), Number(match[2]));
    return month && (!match[3] || isValidDate(`${month}-${match[3].padStart(2, '0')}`))
      ? month
      : null;
  }
  match = /^(?:(\d{1,2})[/.-])?(\d{1,2})[/.-](\d{4})$/.exec(value);
  if (match) {
    const month = monthOfYear(Number(match[3]), Number(match[2]));
    return month && (!match[1] || isValidDate(`${month}-${match[1].padStart(2, '0')}`))
      ? month
      : null;
  }
  match = /^([a-z]+)\.?[ -]?(\d{2}|\d{4})$/.exec(value);
  if (match) {
    const number = MONTH_NAMES.get(match[1] as string);
    const year = Number(match[2]);
    return number ? monthOfYear(year < 100 ? 2000 + year : year, number) : null;
  }
  return null;
}

/** The month before `month`: `2026-01` → `2025-12`. */
export function previousMonth(month: YearMonth): YearMonth {
  return addMonthsToMonth(month, -1);
}

/** The current month in Paris. */
export function parisMonth(now: Date): YearMonth {
  return monthOf(parisDate(now));
}

/**
 * The month that has just ended in Paris: the one a monthly report covers and statements are
 * due for.
 */
export function lastParisMonth(now: Date): YearMonth {
  return previousMonth(parisMonth(now));
}

/** The instant at which Paris clocks show this date and time. */
export function parisTime(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute = 0,
): Date {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = guess - parisOffsetMinutes(guess) * 60_000;
  return new Date(guess - parisOffsetMinutes(first) * 60_000);
}
