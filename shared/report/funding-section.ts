import { yearOf } from '#shared/domain/calendar';
import type { FundingConvention } from '#shared/domain/funding';
import { yearFundingTable } from '#shared/domain/funding-year';
import { activeInYear } from '#shared/domain/plies';
import type { ReportData } from './data';
import { eurCents } from './format';
import type { MonthlyReport } from './model';

// The report's funding: what the PLIEs have earned so far this year, by all the year's
// conventions (one per funder) — the same computation as GET /api/funding?asOf=.

/** A convention's rates to show; flat envelopes have no fixed part or hourly rate. */
const rates = (convention: FundingConvention) => ({
  fixedPerPlieCents: convention.envelopesCents ? null : convention.fixedPerPlieCents,
  perHourCents: convention.envelopesCents ? null : convention.perHourCents,
});

/**
 * The conventions applied to the hours up to the end of the month, for every PLIE, or for one
 * PLIE's report (`plieId`) its own row and no totals.
 */
export function fundingSection(data: ReportData, plieId: string | null): MonthlyReport['funding'] {
  const { month } = data;
  const year = yearOf(month);
  const inScope = (id: string) => plieId === null || id === plieId;
  if (data.conventions.length === 0) {
    return {
      year,
      fixedPerPlieCents: null,
      perHourCents: null,
      conventions: [],
      rows: [],
      totals: null,
      missing: `Aucune convention de financement n'est saisie pour ${year}.`,
    };
  }
  const names = new Map(data.plies.map((p) => [p.id, p.name]));
  const funderNames = new Map(data.contracts.map((c) => [c.buyer.siret, c.buyer.name]));
  const table = yearFundingTable(
    data.conventions,
    activeInYear(data.plies, year).map((p) => p.id),
    {
      plieMonths: data.plieMonths,
      yearTotals: data.yearTotals,
      buyers: new Map(data.contracts.map((c) => [c.id, c.buyer])),
    },
    month,
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
  const [only] = data.conventions;
  return {
    year,
    // One convention's rates; with several, each says its own.
    ...(data.conventions.length === 1 && only
      ? rates(only)
      : { fixedPerPlieCents: null, perHourCents: null }),
    conventions: table.conventions.map(({ convention, table: own }) => ({
      funderSiret: convention.funderSiret ?? null,
      funderName: convention.funderSiret ? (funderNames.get(convention.funderSiret) ?? null) : null,
      ...rates(convention),
      // In a PLIE's report, what this convention gives that PLIE.
      totalCents: own.rows
        .filter((row) => inScope(row.plieId))
        .reduce((sum, row) => sum + row.totalCents, 0),
    })),
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

/** Who a convention is: its funder by name (or SIRET), or every contract. */
function funderLabel(c: MonthlyReport['funding']['conventions'][number]): string {
  if (!c.funderSiret) return 'tous les marchés';
  return c.funderName ? `${c.funderName} (SIRET ${c.funderSiret})` : `SIRET ${c.funderSiret}`;
}

/** How the year's conventions make the money, in a sentence, for the email's HTML and text. */
export function fundingTerms(funding: MonthlyReport['funding']): string {
  const terms = (c: MonthlyReport['funding']['conventions'][number]) =>
    c.perHourCents === null
      ? 'enveloppe forfaitaire par PLIE pour l’année'
      : `part fixe ${eurCents(c.fixedPerPlieCents ?? 0)} par PLIE + ${eurCents(c.perHourCents)} par heure réalisée`;
  const [only] = funding.conventions;
  if (funding.conventions.length === 1 && only) {
    const own = only.funderSiret ? ` sur les marchés de ${funderLabel(only)}` : '';
    const text = terms(only);
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}${own}.`;
  }
  return `${funding.conventions.length} conventions en ${funding.year}, une par financeur : ${funding.conventions
    .map((c) => `${funderLabel(c)} : ${terms(c)}, ${eurCents(c.totalCents)}`)
    .join(' ; ')}.`;
}
