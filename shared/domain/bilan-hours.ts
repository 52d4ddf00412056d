import { monthNumberOf, yearOf } from './calendar';
import { fromHundredths, toHundredths } from './hours';

// The year's hours as the bilan reads them, from either of two sources that must agree: the hour
// lines themselves, or the totals their transactions keep (contract × PLIE × year by month,
// PLIE × month by mode, participant × year). Totals cost a few hundred items whatever the
// number of lines, but they keep no mode and no person per contract: a bilan limited to a
// buyer's contracts reads those contracts' lines. Hours are counted in hundredths of an hour,
// integers, so that every sum is exact to the hundredth (151.67 h is a payslip's month).

export type Hundredths = number;

// Hours become integer hundredths by the product's one rule (shared/domain/hours.ts), and back.
export { fromHundredths, toHundredths };

/** A sum of hundredths (integers: exact), as sumHours adds them; the bilan's totals go here. */
export function sumHundredths<T>(items: Iterable<T>, pick: (item: T) => Hundredths): Hundredths {
  let sum = 0;
  for (const item of items) sum += pick(item);
  return sum;
}

export interface YearHours {
  year: number;
  /** Contract × PLIE: hundredths of each month, January first. */
  cells: { contractId: string; plieId: string; months: Hundredths[] }[];
  /**
   * By mode and month (1–12) for a PLIE, and for a contract when read from lines (null: all
   * the PLIE's contracts at once, as its monthly totals keep them).
   */
  modes: {
    plieId: string;
    contractId: string | null;
    month: number;
    mode: string;
    hours: Hundredths;
  }[];
  /**
   * Each person's hours and lines of the year in a PLIE (participantId null: the lines that
   * name no one), for a contract when read from lines (null otherwise).
   */
  people: {
    plieId: string;
    contractId: string | null;
    participantId: string | null;
    hours: Hundredths;
    lines: number;
  }[];
}

/** What the bilan needs of a line. */
export interface YearLine {
  contractId: string;
  plieId: string;
  participantId: string | null;
  month: string;
  hours: number;
  mode: string;
  status: 'active' | 'voided';
}

/** The entry of `key`, made by `make` the first time. */
function entryOf<E>(map: Map<string, E>, key: string, make: () => E): E {
  let entry = map.get(key);
  if (!entry) {
    entry = make();
    map.set(key, entry);
  }
  return entry;
}

/** The year's hours from its lines: the active ones of that year (voided lines count nowhere). */
export function yearHoursOfLines(lines: Iterable<YearLine>, year: number): YearHours {
  const cells = new Map<string, YearHours['cells'][number]>();
  const modes = new Map<string, YearHours['modes'][number]>();
  const people = new Map<string, YearHours['people'][number]>();
  for (const line of lines) {
    if (line.status !== 'active' || yearOf(line.month) !== year) continue;
    const { contractId, plieId, participantId, mode } = line;
    const hours = toHundredths(line.hours);
    const month = monthNumberOf(line.month);
    const cell = entryOf(cells, `${contractId}#${plieId}`, () => ({
      contractId,
      plieId,
      months: Array<Hundredths>(12).fill(0),
    }));
    cell.months[month - 1] = (cell.months[month - 1] ?? 0) + hours;
    entryOf(modes, `${contractId}#${plieId}#${month}#${mode}`, () => ({
      plieId,
      contractId,
      month,
      mode,
      hours: 0,
    })).hours += hours;
    const person = entryOf(people, `${contractId}#${plieId}#${participantId ?? ''}`, () => ({
      plieId,
      contractId,
      participantId,
      hours: 0,
      lines: 0,
    }));
    person.hours += hours;
    person.lines += 1;
  }
  return {
    year,
    cells: [...cells.values()],
    modes: [...modes.values()],
    people: [...people.values()],
  };
}

/** The totals the bilan reads (shared/store/totals-store.ts), as the store gives them. */
export interface YearTotals {
  /** Contract × PLIE × year: hours of each month. */
  contractYears: readonly { contractId: string; plieId: string; months: readonly number[] }[];
  /** PLIE × month: hours and lines, by mode. */
  plieMonths: readonly {
    plieId: string;
    month: string;
    hours: number;
    lines: number;
    byMode: Readonly<Record<string, number>>;
  }[];
  /** Participant × year: every person with hours that year (any PLIE, any contract). */
  peopleYears: readonly { participantId: string; hours: number; lines: number }[];
  /** Each person's PLIE: a line naming someone is always of that person's PLIE. */
  plieOf: ReadonlyMap<string, string>;
}

/**
 * The year's hours from the totals. The hours of lines naming no one are what is left of each
 * PLIE's months once its people's hours are taken out (their lines are all the PLIE's).
 */
export function yearHoursOfTotals(totals: YearTotals, year: number): YearHours {
  const cells = totals.contractYears
    .map((t) => ({
      contractId: t.contractId,
      plieId: t.plieId,
      months: Array.from({ length: 12 }, (_, i) => toHundredths(t.months[i] ?? 0)),
    }))
    .filter((c) => c.months.some((h) => h !== 0));
  const modes: YearHours['modes'] = [];
  const byPlie = new Map<string, { hours: Hundredths; lines: number }>();
  for (const m of totals.plieMonths) {
    if (yearOf(m.month) !== year) continue;
    for (const [mode, hours] of Object.entries(m.byMode)) {
      const h = toHundredths(hours);
      if (h !== 0)
        modes.push({
          plieId: m.plieId,
          contractId: null,
          month: monthNumberOf(m.month),
          mode,
          hours: h,
        });
    }
    const sum = byPlie.get(m.plieId) ?? { hours: 0, lines: 0 };
    sum.hours += toHundredths(m.hours);
    sum.lines += m.lines;
    byPlie.set(m.plieId, sum);
  }
  const people: YearHours['people'] = totals.peopleYears
    .filter((p) => p.lines > 0)
    .map((p) => ({
      plieId: totals.plieOf.get(p.participantId) ?? '',
      contractId: null,
      participantId: p.participantId,
      hours: toHundredths(p.hours),
      lines: p.lines,
    }));
  for (const [plieId, sum] of byPlie) {
    const named = people.filter((p) => p.plieId === plieId);
    const hours = sum.hours - sumHundredths(named, (p) => p.hours);
    const lines = sum.lines - named.reduce((n, p) => n + p.lines, 0);
    if (hours !== 0 || lines !== 0)
      people.push({ plieId, contractId: null, participantId: null, hours, lines });
  }
  return { year, cells, modes, people };
}
