import { sumHours, toHundredths } from './hours';

// PLIE funding (seed 004): each PLIE receives a fixed part per year plus a variable part per
// insertion hour its participants realised that year. The parameters belong to a convention
// and change from one convention to the next, so they are data, not constants.
// Money is integer cents; hours are counted in integer hundredths to stay exact.

export interface FundingConvention {
  fixedPerPlieCents: number;
  perHourCents: number;
  /**
   * The buyer who signs and pays (SIRET): only hours realised on its own contracts count.
   * Absent (null) = every contract's hours, as a metropolis funding all its PLIEs does.
   */
  funderSiret?: string | null;
  /**
   * A flat amount per PLIE for the year instead of fixed + per hour (Bordeaux's 2016–2018
   * table): a PLIE without an envelope gets nothing.
   */
  envelopesCents?: Record<string, number> | null;
}

/** Does this contract's hours count for the convention: the funder's own contracts only. */
export function countsForConvention(
  convention: Pick<FundingConvention, 'funderSiret'>,
  buyer: { siret?: string },
): boolean {
  return !convention.funderSiret || buyer.siret === convention.funderSiret;
}

export interface PlieFunding {
  plieId: string;
  hours: number;
  fixedCents: number;
  variableCents: number;
  totalCents: number;
}

/**
 * The variable part of one PLIE: its hours × the hourly amount, rounded half up to the cent.
 * Each PLIE's money depends on its own hours only, so another PLIE's lines never move it.
 */
export function variableCents(hours: number, perHourCents: number): number {
  // hundredths × perHourCents is in hundredths of a cent, an exact integer: add fifty, then
  // divide, to round half up (151.67 h × 1.10 € = 166.837 € → 166.84 €).
  return Math.floor((toHundredths(hours) * perHourCents + 50) / 100);
}

export function plieFunding(
  plieId: string,
  hours: number,
  convention: FundingConvention,
): PlieFunding {
  if (convention.envelopesCents) {
    const envelope = convention.envelopesCents[plieId] ?? 0;
    return { plieId, hours, fixedCents: envelope, variableCents: 0, totalCents: envelope };
  }
  const variable = variableCents(hours, convention.perHourCents);
  return {
    plieId,
    hours,
    fixedCents: convention.fixedPerPlieCents,
    variableCents: variable,
    totalCents: convention.fixedPerPlieCents + variable,
  };
}

export interface FundingTable {
  rows: PlieFunding[];
  totals: { hours: number; fixedCents: number; variableCents: number; totalCents: number };
}

/** Every PLIE's row (PLIEs without hours get the fixed part), and the sums of the rows. */
export function fundingTable(
  plies: readonly { plieId: string; hours: number }[],
  convention: FundingConvention,
): FundingTable {
  const rows = plies.map((p) => plieFunding(p.plieId, p.hours, convention));
  const sum = (pick: (row: PlieFunding) => number) => rows.reduce((s, row) => s + pick(row), 0);
  return {
    rows,
    totals: {
      hours: sumHours(rows.map((r) => r.hours)),
      fixedCents: sum((r) => r.fixedCents),
      variableCents: sum((r) => r.variableCents),
      totalCents: sum((r) => r.totalCents),
    },
  };
}
