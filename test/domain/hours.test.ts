import { describe, expect, it } from 'vitest';
import { isMonthInPeriod, isValidLineHours, progress } from '#shared/domain/hours';

describe('hour lines', () => {
  it('takes positive quarter hours up to 250 per line', () => {
    expect(isValidLineHours(0.25)).toBe(true);
    expect(isValidLineHours(151.75)).toBe(true);
    expect(isValidLineHours(250)).toBe(true);
    expect(isValidLineHours(0)).toBe(false);
    expect(isValidLineHours(-4)).toBe(false);
    expect(isValidLineHours(250.25)).toBe(false);
    expect(isValidLineHours(7.1)).toBe(false);
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
});
