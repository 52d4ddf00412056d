import { monthNumberOf, type YearMonth } from './calendar';
import {
  type FundingConvention,
  type FundingTable,
  fundingTable,
  type PlieFunding,
} from './funding';
import { type FundingHoursSource, fundedHours } from './funding-hours';
import { addHours, sumHours } from './hours';

// A year's funding from all of its conventions: a metropolis' over every contract, or over its
// own, and a département's over its own, each paying its fixed part and its hours. A PLIE's
// money is the sum of what each convention gives it; its hours are those at least one of them
// pays for, each counted once.

export interface ConventionFunding {
  convention: FundingConvention;
  table: FundingTable;
}

export interface YearFundingTable {
  /** Each convention's own table, in the order given. */
  conventions: ConventionFunding[];
  /** Per PLIE, what all the conventions give it. */
  rows: PlieFunding[];
  totals: FundingTable['totals'];
}

/** Each PLIE's hours (to the end of `through`) that at least one of the conventions pays for. */
function hoursFunded(
  conventions: readonly FundingConvention[],
  source: FundingHoursSource,
  through: YearMonth,
): Map<string, number> {
  if (conventions.some((c) => !c.funderSiret)) return fundedHours({}, source, through);
  const funders = new Set(conventions.map((c) => c.funderSiret));
  const months = monthNumberOf(through);
  const hours = new Map<string, number>();
  for (const total of source.yearTotals) {
    const siret = source.buyers.get(total.contractId)?.siret;
    if (!siret || !funders.has(siret)) continue;
    hours.set(
      total.plieId,
      addHours(hours.get(total.plieId) ?? 0, sumHours(total.months.slice(0, months))),
    );
  }
  return hours;
}

/** The year's funding of the PLIEs `plieIds` (those active that year) by all its conventions. */
export function yearFundingTable(
  conventions: readonly FundingConvention[],
  plieIds: readonly string[],
  source: FundingHoursSource,
  through: YearMonth,
): YearFundingTable {
  const tables = conventions.map((convention) => {
    const hours = fundedHours(convention, source, through);
    return {
      convention,
      table: fundingTable(
        plieIds.map((plieId) => ({ plieId, hours: hours.get(plieId) ?? 0 })),
        convention,
      ),
    };
  });
  const hours = hoursFunded(conventions, source, through);
  const rows = plieIds.map((plieId): PlieFunding => {
    const own = tables.map(({ table }) => table.rows.find((r) => r.plieId === plieId));
    const sum = (pick: (row: PlieFunding) => number) =>
      own.reduce((s, row) => s + (row ? pick(row) : 0), 0);
    return {
      plieId,
      hours: hours.get(plieId) ?? 0,
      fixedCents: sum((r) => r.fixedCents),
      variableCents: sum((r) => r.variableCents),
      totalCents: sum((r) => r.totalCents),
    };
  });
  const sum = (pick: (row: PlieFunding) => number) => rows.reduce((s, row) => s + pick(row), 0);
  return {
    conventions: tables,
    rows,
    totals: {
      hours: sumHours(rows.map((r) => r.hours)),
      fixedCents: sum((r) => r.fixedCents),
      variableCents: sum((r) => r.variableCents),
      totalCents: sum((r) => r.totalCents),
    },
  };
}
