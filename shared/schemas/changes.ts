import { CHANGE_ACTIONS, CHANGE_ENTITY_TYPES } from '#shared/domain/change-log';
import { listOf } from './common';
import { z } from './zod';

export { CHANGE_ACTIONS, CHANGE_ENTITY_TYPES };

export const FieldChange = z
  .object({
    field: z.string(),
    label: z.string().openapi({ description: 'le champ, en français' }),
    before: z.string().openapi({ description: 'sa valeur avant, en français (« — » : aucune)' }),
    after: z.string().openapi({ description: 'sa valeur après' }),
  })
  .openapi('FieldChange');

export const ChangeActor = z
  .object({
    sub: z.string(),
    role: z.string(),
    plieId: z.string().optional(),
    name: z.string().optional().openapi({ description: 'nom ou adresse de la personne' }),
  })
  .openapi('ChangeActor');

export const Change = z
  .object({
    id: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    action: z.string(),
    actor: ChangeActor,
    at: z.string(),
    reason: z.string().optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    before: z
      .record(z.string(), z.unknown())
      .optional()
      .openapi({ description: 'une modification : les valeurs d’avant des champs de `data`' }),
    contractIds: z.array(z.string()).optional(),
    contractReferences: z.array(z.string()).optional(),
    plieIds: z.array(z.string()).optional(),
    months: z.array(z.string()).optional(),
    actionLabel: z.string().openapi({ description: 'l’action, en français' }),
    object: z
      .string()
      .openapi({ description: 'l’objet nommé, ex. « Marché 2025-0099 — Gymnase »' }),
    concerns: z
      .string()
      .openapi({ description: 'ce qu’il concerne en plus : marchés, mois, PLIE (« » : rien)' }),
    fieldChanges: z.array(FieldChange),
  })
  .openapi('Change');

export const ChangeList = listOf(Change, 'Change');

/** The journal's page: with the first, everyone who acted in the range (« Qui »). */
export const ChangeJournalPage = ChangeList.extend({
  actors: z.array(ChangeActor).optional().openapi({
    description:
      'première page du journal (sans `cursor`) : chaque personne qui a agi sur la période, avec les autres filtres que `actor`, une fois, par nom',
  }),
}).openapi('ChangeJournalPage');
export type Change = z.infer<typeof Change>;
