import { describe, expect, it } from 'vitest';
import {
  addMonths,
  frenchMonth,
  isValidDate,
  isValidMonth,
  longFrenchDate,
  monthsBetween,
  parisDate,
  parisTime,
} from '#shared/domain/calendar';

describe('calendar', () => {
  it('accepts real dates and months only', () => {
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2025-02-29')).toBe(false);
    expect(isValidDate('2025-13-01')).toBe(false);
    expect(isValidDate('2025-1-01')).toBe(false);
    expect(isValidMonth('2025-10')).toBe(true);
    expect(isValidMonth('2025-00')).toBe(false);
    expect(isValidMonth('2025-13')).toBe(false);
    expect(isValidMonth('202510')).toBe(false);
  });

  it('adds months, clamping the day to the end of the month', () => {
    expect(addMonths('2022-10-19', 11)).toBe('2023-09-19');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15');
  });

  it('counts whole months between two dates', () => {
    expect(monthsBetween('2025-01-15', '2025-04-14')).toBe(2);
    expect(monthsBetween('2025-01-15', '2025-04-15')).toBe(3);
    expect(monthsBetween('2025-01-01', '2028-01-01')).toBe(36);
  });

  it('names months in French and reads dates in Paris time', () => {
    expect(frenchMonth('2025-10')).toBe('octobre 2025');
    expect(frenchMonth('2026-08')).toBe('août 2026');
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(parisDate(new Date('2025-12-31T23:30:00Z'))).toBe('2026-01-01');
  });

  it('writes dates in sentences the French way, with 1er for the first', () => {
    expect(longFrenchDate('2026-09-16')).toBe('16 septembre 2026');
    expect(longFrenchDate('2026-09-01')).toBe('1er septembre 2026');
    expect(longFrenchDate('2025-12-31')).toBe('31 décembre 2025');
  });

  it('knows Paris time by the EU rule exactly as the runtime’s time-zone data does, 1996 to 2045', () => {
    // calendar.ts computes Paris's offset from the EU's summer-time rule instead of building an
    // Intl formatter (12 ms of a cold start). Should the rule change, the runtime's time-zone
    // data will say so first: this compares them twice a day (at 23:30 UTC the date differs),
    // and every 10 minutes around each change of the clocks.
    const paris = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Paris',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    const shown = (instant: number) => {
      const parts = paris.formatToParts(new Date(instant));
      const part = (type: string) => parts.find((p) => p.type === type)?.value;
      return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}`;
    };
    const wrong: string[] = [];
    const check = (instant: number) => {
      const expected = shown(instant);
      if (parisDate(new Date(instant)) !== expected.slice(0, 10))
        wrong.push(`${new Date(instant).toISOString()}: ${parisDate(new Date(instant))}`);
      // parisTime is the inverse, for every time Paris clocks show (not those skipped in March).
      const [date, time] = expected.split(' ') as [string, string];
      const [y, m, d] = date.split('-').map(Number) as [number, number, number];
      const [h, min] = time.split(':').map(Number) as [number, number];
      const back = parisTime(y, m, d, h, min).getTime();
      if (shown(back) !== expected)
        wrong.push(`${expected} back to ${new Date(back).toISOString()}`);
    };
    for (let day = Date.UTC(1996, 0, 1); day < Date.UTC(2046, 0, 1); day += 86_400_000) {
      check(day + 11 * 3_600_000);
      check(day + 23.5 * 3_600_000);
    }
    for (let year = 1996; year < 2046; year++)
      for (const month of [2, 9]) {
        const lastDay = new Date(Date.UTC(year, month + 1, 0));
        const change = Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
        for (let instant = change - 7_200_000; instant <= change + 7_200_000; instant += 600_000)
          check(instant);
      }
    expect(wrong.slice(0, 5)).toEqual([]);
  });
});
