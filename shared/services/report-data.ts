import { concernsPlie, type PlieCriteria, type Weights } from '#shared/domain/allocation';
import {
  lastDayOf,
  monthNumberOf,
  parisDate,
  type YearMonth,
  yearOf,
} from '#shared/domain/calendar';
import type { Outcome } from '#shared/domain/outcomes';
import type { ReportData } from '#shared/report/build';
import type { ContractRecord } from '#shared/store/contracts';
import type { ServiceDeps } from './deps';
import { issuesOf, knownThresholds } from './lookups';
import { missingStatements } from './missing-statements';

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
  const { stores } = deps;
  const year = yearOf(month);
  const monthEnd = lastDayOf(month);
  const currentYear = yearOf(parisDate(deps.now()));
  const laterYears = Array.from(
    { length: Math.max(0, currentYear - year) },
    (_, i) => year + 1 + i,
  );

  const [
    plies,
    running,
    yearTotals,
    laterTotals,
    plieMonths,
    convention,
    exited,
    notified,
    thresholds,
  ] = await Promise.all([
    stores.plies.list(),
    stores.contracts.all({ activeIn: year }),
    stores.totals.yearTotals(year),
    Promise.all(laterYears.map((y) => stores.totals.yearTotals(y))),
    stores.totals.plieMonths(year),
    stores.funding.convention(year),
    stores.exits.ofYear(year),
    stores.contracts.all({ notifiedIn: month }),
    knownThresholds(deps),
  ]);
  const contracts = running.filter((c) => c.startsOn <= monthEnd);
  const late = await missingStatements(deps, month, running);

  // Lines of months after the report's month are not part of it.
  const monthIndex = monthNumberOf(month) - 1;
  const laterHours = [
    ...yearTotals.map((t) => ({
      ...t,
      hours: t.months.slice(monthIndex + 1).reduce((s, h) => s + h, 0),
    })),
    ...laterTotals.flat(),
  ].filter((t) => t.hours !== 0);
  const laterByContract = new Map<string, number>();
  for (const t of laterHours)
    laterByContract.set(t.contractId, (laterByContract.get(t.contractId) ?? 0) + t.hours);

  const issues = new Map(
    await Promise.all(
      contracts.map(async (c) => {
        const asOfMonth: ContractRecord = {
          ...c,
          hoursLogged: c.hoursLogged - (laterByContract.get(c.id) ?? 0),
        };
        return [c.id, await issuesOf(deps, asOfMonth, { asOf: monthEnd, thresholds })] as const;
      }),
    ),
  );

  const sharedYears = [
    ...new Set(
      contracts.filter((c) => c.allocation?.mode === 'shared').map((c) => yearOf(c.notifiedOn)),
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
      .filter((c) => concernsPlie(c.allocation, plie) || withHours.has(`${c.id}#${plieId}`))
      .map((c) => ({ contractId: c.id, plieId }));
  });
  const plieLifetime = pairs.length
    ? await stores.totals.plieLifetimeHours(pairs)
    : new Map<string, number>();

  return {
    month,
    generatedAt: deps.now().toISOString(),
    plies,
    contracts,
    yearTotals,
    laterHours,
    plieMonths,
    convention,
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
