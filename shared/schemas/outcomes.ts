import { EntityId, PlieId, Year } from './common';
import { z } from './zod';

export const OutcomesQuery = z
  .object({ year: Year.optional(), plieId: PlieId.optional(), contractId: EntityId.optional() })
  .refine((q) => q.year !== undefined || q.contractId !== undefined, {
    path: ['year'],
    message: 'Précisez l’année des sorties (year), ou un marché (contractId)',
  });

export const Outcomes = z
  .object({
    exits: z.number().int().openapi({ description: 'toutes les sorties, neutres comprises' }),
    neutral: z.number().int().openapi({
      description:
        'sorties neutres (déménagement, maladie, retraite, décès, maternité), hors du dénominateur des taux',
    }),
    positive: z.number().int().openapi({ description: 'sorties positives au sens PLIE' }),
    positiveRate: z
      .number()
      .openapi({ description: 'positive ÷ (exits − neutral) (0 sans sortie)' }),
    dynamic: z
      .object({
        durable: z.number().int(),
        transition: z.number().int(),
        positive: z.number().int(),
        rate: z.number(),
      })
      .openapi({ description: 'sorties dynamiques au sens IAE' }),
  })
  .openapi('Outcomes');
