import {
  concernsPlie,
  contractSplit,
  listedForPlie,
  type PlieCriteria,
  type Weights,
} from '#shared/domain/allocation';
import { type ContractTerms, termsOn } from '#shared/domain/amendments';
import {
  frenchMonth,
  type IsoDate,
  lastDayOf,
  monthNumberOf,
  monthOf,
  type YearMonth,
  yearOf,
} from '#shared/domain/calendar';
import type { ComplianceIssue } from '#shared/domain/compliance';
import { roundHours } from '#shared/domain/format';
import { countsForConvention, type FundingConvention, fundingTable } from '#shared/domain/funding';
import { HOUR_MODES, progress } from '#shared/domain/hours';
import { type Outcome, outcomeRates } from '#shared/domain/outcomes';
import { activeInYear } from '#shared/domain/plies';
import { scheduleStatus } from '#shared/domain/schedule';
import type { Plie } from '#shared/schemas/plies';
import type { ContractRecord } from '#shared/store/contracts';
import type { ContractYearTotal, PlieMonthTotal } from '#shared/store/totals-store';
import type { MonthlyReport } from './model';

// The monthly report from pre-computed totals, for everyone or for one PLIE. Pure: the loader
// (services/report.ts) reads the store, this decides what each reader sees.

export interface ReportData {
  month: YearMonth;
  generatedAt: string;
  plies: Plie[];
  /** Contracts running in the report's year, started by the end of the month. */
  contracts: ContractRecord[];
  /** Contract × PLIE hours month by month, for the report's year. */
  yearTotals: ContractYearTotal[];
  /** Hours logged for months after the report's month (later lines): taken out of "to date". */
  laterHours: { contractId: string; plieId: string; hours: number }[];
  plieMonths: PlieMonthTotal[];
  convention: FundingConvention | null;
  /** Exits of the report's year up to the end of the month. */
  exits: { plieId: string; exitedOn: IsoDate; outcome: Outcome }[];
  /** Contracts notified in the month that are reserved. */
  reservedOfMonth: ContractRecord[];
  /** Compliance issues per contract id, judged on the last day of the month. */
  issues: Map<string, ComplianceIssue[]>;
  /** Allocation criteria and weights by year, for shared contracts. */
  criteria: Map<number, { plies: PlieCriteria[]; weights: Weights | null }>;
  /** Lifetime hours of the PLIE on each contract (PLIE reports only), `contractId#plieId`. */
  plieLifetime: Map<string, number>;
  /** Contracts whose awardee, invited to declare, has sent no statement for the month. */
  missingStatements?: ReadonlySet<string>;
}

/** Said on a contract's row when its awardee has not declared the month. */
export const STATEMENT_MISSING = 'Relevé du titulaire non reçu';

/** The PLIE's part of a contract's target: all of it, or its share of the key. */
function allottedTo(
  contract: ContractRecord,
  terms: ContractTerms,
  plieId: string,
  data: ReportData,
): { hours: number | null; note: string | null } {
  const year = yearOf(contract.notifiedOn);
  const criteria = data.criteria.get(year);
  const split = contractSplit({
    targetHours: terms.targetHours,
    allocation: terms.allocation,
    notificationYear: year,
    plies: activeInYear(data.plies, year),
    criteria: criteria?.plies ?? [],
    weights: criteria?.weights ?? null,
    frozen: contract.allocationKey,
  });
  if (!split.ok) return { hours: null, note: split.issue };
  return {
    hours: split.allotted.get(plieId) ?? 0,
    note: split.shared ? 'Marché partagé : part du PLIE' : null,
  };
}

export function buildReport(data: ReportData, plieId: string | null = null): MonthlyReport {
  const { month } = data;
  const year = yearOf(month);
  const monthIndex = monthNumberOf(month) - 1;
  const asOf = lastDayOf(month);
  const plie = plieId ? data.plies.find((p) => p.id === plieId) : undefined;
  /** The PLIE whose report this is, as the allocation rules need it. */
  const reader = plieId ? (plie ?? { id: plieId }) : null;
  const inScope = (id: string) => plieId === null || id === plieId;

  // Hours per contract (in scope: only the PLIE's own hours).
  const monthHours = new Map<string, number>();
  const ytdHours = new Map<string, number>();
  for (const total of data.yearTotals) {
    if (!inScope(total.plieId)) continue;
    const ytd = total.months.slice(0, monthIndex + 1).reduce((s, h) => s + h, 0);
    monthHours.set(
      total.contractId,
      (monthHours.get(total.contractId) ?? 0) + (total.months[monthIndex] ?? 0),
    );
    ytdHours.set(total.contractId, (ytdHours.get(total.contractId) ?? 0) + ytd);
  }
  const later = new Map<string, number>();
  for (const entry of data.laterHours) {
    if (!inScope(entry.plieId)) continue;
    later.set(entry.contractId, (later.get(entry.contractId) ?? 0) + entry.hours);
  }

  // A PLIE's report lists the contracts listedForPlie says (shared/domain/allocation.ts).
  const withPlieHours = new Set(
    data.yearTotals.filter((t) => plieId !== null && t.plieId === plieId).map((t) => t.contractId),
  );
  const contracts = data.contracts
    .filter((c) => reader === null || listedForPlie(c.allocation, reader, withPlieHours.has(c.id)))
    .map((contract) => {
      // The terms in force at the month's end: an amendment counts from its date.
      const terms = termsOn(contract, asOf);
      const { hours: target, note } = reader
        ? concernsPlie(terms.allocation, reader)
          ? allottedTo(contract, terms, reader.id, data)
          : { hours: null, note: 'Heures saisies avant un changement de répartition' }
        : { hours: terms.targetHours, note: terms.allocation ? null : 'PLIE à désigner' };
      const lifetime = plieId
        ? (data.plieLifetime.get(`${contract.id}#${plieId}`) ?? 0)
        : contract.hoursLogged;
      const hoursToDate = roundHours(lifetime - (later.get(contract.id) ?? 0));
      const status = scheduleStatus({
        targetHours: target,
        hoursLogged: hoursToDate,
        startsOn: contract.startsOn,
        endsOn: terms.endsOn,
        asOf,
      });
      return {
        id: contract.id,
        reference: contract.reference,
        title: contract.title,
        targetHours: target,
        hoursMonth: roundHours(monthHours.get(contract.id) ?? 0),
        hoursYearToDate: roundHours(ytdHours.get(contract.id) ?? 0),
        hoursToDate,
        progress: progress(hoursToDate, target),
        expectedHours: status.expectedHours,
        behind: status.behind,
        note: data.missingStatements?.has(contract.id)
          ? [note, STATEMENT_MISSING].filter(Boolean).join(' ; ')
          : note,
      };
    })
    .sort((a, b) => a.reference.localeCompare(b.reference, 'fr'));

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
        hoursYearToDate += total.hours;
        if (total.month === month) hoursMonth += total.hours;
        for (const mode of HOUR_MODES) {
          const hours = total.byMode[mode] ?? 0;
          if (!hours) continue;
          byModeYearToDate[mode] = roundHours((byModeYearToDate[mode] ?? 0) + hours);
          if (total.month === month)
            byModeMonth[mode] = roundHours((byModeMonth[mode] ?? 0) + hours);
        }
      }
      return {
        plieId: p.id,
        name: p.name,
        hoursMonth: roundHours(hoursMonth),
        hoursYearToDate: roundHours(hoursYearToDate),
        byModeMonth,
        byModeYearToDate,
      };
    });

  // Funding earned so far this year: the convention applied to the hours up to the month.
  const names = new Map(data.plies.map((p) => [p.id, p.name]));
  let funding: MonthlyReport['funding'];
  if (data.convention) {
    const convention = data.convention;
    // A funder's convention pays for the hours on its own contracts only.
    const fundedHours = new Map<string, number>();
    if (convention.funderSiret) {
      const funded = new Set(
        data.contracts.filter((c) => countsForConvention(convention, c.buyer)).map((c) => c.id),
      );
      for (const total of data.yearTotals) {
        if (!funded.has(total.contractId)) continue;
        const ytd = total.months.slice(0, monthIndex + 1).reduce((s, h) => s + h, 0);
        fundedHours.set(total.plieId, (fundedHours.get(total.plieId) ?? 0) + ytd);
      }
    }
    const table = fundingTable(
      activeInYear(data.plies, year).map((p) => ({
        plieId: p.id,
        hours: convention.funderSiret
          ? roundHours(fundedHours.get(p.id) ?? 0)
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
    funding = {
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
  } else {
    funding = {
      year,
      fixedPerPlieCents: null,
      perHourCents: null,
      rows: [],
      totals: null,
      missing: `Aucune convention de financement n'est saisie pour ${year}.`,
    };
  }

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
      hoursMonth: roundHours(plies.reduce((s, p) => s + p.hoursMonth, 0)),
      hoursYearToDate: roundHours(plies.reduce((s, p) => s + p.hoursYearToDate, 0)),
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
