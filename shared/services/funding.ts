import type { Identity } from '#shared/domain/access';
import { type FundingConvention, fundingTable } from '#shared/domain/funding';
import { centsToEuros, eurosToCents } from '#shared/domain/money';
import { activeInYear } from '#shared/domain/plies';
import { NotFoundError } from '#shared/errors';
import { type ServiceDeps, writeContext } from './deps';

/** Hours realised per PLIE in `year`, from the stored PLIE × month totals. */
export async function hoursByPlie(deps: ServiceDeps, year: number): Promise<Map<string, number>> {
  const hours = new Map<string, number>();
  for (const total of await deps.stores.totals.plieMonths(year)) {
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

/** The funding convention of `year` as the API shows it, in euros. */
export function conventionView(year: number, convention: FundingConvention) {
  return {
    year,
    fixedPerPlie: centsToEuros(convention.fixedPerPlieCents),
    perHour: centsToEuros(convention.perHourCents),
  };
}

/** Records the funding convention of `year`; amounts come in euros and are kept in cents. */
export async function putConvention(
  deps: ServiceDeps,
  actor: Identity,
  year: number,
  amounts: { fixedPerPlie: number; perHour: number },
) {
  const convention: FundingConvention = {
    fixedPerPlieCents: eurosToCents(amounts.fixedPerPlie),
    perHourCents: eurosToCents(amounts.perHour),
  };
  await deps.stores.funding.putConvention(year, convention, writeContext(deps, actor));
  return conventionView(year, convention);
}

/** The year's funding table: every PLIE, even without hours, in euros computed from cents. */
export async function yearFunding(deps: ServiceDeps, year: number) {
  const [convention, plies, hours] = await Promise.all([
    conventionOf(deps, year),
    deps.stores.plies.list(),
    hoursByPlie(deps, year),
  ]);
  const table = fundingTable(
    activeInYear(plies, year).map((p) => ({ plieId: p.id, hours: hours.get(p.id) ?? 0 })),
    convention,
  );
  const names = new Map(plies.map((p) => [p.id, p.name]));
  return {
    ...conventionView(year, convention),
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
