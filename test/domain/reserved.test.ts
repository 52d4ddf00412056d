import { describe, expect, it } from 'vitest';
import { awardeeFitsBasis, reservationProblems } from '../../shared/domain/reserved';

describe('reserved markets', () => {
  it('admits each basis its own awardees', () => {
    expect(awardeeFitsBasis('L2113-12', 'ESAT')).toBe(true);
    expect(awardeeFitsBasis('L2113-12', 'EA')).toBe(true);
    expect(awardeeFitsBasis('L2113-12', 'EI')).toBe(false);
    expect(awardeeFitsBasis('L2113-13', 'ETTI')).toBe(true);
    expect(awardeeFitsBasis('L2113-13', 'ESAT')).toBe(false);
    expect(awardeeFitsBasis('L2113-14', 'ACI')).toBe(true);
    expect(awardeeFitsBasis('L2113-14', 'ESAT')).toBe(true);
    expect(awardeeFitsBasis('L2113-15', 'ESS')).toBe(true);
    expect(awardeeFitsBasis('L2113-15', 'EI')).toBe(false);
    expect(awardeeFitsBasis('L2113-13', 'OTHER')).toBe(true);
  });

  it('explains a mismatch in French', () => {
    const [problem] = reservationProblems({
      basis: 'L2113-12',
      awardeeType: 'EI',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
    });
    expect(problem).toContain('L2113-12');
    expect(problem).toContain('EI');
  });

  it('limits an L2113-15 reservation to three years', () => {
    const base = {
      basis: 'L2113-15' as const,
      awardeeType: 'ESS' as const,
      startsOn: '2025-01-01',
    };
    expect(reservationProblems({ ...base, endsOn: '2028-01-01' })).toEqual([]);
    expect(reservationProblems({ ...base, endsOn: '2028-02-01' })).toHaveLength(1);
    // The three-year limit is specific to L2113-15.
    expect(
      reservationProblems({
        basis: 'L2113-12',
        awardeeType: 'EA',
        startsOn: '2025-01-01',
        endsOn: '2030-01-01',
      }),
    ).toEqual([]);
  });
});
