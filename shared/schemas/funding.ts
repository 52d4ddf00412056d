import { Euros, PlieId, Siret, Year, YearMonth } from './common';
import { z } from './zod';

export const FundingConventionPut = z
  .object({
    fixedPerPlie: Euros.optional().openapi({
      example: 5000,
      description: 'part fixe annuelle par PLIE (€)',
    }),
    perHour: Euros.optional().openapi({
      example: 1,
      description: 'part variable par heure réalisée (€)',
    }),
    funderSiret: Siret.optional().openapi({
      description:
        'le financeur (un acheteur) : seules comptent les heures de ses marchés ; absent, toutes. Une convention par financeur et par année : celle d’un autre financeur (un département après la métropole) s’y ajoute, celle du même la remplace',
    }),
    envelopes: z
      .record(PlieId, Euros)
      .optional()
      .openapi({
        description: 'une enveloppe forfaitaire par PLIE pour l’année, au lieu de fixe + horaire',
        example: { bordeaux: 20000, graves: 11500 },
      }),
  })
  .superRefine((value, ctx) => {
    const rates = value.fixedPerPlie !== undefined && value.perHour !== undefined;
    if (!rates && !value.envelopes) {
      ctx.addIssue({
        code: 'custom',
        path: ['fixedPerPlie'],
        message:
          'Donnez la part fixe et la part horaire (fixedPerPlie, perHour), ou des enveloppes par PLIE',
      });
    }
    if (value.envelopes && (value.fixedPerPlie !== undefined || value.perHour !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['envelopes'],
        message:
          'Des enveloppes par PLIE remplacent la part fixe et la part horaire : pas les deux',
      });
    }
  })
  .openapi('FundingConventionPut');

const ConventionTerms = {
  year: z.number().int(),
  fixedPerPlie: z.number(),
  perHour: z.number(),
  funderSiret: z.string().nullable(),
  envelopes: z.record(z.string(), z.number()).nullable(),
};

export const FundingConvention = z.object(ConventionTerms).openapi('FundingConvention');

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

/** One convention's part of the year's funding: its terms and what it gives each PLIE. */
export const ConventionFunding = z
  .object({
    ...ConventionTerms,
    funderName: z.string().nullable().openapi({
      description:
        'le nom du financeur, tel que ses marchés de l’année le donnent (null : inconnu, ou tous les marchés)',
    }),
    plies: z.array(FundingRow),
    totals: z.object({ hours: z.number(), fixed: Money, variable: Money, total: Money }),
  })
  .openapi('ConventionFunding');

const OnlyConvention =
  'celle de la convention de l’année ; null quand plusieurs conventions (une par financeur) la font : voir conventions';

export const Funding = z
  .object({
    year: z.number().int(),
    fixedPerPlie: z.number().nullable().openapi({ description: OnlyConvention }),
    perHour: z.number().nullable().openapi({ description: OnlyConvention }),
    funderSiret: z.string().nullable().openapi({ description: OnlyConvention }),
    envelopes: z.record(z.string(), z.number()).nullable().openapi({ description: OnlyConvention }),
    conventions: z.array(ConventionFunding).openapi({
      description:
        'chaque convention de l’année (la métropole, un département…) et ce qu’elle donne à chaque PLIE ; plies et totals en font la somme',
    }),
    asOf: z.string().nullable().openapi({
      description: 'le mois à la fin duquel les heures sont comptées (null : toute l’année)',
    }),
    plies: z.array(FundingRow).openapi({
      description:
        'par PLIE, ce que toutes les conventions lui donnent ; ses heures sont celles qu’au moins une paie, comptées une fois',
    }),
    totals: z.object({ hours: z.number(), fixed: Money, variable: Money, total: Money }),
  })
  .openapi('Funding');

/** Which of a year's conventions: a funder's, or (absent) the one over every contract. */
export const FundingConventionQuery = z.object({
  funderSiret: Siret.optional().openapi({
    description:
      'la convention de ce financeur ; absent : celle de tous les marchés, ou la seule convention de l’année',
  }),
});

export const FundingQuery = z
  .object({
    year: Year,
    asOf: YearMonth.optional().openapi({
      example: '2025-06',
      description:
        'compter les heures jusqu’à la fin de ce mois de l’année (AAAA-MM) : le « financement acquis à fin juin » du rapport mensuel ; absent, toute l’année',
    }),
  })
  .refine((q) => !q.asOf || q.asOf.startsWith(`${q.year}-`), {
    path: ['asOf'],
    message: 'Le mois doit être de l’année demandée',
  });
