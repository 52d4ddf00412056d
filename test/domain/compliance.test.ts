import { describe, expect, it } from 'vitest';
import { mandatorySocialConsiderationIssue } from '#shared/domain/compliance';
import { kindFromCpv } from '#shared/domain/contracts';
import { elapsedShare, paceJudgedOn, scheduleStatus } from '#shared/domain/schedule';
import { buyerLevel, euThresholdCents } from '#shared/domain/thresholds';

const contract = {
  kind: 'services' as const,
  amountCents: 300_000_00,
  notifiedOn: '2026-09-01',
  buyerSiret: '24330031600011',
  socialConsiderations: [],
  defenceOrSecurity: false,
};

describe('mandatory social consideration (L2112-2-1)', () => {
  it('flags a contract above the threshold notified from 22 August 2026 with none', () => {
    const issue = mandatorySocialConsiderationIssue(contract);
    expect(issue?.rule).toBe('L2112-2-1');
    expect(issue?.message).toContain('216');
  });

  it('spares contracts notified before, below the threshold, with a consideration, or for defence', () => {
    expect(mandatorySocialConsiderationIssue({ ...contract, notifiedOn: '2026-08-21' })).toBeNull();
    expect(mandatorySocialConsiderationIssue({ ...contract, amountCents: 215_999_99 })).toBeNull();
    expect(
      mandatorySocialConsiderationIssue({ ...contract, socialConsiderations: ['social-clause'] }),
    ).toBeNull();
    expect(
      mandatorySocialConsiderationIssue({ ...contract, socialConsiderations: ['reserved'] }),
    ).toBeNull();
    expect(mandatorySocialConsiderationIssue({ ...contract, defenceOrSecurity: true })).toBeNull();
  });

  it('uses the threshold of the buyer’s level and the contract’s kind, at its date', () => {
    // A State buyer (SIREN starting with 1) has the lower supplies and services threshold.
    expect(buyerLevel('11000101300017')).toBe('central');
    expect(
      mandatorySocialConsiderationIssue({
        ...contract,
        amountCents: 150_000_00,
        buyerSiret: '11000101300017',
      }),
    ).not.toBeNull();
    expect(mandatorySocialConsiderationIssue({ ...contract, amountCents: 150_000_00 })).toBeNull();
    expect(
      mandatorySocialConsiderationIssue({ ...contract, kind: 'works', amountCents: 5_403_999_00 }),
    ).toBeNull();
    expect(
      mandatorySocialConsiderationIssue({ ...contract, kind: 'works', amountCents: 5_404_000_00 }),
    ).not.toBeNull();
    expect(euThresholdCents('works', 'local', '2025-06-01')).toBe(5_538_000_00);
    expect(euThresholdCents('works', 'local', '2030-01-01')).toBeNull();
  });
});

describe('schedule', () => {
  it('measures the elapsed share of the period, end day included', () => {
    expect(elapsedShare('2025-01-01', '2025-01-10', '2025-01-05')).toBe(0.5);
    expect(elapsedShare('2025-01-01', '2025-01-10', '2024-12-01')).toBe(0);
    expect(elapsedShare('2025-01-01', '2025-01-10', '2026-01-01')).toBe(1);
  });

  it('flags a contract more than 20 % under its pro-rata target, after a quarter of its period', () => {
    const base = { targetHours: 1000, startsOn: '2025-01-01', endsOn: '2025-12-31' };
    const mid = { ...base, asOf: '2025-07-02' }; // 183 / 365 days
    expect(scheduleStatus({ ...mid, hoursLogged: 300 }).behind).toBe(true);
    expect(scheduleStatus({ ...mid, hoursLogged: 450 }).behind).toBe(false);
    expect(scheduleStatus({ ...mid, hoursLogged: 300, tolerance: 0.5 }).behind).toBe(false);
    expect(scheduleStatus({ ...base, asOf: '2025-02-15', hoursLogged: 0 }).behind).toBe(false);
    expect(
      scheduleStatus({ ...base, targetHours: null, asOf: '2025-11-01', hoursLogged: 0 }).behind,
    ).toBe(false);
    expect(scheduleStatus({ ...mid, hoursLogged: 0 }).expectedHours).toBeCloseTo(
      (1000 * 183) / 365,
      1,
    );
  });
});

describe('contract kind from CPV', () => {
  it('follows the CPV divisions', () => {
    expect(kindFromCpv('45223220-4')).toBe('works');
    expect(kindFromCpv('30192000-1')).toBe('supplies');
    expect(kindFromCpv('48000000-8')).toBe('supplies');
    expect(kindFromCpv('77310000-6')).toBe('services');
    expect(kindFromCpv('abc')).toBeNull();
  });
});

describe('the one day the pace is judged on (issue 29)', () => {
  it('is the end of the last complete month, or the year’s last day once it is over', () => {
    expect(paceJudgedOn('2026-12-06')).toBe('2026-11-30');
    expect(paceJudgedOn('2026-12-06', '2026-12-31')).toBe('2026-11-30');
    expect(paceJudgedOn('2026-03-01', '2026-12-31')).toBe('2026-02-28');
    expect(paceJudgedOn('2027-01-10', '2026-12-31')).toBe('2026-12-31');
    expect(paceJudgedOn('2026-12-06', '2025-12-31')).toBe('2025-12-31');
  });
});
