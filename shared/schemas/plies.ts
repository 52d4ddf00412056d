import { IsoDate, PlieId, Text, Year } from './common';
import { z } from './zod';

export const PlieIdParam = z.object({
  plieId: PlieId.openapi({ param: { name: 'plieId', in: 'path' } }),
});

export const PlieYearParams = PlieIdParam.extend({
  year: Year.openapi({ param: { name: 'year', in: 'path' } }),
});

export const PliePut = z
  .object({
    name: Text(120).openapi({ example: 'PLIE de Bordeaux' }),
    communes: z.array(Text(80)).max(100).default([]),
    territory: Text(80).optional().openapi({
      example: 'Bordeaux Métropole',
      description:
        'territoire du PLIE (métropole, agglomération) : un marché partagé peut l’être entre les seuls PLIE d’un territoire',
    }),
    coordinatorEmails: z.array(z.email().max(254)).max(20).default([]),
    activeFrom: IsoDate.nullable().optional().openapi({
      description:
        'premier jour d’activité. Absent : le jour de l’enregistrement pour un nouveau PLIE (il ne touche pas aux années passées), inchangé pour un PLIE existant ; null : depuis toujours (ses années passées comptent, part fixe comprise)',
    }),
    activeUntil: IsoDate.optional().openapi({
      description: 'dernier jour d’activité : un PLIE fermé ou fusionné n’est jamais supprimé',
    }),
  })
  .refine((p) => !p.activeFrom || !p.activeUntil || p.activeFrom <= p.activeUntil, {
    path: ['activeUntil'],
    message: 'La fermeture ne peut précéder l’ouverture',
  })
  .openapi('PliePut');

export const Plie = z
  .object({
    id: PlieId,
    name: z.string(),
    communes: z.array(z.string()),
    territory: z.string().nullable(),
    coordinatorEmails: z.array(z.string()).optional().openapi({
      description:
        'adresses des coordinateurs (données personnelles) : pour un administrateur, et pour les coordinateurs du PLIE lui-même',
    }),
    activeFrom: z.string().nullable(),
    activeUntil: z.string().nullable(),
  })
  .openapi('Plie');
export type Plie = z.infer<typeof Plie>;

const fraction = z.number().min(0).max(1);

/** The four criteria of the allocation key, for one PLIE territory and one year. */
export const CriteriaPut = z
  .object({
    population: z.number().int().nonnegative().openapi({ example: 252040 }),
    socialHousingRate: fraction.openapi({ example: 0.17 }),
    qpvResidents: z.number().int().nonnegative().openapi({ example: 33000 }),
    qpvShare: fraction.openapi({ example: 0.13 }),
    unemploymentRate: fraction.openapi({ example: 0.11 }),
  })
  .openapi('AllocationCriteria');
export type Criteria = z.infer<typeof CriteriaPut>;

export const CriteriaRecord = CriteriaPut.extend({
  plieId: PlieId,
  year: z.number().int(),
}).openapi('AllocationCriteriaRecord');

const weight = z.number().nonnegative().max(1000);
export const WeightsPut = z
  .object({
    population: weight,
    socialHousingRate: weight,
    qpvResidents: weight,
    qpvShare: weight,
    unemploymentRate: weight,
  })
  .refine((w) => Object.values(w).some((v) => v > 0), {
    message: 'Au moins un critère doit avoir un poids positif',
  })
  .openapi('AllocationWeights');

export const YearParam = z.object({ year: Year.openapi({ param: { name: 'year', in: 'path' } }) });

export const KeyPreviewQuery = z.object({
  hours: z.coerce
    .number()
    .nonnegative()
    .max(10_000_000)
    .default(0)
    .openapi({ description: 'heures à répartir (l’objectif du marché)', example: 1000 }),
  territory: Text(80).optional().openapi({
    description: 'la clé entre les seuls PLIE de ce territoire (absent : tous les PLIE actifs)',
  }),
});

export const KeyPreview = z
  .object({
    year: z.number().int(),
    hours: z.number(),
    weights: WeightsPut,
    plies: z.array(z.object({ plieId: PlieId, share: z.number(), allottedHours: z.number() })),
    issue: z.string().nullable().openapi({
      description: 'pourquoi la clé ne peut pas encore être calculée (critères manquants)',
    }),
  })
  .openapi('AllocationKeyPreview');

export const PlieMonths = z
  .object({
    plieId: PlieId,
    year: z.number().int(),
    months: z.array(
      z.object({
        month: z.string().openapi({ example: '2026-03' }),
        hours: z.number(),
        byMode: z.record(z.string(), z.number()).openapi({
          description:
            'heures par modalité de réalisation (les modalités sans heure sont absentes)',
        }),
      }),
    ),
  })
  .openapi('PlieMonths');
