import { CONTRACT_KINDS, SOCIAL_CONSIDERATIONS } from '#shared/domain/contracts';
import { isHundredthHour } from '#shared/domain/hours';
import { ALL_RESERVED_BASES, AWARDEE_TYPES } from '#shared/domain/reserved';
import { TO_COMPLETE } from '#shared/domain/to-complete';
import { EntityId, Euros, IsoDate, ListQuery, PlieId, Siret, Text, Year } from './common';
import { ContractAwardee } from './contract-awardee';
import { completionFields } from './contract-completion';
import { AmendedAwardee, DecpAmendmentSource, DecpVersion } from './decp-versions';
import { z } from './zod';

const Hours = z
  .number()
  .nonnegative()
  .max(10_000_000)
  .refine(isHundredthHour, { message: 'Heures au centième près (ex. 151,67)' });

export const InsertionInputs = z
  .object({
    labourShare: z
      .number()
      .gt(0)
      .max(1)
      .openapi({ example: 0.5, description: 'part de main-d’œuvre' }),
    insertionRate: z
      .number()
      .gt(0)
      .max(1)
      .openapi({ example: 0.05, description: 'taux d’insertion' }),
    hourlyCost: Euros.refine((v) => v > 0, { message: 'Coût horaire strictement positif' }).openapi(
      {
        example: 30,
        description: 'coût horaire chargé (€)',
      },
    ),
  })
  .openapi('InsertionInputs');

export const Allocation = z
  .discriminatedUnion('mode', [
    z.object({ mode: z.literal('single'), plieId: PlieId }),
    z.object({
      mode: z.literal('shared'),
      territory: Text(80).optional().openapi({
        description:
          'partagé entre les seuls PLIE de ce territoire (absent : entre tous les PLIE actifs)',
      }),
    }),
  ])
  .openapi('AllocationMode');

export const Reservation = z
  .object({
    basis: z.enum(ALL_RESERVED_BASES).openapi({
      description:
        'article L2113-12 à L2113-15 ; les anciens fondements (ord2015-art36/37, cmp-art14/15) pour les marchés notifiés avant le 1er avril 2019',
    }),
    awardeeType: z.enum(AWARDEE_TYPES).optional(),
  })
  .openapi('Reservation');

export const ContractCreate = z
  .object({
    reference: Text(100).openapi({ example: '2025-0042' }),
    title: Text(300).openapi({ example: 'Construction de la grande salle de spectacle' }),
    buyer: z.object({ name: Text(200), siret: Siret.optional() }),
    awardee: z.object({ name: Text(200), siret: Siret }),
    coAwardees: z
      .array(z.object({ name: Text(200), siret: Siret }))
      .max(20)
      .optional()
      .openapi({ description: 'les cotraitants d’un groupement, le mandataire étant awardee' }),
    lot: Text(20).optional().openapi({ description: 'le numéro ou l’intitulé court du lot' }),
    kind: z.enum(CONTRACT_KINDS),
    cpv: z
      .string()
      .regex(/^\d{8}(-\d)?$/, { message: 'Code CPV attendu : 8 chiffres, ex. 45223220-4' })
      .optional(),
    amount: Euros.openapi({ description: 'montant HT en euros' }),
    notifiedOn: IsoDate,
    consultationLaunchedOn: IsoDate.optional().openapi({
      description:
        'lancement de la consultation : le droit en vigueur ce jour-là s’applique (par défaut, la notification)',
    }),
    startsOn: IsoDate,
    endsOn: IsoDate,
    targetHours: Hours.optional().openapi({ description: 'heures d’insertion exigées' }),
    insertionInputs: InsertionInputs.optional(),
    allocation: Allocation,
    socialConsiderations: z.array(z.enum(SOCIAL_CONSIDERATIONS)).max(3),
    reserved: Reservation.optional(),
    defenceOrSecurity: z
      .boolean()
      .default(false)
      .openapi({ description: 'marché de défense ou de sécurité (exempté de L2112-2-1)' }),
  })
  .superRefine((value, ctx) => {
    if (value.endsOn < value.startsOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['endsOn'],
        message: 'La fin du marché ne peut précéder son début',
      });
    }
    if (value.startsOn < value.notifiedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['startsOn'],
        message: 'Le marché ne peut commencer avant sa notification',
      });
    }
    if (value.consultationLaunchedOn && value.consultationLaunchedOn > value.notifiedOn) {
      ctx.addIssue({
        code: 'custom',
        path: ['consultationLaunchedOn'],
        message: 'La consultation est lancée avant la notification du marché',
      });
    }
    if (value.targetHours !== undefined && value.insertionInputs !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['insertionInputs'],
        message: 'Donnez soit targetHours, soit insertionInputs, pas les deux',
      });
    }
    if (new Set(value.socialConsiderations).size !== value.socialConsiderations.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['socialConsiderations'],
        message: 'Chaque considération sociale ne doit figurer qu’une fois',
      });
    }
  })
  .openapi('ContractCreate');
export type ContractCreate = z.infer<typeof ContractCreate>;
export type ContractCreateInput = z.input<typeof ContractCreate>;

const StoredReservation = z.object({
  basis: z.enum(ALL_RESERVED_BASES),
  awardeeType: z.enum(AWARDEE_TYPES).nullable(),
});

/** An amendment ("avenant"): what it changes, from when, and why. */
export const AmendmentCreate = z
  .object({
    effectiveOn: IsoDate.openapi({ description: 'date d’effet de l’avenant' }),
    reason: Text(500),
    amount: Euros.optional().openapi({ description: 'nouveau montant HT en euros' }),
    endsOn: IsoDate.optional(),
    targetHours: Hours.optional().openapi({ description: 'nouvel objectif d’heures d’insertion' }),
    allocation: Allocation.optional(),
  })
  .openapi('AmendmentCreate');
export type AmendmentCreate = z.infer<typeof AmendmentCreate>;

const AmendedTerms = z.object({
  amount: z.number().optional(),
  endsOn: z.string().optional(),
  targetHours: z.number().nullable().optional(),
  allocation: Allocation.nullable().optional(),
  awardee: AmendedAwardee.optional().openapi({
    description: 'nouveau titulaire (modification publiée dans les DECP)',
  }),
  coAwardees: z.array(AmendedAwardee).optional(),
});

export const Amendment = z
  .object({
    id: EntityId,
    effectiveOn: z.string(),
    reason: z.string(),
    changes: AmendedTerms,
    before: AmendedTerms,
    hoursByPlie: z.record(z.string(), z.number()).optional().openapi({
      description: 'heures déjà saisies par PLIE à la signature : elles restent acquises',
    }),
    source: DecpAmendmentSource.optional().openapi({
      description:
        'absent pour un avenant saisi ; pour une modification publiée dans les DECP, sa publication',
    }),
    at: z.string(),
    by: z.string(),
  })
  .openapi('Amendment');

/**
 * The fields a contract is read with. `Contract` and `ContractDetail` are each a whole object
 * of their own in the OpenAPI document (not one extending the other): their `allocation` fields
 * differ — the mode chosen, or each PLIE's share — and a generated client needs both usable.
 */
const contractFields = {
  id: EntityId,
  reference: z.string(),
  title: z.string(),
  buyer: z.object({ name: z.string(), siret: z.string().optional() }),
  awardee: ContractAwardee,
  coAwardees: z.array(ContractAwardee).optional(),
  lot: z.string().nullable().optional(),
  kind: z.enum(CONTRACT_KINDS),
  cpv: z.string().optional(),
  amount: z.number(),
  notifiedOn: z.string(),
  consultationLaunchedOn: z.string().nullable().optional(),
  startsOn: z.string(),
  endsOn: z.string(),
  targetHours: z.number().nullable(),
  insertionInputs: z
    .object({ labourShare: z.number(), insertionRate: z.number(), hourlyCost: z.number() })
    .nullable(),
  socialConsiderations: z.array(z.enum(SOCIAL_CONSIDERATIONS)),
  reserved: StoredReservation.nullable(),
  defenceOrSecurity: z.boolean(),
  allocationKey: z
    .object({
      year: z.number().int(),
      plieIds: z.array(z.string()),
      criteria: z.array(
        z.object({ plieId: z.string(), criteria: z.record(z.string(), z.number()) }),
      ),
      weights: z.record(z.string(), z.number()),
      decidedAt: z.string(),
      decidedBy: z.string(),
    })
    .nullable()
    .openapi({
      description:
        'la clé d’un marché partagé, décidée avec les critères de son année de notification et conservée',
    }),
  amendments: z
    .array(Amendment)
    .openapi({ description: 'les avenants, du plus ancien au plus récent' }),
  source: z.enum(['api', 'decp']),
  decp: DecpVersion.optional().openapi({
    description: 'pour un marché importé des DECP : la version publiée dont viennent ses valeurs',
  }),
  toComplete: z.array(z.enum(TO_COMPLETE)).optional().openapi({
    description:
      'ce que les données publiées ne donnaient pas (code CPV, durée, montant, identifiant ou nom du titulaire, nom de l’acheteur) : à compléter',
  }),
  hoursLogged: z.number(),
  progress: z.number().openapi({ description: 'hoursLogged ÷ targetHours (0 sans objectif)' }),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
  tenant: z.string().optional().openapi({
    description: 'pour un titulaire : la structure qui suit le marché (son identifiant)',
  }),
  tenantName: z.string().optional().openapi({
    description: 'pour un titulaire : le nom de la structure qui suit le marché',
  }),
};

/** A contract's pace as the monthly report judges it (shared/services/contracts-pace.ts). */
export const ContractPace = z
  .object({
    judgedOn: z.string().openapi({
      description:
        'le jour jugé : la fin du dernier mois complet, celle du dernier rapport mensuel ; dans la liste filtrée sur une année close (activeIn), le 31 décembre de cette année',
    }),
    targetHours: z.number().nullable().openapi({
      description: 'l’objectif en vigueur ce jour-là (un avenant compte à partir de sa date)',
    }),
    endsOn: z.string().openapi({ description: 'la fin du marché en vigueur ce jour-là' }),
    hoursToDate: z
      .number()
      .openapi({ description: 'les heures réalisées jusqu’au mois jugé inclus' }),
    expectedHours: z
      .number()
      .openapi({ description: 'les heures attendues au prorata ce jour-là' }),
    behind: z.boolean().openapi({
      description: 'en retard : plus de 20 % sous le prorata, comme le rapport mensuel le dit',
    }),
  })
  .openapi('ContractPace', {
    description:
      'l’avancement jugé comme le rapport mensuel le juge, le dernier jour du dernier mois complet : d’un marché dans la liste des marchés (« En retard »), de la part d’un PLIE (sa part de l’objectif en vigueur ce jour-là, ses heures) dans la répartition d’un marché',
  });

export const Contract = z
  .object({
    ...contractFields,
    allocation: Allocation.nullable().openapi({
      description: 'null tant qu’aucun PLIE n’est désigné (marchés importés des DECP)',
    }),
    pace: ContractPace.optional(),
  })
  .openapi('Contract');
export type Contract = z.infer<typeof Contract>;

export const PlieAllocation = z
  .object({
    plieId: PlieId,
    allottedHours: z.number(),
    hoursLogged: z.number(),
    pace: ContractPace.optional(),
  })
  .openapi('PlieAllocation');

export const ContractDetail = z
  .object({
    ...contractFields,
    allocation: z.array(PlieAllocation).nullable().openapi({
      description: 'la part de chaque PLIE (null tant que la répartition ne peut être calculée)',
    }),
    allocationMode: Allocation.nullable().openapi({
      description: 'le mode choisi : un PLIE, ou partagé selon la clé (null sans PLIE désigné)',
    }),
    allocationIssue: z.string().nullable(),
    hoursByPlie: z
      .array(z.object({ plieId: PlieId, hoursLogged: z.number() }))
      .openapi({ description: 'heures réalisées par PLIE, qu’une répartition existe ou non' }),
  })
  .openapi('ContractDetail');

/** What a user may complete or correct on a contract; `null` clears an optional field. */
export const ContractPatch = z
  .object({
    title: Text(300).optional(),
    targetHours: Hours.nullable().optional(),
    insertionInputs: InsertionInputs.nullable().optional(),
    allocation: Allocation.optional(),
    socialConsiderations: z.array(z.enum(SOCIAL_CONSIDERATIONS)).max(3).optional(),
    reserved: Reservation.nullable().optional(),
    defenceOrSecurity: z.boolean().optional(),
    ...completionFields,
  })
  .superRefine((value, ctx) => {
    if (value.targetHours != null && value.insertionInputs != null) {
      ctx.addIssue({
        code: 'custom',
        path: ['insertionInputs'],
        message: 'Donnez soit targetHours, soit insertionInputs, pas les deux',
      });
    }
    if (Object.keys(value).length === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'Aucun champ à modifier' });
    }
  })
  .openapi('ContractPatch');
export type ContractPatch = z.infer<typeof ContractPatch>;

const BooleanQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const ContractListQuery = ListQuery.extend({
  year: Year.optional().openapi({ description: 'année de notification' }),
  activeIn: Year.optional().openapi({ description: 'année pendant laquelle le marché court' }),
  plieId: PlieId.optional(),
  reserved: BooleanQuery.openapi({ type: 'string', enum: ['true', 'false'] }),
  buyerSiret: Siret.optional().openapi({ description: 'SIRET de l’acheteur' }),
  source: z
    .enum(['api', 'decp'])
    .optional()
    .openapi({ description: 'saisi (api) ou importé des données essentielles (decp)' }),
  consideration: z
    .enum(SOCIAL_CONSIDERATIONS)
    .optional()
    .openapi({ description: 'considération sociale que le marché comporte' }),
  targetMissing: BooleanQuery.openapi({
    type: 'string',
    enum: ['true', 'false'],
    description: 'true : marchés avec clause sociale sans objectif d’heures',
  }),
});
