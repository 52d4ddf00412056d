import { centsToEuros } from '#shared/domain/money';
import { ALL_RESERVED_BASES } from '#shared/domain/reserved';
import { Outcomes } from '#shared/schemas/outcomes';
import { z } from '#shared/schemas/zod';

// The monthly report's data, what the email, HTML, text and CSV are rendered from: hours, and
// money in integer cents. Its JSON answer (`MonthlyReportJson`, the API's contract) is the same
// with money in euros, converted once, at that edge, by `reportJson`.

const Rates = Outcomes;

const Issue = z.object({ rule: z.string(), reference: z.string(), message: z.string() });

export const MonthlyReportJson = z
  .object({
    month: z.string(),
    monthLabel: z.string().openapi({ example: 'octobre 2025' }),
    year: z.number().int(),
    asOf: z.string().openapi({ description: 'dernier jour du mois' }),
    generatedAt: z.string(),
    scope: z.object({ plieId: z.string().nullable(), name: z.string() }),
    summary: z.object({
      hoursMonth: z.number(),
      hoursYearToDate: z.number(),
      contracts: z.number().int(),
      contractsBehind: z.number().int(),
    }),
    contracts: z.array(
      z.object({
        id: z.string(),
        reference: z.string(),
        title: z.string(),
        /** Target of the contract, or the PLIE's allotted hours in a PLIE's report. */
        targetHours: z.number().nullable(),
        hoursMonth: z.number(),
        hoursYearToDate: z.number(),
        hoursToDate: z.number(),
        progress: z.number(),
        expectedHours: z.number(),
        behind: z.boolean(),
        note: z.string().nullable(),
      }),
    ),
    plies: z.array(
      z.object({
        plieId: z.string(),
        name: z.string(),
        hoursMonth: z.number(),
        hoursYearToDate: z.number(),
        byModeMonth: z.record(z.string(), z.number()),
        byModeYearToDate: z.record(z.string(), z.number()),
      }),
    ),
    funding: z.object({
      year: z.number().int(),
      /** The year's one convention's rates; null for envelopes, or when several conventions. */
      fixedPerPlie: z.number().nullable(),
      perHour: z.number().nullable(),
      /** Each of the year's conventions (one per funder) and what it gives (the PLIE, for hers). */
      conventions: z.array(
        z.object({
          funderSiret: z.string().nullable(),
          funderName: z.string().nullable(),
          fixedPerPlie: z.number().nullable(),
          perHour: z.number().nullable(),
          total: z.number(),
        }),
      ),
      rows: z.array(
        z.object({
          plieId: z.string(),
          name: z.string(),
          hours: z.number(),
          fixed: z.number(),
          variable: z.number(),
          total: z.number(),
        }),
      ),
      totals: z
        .object({ hours: z.number(), fixed: z.number(), variable: z.number(), total: z.number() })
        .nullable(),
      missing: z.string().nullable(),
    }),
    outcomes: z.object({ month: Rates, yearToDate: Rates }),
    reservedMarkets: z.array(
      z.object({
        id: z.string(),
        reference: z.string(),
        title: z.string(),
        buyer: z.string(),
        awardee: z.string(),
        amount: z.number(),
        notifiedOn: z.string(),
        basis: z.enum(ALL_RESERVED_BASES).nullable(),
      }),
    ),
    alerts: z.array(
      z.object({
        contract: z.object({ id: z.string(), reference: z.string(), title: z.string() }),
        issues: z.array(Issue),
      }),
    ),
  })
  .openapi('MonthlyReport');
export type MonthlyReportJson = z.infer<typeof MonthlyReportJson>;

type JsonFunding = MonthlyReportJson['funding'];
type JsonFundingRow = JsonFunding['rows'][number];
type JsonConvention = JsonFunding['conventions'][number];
type JsonMarket = MonthlyReportJson['reservedMarkets'][number];
interface MoneyCents {
  fixedCents: number;
  variableCents: number;
  totalCents: number;
}

/** The report inside the product: the JSON's shape, money in cents. */
export type MonthlyReport = Omit<MonthlyReportJson, 'funding' | 'reservedMarkets'> & {
  funding: Omit<JsonFunding, 'fixedPerPlie' | 'perHour' | 'conventions' | 'rows' | 'totals'> & {
    fixedPerPlieCents: number | null;
    perHourCents: number | null;
    conventions: (Omit<JsonConvention, 'fixedPerPlie' | 'perHour' | 'total'> & {
      fixedPerPlieCents: number | null;
      perHourCents: number | null;
      totalCents: number;
    })[];
    rows: (Omit<JsonFundingRow, 'fixed' | 'variable' | 'total'> & MoneyCents)[];
    totals: ({ hours: number } & MoneyCents) | null;
  };
  reservedMarkets: (Omit<JsonMarket, 'amount'> & { amountCents: number })[];
};

const euros = ({ fixedCents, variableCents, totalCents }: MoneyCents) => ({
  fixed: centsToEuros(fixedCents),
  variable: centsToEuros(variableCents),
  total: centsToEuros(totalCents),
});
const eurosOrNull = (cents: number | null) => (cents === null ? null : centsToEuros(cents));

/** The report as the API answers it: money in euros. */
export function reportJson(report: MonthlyReport): MonthlyReportJson {
  const { funding, reservedMarkets, ...rest } = report;
  const { fixedPerPlieCents, perHourCents, conventions, rows, totals, ...fundingRest } = funding;
  return {
    ...rest,
    funding: {
      ...fundingRest,
      fixedPerPlie: eurosOrNull(fixedPerPlieCents),
      perHour: eurosOrNull(perHourCents),
      conventions: conventions.map(({ fixedPerPlieCents, perHourCents, totalCents, ...c }) => ({
        ...c,
        fixedPerPlie: eurosOrNull(fixedPerPlieCents),
        perHour: eurosOrNull(perHourCents),
        total: centsToEuros(totalCents),
      })),
      rows: rows.map(({ fixedCents, variableCents, totalCents, ...row }) => ({
        ...row,
        ...euros({ fixedCents, variableCents, totalCents }),
      })),
      totals: totals && { hours: totals.hours, ...euros(totals) },
    },
    reservedMarkets: reservedMarkets.map(({ amountCents, ...market }) => ({
      ...market,
      amount: centsToEuros(amountCents),
    })),
  };
}
