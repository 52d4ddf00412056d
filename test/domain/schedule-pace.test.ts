import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE_TOLERANCE, paceOf, scheduleStatus } from '#shared/domain/schedule';

// The pace a contract, or a PLIE's share of it, is said to keep: the same rule for both.

const row = (target: number | null, done: number, asOf: string) => {
  const status = scheduleStatus({
    targetHours: target,
    hoursLogged: done,
    startsOn: '2025-04-01',
    endsOn: '2028-04-28',
    asOf,
  });
  return { targetHours: target, hoursToDate: done, ...status };
};

describe('paceOf', () => {
  it('says a share below its pro-rata but within the tolerance is below the pace', () => {
    // The coordinator's share of issue 29: 1,038.75 h done of 1,298.19 h expected.
    const share = {
      targetHours: 2396,
      hoursToDate: 1038.75,
      expectedHours: 1298.19,
      behind: false,
    };
    expect(1038.75 / 1298.19).toBeGreaterThan(1 - DEFAULT_SCHEDULE_TOLERANCE);
    expect(paceOf(share)).toBe('below-pace');
  });

  it('follows scheduleStatus for behind, and is on pace at or above the pro-rata', () => {
    const behind = row(8358, 1000, '2026-11-30');
    expect(behind.behind).toBe(true);
    expect(paceOf(behind)).toBe('behind');
    const ahead = row(8358, 7386.25, '2026-11-30');
    expect(paceOf(ahead)).toBe('on-pace');
    const expected = row(8358, 0, '2026-11-30').expectedHours;
    expect(paceOf(row(8358, expected, '2026-11-30'))).toBe('on-pace');
  });

  it('has no pace without a target, nor before a quarter of the period', () => {
    expect(paceOf(row(null, 0, '2026-11-30'))).toBe('on-pace');
    const early = row(8358, 0, '2025-05-01');
    expect(early.behind).toBe(false);
    expect(paceOf(early)).toBe('below-pace');
  });
});
