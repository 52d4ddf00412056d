import { listOf } from './common';
import { z } from './zod';

export const CHANGE_ENTITY_TYPES = [
  'plie',
  'allocation-weights',
  'funding-convention',
  'contract',
  'participant',
  'hours-line',
  'eu-thresholds',
  'statement',
  'open-data',
] as const;

export const Change = z
  .object({
    id: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    action: z.string(),
    actor: z.object({
      sub: z.string(),
      role: z.string(),
      plieId: z.string().optional(),
      name: z.string().optional().openapi({ description: 'nom ou adresse de la personne' }),
    }),
    at: z.string(),
    reason: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Change');

export const ChangeList = listOf(Change, 'Change');
export type Change = z.infer<typeof Change>;
