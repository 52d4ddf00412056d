import { monthNumberOf, type YearMonth } from './calendar';
import { countsForConvention, type FundingConvention } from './funding';
import { addHours, sumHours } from './hours';

// The hours a year's convention pays for, through the end of a month: what the monthly report
// calls "financement acquis à fin juin" and what GET /api/funding?asOf= answers — one
// computation, so that the two never disagree.

/** The totals the hours are read from (shared/store/totals-store.ts), for one year. */
export interface FundingHoursSource {
  /** PLIE × month totals of the year: every contract's hours. */
  plieMonths: readonly { plieId: string; month: string; hours: number }[];
  /** Contract × PLIE totals of the year, hours of January … December (a funder's convention). */
  yearTotals: readonly { contractId: string; plieId: string; months: readonly number[] }[];
  /** The buyer of each contract that has hours in the year, by contract id. */
  buyers: ReadonlyMap<string, { siret?: string | undefined }>;
}

/**
 * Each PLIE's hours of the year up to the end of `through` (included) that the convention pays
 * for: every contract's, or, for a funder's convention, its own contracts' only.
 */
export function fundedHours(
  convention: Pick<FundingConvention, 'funderSiret'>,
  source: FundingHoursSource,
  through: YearMonth,
): Map<string, number> {
  const hours = new Map<string, number>();
  const add = (plieId: string, h: number) => hours.set(plieId, addHours(hours.get(plieId) ?? 0, h));
  if (!convention.funderSiret) {
    for (const total of source.plieMonths)
      if (total.month <= through) add(total.plieId, total.hours);
    return hours;
  }
  const months = monthNumberOf(through);
  for (const total of source.yearTotals) {
    const buyer = source.buyers.get(total.contractId);
    if (!buyer || !countsForConvention(convention, buyer)) continue;
    add(total.plieId, sumHours(total.months.slice(0, months)));
  }
  return hours;
}
