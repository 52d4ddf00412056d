import { describe, expect, it } from 'vitest';
import type { Bilan } from '#shared/domain/bilan';
import { hiddenAcross, type OpenDataRow, openDataTable } from '#shared/domain/open-data';

// The open data's secrecy, case by case, on bilans made by hand: the counts of people of a
// breakdown, a total under 5, a part whose rest gives it away, exits whose rate gives them
// back. test/api/open-data.test.ts publishes one through the API and reads the CSV.

const row = (key: string, people: number, hours = people * 10) => ({
  key,
  label: key,
  people,
  hours,
});

function bilan(overrides: {
  count: number;
  bySex?: ReturnType<typeof row>[];
  qpv?: number;
  exits?: { group: string; exits: number }[];
  positive?: number;
  neutral?: number;
}): Bilan {
  const groups = ['durable', 'transition', 'training', 'other', 'neutral'];
  const byGroup = groups.map((key) => ({
    key,
    label: key,
    exits: overrides.exits?.find((e) => e.group === key)?.exits ?? 0,
  }));
  const exits = byGroup.reduce((sum, g) => sum + g.exits, 0);
  const neutral = overrides.neutral ?? 0;
  const positive = overrides.positive ?? 0;
  return {
    year: 2025,
    scope: { buyerSiret: null, buyerName: null, plieId: null, plieName: null },
    hours: {
      realised: 1000,
      required: 2000,
      fte: 0.6,
      byMonth: [],
      byMode: [{ key: 'direct-hire', label: 'Embauche directe', hours: 1000 }],
      byKind: [],
      byBuyer: [],
      byAwardee: [{ key: '41234567800012', label: 'Bâtiment Solidaire', hours: 1000 }],
      byCpvDivision: [],
      byPlie: [],
    },
    people: {
      count: overrides.count,
      hours: overrides.count * 10,
      linesWithoutParticipant: { hours: 0, lines: 0 },
      byEligibility: [],
      bySex: overrides.bySex ?? [],
      byAgeBand: [],
      qpv: {
        people: overrides.qpv ?? 0,
        hours: (overrides.qpv ?? 0) * 10,
        share: overrides.count ? (overrides.qpv ?? 0) / overrides.count : 0,
      },
    },
    contracts: {
      running: 1,
      withHours: 1,
      withClause: 1,
      withCriterion: 0,
      reserved: 0,
      withSocialConsideration: { contracts: 1, notified: 1, share: 1 },
      companies: 1,
      buyers: 1,
      realised: 1000,
      required: 2000,
      realisedRate: 0.5,
      rows: [
        {
          id: 'C1',
          reference: 'REF-SECRETE',
          title: 'Marché',
          buyer: 'Ville',
          awardee: 'Bâtiment Solidaire',
          kind: 'works',
          required: 2000,
          realised: 1000,
          note: null,
        },
      ],
    },
    outcomes: {
      exits,
      neutral,
      positive,
      positiveRate: exits - neutral ? positive / (exits - neutral) : 0,
      byGroup: byGroup as Bilan['outcomes']['byGroup'],
      byOutcome: [],
    },
  };
}

const find = (rows: OpenDataRow[], ventilation: string, code: string) =>
  rows.find((r) => r.ventilation === ventilation && r.code === code) as OpenDataRow;

describe('the open data’s statistical secrecy', () => {
  it('hides a breakdown’s count under 5 and the next smallest, never a zero', () => {
    const { rows } = openDataTable(
      bilan({ count: 20, bySex: [row('F', 3), row('M', 17), row('unknown', 0)] }),
      'Isère',
    );
    expect(['F', 'M', 'unknown'].map((c) => find(rows, 'sexe', c).personnes)).toEqual([
      null,
      null,
      0,
    ]);
    expect(find(rows, 'sexe', 'M')).toMatchObject({ heures: null, secret: true });
    expect(find(rows, 'ensemble', 'personnes').personnes).toBe(20);
  });

  it('hides a total under 5 and every count of its people, with their hours', () => {
    const { rows } = openDataTable(
      bilan({ count: 4, bySex: [row('F', 4), row('M', 0), row('unknown', 0)], qpv: 4 }),
      'Isère',
    );
    expect(find(rows, 'ensemble', 'personnes')).toMatchObject({
      personnes: null,
      heures: null,
      secret: true,
    });
    expect(find(rows, 'sexe', 'F')).toMatchObject({ personnes: null, heures: null });
    expect(find(rows, 'qpv', 'qpv')).toMatchObject({ personnes: null, taux: null });
    // Hours of the structure are not counts of people: they stay.
    expect(find(rows, 'ensemble', 'heures-realisees').heures).toBe(1000);
  });

  it('hides a part whose rest, worked out from the total, is under 5', () => {
    const shown = openDataTable(bilan({ count: 20, qpv: 12 }), 'Isère').rows;
    expect(find(shown, 'qpv', 'qpv')).toMatchObject({ personnes: 12, taux: 60, secret: false });
    const hidden = openDataTable(bilan({ count: 20, qpv: 17 }), 'Isère').rows;
    expect(find(hidden, 'qpv', 'qpv')).toMatchObject({ personnes: null, taux: null, secret: true });
  });

  it('withholds the positive rate when it would give back a hidden count', () => {
    // 10 exits: 6 durable (positive), 2 neutral, 2 other: the rate 6 ÷ 8 gives the neutral 2.
    const { rows } = openDataTable(
      bilan({
        count: 20,
        exits: [
          { group: 'durable', exits: 6 },
          { group: 'other', exits: 2 },
          { group: 'neutral', exits: 2 },
        ],
        positive: 6,
        neutral: 2,
      }),
      'Isère',
    );
    expect(find(rows, 'sorties', 'neutral').sorties).toBeNull();
    expect(find(rows, 'sorties', 'other').sorties).toBeNull();
    expect(find(rows, 'sorties', 'positives')).toMatchObject({ taux: null, secret: true });
  });

  it('hides across breakdowns that share a count until none gives one back', () => {
    // b is hidden in the first breakdown as the next smallest; the second then hides c too.
    const hidden = hiddenAcross(
      new Map([
        ['a', 2],
        ['b', 10],
        ['c', 30],
        ['d', 40],
      ]),
      [
        ['a', 'b', 'd'],
        ['b', 'c'],
      ],
    );
    expect([...hidden].sort()).toEqual(['a', 'b', 'c']);
  });

  it('publishes no contract reference, no line and no awardee company', () => {
    const text = JSON.stringify(openDataTable(bilan({ count: 20 }), 'Isère'));
    expect(text).not.toContain('REF-SECRETE');
    expect(text).not.toContain('Bâtiment Solidaire');
    expect(text).not.toContain('41234567800012');
  });
});
