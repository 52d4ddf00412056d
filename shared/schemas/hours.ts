import { HOUR_MODES, HOURS_STEP, lineHoursProblem, MAX_HOURS_PER_LINE } from '#shared/domain/hours';
import { EntityId, ListQuery, PlieId, Text, YearMonth } from './common';
import { DuplicateOf } from './duplicates';
import { z } from './zod';

/** One line's hours: one person's month, to the hundredth (a payslip's 151.67 h). */
export const LineHours = z
  .number()
  .superRefine((hours, ctx) => {
    const problem = lineHoursProblem(hours);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .openapi({
    example: 151.67,
    exclusiveMinimum: 0,
    maximum: MAX_HOURS_PER_LINE,
    multipleOf: HOURS_STEP,
  });

export const HoursLineCreate = z
  .object({
    contractId: EntityId,
    plieId: PlieId,
    participantId: EntityId.optional(),
    month: YearMonth,
    hours: LineHours,
    mode: z.enum(HOUR_MODES),
  })
  .openapi('HoursLineCreate');
export type HoursLineCreate = z.infer<typeof HoursLineCreate>;

export const HoursLine = z
  .object({
    id: EntityId,
    contractId: EntityId,
    plieId: PlieId,
    participantId: EntityId.nullable(),
    month: z.string(),
    hours: z.number(),
    mode: z.enum(HOUR_MODES),
    status: z.enum(['active', 'voided']),
    createdAt: z.string(),
    createdBy: z.string(),
    voidedAt: z.string().nullable(),
    voidedBy: z.string().nullable(),
    voidReason: z.string().nullable(),
    statementId: z.string().nullable().openapi({
      description: 'le relevé d’où vient la ligne (null : saisie au formulaire ou par l’API)',
    }),
    statementLine: z.number().int().nullable().openapi({ description: 'sa ligne dans le relevé' }),
  })
  .openapi('HoursLine');
export type HoursLine = z.infer<typeof HoursLine>;

/** A line typed by hand, as POST /hours answers it: with what it may repeat. */
export const HoursLineLogged = HoursLine.extend({
  possibleDuplicates: z.array(DuplicateOf).openapi({
    description:
      'les lignes déjà comptées, d’une autre source, qu’elle répète peut-être (même marché, PLIE, mois, personne — ou sans participant — et heures) : elle est comptée quand même',
  }),
}).openapi('HoursLineLogged');
export type HoursLineLogged = z.infer<typeof HoursLineLogged>;

export const VoidBody = z.object({ reason: Text(500) }).openapi('VoidHoursLine');

export const HoursListQuery = ListQuery.extend({
  contractId: EntityId.optional(),
  plieId: PlieId.optional(),
  month: YearMonth.optional(),
  participantId: EntityId.optional().openapi({
    description: 'les lignes d’un participant (dans son PLIE)',
  }),
});

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[\x21-\x7e]{1,255}$/, {
      message: 'Idempotency-Key : 1 à 255 caractères ASCII visibles',
    })
    .optional()
    .openapi({
      description:
        'Clé d’idempotence (en-tête Idempotency-Key) : rejouer la requête ne saisit rien de plus',
    }),
});
