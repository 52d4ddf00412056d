import { listedForPlie, type PlieCriteria, type Weights } from '#shared/domain/allocation';
import {
  lastDayOf,
  monthNumberOf,
  parisDate,
  type YearMonth,
  yearOf,
} from '#shared/domain/calendar';
import type { FundingConvention } from '#shared/domain/funding';
import { addHours, sumHours } from '#shared/domain/hours';
import type { Outcome } from '#shared/domain/outcomes';
import type { ThresholdPeriod } from '#shared/domain/thresholds';
import type { ReportData } from '#shared/report/data';
import type { ContractRecord } from '#shared/store/contracts';
import type { ParticipantRecord } from '#shared/store/participants';
import type { PlieRecord } from '#shared/store/plies';
import type { ContractYearTotal, PlieMonthTotal } from '#shared/store/totals-store';
import { PLIE_CONTRACTS_INDEX } from '#shared/store/upgrades';
import type { ServiceDeps } from './deps';
import { issuesOf, knownThresholds } from './lookups';
import { missingStatements } from './missing-statements';

/** The PLIE a contract has always been allotted to, if it never had another (nor a share). */
function onlyPlieEver(contract: ContractRecord): string | null {
  if (contract.allocation?.mode !== 'single') return null;
  const moved = contract.amendments.some(
    (a) => a.changes.allocation !== undefined || a.before.allocation !== undefined,
  );
  return moved ? null : contract.allocation.plieId;
}

/** What a report is read from; the rest is derived from these alike for every report. */
interface Sources {
  plies: PlieRecord[];
  /** Contracts running in the report's year. */
  running: ContractRecord[];
  yearTotals: ContractYearTotal[];
  /** The years after the report's, up to the current one: their contract × PLIE totals. */
  laterTotals: ContractYearTotal[];
  plieMonths: PlieMonthTotal[];
  conventions: FundingConvention[];
  exited: ParticipantRecord[];
  /** Contracts notified in the report's month. */
  notified: ContractRecord[];
  thresholds: ThresholdPeriod[];
  /** How the missing statements are read: the structure's, or those of `running` alone. */
  reading: 'structure' | 'contracts';
}

/** The years after `year` up to the current one: hours logged there leave the report's month. */
function yearsAfter(deps: ServiceDeps, year: number): number[] {
  const currentYear = yearOf(parisDate(deps.now()));
  return Array.from({ length: Math.max(0, currentYear - year) }, (_, i) => year + 1 + i);
}

/** Everything of the year: the full report, and the monthly mailing (every PLIE at once). */
async function readEverything(deps: ServiceDeps, month: YearMonth): Promise<Sources> {
  const { stores } = deps;
  const year = yearOf(month);
  const [
    plies,
    running,
    yearTotals,
    laterTotals,
    plieMonths,
    conventions,
    exited,
    notified,
    thresholds,
  ] = await Promise.all([
    stores.plies.list(),
    stores.contracts.all({ activeIn: year }),
    stores.totals.yearTotals(year),
    Promise.all(yearsAfter(deps, year).map((y) => stores.totals.yearTotals(y))),
    stores.totals.plieMonths(year),
    stores.funding.conventions(year),
    stores.exits.ofYear(year),
    stores.contracts.all({ notifiedIn: month }),
    knownThresholds(deps),
  ]);
  const laterFlat = laterTotals.flat();
  return {
    plies,
    running,
    yearTotals,
    laterTotals: laterFlat,
    plieMonths,
    conventions,
    exited,
    notified,
    thresholds,
    reading: 'structure',
  };
}

/**
 * One PLIE's part only: the contracts its index lists (shared/store/plie-contracts.ts), their
 * totals for that PLIE, its months and its exits. What it reads grows with that PLIE's
 * contracts, not with the country's.
 */
async function readOnePlie(
  deps: ServiceDeps,
  month: YearMonth,
  plie: PlieRecord,
): Promise<Sources> {
  const { stores } = deps;
  const year = yearOf(month);
  const [listed, plieMonths, conventions, exited, thresholds] = await Promise.all([
    stores.contractIndexes.ofPlieFrom(plie, year),
    stores.totals.plieMonths(year, plie.id),
    stores.funding.conventions(year),
    stores.exits.ofYear(year, plie.id),
    knownThresholds(deps),
  ]);
  const running = listed.filter((c) => c.startsOn <= `${year}-12-31`);
  const pairs = running.map((c) => ({ contractId: c.id, plieId: plie.id }));
  // The report shows this PLIE alone; the others matter only to split a shared contract whose
  // key is not decided yet (computed live from the PLIEs of the year).
  const undecided = running.some((c) => c.allocation?.mode === 'shared' && !c.allocationKey);
  const [yearTotals, laterTotals, plies] = await Promise.all([
    stores.totals.yearTotalsOf(pairs, year),
    Promise.all(yearsAfter(deps, year).map((y) => stores.totals.yearTotalsOf(pairs, y))),
    undecided ? stores.plies.list() : [plie],
  ]);
  return {
    plies,
    running,
    yearTotals,
    laterTotals: laterTotals.flat(),
    plieMonths,
    conventions,
    exited,
    notified: listed.filter((c) => c.notifiedOn.startsWith(`${month}-`)),
    thresholds,
    reading: 'contracts',
  };
}

/**
 * Reads what the month's report needs, all of it pre-computed totals: the year's contract ×
 * PLIE items (hours month by month), the PLIE × month items, the contracts running that year,
 * the year's exits. The number of items read grows with contracts and PLIEs, not with lines.
 */
export async function loadReportData(
  deps: ServiceDeps,
  month: YearMonth,
  plieIds: readonly string[] = [],
): Promise<ReportData> {
  return reportData(deps, month, plieIds, await readEverything(deps, month));
}

/**
 * One PLIE's report, read from its own contracts. Data of an earlier version lacks the PLIEs'
 * index until its upgrade has run (shared/store/upgrades.ts): until then, everything is read.
 */
export async function loadPlieReportData(
  deps: ServiceDeps,
  month: YearMonth,
  plieId: string,
): Promise<ReportData> {
  const [indexed, plie] = await Promise.all([
    deps.stores.settings.done(PLIE_CONTRACTS_INDEX),
    deps.stores.plies.get(plieId),
  ]);
  const sources =
    indexed && plie ? await readOnePlie(deps, month, plie) : await readEverything(deps, month);
  return reportData(deps, month, [plieId], sources);
}

async function reportData(
  deps: ServiceDeps,
  month: YearMonth,
  plieIds: readonly string[],
  sources: Sources,
): Promise<ReportData> {
  const { stores } = deps;
  const monthEnd = lastDayOf(month);
  const {
    plies,
    running,
    yearTotals,
    laterTotals,
    plieMonths,
    conventions,
    exited,
    notified,
    thresholds,
  } = sources;
  const contracts = running.filter((c) => c.startsOn <= monthEnd);
  const late = await missingStatements(deps, month, { running, reading: sources.reading });

  // Lines of months after the report's month are not part of it.
  const monthIndex = monthNumberOf(month) - 1;
  const laterHours = [
    ...yearTotals.map((t) => ({
      ...t,
      hours: sumHours(t.months.slice(monthIndex + 1)),
    })),
    ...laterTotals,
  ].filter((t) => t.hours !== 0);
  const laterByContract = new Map<string, number>();
  for (const t of laterHours)
    laterByContract.set(t.contractId, addHours(laterByContract.get(t.contractId) ?? 0, t.hours));

  const issues = new Map(
    await Promise.all(
      contracts.map(async (c) => {
        const asOfMonth: ContractRecord = {
          ...c,
          hoursLogged: addHours(c.hoursLogged, -(laterByContract.get(c.id) ?? 0)),
        };
        return [c.id, await issuesOf(deps, asOfMonth, { asOf: monthEnd, thresholds })] as const;
      }),
    ),
  );

  // A decided key carries its criteria: only shared contracts still without one need the year's.
  const sharedYears = [
    ...new Set(
      contracts
        .filter((c) => c.allocation?.mode === 'shared' && !c.allocationKey)
        .map((c) => yearOf(c.notifiedOn)),
    ),
  ];
  const criteria = new Map<number, { plies: PlieCriteria[]; weights: Weights | null }>(
    await Promise.all(
      sharedYears.map(async (y) => {
        const [records, weights] = await Promise.all([
          stores.plies.criteriaOfYear(y),
          stores.plies.weightsOfYear(y),
        ]);
        return [
          y,
          { plies: records.map((r) => ({ plieId: r.plieId, criteria: r })), weights },
        ] as const;
      }),
    ),
  );

  // Contract × PLIE pairs with hours this year, looked up once (a PLIE keeps the hours it had
  // on a contract an amendment later moved elsewhere).
  const withHours = new Set(yearTotals.map((t) => `${t.contractId}#${t.plieId}`));
  const pairs = plieIds.flatMap((plieId) => {
    const plie = plies.find((p) => p.id === plieId) ?? { id: plieId };
    return contracts
      .filter((c) => listedForPlie(c.allocation, plie, withHours.has(`${c.id}#${plieId}`)))
      .map((contract) => ({ contract, plieId, own: onlyPlieEver(contract) === plieId }));
  });
  // A contract that has only ever had one PLIE gave it every one of its hours (the hour-line
  // transaction allows no other): its own running total is that PLIE's, with nothing to read.
  const toRead = pairs.filter((p) => !p.own);
  const plieLifetime = toRead.length
    ? await stores.totals.plieLifetimeHours(
        toRead.map((p) => ({ contractId: p.contract.id, plieId: p.plieId })),
      )
    : new Map<string, number>();
  for (const { contract, plieId, own } of pairs)
    if (own) plieLifetime.set(`${contract.id}#${plieId}`, contract.hoursLogged);

  return {
    month,
    generatedAt: deps.now().toISOString(),
    plies,
    contracts,
    yearTotals,
    laterHours,
    plieMonths,
    conventions,
    exits: exited
      .filter((p) => p.exitedOn !== null && p.exitedOn <= monthEnd)
      .map((p) => ({
        plieId: p.plieId,
        exitedOn: p.exitedOn as string,
        outcome: p.outcome as Outcome,
      })),
    reservedOfMonth: notified.filter((c) => c.socialConsiderations.includes('reserved')),
    issues,
    criteria,
    plieLifetime,
    missingStatements: new Set(late.flatMap((company) => company.contracts.map((c) => c.id))),
  };
}
