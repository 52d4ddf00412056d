import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addHours,
  isHundredthHour,
  isMonthInPeriod,
  isValidLineHours,
  progress,
  sumHours,
  toHundredths,
} from '#shared/domain/hours';

describe('hour lines', () => {
  it('takes positive hours to the hundredth, up to 250 per line', () => {
    expect(isValidLineHours(0.25)).toBe(true);
    expect(isValidLineHours(151.75)).toBe(true);
    // A payslip's full-time month: 35 h × 52 ÷ 12.
    expect(isValidLineHours(151.67)).toBe(true);
    expect(isValidLineHours(0.01)).toBe(true);
    expect(isValidLineHours(7.1)).toBe(true);
    expect(isValidLineHours(7.125)).toBe(false);
    expect(isValidLineHours(250)).toBe(true);
    expect(isValidLineHours(0)).toBe(false);
    expect(isValidLineHours(-4)).toBe(false);
    expect(isValidLineHours(250.25)).toBe(false);
    expect(isValidLineHours(Number.NaN)).toBe(false);
  });

  it('accepts the months a contract runs in, first and last included', () => {
    expect(isMonthInPeriod('2025-02', '2025-02-15', '2025-06-10')).toBe(true);
    expect(isMonthInPeriod('2025-06', '2025-02-15', '2025-06-10')).toBe(true);
    expect(isMonthInPeriod('2025-01', '2025-02-15', '2025-06-10')).toBe(false);
    expect(isMonthInPeriod('2025-07', '2025-02-15', '2025-06-10')).toBe(false);
  });

  it('measures progress against the target, 0 without one', () => {
    expect(progress(400, 800)).toBe(0.5);
    expect(progress(400, null)).toBe(0);
    expect(progress(400, 0)).toBe(0);
  });

  it('sums hours exactly to the hundredth, where JavaScript’s + does not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumHours([0.1, 0.2])).toBe(0.3);
    expect(addHours(0.1, 0.2)).toBe(0.3);
    expect(sumHours([151.67, 151.67, 151.67])).toBe(455.01);
    expect(addHours(455.01, -151.67)).toBe(303.34);
    expect(sumHours([])).toBe(0);
    expect(toHundredths(151.67)).toBe(15167);
    // Ten lines of 0.1 h: JavaScript's reduce gives 0.9999999999999999.
    const tenths = Array.from({ length: 10 }, () => 0.1);
    expect(tenths.reduce((s, h) => s + h, 0)).not.toBe(1);
    expect(sumHours(tenths)).toBe(1);
  });

  it('keeps any sum of hundredths exact, whatever the order of its terms', () => {
    const hundredths = fc.array(fc.integer({ min: 1, max: 25_000 }), { maxLength: 200 });
    fc.assert(
      fc.property(hundredths, (parts) => {
        const hours = parts.map((n) => n / 100);
        const exact = parts.reduce((s, n) => s + n, 0) / 100;
        expect(sumHours(hours)).toBe(exact);
        expect(sumHours([...hours].reverse())).toBe(exact);
        expect(String(sumHours(hours))).toBe(String(exact));
      }),
    );
  });

  it('tells whole hundredths from finer fractions', () => {
    expect(isHundredthHour(151.67)).toBe(true);
    expect(isHundredthHour(0.01)).toBe(true);
    expect(isHundredthHour(7.125)).toBe(false);
    expect(isHundredthHour(0.005)).toBe(false);
    expect(isHundredthHour(Number.NaN)).toBe(false);
  });
});
