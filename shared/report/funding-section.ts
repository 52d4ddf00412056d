import { yearOf } from '#shared/domain/calendar';
import { fundingTable } from '#shared/domain/funding';
import { fundedHours } from '#shared/domain/funding-hours';
import { activeInYear } from '#shared/domain/plies';
import type { ReportData } from './data';
import type { MonthlyReport } from './model';

// The report's funding: what the PLIEs have earned so far this year, by the year's convention.

/**
 * The convention applied to the hours up to the end of the month, for every PLIE, or for one
 * PLIE's report (`plieId`) its own row and no totals.
 */
export function fundingSection(data: ReportData, plieId: string | null): MonthlyReport['funding'] {
  const { month } = data;
  const year = yearOf(month);
  const inScope = (id: string) => plieId === null || id === plieId;
  if (!data.convention) {
    return {
      year,
      fixedPerPlieCents: null,
      perHourCents: null,
      rows: [],
      totals: null,
      missing: `Aucune convention de financement n'est saisie pour ${year}.`,
    };
  }
  const names = new Map(data.plies.map((p) => [p.id, p.name]));
  const convention = data.convention;
  // The same computation as GET /api/funding?asOf= (shared/domain/funding-hours.ts).
  const hours = fundedHours(
    convention,
    {
      plieMonths: data.plieMonths,
      yearTotals: data.yearTotals,
      buyers: new Map(data.contracts.map((c) => [c.id, c.buyer])),
    },
    month,
  );
  const table = fundingTable(
    activeInYear(data.plies, year).map((p) => ({ plieId: p.id, hours: hours.get(p.id) ?? 0 })),
    convention,
  );
  const rows = table.rows
    .filter((row) => inScope(row.plieId))
    .map((row) => ({
      plieId: row.plieId,
      name: names.get(row.plieId) ?? row.plieId,
      hours: row.hours,
      fixedCents: row.fixedCents,
      variableCents: row.variableCents,
      totalCents: row.totalCents,
    }));
  return {
    year,
    // Flat envelopes have no fixed part or hourly rate to show.
    fixedPerPlieCents: convention.envelopesCents ? null : convention.fixedPerPlieCents,
    perHourCents: convention.envelopesCents ? null : convention.perHourCents,
    rows,
    totals: plieId
      ? null
      : {
          hours: table.totals.hours,
          fixedCents: table.totals.fixedCents,
          variableCents: table.totals.variableCents,
          totalCents: table.totals.totalCents,
        },
    missing: null,
  };
}
