import { concernsPlie } from '#shared/domain/allocation';
import { frenchMonth, lastDayOf, monthOf, yearOf } from '#shared/domain/calendar';
import { addHours, HOUR_MODES, sumHours } from '#shared/domain/hours';
import { outcomeRates } from '#shared/domain/outcomes';
import { activeInYear } from '#shared/domain/plies';
import { contractRows } from './contract-rows';
import type { ReportData } from './data';
import { fundingSection } from './funding-section';
import type { MonthlyReport } from './model';

// The monthly report from pre-computed totals, for everyone or for one PLIE. Pure: the loader
// (services/report.ts) reads the store, this decides what each reader sees. The contracts' rows
// and the funding are built in contract-rows.ts and funding-section.ts.

export function buildReport(data: ReportData, plieId: string | null = null): MonthlyReport {
  const { month } = data;
  const year = yearOf(month);
  const asOf = lastDayOf(month);
  const plie = plieId ? data.plies.find((p) => p.id === plieId) : undefined;
  /** The PLIE whose report this is, as the allocation rules need it. */
  const reader = plieId ? (plie ?? { id: plieId }) : null;
  const inScope = (id: string) => plieId === null || id === plieId;
  const contracts = contractRows(data, reader);

  // Hours per PLIE and mode, from the PLIE × month totals.
  const plies = activeInYear(data.plies, year)
    .filter((p) => inScope(p.id))
    .map((p) => {
      const byModeMonth: Record<string, number> = {};
      const byModeYearToDate: Record<string, number> = {};
      let hoursMonth = 0;
      let hoursYearToDate = 0;
      for (const total of data.plieMonths) {
        if (total.plieId !== p.id || total.month > month) continue;
        hoursYearToDate = addHours(hoursYearToDate, total.hours);
        if (total.month === month) hoursMonth = addHours(hoursMonth, total.hours);
        for (const mode of HOUR_MODES) {
          const hours = total.byMode[mode] ?? 0;
          if (!hours) continue;
          byModeYearToDate[mode] = addHours(byModeYearToDate[mode] ?? 0, hours);
          if (total.month === month) byModeMonth[mode] = addHours(byModeMonth[mode] ?? 0, hours);
        }
      }
      return {
        plieId: p.id,
        name: p.name,
        hoursMonth,
        hoursYearToDate,
        byModeMonth,
        byModeYearToDate,
      };
    });

  const funding = fundingSection(data, plieId);

  const exits = data.exits.filter((e) => inScope(e.plieId) && e.exitedOn <= asOf);
  const outcomes = {
    month: outcomeRates(exits.filter((e) => monthOf(e.exitedOn) === month).map((e) => e.outcome)),
    yearToDate: outcomeRates(exits.map((e) => e.outcome)),
  };

  const reservedMarkets = data.reservedOfMonth
    .filter((c) => reader === null || c.allocation === null || concernsPlie(c.allocation, reader))
    .map((c) => ({
      id: c.id,
      reference: c.reference,
      title: c.title,
      buyer: c.buyer.name,
      awardee: c.awardee.name,
      amountCents: c.amountCents,
      notifiedOn: c.notifiedOn,
      basis: c.reserved?.basis ?? null,
    }))
    // Newest first, whatever order they were read in.
    .sort(
      (a, b) =>
        b.notifiedOn.localeCompare(a.notifiedOn) || a.reference.localeCompare(b.reference, 'fr'),
    );

  const listed = new Set(contracts.map((c) => c.id));
  const alerts = data.contracts
    .filter((c) => listed.has(c.id) && (data.issues.get(c.id)?.length ?? 0) > 0)
    .map((c) => ({
      contract: { id: c.id, reference: c.reference, title: c.title },
      issues: data.issues.get(c.id) ?? [],
    }))
    .sort((a, b) => a.contract.reference.localeCompare(b.contract.reference, 'fr'));

  return {
    month,
    monthLabel: frenchMonth(month),
    year,
    asOf,
    generatedAt: data.generatedAt,
    scope: { plieId, name: plie?.name ?? 'Toutes les opérations' },
    summary: {
      hoursMonth: sumHours(plies.map((p) => p.hoursMonth)),
      hoursYearToDate: sumHours(plies.map((p) => p.hoursYearToDate)),
      contracts: contracts.length,
      contractsBehind: contracts.filter((c) => c.behind).length,
    },
    contracts,
    plies,
    funding,
    outcomes,
    reservedMarkets,
    alerts,
  };
}
