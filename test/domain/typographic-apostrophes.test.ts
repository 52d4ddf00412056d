import { describe, expect, it } from 'vitest';
import { behindScheduleIssue, mandatorySocialConsiderationIssue } from '#shared/domain/compliance';
import {
  AWARDEE_TYPE_LABELS,
  BASIS_LABELS,
  basisDateProblem,
  RESERVED_BASES,
  repeatAwardProblem,
  reservationProblems,
} from '#shared/domain/reserved';

// The compliance page's, the monthly report's alerts and the reservation form's texts write the
// apostrophe as every other text of the product does, ’ (fresh-eyes pass, finding 14: « l'ensemble
// », « d'insertion », « n'en a » beside « d’heures » everywhere else).

const services = {
  kind: 'services' as const,
  notifiedOn: '2025-01-01',
  startsOn: '2025-01-01',
  endsOn: '2025-12-31',
};

describe('compliance and reservation texts', () => {
  it('use the typographic apostrophe', () => {
    const texts: (string | null | undefined)[] = [
      ...Object.values(BASIS_LABELS),
      ...Object.values(AWARDEE_TYPE_LABELS),
      mandatorySocialConsiderationIssue({
        kind: 'services',
        amountCents: 300_000_00,
        notifiedOn: '2026-09-01',
        buyerSiret: '24330031600011',
        socialConsiderations: [],
        defenceOrSecurity: false,
      })?.message,
      behindScheduleIssue('2026-01-01', {
        judgedOn: '2026-11-30',
        targetHours: 365,
        endsOn: '2026-12-31',
        hoursToDate: 100,
        expectedHours: 334,
        behind: true,
      })?.message,
      basisDateProblem('L2113-13-1', '2020-01-01'),
      basisDateProblem('ord2015-art37', '2025-01-01'),
      repeatAwardProblem('2025-06-01', ['2023-01-15'])?.message,
      ...RESERVED_BASES.flatMap((basis) =>
        reservationProblems({ basis, awardeeType: null, ...services }).map((p) => p.message),
      ),
      ...RESERVED_BASES.flatMap((basis) =>
        reservationProblems({ basis, awardeeType: 'GEIQ', ...services }).map((p) => p.message),
      ),
      ...reservationProblems({
        basis: 'L2113-15',
        awardeeType: 'ESS',
        ...services,
        kind: 'works',
        endsOn: '2029-01-01',
      }).map((p) => p.message),
    ];
    const said = texts.filter((t): t is string => typeof t === 'string');
    // Every kind of message was produced, so that the check below reads them all.
    expect(said.length).toBeGreaterThan(30);
    expect(said.filter((t) => t.includes('’')).length).toBeGreaterThan(10);
    expect(said.filter((t) => t.includes("'"))).toEqual([]);
  });
});
