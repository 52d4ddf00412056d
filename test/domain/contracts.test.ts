import { describe, expect, it } from 'vitest';
import { endFromDuration, requiredHours } from '#shared/domain/contracts';

describe('required hours', () => {
  it('follows the tender formula of domain.md (1 M€ × 50 % × 5 % ÷ 30 €/h ≈ 833 h)', () => {
    expect(
      requiredHours({
        amountCents: 1_000_000_00,
        labourShare: 0.5,
        insertionRate: 0.05,
        hourlyCostCents: 30_00,
      }),
    ).toBe(833);
  });

  it('rounds to the nearest hour', () => {
    // 100,000 € × 70 % × 10 % ÷ 32 €/h = 218.75 h
    expect(
      requiredHours({
        amountCents: 100_000_00,
        labourShare: 0.7,
        insertionRate: 0.1,
        hourlyCostCents: 32_00,
      }),
    ).toBe(219);
  });

  it('refuses a zero hourly cost', () => {
    expect(() =>
      requiredHours({ amountCents: 1, labourShare: 1, insertionRate: 1, hourlyCostCents: 0 }),
    ).toThrow(RangeError);
  });

  it('derives the end of a contract from its duration in months', () => {
    expect(endFromDuration('2022-10-19', 11)).toBe('2023-09-19');
  });
});
