import { describe, expect, it } from 'vitest';
import { awardeeFitsBasis, repeatAwardProblem, reservationProblems } from '#shared/domain/reserved';

const dates = {
  kind: 'services' as const,
  notifiedOn: '2025-01-01',
  startsOn: '2025-01-01',
  endsOn: '2025-12-31',
};

describe('reserved markets', () => {
  it('admits each basis its own awardees', () => {
    expect(awardeeFitsBasis('L2113-12', 'ESAT')).toBe(true);
    expect(awardeeFitsBasis('L2113-12', 'EA')).toBe(true);
    expect(awardeeFitsBasis('L2113-12', 'EI')).toBe(false);
    expect(awardeeFitsBasis('L2113-13', 'ETTI')).toBe(true);
    expect(awardeeFitsBasis('L2113-13', 'ESAT')).toBe(false);
    expect(awardeeFitsBasis('L2113-14', 'ACI')).toBe(true);
    expect(awardeeFitsBasis('L2113-14', 'ESAT')).toBe(true);
    expect(awardeeFitsBasis('L2113-13-1', 'OTHER')).toBe(true);
    expect(awardeeFitsBasis('L2113-13-1', 'EI')).toBe(false);
    expect(awardeeFitsBasis('L2113-15', 'ESS')).toBe(true);
    expect(awardeeFitsBasis('L2113-15', 'EI')).toBe(false);
    expect(awardeeFitsBasis('L2113-13', 'OTHER')).toBe(true);
  });

  it('explains a mismatch in French, on the awardee type', () => {
    const [problem] = reservationProblems({ basis: 'L2113-12', awardeeType: 'EI', ...dates });
    expect(problem?.field).toBe('awardeeType');
    expect(problem?.message).toContain('L2113-12');
    expect(problem?.message).toContain('EI');
    expect(reservationProblems({ basis: 'L2113-12', awardeeType: 'ESAT', ...dates })).toEqual([]);
  });

  it('requires the awardee type for a current basis', () => {
    expect(reservationProblems({ basis: 'L2113-13', awardeeType: null, ...dates })[0]?.field).toBe(
      'awardeeType',
    );
  });

  it('limits an L2113-15 reservation to three years', () => {
    const base = {
      basis: 'L2113-15' as const,
      awardeeType: 'ESS' as const,
      kind: 'services' as const,
      notifiedOn: '2024-12-01',
      startsOn: '2025-01-01',
    };
    // Three years counted in days: started on 1 January 2025, it ends on 31 December 2027.
    expect(reservationProblems({ ...base, endsOn: '2027-12-31' })).toEqual([]);
    expect(reservationProblems({ ...base, endsOn: '2028-01-01' })[0]?.field).toBe('endsOn');
    expect(reservationProblems({ ...base, endsOn: '2028-02-01' })[0]?.field).toBe('endsOn');
    // The three-year limit is specific to L2113-15.
    expect(
      reservationProblems({
        basis: 'L2113-12',
        awardeeType: 'EA',
        kind: 'works',
        notifiedOn: '2024-12-01',
        startsOn: '2025-01-01',
        endsOn: '2030-01-01',
      }),
    ).toEqual([]);
  });

  it('refuses a second L2113-15 award to the same operator within three years', () => {
    expect(repeatAwardProblem('2025-06-01', ['2023-01-15'])?.message).toContain('15 janvier 2023');
    expect(repeatAwardProblem('2025-06-01', ['2022-06-01'])).toBeNull();
    expect(repeatAwardProblem('2025-06-01', ['2022-06-02'])).not.toBeNull();
    expect(repeatAwardProblem('2025-06-01', [])).toBeNull();
    // A later award is the later contract's problem, not this one's.
    expect(repeatAwardProblem('2025-06-01', ['2026-01-01'])).toBeNull();
  });

  it('reads the old bases on contracts notified before the 2019 code, and only there', () => {
    expect(
      reservationProblems({
        basis: 'ord2015-art36',
        awardeeType: null,
        kind: 'works',
        notifiedOn: '2017-03-01',
        startsOn: '2017-03-01',
        endsOn: '2018-03-01',
      }),
    ).toEqual([]);
    expect(
      reservationProblems({
        basis: 'cmp-art15',
        awardeeType: 'ESAT',
        kind: 'works',
        notifiedOn: '2012-03-01',
        startsOn: '2012-03-01',
        endsOn: '2013-03-01',
      }),
    ).toEqual([]);
    expect(
      reservationProblems({ basis: 'ord2015-art37', awardeeType: null, ...dates })[0]?.field,
    ).toBe('basis');
    expect(
      reservationProblems({
        basis: 'L2113-12',
        awardeeType: 'ESAT',
        kind: 'works',
        notifiedOn: '2018-05-01',
        startsOn: '2018-05-01',
        endsOn: '2019-05-01',
      })[0]?.field,
    ).toBe('basis');
  });
});
