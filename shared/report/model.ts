import { ALL_RESERVED_BASES } from '../domain/reserved';
import { z } from '../schemas/zod';

// The monthly report's data: what the JSON answer carries and the email, HTML, text and CSV
// are rendered from. Figures are euros (from cents) and hours.

const Rates = z.object({
  exits: z.number().int(),
  positive: z.number().int(),
  positiveRate: z.number(),
  dynamic: z.object({
    durable: z.number().int(),
    transition: z.number().int(),
    positive: z.number().int(),
    rate: z.number(),
  }),
});

const Issue = z.object({ rule: z.string(), reference: z.string(), message: z.string() });

export const MonthlyReport = z
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
      fixedPerPlie: z.number().nullable(),
      perHour: z.number().nullable(),
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
export type MonthlyReport = z.infer<typeof MonthlyReport>;
