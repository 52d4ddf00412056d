import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonResponse, problems, router } from '#shared/http/router';
import { CHANGE_ACTIONS, CHANGE_ENTITY_TYPES, ChangeJournalPage } from '#shared/schemas/changes';
import { EntityId, IsoDate, ListQuery, PlieId, Text } from '#shared/schemas/common';
import { z } from '#shared/schemas/zod';
import { changesOf } from '#shared/services/changes';

// OpenAPI cannot say "these two together, or that one" of query parameters: each says it, and
// the operation's description too. A parameter the operation does not know is refused (400):
// a misspelt filter must not silently show everything.
const ChangesQuery = z.strictObject(
  {
    ...ListQuery.shape,
    entityType: z.enum(CHANGE_ENTITY_TYPES).optional().openapi({
      description:
        'avec `entityId` : l’historique de cette entité ; seul : le journal filtré sur ce type d’objet',
    }),
    entityId: z
      .union([EntityId, PlieId])
      .optional()
      .openapi({ description: 'avec `entityType` : l’historique de cette entité' }),
    day: IsoDate.optional().openapi({
      description: 'jour UTC : chaque enregistrement de ce jour, lignes d’import comprises',
    }),
    from: IsoDate.optional().openapi({
      description: 'journal : premier jour (heure de Paris), par défaut 30 jours avant `to`',
    }),
    to: IsoDate.optional().openapi({
      description: 'journal : dernier jour (heure de Paris) inclus, par défaut aujourd’hui',
    }),
    action: z.enum(CHANGE_ACTIONS).optional().openapi({ description: 'journal : une action' }),
    actor: Text(200).optional().openapi({ description: 'journal : l’identifiant (`sub`) de qui' }),
    contractId: EntityId.optional().openapi({
      description: 'journal : ce qui concerne ce marché (lui, ses lignes, ses relevés)',
    }),
    plieId: PlieId.optional().openapi({ description: 'journal : ce qui concerne ce PLIE' }),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `Paramètre inconnu : ${issue.keys.join(', ')} (voir la documentation de l’API)`
        : undefined,
  },
);

export function changesRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/changes',
      tags: ['Historique'],
      security: bearer,
      summary:
        'Journal des modifications : d’une entité, d’un jour, ou d’une période (admin, achats)',
      description:
        'Donnez `entityType` et `entityId` (l’historique d’un marché, d’un participant, d’une ' +
        'ligne…, du plus ancien au plus récent), ou `day` (chaque enregistrement de ce jour UTC), ' +
        'ou rien de cela : le journal, une entrée par action, de `from` à `to` (par défaut les 30 ' +
        'derniers jours), du plus récent au plus ancien, filtré par `action`, `entityType`, ' +
        '`actor`, `contractId`, `plieId`. Chaque entrée nomme son action et son objet en ' +
        'français, ce qu’elle concerne (marché, mois, PLIE) et, pour une modification, chaque ' +
        'champ avant → après. La première page du journal (sans `cursor`) donne aussi `actors` : ' +
        'chaque personne qui a agi sur la période avec les autres filtres. Un paramètre inconnu : 400.',
      request: { query: ChangesQuery },
      responses: {
        200: jsonResponse(ChangeJournalPage, 'Les changements'),
        ...problems(400),
      },
    }),
    async (c) => {
      authorize(c, 'changes:read');
      return c.json(await changesOf(c.var.deps, c.req.valid('query')), 200);
    },
  );

  return app;
}
