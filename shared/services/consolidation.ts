import {
  type PublishedYear,
  publishConsolidation,
  type StructureYear,
} from '#shared/domain/consolidation';
import { sumHours } from '#shared/domain/hours';
import { type Outcome, outcomeRates } from '#shared/domain/outcomes';
import type { ServiceDeps } from './deps';
import { forEachTenant } from './tenants';

// The observatory's consolidation of a year: each structure's totals (kept by the hour lines'
// transactions) and its exits of the year, never a line, a participant or a reference; then
// statistical secrecy (shared/domain/consolidation.ts).

export async function consolidation(
  deps: ServiceDeps,
  year: number,
): Promise<{
  year: number;
  tenants: PublishedYear[];
  totals: ReturnType<typeof publishConsolidation>['totals'];
}> {
  if (!deps.platform) throw new Error('The consolidation needs the platform register');
  const rows = await forEachTenant(
    deps.platform,
    async (stores, tenant): Promise<StructureYear> => {
      const [months, contractYears, people, exited] = await Promise.all([
        stores.totals.plieMonths(year),
        stores.totals.yearTotals(year),
        stores.totals.peopleOfYear(year),
        stores.exits.ofYear(year),
      ]);
      const rates = outcomeRates(exited.map((p) => p.outcome as Outcome));
      return {
        tenant: tenant.id,
        name: tenant.name,
        hours: sumHours(months.map((m) => m.hours)),
        contracts: new Set(contractYears.filter((t) => t.hours > 0).map((t) => t.contractId)).size,
        people,
        exits: rates.exits,
        positive: rates.positive,
        neutral: rates.neutral,
      };
    },
  );
  return { year, ...publishConsolidation(rows) };
}
