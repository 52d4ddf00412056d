import { ELIGIBILITY_CODES } from '#shared/domain/eligibility';
import { PARTICIPANT_REF } from '#shared/domain/identifiers';
import { OUTCOMES } from '#shared/domain/outcomes';
import { AGE_BANDS, SEXES } from '#shared/domain/people';
import { EntityId, IsoDate, ListQuery, PlieId, Text } from './common';
import { z } from './zod';

/** A pseudonym chosen by the PLIE: no names, birth dates or social security numbers. */
export const ParticipantRef = z
  .string()
  .regex(PARTICIPANT_REF.pattern, { message: PARTICIPANT_REF.rule })
  .openapi({ example: 'BX-2025-0117' });

export const ParticipantCreate = z
  .object({
    plieId: PlieId,
    ref: ParticipantRef,
    eligibility: z
      .array(z.enum(ELIGIBILITY_CODES))
      .min(1, { message: 'Au moins un critère d’éligibilité' })
      .max(ELIGIBILITY_CODES.length)
      .refine((codes) => new Set(codes).size === codes.length, {
        message: 'Chaque critère ne doit figurer qu’une fois',
      }),
    enteredOn: IsoDate,
    sex: z.enum(SEXES).optional().openapi({
      description: 'F (femme) ou M (homme), pour les bilans des financeurs ; facultatif',
    }),
    ageBand: z.enum(AGE_BANDS).optional().openapi({
      description:
        'tranche d’âge à l’entrée : under-26 (moins de 26 ans), 26-49, 50-plus (50 ans et plus) ; facultative',
    }),
  })
  .openapi('ParticipantCreate');

export const ParticipantDescribe = z
  .object({
    sex: z.enum(SEXES).nullable().optional().openapi({ description: 'null : non renseigné' }),
    ageBand: z
      .enum(AGE_BANDS)
      .nullable()
      .optional()
      .openapi({ description: 'tranche d’âge à l’entrée ; null : non renseignée' }),
  })
  .refine((body) => body.sex !== undefined || body.ageBand !== undefined, {
    message: 'Indiquez le sexe, la tranche d’âge, ou les deux',
  })
  .openapi('ParticipantDescribe');

export const ParticipantExit = z
  .object({ exitedOn: IsoDate, outcome: z.enum(OUTCOMES) })
  .openapi('ParticipantExit');

export const ParticipantExitCorrection = ParticipantExit.extend({ reason: Text(500) }).openapi(
  'ParticipantExitCorrection',
);

export const ParticipantErase = z
  .object({
    reason: Text(500).openapi({
      description: 'qui a demandé l’effacement, et quand (gardé dans l’historique)',
      example: 'Demande de la personne, courriel du 12/11/2026',
    }),
  })
  .openapi('ParticipantErase');

export const ParticipantExitCancel = z
  .object({ reason: Text(500) })
  .openapi('ParticipantExitCancel');

export const Participant = z
  .object({
    id: EntityId,
    plieId: PlieId,
    ref: z.string(),
    eligibility: z.array(z.string()),
    sex: z.enum(SEXES).nullable().openapi({ description: 'null : non renseigné' }),
    ageBand: z.enum(AGE_BANDS).nullable().openapi({ description: 'null : non renseignée' }),
    enteredOn: z.string(),
    exitedOn: z.string().nullable(),
    outcome: z.enum(OUTCOMES).nullable(),
    createdAt: z.string(),
  })
  .openapi('Participant');
export type Participant = z.infer<typeof Participant>;

export const ParticipantListQuery = ListQuery.extend({ plieId: PlieId.optional() });
