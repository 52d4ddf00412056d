import { ALL_RESERVED_BASES, AWARDEE_TYPES } from '#shared/domain/reserved';
import { Year } from './common';
import { ContractAwardee } from './contract-awardee';
import { z } from './zod';

export const YearQuery = z.object({ year: Year });

export const ComplianceQuery = YearQuery.extend({
  tolerance: z.coerce
    .number()
    .min(0)
    .max(1)
    .optional()
    .openapi({ description: 'écart toléré sous l’objectif au prorata (0,2 par défaut)' }),
});

export const ReservedMarkets = z
  .object({
    year: z.number().int(),
    items: z.array(
      z.object({
        id: z.string(),
        reference: z.string(),
        title: z.string(),
        buyer: z.object({ name: z.string(), siret: z.string().optional() }),
        awardee: ContractAwardee,
        amount: z.number(),
        notifiedOn: z.string(),
        basis: z.enum(ALL_RESERVED_BASES).nullable(),
        awardeeType: z.enum(AWARDEE_TYPES).nullable(),
      }),
    ),
    totals: z.object({
      count: z.number().int(),
      amount: z.number(),
      shareOfAmount: z
        .number()
        .openapi({ description: 'part du montant des marchés notifiés dans l’année' }),
      contractsOfYear: z.number().int().openapi({ description: 'marchés notifiés dans l’année' }),
      shareOfCount: z
        .number()
        .openapi({ description: 'part du nombre des marchés notifiés dans l’année' }),
      byBasis: z.record(
        z.string(),
        z.object({ label: z.string(), count: z.number().int(), amount: z.number() }),
      ),
    }),
  })
  .openapi('ReservedMarkets');

export const Compliance = z
  .object({
    year: z.number().int(),
    asOf: z.string().openapi({ description: 'date à laquelle l’avancement est jugé' }),
    contractsChecked: z.number().int().openapi({
      description:
        'les marchés de l’année contrôlés : commencés (en cours ou terminés) ou notifiés sans avoir encore commencé',
    }),
    contractsNotStarted: z.number().int().openapi({
      description:
        'parmi eux, ceux qui ne commencent qu’après asOf : leurs règles s’appliquent déjà, aucune heure n’en est attendue ; le tableau de bord du mois (« Marchés suivis ») compte les autres',
    }),
    items: z.array(
      z.object({
        contract: z.object({
          id: z.string(),
          reference: z.string(),
          title: z.string(),
          notifiedOn: z.string(),
        }),
        issues: z.array(
          z.object({
            rule: z.enum(['L2112-2-1', 'L2113-15', 'reserved-basis', 'behind-schedule']),
            reference: z.string(),
            message: z.string(),
          }),
        ),
      }),
    ),
    withoutTarget: z
      .array(
        z.object({
          id: z.string(),
          reference: z.string(),
          title: z.string(),
          notifiedOn: z.string(),
          buyer: z.object({ name: z.string(), siret: z.string().optional() }),
        }),
      )
      .openapi({
        description:
          'marchés en cours dans l’année avec une clause sociale et sans objectif d’heures : leur avancement ne peut être jugé',
      }),
  })
  .openapi('Compliance');
