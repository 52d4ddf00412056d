import { describe, expect, it } from 'vitest';
import {
  addMonths,
  frenchMonth,
  isValidDate,
  isValidMonth,
  longFrenchDate,
  monthsBetween,
  parisDate,
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
});
