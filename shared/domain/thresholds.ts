import type { IsoDate } from './calendar';
import type { ContractKind } from './contracts';
import { byCode } from './order';

// EU procurement thresholds, excluding VAT, in cents. They change every two years: dated data.
// Supplies and services have two thresholds: central government, and local authorities (and
// every other buyer).

export type BuyerLevel = 'central' | 'local';

export interface ThresholdPeriod {
  from: IsoDate;
  to: IsoDate;
  worksCents: number;
  suppliesServicesCents: Record<BuyerLevel, number>;
}

export const EU_THRESHOLDS: readonly ThresholdPeriod[] = [
  {
    from: '2024-01-01',
    to: '2025-12-31',
    worksCents: 5_538_000_00,
    suppliesServicesCents: { central: 143_000_00, local: 221_000_00 },
  },
  {
    from: '2026-01-01',
    to: '2027-12-31',
    worksCents: 5_404_000_00,
    suppliesServicesCents: { central: 140_000_00, local: 216_000_00 },
  },
];

/**
 * The periods an administrator has recorded, with the built-in ones for the periods they do not
 * cover: a recorded period replaces a built-in one that starts on the same day.
 */
export function thresholdPeriods(recorded: readonly ThresholdPeriod[]): ThresholdPeriod[] {
  const starts = new Set(recorded.map((p) => p.from));
  return [...recorded, ...EU_THRESHOLDS.filter((p) => !starts.has(p.from))].sort((a, b) =>
    byCode(a.from, b.from),
  );
}

/**
 * French SIREN numbers of State services begin with 1; local authorities and their bodies with
 * 2. Without a SIRET the buyer is taken as local, as most of the product's users are.
 */
export function buyerLevel(siret: string | undefined): BuyerLevel {
  return siret?.startsWith('1') ? 'central' : 'local';
}

/** The threshold in force on `date` for a contract of `kind`; null outside the known periods. */
export function euThresholdCents(
  kind: ContractKind,
  level: BuyerLevel,
  date: IsoDate,
  periods: readonly ThresholdPeriod[] = EU_THRESHOLDS,
): number | null {
  const period = periods.find((p) => p.from <= date && date <= p.to);
  if (!period) return null;
  return kind === 'works' ? period.worksCents : period.suppliesServicesCents[level];
}
