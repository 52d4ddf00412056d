import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fundingTable, plieFunding, variableCents } from '#shared/domain/funding';
import { addHours, sumHours } from '#shared/domain/hours';

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

  it('rounds hours to the hundredth times the rate to the cent, half up, in integers', () => {
    // 0.25 h × 1.10 € = 0.275 € → 0.28 €; 0.5 h × 1.10 € = 0.55 €
    expect(variableCents(0.25, 110)).toBe(28);
    expect(variableCents(0.5, 110)).toBe(55);
    // 3 × 0.25 h at 0.01 €/h = 0.0075 € → 0.01 €
    expect(variableCents(0.75, 1)).toBe(1);
    // A payslip month, 151.67 h × 1.10 € = 166.837 € → 166.84 €; three of them, 455.01 h at
    // 1 € = 455.01 € exactly; 0.05 h × 0.10 € = 0.005 € → 0.01 € (half up).
    expect(variableCents(151.67, 110)).toBe(166_84);
    expect(variableCents(455.01, 100)).toBe(455_01);
    expect(variableCents(0.05, 10)).toBe(1);
    // JavaScript's 0.1 + 0.2 (0.30000000000000004) never reaches the money.
    expect(variableCents(0.1 + 0.2, 100)).toBe(30);
    expect(
      fundingTable(
        [
          { plieId: 'a', hours: 0.1 },
          { plieId: 'b', hours: 0.2 },
        ],
        seedConvention,
      ).totals.hours,
    ).toBe(0.3);
  });

  const hoursArb = fc.integer({ min: 0, max: 100 * 200_000 }).map((n) => n / 100);
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
        const hours = sumHours(plies.map((p) => p.hours));
        expect(table.totals.hours).toBe(hours);
        expect(table.totals.fixedCents).toBe(convention.fixedPerPlieCents * plies.length);
        // Exact in hundredths of a cent; each PLIE's half-up rounding moves it by at most half a cent.
        const exactHundredthCents = plies.reduce(
          (s, p) => s + Math.round(p.hours * 100) * convention.perHourCents,
          0,
        );
        expect(
          Math.abs(table.totals.variableCents * 100 - exactHundredthCents),
        ).toBeLessThanOrEqual(50 * plies.length);
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
        const more = plies.map((p, i) =>
          i === index ? { ...p, hours: addHours(p.hours, added) } : p,
        );
        const after = fundingTable(more, convention).rows;
        after.forEach((row, i) => {
          expect(row.totalCents).toBeGreaterThanOrEqual((before[i] as typeof row).totalCents);
        });
      }),
    );
  });
});
