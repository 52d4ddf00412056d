import type { Identity } from '#shared/domain/access';
import { type YearMonth, yearMonth } from '#shared/domain/calendar';
import { type FundingConvention, fundingTable } from '#shared/domain/funding';
import { fundedHours } from '#shared/domain/funding-hours';
import { centsToEuros, eurosToCents } from '#shared/domain/money';
import { activeInYear } from '#shared/domain/plies';
import { NotFoundError } from '#shared/errors';
import { type ServiceDeps, writeContext } from './deps';

/**
 * Hours realised per PLIE in `year`, up to the end of `through`, that the convention pays for:
 * from the PLIE × month totals, or, for a convention of one funder, from the contract × PLIE
 * totals of its contracts (shared/domain/funding-hours.ts, as the monthly report).
 */
export async function hoursByPlie(
  deps: ServiceDeps,
  year: number,
  convention: Pick<FundingConvention, 'funderSiret'>,
  through: YearMonth = yearMonth(year, 12),
): Promise<Map<string, number>> {
  const { stores } = deps;
  const byFunder = !!convention.funderSiret;
  const [plieMonths, yearTotals, contracts] = await Promise.all([
    byFunder ? [] : stores.totals.plieMonths(year),
    byFunder ? stores.totals.yearTotals(year) : [],
    byFunder ? stores.contracts.all({ activeIn: year }) : [],
  ]);
  const buyers = new Map(contracts.map((c) => [c.id, c.buyer]));
  return fundedHours(convention, { plieMonths, yearTotals, buyers }, through);
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
  const envelopes = convention.envelopesCents;
  return {
    year,
    fixedPerPlie: centsToEuros(convention.fixedPerPlieCents),
    perHour: centsToEuros(convention.perHourCents),
    funderSiret: convention.funderSiret ?? null,
    envelopes: envelopes
      ? Object.fromEntries(
          Object.entries(envelopes).map(([plieId, cents]) => [plieId, centsToEuros(cents)]),
        )
      : null,
  };
}

/** Records the funding convention of `year`; amounts come in euros and are kept in cents. */
export async function putConvention(
  deps: ServiceDeps,
  actor: Identity,
  year: number,
  amounts: {
    fixedPerPlie?: number | undefined;
    perHour?: number | undefined;
    funderSiret?: string | undefined;
    envelopes?: Record<string, number> | undefined;
  },
) {
  const convention: FundingConvention = {
    fixedPerPlieCents: eurosToCents(amounts.fixedPerPlie ?? 0),
    perHourCents: eurosToCents(amounts.perHour ?? 0),
    funderSiret: amounts.funderSiret ?? null,
    envelopesCents: amounts.envelopes
      ? Object.fromEntries(
          Object.entries(amounts.envelopes).map(([plieId, euros]) => [plieId, eurosToCents(euros)]),
        )
      : null,
  };
  await deps.stores.funding.putConvention(year, convention, writeContext(deps, actor));
  return conventionView(year, convention);
}

/**
 * The year's funding table: every PLIE, even without hours, in euros computed from cents; with
 * `asOf`, from the hours up to the end of that month — the monthly report's "financement acquis
 * à fin <mois>", to the cent.
 */
export async function yearFunding(deps: ServiceDeps, year: number, asOf?: YearMonth) {
  const [convention, plies] = await Promise.all([
    conventionOf(deps, year),
    deps.stores.plies.list(),
  ]);
  const hours = await hoursByPlie(deps, year, convention, asOf);
  const table = fundingTable(
    activeInYear(plies, year).map((p) => ({ plieId: p.id, hours: hours.get(p.id) ?? 0 })),
    convention,
  );
  const names = new Map(plies.map((p) => [p.id, p.name]));
  return {
    ...conventionView(year, convention),
    asOf: asOf ?? null,
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
