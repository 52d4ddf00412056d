import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonResponse, problems, router } from '#shared/http/router';
import { CHANGE_ENTITY_TYPES, ChangeList } from '#shared/schemas/changes';
import { EntityId, IsoDate, ListQuery, PlieId } from '#shared/schemas/common';
import { z } from '#shared/schemas/zod';
import { changesOf } from '#shared/services/changes';

const ChangesQuery = ListQuery.extend({
  entityType: z.enum(CHANGE_ENTITY_TYPES).optional(),
  entityId: z.union([EntityId, PlieId]).optional(),
  day: IsoDate.optional().openapi({ description: 'jour UTC des changements' }),
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
