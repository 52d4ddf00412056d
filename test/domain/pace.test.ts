import { describe, expect, it } from 'vitest';
import type { Amendment } from '#shared/domain/amendments';
import { contractIssues } from '#shared/domain/compliance';
import { type PacedContract, paceDayOfYear, paceOn } from '#shared/domain/pace';

// A contract's pace on the day it is judged, the one rule of the monthly report's rows and of
// the contracts list and page: the terms in force that day, the hours up to that day's month,
// the pro-rata of the target with a quarter's grace and a 20 % tolerance.

/** 365 days, one hour a day: 334 h expected on 30 November. */
const YEAR: PacedContract = {
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  targetHours: 365,
  amountCents: 100_000_00,
  allocation: null,
};

const judge = (
  judgedOn: string,
  hoursLogged: number,
  contract: PacedContract = YEAR,
  extra: { hoursLater?: number; share?: { targetHours: number | null } } = {},
) => paceOn({ contract, judgedOn, hoursLogged, hoursLater: extra.hoursLater ?? 0, ...extra });

describe('paceOn', () => {
  it('expects nothing of a contract not started yet', () => {
    const pace = judge('2025-11-30', 0);
    expect(pace).toEqual({
      judgedOn: '2025-11-30',
      targetHours: 365,
      endsOn: '2026-12-31',
      hoursToDate: 0,
      expectedHours: 0,
      behind: false,
    });
  });

  it('expects the whole target of a contract that has ended', () => {
    expect(judge('2027-03-31', 291)).toMatchObject({ expectedHours: 365, behind: true });
    // 80 % of the target is within the tolerance.
    expect(judge('2027-03-31', 292)).toMatchObject({ expectedHours: 365, behind: false });
  });

  it('counts the days of a partial month, end day included', () => {
    // Started on 17 November: 14 of 365 days on 30 November.
    const late = { ...YEAR, startsOn: '2026-11-17', endsOn: '2027-11-16' };
    expect(judge('2026-11-30', 0, late).expectedHours).toBe(14);
    // Before a quarter of the period, no one is behind.
    expect(judge('2026-11-30', 0, late).behind).toBe(false);
    // Ending on 10 March: 69 of 69 days by the end of March.
    const short = { ...YEAR, startsOn: '2026-01-01', endsOn: '2026-03-10', targetHours: 69 };
    expect(judge('2026-02-28', 0, short).expectedHours).toBe(59);
    expect(judge('2026-03-31', 0, short).expectedHours).toBe(69);
  });

  it('is not behind exactly on pace, nor at the tolerance’s edge, and is just below it', () => {
    expect(judge('2026-11-30', 334)).toMatchObject({ expectedHours: 334, behind: false });
    // 334 × 0.8 = 267.2 h: below it is behind, at it is not.
    expect(judge('2026-11-30', 267.25).behind).toBe(false);
    expect(judge('2026-11-30', 267.2).behind).toBe(false);
    expect(judge('2026-11-30', 267).behind).toBe(true);
  });

  it('takes the tolerance asked for (the compliance page’s)', () => {
    const tolerant = (tolerance: number) =>
      paceOn({
        contract: YEAR,
        judgedOn: '2026-11-30',
        hoursLogged: 200,
        hoursLater: 0,
        tolerance,
      });
    expect(judge('2026-11-30', 200).behind).toBe(true);
    expect(tolerant(0.5).behind).toBe(false);
    expect(tolerant(0.3).behind).toBe(true);
  });

  it('judges no contract without a target', () => {
    const none = { ...YEAR, targetHours: null };
    expect(judge('2026-11-30', 0, none)).toMatchObject({
      targetHours: null,
      expectedHours: 0,
      behind: false,
    });
  });

  it('leaves out the hours logged for months after the judged one', () => {
    expect(judge('2026-11-30', 290, YEAR, { hoursLater: 30 })).toMatchObject({
      hoursToDate: 260,
      behind: true,
    });
  });

  it('judges on the terms in force that day: an amendment counts from its date', () => {
    const raised: Amendment = {
      id: 'a1',
      effectiveOn: '2026-12-01',
      reason: 'Avenant n° 1',
      changes: { targetHours: 730, endsOn: '2027-12-31' },
      before: { targetHours: 365, endsOn: '2026-12-31' },
      at: '2026-12-02T09:00:00.000Z',
      by: 'acheteur',
    };
    const amended = { ...YEAR, targetHours: 730, endsOn: '2027-12-31', amendments: [raised] };
    expect(judge('2026-11-30', 300, amended)).toMatchObject({
      targetHours: 365,
      endsOn: '2026-12-31',
      expectedHours: 334,
      behind: false,
    });
    expect(judge('2026-12-31', 300, amended)).toMatchObject({
      targetHours: 730,
      endsOn: '2027-12-31',
      expectedHours: 365,
    });
  });

  it('judges a PLIE’s share against its part of the target, on the contract’s period', () => {
    const share = judge('2026-11-30', 100, YEAR, { share: { targetHours: 146 } });
    expect(share).toMatchObject({ targetHours: 146, expectedHours: 133.6, behind: true });
    expect(judge('2026-11-30', 0, YEAR, { share: { targetHours: null } }).behind).toBe(false);
  });
});

describe('paceDayOfYear', () => {
  it('judges a closed year on its 31 December, the current one on its last complete month', () => {
    expect(paceDayOfYear('2026-03-10', 2025)).toBe('2025-12-31');
    expect(paceDayOfYear('2026-03-10', 2026)).toBe('2026-02-28');
    expect(paceDayOfYear('2026-03-10')).toBe('2026-02-28');
    // Early January: last year's December is complete, and is the year's end.
    expect(paceDayOfYear('2026-01-05', 2025)).toBe('2025-12-31');
    // A year to come is judged as the current one.
    expect(paceDayOfYear('2026-03-10', 2027)).toBe('2026-02-28');
  });
});

describe('the compliance page’s « en retard », by the same rule', () => {
  const contract = {
    ...YEAR,
    kind: 'services' as const,
    notifiedOn: '2025-12-01',
    buyer: { siret: '24330031600011' },
    socialConsiderations: ['social-clause' as const],
    reserved: null,
    hoursLogged: 200,
  };
  const late = (tolerance?: number) =>
    contractIssues(contract, { asOf: '2026-11-30', tolerance, repeatAward: null }).filter(
      (issue) => issue.rule === 'behind-schedule',
    );

  it('says the hours, the expected hours and the day paceOn judged', () => {
    const pace = judge('2026-11-30', 200);
    expect(pace).toMatchObject({ expectedHours: 334, behind: true });
    const [issue] = late();
    expect(issue?.message).toContain('334 h attendues au 30 novembre 2026');
    expect(issue?.message).toContain('200 h réalisées');
  });

  it('with the tolerance the page asks for', () => {
    expect(late(0.5)).toEqual([]);
    expect(late(0.3)).toHaveLength(1);
  });
});
