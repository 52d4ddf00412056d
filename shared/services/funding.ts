import type { Identity } from '#shared/domain/access';
import { type YearMonth, yearMonth } from '#shared/domain/calendar';
import type { FundingConvention, FundingTable, PlieFunding } from '#shared/domain/funding';
import { yearFundingTable } from '#shared/domain/funding-year';
import { centsToEuros, eurosToCents } from '#shared/domain/money';
import { activeInYear } from '#shared/domain/plies';
import { NotFoundError } from '#shared/errors';
import { type ServiceDeps, writeContext } from './deps';

/** The year's conventions, every funder's; 404 when there is none. */
export async function conventionsOf(deps: ServiceDeps, year: number): Promise<FundingConvention[]> {
  const conventions = await deps.stores.funding.conventions(year);
  if (conventions.length === 0) {
    throw new NotFoundError(
      `Aucune convention de financement ne couvre ${year} : un administrateur doit la saisir (PUT /api/funding-conventions/${year}).`,
    );
  }
  return conventions;
}

/**
 * One convention of the year: the funder's (`funderSiret`), or without one the convention over
 * every contract, or the year's only convention; 404 otherwise, naming the year's funders.
 */
export async function conventionOf(
  deps: ServiceDeps,
  year: number,
  funderSiret?: string,
): Promise<FundingConvention> {
  const conventions = await conventionsOf(deps, year);
  const found = funderSiret
    ? conventions.find((c) => c.funderSiret === funderSiret)
    : (conventions.find((c) => !c.funderSiret) ??
      (conventions.length === 1 ? conventions[0] : undefined));
  if (found) return found;
  const funders = conventions.map((c) => c.funderSiret ?? 'tous les marchés').join(', ');
  throw new NotFoundError(
    funderSiret
      ? `Aucune convention ${year} du financeur ${funderSiret} (conventions de ${year} : ${funders}).`
      : `Plusieurs conventions couvrent ${year} (financeurs : ${funders}) : précisez funderSiret.`,
  );
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

/** Removes the year's convention of a funder (none: the one over every contract); 404 if none. */
export async function deleteConvention(
  deps: ServiceDeps,
  actor: Identity,
  year: number,
  funderSiret: string | undefined,
): Promise<void> {
  const removed = await deps.stores.funding.deleteConvention(
    year,
    funderSiret ?? null,
    writeContext(deps, actor),
  );
  if (!removed) {
    throw new NotFoundError(
      funderSiret
        ? `Aucune convention ${year} du financeur ${funderSiret}.`
        : `Aucune convention ${year} sur tous les marchés.`,
    );
  }
}

/**
 * The year's funding table: every PLIE, even without hours, in euros computed from cents; with
 * `asOf`, from the hours up to the end of that month — the monthly report's "financement acquis
 * à fin <mois>", to the cent.
 */
export async function yearFunding(deps: ServiceDeps, year: number, asOf?: YearMonth) {
  const { stores } = deps;
  const [conventions, plies] = await Promise.all([conventionsOf(deps, year), stores.plies.list()]);
  // What the conventions count: every contract's PLIE × month totals, or funders' contracts.
  const overAll = conventions.some((c) => !c.funderSiret);
  const byFunder = conventions.some((c) => c.funderSiret);
  const [plieMonths, yearTotals, contracts] = await Promise.all([
    overAll ? stores.totals.plieMonths(year) : [],
    byFunder ? stores.totals.yearTotals(year) : [],
    byFunder ? stores.contracts.all({ activeIn: year }) : [],
  ]);
  const table = yearFundingTable(
    conventions,
    activeInYear(plies, year).map((p) => p.id),
    { plieMonths, yearTotals, buyers: new Map(contracts.map((c) => [c.id, c.buyer])) },
    asOf ?? yearMonth(year, 12),
  );
  const names = new Map(plies.map((p) => [p.id, p.name]));
  const funderNames = new Map(contracts.map((c) => [c.buyer.siret, c.buyer.name]));
  const rows = (list: readonly PlieFunding[]) =>
    list.map((row) => ({
      plieId: row.plieId,
      name: names.get(row.plieId) ?? row.plieId,
      hours: row.hours,
      fixed: centsToEuros(row.fixedCents),
      variable: centsToEuros(row.variableCents),
      total: centsToEuros(row.totalCents),
    }));
  const totals = (t: FundingTable['totals']) => ({
    hours: t.hours,
    fixed: centsToEuros(t.fixedCents),
    variable: centsToEuros(t.variableCents),
    total: centsToEuros(t.totalCents),
  });
  const [only] = conventions;
  return {
    // The year's terms when one convention makes it; with several, each has its own.
    ...(conventions.length === 1 && only
      ? conventionView(year, only)
      : { year, fixedPerPlie: null, perHour: null, funderSiret: null, envelopes: null }),
    asOf: asOf ?? null,
    conventions: table.conventions.map(({ convention, table: own }) => ({
      ...conventionView(year, convention),
      funderName: convention.funderSiret ? (funderNames.get(convention.funderSiret) ?? null) : null,
      plies: rows(own.rows),
      totals: totals(own.totals),
    })),
    plies: rows(table.rows),
    totals: totals(table.totals),
  };
}
