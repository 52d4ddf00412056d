import { type FundingConvention, fundingTable } from '../domain/funding';
import { centsToEuros } from '../domain/money';
import { NotFoundError } from '../errors';
import type { ServiceDeps } from './deps';

/** Hours realised per PLIE in `year`, from the stored PLIE × month totals. */
export async function hoursByPlie(deps: ServiceDeps, year: number): Promise<Map<string, number>> {
  const hours = new Map<string, number>();
  for (const total of await deps.stores.funding.plieMonths(year)) {
    hours.set(total.plieId, (hours.get(total.plieId) ?? 0) + total.hours);
  }
  return hours;
}

export async function conventionOf(deps: ServiceDeps, year: number): Promise<FundingConvention> {
  const convention = await deps.stores.funding.convention(year);
  if (!convention) {
    throw new NotFoundError(
      `Aucune convention de financement ne couvre ${year} : un administrateur doit la saisir (PUT /api/funding-conventions/${year}).`,
    );
  }
  return convention;
}

/** The year's funding table: every PLIE, even without hours, in euros computed from cents. */
export async function yearFunding(deps: ServiceDeps, year: number) {
  const [convention, plies, hours] = await Promise.all([
    conventionOf(deps, year),
    deps.stores.plies.list(),
    hoursByPlie(deps, year),
  ]);
  const table = fundingTable(
    plies.map((p) => ({ plieId: p.id, hours: hours.get(p.id) ?? 0 })),
    convention,
  );
  const names = new Map(plies.map((p) => [p.id, p.name]));
  return {
    year,
    fixedPerPlie: centsToEuros(convention.fixedPerPlieCents),
    perHour: centsToEuros(convention.perHourCents),
    plies: table.rows.map((row) => ({
      plieId: row.plieId,
      name: names.get(row.plieId) ?? row.plieId,
      hours: row.hours,
      fixed: centsToEuros(row.fixedCents),
      variable: centsToEuros(row.variableCents),
      total: centsToEuros(row.totalCents),
    })),
    totals: {
      hours: table.totals.hours,
      fixed: centsToEuros(table.totals.fixedCents),
      variable: centsToEuros(table.totals.variableCents),
      total: centsToEuros(table.totals.totalCents),
    },
  };
}
