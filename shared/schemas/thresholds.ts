import { Euros, IsoDate } from './common';
import { z } from './zod';

export const ThresholdPeriodPut = z
  .object({
    to: IsoDate.openapi({ description: 'dernier jour de la période (incluse)' }),
    works: Euros.openapi({ example: 5_404_000, description: 'travaux (€ HT)' }),
    suppliesServicesLocal: Euros.openapi({
      example: 216_000,
      description:
        'fournitures et services, collectivités territoriales et autres acheteurs (€ HT)',
    }),
    suppliesServicesCentral: Euros.openapi({
      example: 140_000,
      description: 'fournitures et services, État (€ HT)',
    }),
  })
  .openapi('EuThresholdPeriodPut');

export const ThresholdPeriod = ThresholdPeriodPut.extend({
  from: z.string(),
  recorded: z.boolean().openapi({ description: 'saisie par un administrateur (sinon intégrée)' }),
}).openapi('EuThresholdPeriod');

export const ThresholdFromParam = z.object({
  from: IsoDate.openapi({ param: { name: 'from', in: 'path' }, example: '2028-01-01' }),
});
