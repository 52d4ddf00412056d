import { Euros, PlieId, Year } from './common';
import { z } from './zod';

export const FundingConventionPut = z
  .object({
    fixedPerPlie: Euros.openapi({ example: 5000, description: 'part fixe annuelle par PLIE (€)' }),
    perHour: Euros.openapi({ example: 1, description: 'part variable par heure réalisée (€)' }),
  })
  .openapi('FundingConventionPut');

export const FundingConvention = FundingConventionPut.extend({ year: z.number().int() }).openapi(
  'FundingConvention',
);

const Money = z.number().openapi({ description: 'euros, 2 décimales au plus' });

export const FundingRow = z
  .object({
    plieId: PlieId,
    name: z.string(),
    hours: z.number(),
    fixed: Money,
    variable: Money,
    total: Money,
  })
  .openapi('FundingRow');

export const Funding = z
  .object({
    year: z.number().int(),
    fixedPerPlie: Money,
    perHour: Money,
    plies: z.array(FundingRow),
    totals: z.object({ hours: z.number(), fixed: Money, variable: Money, total: Money }),
  })
  .openapi('Funding');

export const FundingQuery = z.object({ year: Year });
