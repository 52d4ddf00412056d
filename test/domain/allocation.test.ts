import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AllocationMode,
  allocateHours,
  allocationKey,
  CRITERIA,
  concernsPlie,
  contractSplit,
  EQUAL_WEIGHTS,
  largestRemainder,
  type PlieCriteria,
  sharingPlies,
  takesHoursFor,
} from '#shared/domain/allocation';
import { isHundredthHour, sumHours } from '#shared/domain/hours';

// Four made-up territories. By hand, with equal weights, each PLIE's key is the mean of its
// five shares (population, social housing rate, QPV residents, QPV share, unemployment rate):
//   A: (100/200 + .2/1 + 10/30 + .1/.8 + .1/.5) / 5 = 0.271 666…  → 2,716.67 h
//   B: ( 50/200 + .1/1 +  5/30 + .1/.8 + .1/.5) / 5 = 0.168 333…  → 1,683.33 h
//   C: ( 30/200 + .3/1 +  9/30 + .3/.8 + .2/.5) / 5 = 0.305       → 3,050 h
//   D: ( 20/200 + .4/1 +  6/30 + .3/.8 + .1/.5) / 5 = 0.255       → 2,550 h
// Floors add up to 9,999 h; the one hour left goes to the largest remainder, A's.
const territories: PlieCriteria[] = [
  {
    plieId: 'a',
    criteria: {
      population: 100_000,
      socialHousingRate: 0.2,
      qpvResidents: 10_000,
      qpvShare: 0.1,
      unemploymentRate: 0.1,
    },
  },
  {
    plieId: 'b',
    criteria: {
      population: 50_000,
      socialHousingRate: 0.1,
      qpvResidents: 5_000,
      qpvShare: 0.1,
      unemploymentRate: 0.1,
    },
  },
  {
    plieId: 'c',
    criteria: {
      population: 30_000,
      socialHousingRate: 0.3,
      qpvResidents: 9_000,
      qpvShare: 0.3,
      unemploymentRate: 0.2,
    },
  },
  {
    plieId: 'd',
    criteria: {
      population: 20_000,
      socialHousingRate: 0.4,
      qpvResidents: 6_000,
      qpvShare: 0.3,
      unemploymentRate: 0.1,
    },
  },
];

describe('allocation of shared contracts', () => {
  it('matches the hand computation for 10,000 h between four PLIEs', () => {
    const allocation = allocateHours(10_000, territories);
    expect(Object.fromEntries(allocation)).toEqual({ a: 2717, b: 1683, c: 3050, d: 2550 });
    expect([...allocation.values()].reduce((s, h) => s + h, 0)).toBe(10_000);
  });

  it('applies weights: population counted twice', () => {
    // A: (2×.5 + .2 + .3333 + .125 + .2) / 6 = 3,097.22 h; B 1,819.44; C 2,791.67; D 2,291.67.
    // Floors make 9,998 h: C and D have the largest remainders (.67) and get one hour each.
    const allocation = allocateHours(10_000, territories, { ...EQUAL_WEIGHTS, population: 2 });
    expect(Object.fromEntries(allocation)).toEqual({ a: 3097, b: 1819, c: 2792, d: 2292 });
  });

  it('allots in hundredths when the target has a fraction', () => {
    const allocation = allocateHours(10.25, territories);
    expect(sumHours(allocation.values())).toBe(10.25);
    // Three payslip months of 151.67 h: the parts are hundredths and add up to 455.01 exactly.
    const months = allocateHours(455.01, territories);
    expect(sumHours(months.values())).toBe(455.01);
    for (const hours of months.values()) expect(isHundredthHour(hours)).toBe(true);
    expect([...months.values()].some((hours) => !Number.isInteger(hours * 4))).toBe(true);
  });

  it('leaves out a criterion that is zero everywhere instead of dividing by zero', () => {
    const noQpv = territories.map((t) => ({
      ...t,
      criteria: { ...t.criteria, qpvResidents: 0, qpvShare: 0 },
    }));
    const key = allocationKey(noQpv, EQUAL_WEIGHTS);
    expect([...key.values()].every(Number.isFinite)).toBe(true);
    expect([...key.values()].reduce((s, k) => s + k, 0)).toBeCloseTo(1, 12);
  });

  it('breaks ties by share then by id, whatever the input order', () => {
    const equal = new Map([
      ['x', 1],
      ['y', 1],
      ['z', 1],
    ]);
    expect(Object.fromEntries(largestRemainder(10, equal))).toEqual({ x: 4, y: 3, z: 3 });
    const reversed = new Map([
      ['z', 1],
      ['y', 1],
      ['x', 1],
    ]);
    expect(Object.fromEntries(largestRemainder(10, reversed))).toEqual({ x: 4, y: 3, z: 3 });
  });

  const criteriaArb = fc.record({
    population: fc.integer({ min: 0, max: 2_000_000 }),
    socialHousingRate: fc.double({ min: 0, max: 1, noNaN: true }),
    qpvResidents: fc.integer({ min: 0, max: 200_000 }),
    qpvShare: fc.double({ min: 0, max: 1, noNaN: true }),
    unemploymentRate: fc.double({ min: 0, max: 1, noNaN: true }),
  });
  const pliesArb = fc
    .array(criteriaArb, { minLength: 1, maxLength: 12 })
    .map((list) => list.map((criteria, i) => ({ plieId: `p${i}`, criteria })));
  const weightsArb = fc.record(
    Object.fromEntries(CRITERIA.map((c) => [c, fc.integer({ min: 0, max: 5 })])) as Record<
      (typeof CRITERIA)[number],
      fc.Arbitrary<number>
    >,
  );
  const targetArb = fc.oneof(
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.integer({ min: 0, max: 100_000_000 }).map((n) => n / 100),
  );

  it('always adds up exactly to the target, never negative, each part within one unit of its share', () => {
    fc.assert(
      fc.property(targetArb, pliesArb, weightsArb, (target, plies, weights) => {
        const allocation = allocateHours(target, plies, weights);
        const parts = [...allocation.values()];
        expect(sumHours(parts)).toBe(target);
        expect(parts.every((h) => h >= 0)).toBe(true);
        const unit = Number.isInteger(target) ? 1 : 0.01;
        const key = allocationKey(plies, weights);
        for (const [id, hours] of allocation) {
          expect(Math.abs(hours - target * (key.get(id) ?? 0))).toBeLessThan(unit + 1e-6);
        }
      }),
    );
  });
});

describe('a contract shared within a territory', () => {
  // A and B form one metropolis, C and D another: the same four territories as above.
  const plies = territories.map((t, i) => ({
    id: t.plieId,
    name: `PLIE ${t.plieId}`,
    territory: i < 2 ? 'Nord' : 'Sud',
  }));
  const split = (allocation: AllocationMode) =>
    contractSplit({
      targetHours: 10_000,
      allocation,
      notificationYear: 2025,
      plies,
      criteria: territories,
      weights: null,
    });

  it('is split between that territory’s PLIEs only, the key computed over them alone', () => {
    const north = split({ mode: 'shared', territory: 'Nord' });
    // A and B alone: A's key is (100/150 + .2/.3 + 10/15 + .1/.2 + .1/.2) / 5 = 0.6 → 6,000 h.
    expect(north).toEqual({
      ok: true,
      shared: true,
      allotted: new Map([
        ['a', 6000],
        ['b', 4000],
      ]),
    });
    const everyone = split({ mode: 'shared' });
    expect(everyone.ok && [...everyone.allotted.keys()]).toEqual(['a', 'b', 'c', 'd']);
  });

  it('concerns the PLIEs of its territory, and says so when none is left', () => {
    const allocation: AllocationMode = { mode: 'shared', territory: 'Sud' };
    expect(plies.filter((p) => concernsPlie(allocation, p)).map((p) => p.id)).toEqual(['c', 'd']);
    expect(sharingPlies(allocation, plies).map((p) => p.id)).toEqual(['c', 'd']);
    expect(plies.every((p) => concernsPlie({ mode: 'shared' }, p))).toBe(true);
    // Hours go to the territory's PLIEs until the key is decided, then to the key's alone.
    const taking = (key: { plieIds: string[] } | null) =>
      plies.filter((p) => takesHoursFor(allocation, key, p)).map((p) => p.id);
    expect(taking(null)).toEqual(['c', 'd']);
    expect(taking({ plieIds: ['d'] })).toEqual(['d']);
    expect(split({ mode: 'shared', territory: 'Ouest' })).toEqual({
      ok: false,
      issue:
        'Aucun PLIE actif en 2025 n’est du territoire « Ouest » : la répartition ne peut pas être calculée.',
    });
  });
});
