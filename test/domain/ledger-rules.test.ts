import { describe, expect, it } from 'vitest';
import { mandatorySocialConsiderationIssue } from '#shared/domain/compliance';
import { normaliseSiret, sirenOf, siretProblem } from '#shared/domain/identifiers';
import {
  basisDateProblem,
  essAwardOperator,
  l2113_15LastDay,
  reservationProblems,
} from '#shared/domain/reserved';
import { thresholdPeriods } from '#shared/domain/thresholds';

// Issue 12, points 11 to 14: the rules of domain.md that the code held too loosely.

describe('reserved markets by date (point 11)', () => {
  const reservation = {
    awardeeType: 'OTHER' as const,
    kind: 'services' as const,
    startsOn: '2023-01-01',
    endsOn: '2023-12-31',
  };

  it('knows L2113-13-1 only from 20 October 2022', () => {
    expect(basisDateProblem('L2113-13-1', '2022-10-19')).toContain('20 octobre 2022');
    expect(basisDateProblem('L2113-13-1', '2022-10-20')).toBeNull();
  });

  it('knows the joint reservation of L2113-14 only from the ASAP law (in force 9 December 2020)', () => {
    expect(basisDateProblem('L2113-14', '2020-12-08')).not.toBeNull();
    expect(basisDateProblem('L2113-14', '2020-12-09')).toBeNull();
  });

  it('dates the 2015 ordinance from 1 April 2016 to 31 March 2019, the old code before', () => {
    expect(basisDateProblem('ord2015-art36', '2016-03-31')).not.toBeNull();
    expect(basisDateProblem('ord2015-art36', '2016-04-01')).toBeNull();
    expect(basisDateProblem('ord2015-art36', '2019-03-31')).toBeNull();
    expect(basisDateProblem('ord2015-art36', '2019-04-01')).not.toBeNull();
    expect(basisDateProblem('cmp-art15', '2016-03-31')).toBeNull();
    expect(basisDateProblem('cmp-art15', '2016-04-01')).not.toBeNull();
  });

  it('applies the law in force when the consultation was launched, not at notification', () => {
    const notified = { ...reservation, basis: 'L2113-13-1' as const, notifiedOn: '2022-12-01' };
    expect(reservationProblems(notified)).toEqual([]);
    const launchedBefore = reservationProblems({
      ...notified,
      consultationLaunchedOn: '2022-09-01',
    });
    expect(launchedBefore.map((p) => p.field)).toEqual(['basis']);
    // A contract notified under the code after a consultation launched under the ordinance.
    expect(
      reservationProblems({
        basis: 'ord2015-art36',
        awardeeType: null,
        kind: 'works',
        notifiedOn: '2019-06-01',
        consultationLaunchedOn: '2019-02-01',
        startsOn: '2019-06-01',
        endsOn: '2020-06-01',
      }),
    ).toEqual([]);
  });
});

describe('L2113-15 (point 12)', () => {
  const ess = {
    basis: 'L2113-15' as const,
    awardeeType: 'ESS' as const,
    notifiedOn: '2025-01-01',
    startsOn: '2025-03-15',
  };

  it('reserves services only: a works or supplies contract is refused', () => {
    const works = reservationProblems({ ...ess, kind: 'works', endsOn: '2026-03-14' });
    expect(works.map((p) => p.field)).toEqual(['basis']);
    expect(works[0]?.message).toContain('services');
    expect(reservationProblems({ ...ess, kind: 'supplies', endsOn: '2026-03-14' })).toHaveLength(1);
    expect(reservationProblems({ ...ess, kind: 'services', endsOn: '2026-03-14' })).toEqual([]);
  });

  it('lasts at most three years counted in days: start + 3 years − 1 day', () => {
    expect(l2113_15LastDay('2025-03-15')).toBe('2028-03-14');
    expect(l2113_15LastDay('2024-02-29')).toBe('2027-02-27');
    expect(reservationProblems({ ...ess, kind: 'services', endsOn: '2028-03-14' })).toEqual([]);
    const tooLong = reservationProblems({ ...ess, kind: 'services', endsOn: '2028-03-15' });
    expect(tooLong.map((p) => p.field)).toEqual(['endsOn']);
    expect(tooLong[0]?.message).toContain('14 mars 2028');
  });

  it('knows the operator by its SIREN, whichever establishment signed', () => {
    expect(essAwardOperator({ siret: '41234567800012' })).toBe('412345678');
    expect(essAwardOperator({ siret: '41234567800020' })).toBe(
      essAwardOperator({ siret: '41234567800012' }),
    );
  });
});

describe('L2112-2-1 (point 13)', () => {
  const contract = {
    kind: 'services' as const,
    amountCents: 300_000_00,
    notifiedOn: '2026-09-01',
    buyerSiret: '24330031600011',
    defenceOrSecurity: false,
  };

  it('asks for an execution condition: a social award criterion alone does not satisfy it', () => {
    const criterionOnly = mandatorySocialConsiderationIssue({
      ...contract,
      socialConsiderations: ['social-criterion'],
    });
    expect(criterionOnly?.rule).toBe('L2112-2-1');
    expect(criterionOnly?.message).toContain('critère social');
    expect(
      mandatorySocialConsiderationIssue({
        ...contract,
        socialConsiderations: ['social-criterion', 'social-clause'],
      }),
    ).toBeNull();
  });

  it('flags “seuil inconnu” for a date with no known threshold instead of passing it', () => {
    const unknown = mandatorySocialConsiderationIssue({
      ...contract,
      notifiedOn: '2028-02-01',
      socialConsiderations: [],
    });
    expect(unknown?.message).toContain('Seuil inconnu');
  });

  it('takes the thresholds an administrator adds for a new period', () => {
    const periods = thresholdPeriods([
      {
        from: '2028-01-01',
        to: '2029-12-31',
        worksCents: 5_500_000_00,
        suppliesServicesCents: { central: 145_000_00, local: 350_000_00 },
      },
    ]);
    const later = { ...contract, notifiedOn: '2028-02-01', socialConsiderations: [] };
    expect(mandatorySocialConsiderationIssue(later, periods)).toBeNull();
    expect(
      mandatorySocialConsiderationIssue({ ...later, amountCents: 350_000_00 }, periods)?.message,
    ).toContain('350');
    // Built-in periods stay for the dates the recorded ones do not cover.
    expect(periods.map((p) => p.from)).toEqual(['2024-01-01', '2026-01-01', '2028-01-01']);
  });
});

describe('SIRET (point 14)', () => {
  it('takes 14 digits with a valid Luhn key, spaces removed', () => {
    expect(siretProblem('24330031600011')).toBeNull();
    expect(siretProblem('24330031600012')).toContain('clé');
    expect(siretProblem('2433003160001')).toContain('14 chiffres');
    expect(normaliseSiret('802 684 969 000 16')).toBe('80268496900016');
    expect(normaliseSiret('243\u00a0300\u202f316 00011')).toBe('24330031600011');
  });

  it('follows La Poste’s own rule for its establishments (SIREN 356000000)', () => {
    // Not a Luhn number, but its digits add up to 15: valid for La Poste, and only for it.
    expect(siretProblem('35600000000001')).toBeNull();
    expect(siretProblem('35600000000002')).not.toBeNull();
    expect(siretProblem('45600000000001')).not.toBeNull();
    // La Poste's head office happens to pass Luhn too.
    expect(siretProblem('35600000000048')).toBeNull();
    expect(sirenOf('35600000000048')).toBe('356000000');
  });
});
