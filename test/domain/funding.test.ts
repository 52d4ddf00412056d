import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fundingTable, plieFunding, variableCents } from '#shared/domain/funding';

const seedConvention = { fixedPerPlieCents: 5_000_00, perHourCents: 1_00 };

describe('PLIE funding', () => {
  it('is the fixed part plus the hours times the hourly amount', () => {
    expect(plieFunding('bordeaux', 15_000, seedConvention)).toEqual({
      plieId: 'bordeaux',
      hours: 15_000,
      fixedCents: 5_000_00,
      variableCents: 15_000_00,
      totalCents: 20_000_00,
    });
  });

  it('gives a PLIE without hours its fixed part', () => {
    expect(plieFunding('sources', 0, seedConvention).totalCents).toBe(5_000_00);
  });

  it('rounds quarter hours to the cent, half up, in integers', () => {
    // 0.25 h × 1.10 € = 0.275 € → 0.28 €; 0.5 h × 1.10 € = 0.55 €
    expect(variableCents(0.25, 110)).toBe(28);
    expect(variableCents(0.5, 110)).toBe(55);
    // 0.1 + 0.2 style float sums never reach the money: 3 × 0.25 h at 0.01 €/h = 0.0075 € → 0.01 €
    expect(variableCents(0.75, 1)).toBe(1);
  });

  const hoursArb = fc.integer({ min: 0, max: 4 * 200_000 }).map((q) => q / 4);
  const conventionArb = fc.record({
    fixedPerPlieCents: fc.integer({ min: 0, max: 10_000_000 }),
    perHourCents: fc.integer({ min: 0, max: 10_000 }),
  });
  const pliesArb = fc
    .array(hoursArb, { minLength: 1, maxLength: 30 })
    .map((hours) => hours.map((h, i) => ({ plieId: `p${i}`, hours: h })));

  it('totals fixed × PLIEs + rate × hours, to the cent (each PLIE rounded once)', () => {
    fc.assert(
      fc.property(pliesArb, conventionArb, (plies, convention) => {
        const table = fundingTable(plies, convention);
        const hours = plies.reduce((s, p) => s + p.hours, 0);
        expect(table.totals.hours).toBe(hours);
        expect(table.totals.fixedCents).toBe(convention.fixedPerPlieCents * plies.length);
        // Exact in quarter cents; each PLIE's half-up rounding moves it by at most half a cent.
        const exactQuarterCents = plies.reduce(
          (s, p) => s + p.hours * 4 * convention.perHourCents,
          0,
        );
        expect(Math.abs(table.totals.variableCents * 4 - exactQuarterCents)).toBeLessThanOrEqual(
          2 * plies.length,
        );
        expect(table.totals.totalCents).toBe(table.totals.fixedCents + table.totals.variableCents);
        expect(Number.isInteger(table.totals.totalCents)).toBe(true);
        // With whole-cent amounts per hour on whole hours, there is nothing to round.
        if (plies.every((p) => Number.isInteger(p.hours))) {
          expect(table.totals.variableCents).toBe(hours * convention.perHourCents);
        }
      }),
    );
  });

  it('never lowers any PLIE’s funding when hours are added to one of them', () => {
    fc.assert(
      fc.property(pliesArb, conventionArb, fc.nat(), hoursArb, (plies, convention, pick, added) => {
        const index = pick % plies.length;
        const before = fundingTable(plies, convention).rows;
        const more = plies.map((p, i) => (i === index ? { ...p, hours: p.hours + added } : p));
        const after = fundingTable(more, convention).rows;
        after.forEach((row, i) => {
          expect(row.totalCents).toBeGreaterThanOrEqual((before[i] as typeof row).totalCents);
        });
      }),
    );
  });
});
