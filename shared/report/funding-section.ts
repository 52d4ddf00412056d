import { monthNumberOf, yearOf } from '#shared/domain/calendar';
import { countsForConvention, fundingTable } from '#shared/domain/funding';
import { addHours, sumHours } from '#shared/domain/hours';
import { activeInYear } from '#shared/domain/plies';
import type { ReportData } from './data';
import type { MonthlyReport } from './model';

// The report's funding: what the PLIEs have earned so far this year, by the year's convention.

/**
 * The convention applied to the hours up to the month (`plies`: the report's rows of PLIEs),
 * for every PLIE, or for one PLIE's report (`plieId`) its own row and no totals.
 */
export function fundingSection(
  data: ReportData,
  plies: MonthlyReport['plies'],
  plieId: string | null,
): MonthlyReport['funding'] {
  const { month } = data;
  const year = yearOf(month);
  const monthIndex = monthNumberOf(month) - 1;
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
  // A funder's convention pays for the hours on its own contracts only.
  const fundedHours = new Map<string, number>();
  if (convention.funderSiret) {
    const funded = new Set(
      data.contracts.filter((c) => countsForConvention(convention, c.buyer)).map((c) => c.id),
    );
    for (const total of data.yearTotals) {
      if (!funded.has(total.contractId)) continue;
      const ytd = sumHours(total.months.slice(0, monthIndex + 1));
      fundedHours.set(total.plieId, addHours(fundedHours.get(total.plieId) ?? 0, ytd));
    }
  }
  const table = fundingTable(
    activeInYear(data.plies, year).map((p) => ({
      plieId: p.id,
      hours: convention.funderSiret
        ? (fundedHours.get(p.id) ?? 0)
        : (plies.find((r) => r.plieId === p.id)?.hoursYearToDate ?? 0),
    })),
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
