import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonResponse, problems, router } from '#shared/http/router';
import { CHANGE_ENTITY_TYPES, ChangeList } from '#shared/schemas/changes';
import { EntityId, IsoDate, ListQuery, PlieId } from '#shared/schemas/common';
import { z } from '#shared/schemas/zod';
import { changesOf } from '#shared/services/changes';

// OpenAPI cannot say "these two together, or that one" of query parameters: each says it, and
// the operation's description too; the service answers 400 otherwise.
const ChangesQuery = ListQuery.extend({
  entityType: z
    .enum(CHANGE_ENTITY_TYPES)
    .optional()
    .openapi({ description: 'avec `entityId` : les changements de cette entité (sinon `day`)' }),
  entityId: z
    .union([EntityId, PlieId])
    .optional()
    .openapi({ description: 'avec `entityType` (sinon `day`)' }),
  day: IsoDate.optional().openapi({
    description: 'jour UTC des changements (quand `entityType` et `entityId` sont absents)',
  }),
});

export function changesRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/changes',
      tags: ['Historique'],
      security: bearer,
      summary: 'Journal des modifications : d’une entité, ou d’un jour (admin, achats)',
      description:
        'Donnez soit `entityType` et `entityId` (l’historique d’un marché, d’un participant, d’une ' +
        'ligne…), soit `day` (tout ce qui a changé ce jour-là) : sans l’un ou l’autre, 400.',
      request: { query: ChangesQuery },
      responses: {
        200: jsonResponse(ChangeList, 'Les changements, du plus ancien au plus récent'),
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
