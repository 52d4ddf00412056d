import { ELIGIBILITY_CODES } from '#shared/domain/eligibility';
import { PARTICIPANT_REF } from '#shared/domain/identifiers';
import { OUTCOMES } from '#shared/domain/outcomes';
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
  })
  .openapi('ParticipantCreate');

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
    enteredOn: z.string(),
    exitedOn: z.string().nullable(),
    outcome: z.enum(OUTCOMES).nullable(),
    createdAt: z.string(),
  })
  .openapi('Participant');
export type Participant = z.infer<typeof Participant>;

export const ParticipantListQuery = ListQuery.extend({ plieId: PlieId.optional() });
