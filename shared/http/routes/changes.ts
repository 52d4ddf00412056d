import { createRoute } from '@hono/zod-openapi';
import { InvalidInputError } from '../../errors';
import { CHANGE_ENTITY_TYPES, ChangeList } from '../../schemas/changes';
import { EntityId, IsoDate, ListQuery } from '../../schemas/common';
import { z } from '../../schemas/zod';
import { authorize } from '../auth';
import { bearer, jsonResponse, problems, router } from '../router';

const ChangesQuery = ListQuery.extend({
  entityType: z.enum(CHANGE_ENTITY_TYPES).optional(),
  entityId: z.union([EntityId, z.string().regex(/^[a-z0-9-]{2,40}$/)]).optional(),
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
      const { entityType, entityId, day, cursor, limit } = c.req.valid('query');
      const { changes } = c.var.deps.stores;
      if (entityType && entityId) {
        return c.json(await changes.ofEntity(entityType, entityId, { cursor, limit }), 200);
      }
      if (day) return c.json(await changes.ofDay(day, { cursor, limit }), 200);
      throw new InvalidInputError('Précisez entityType et entityId, ou day.', [
        { path: 'day', message: 'entityType et entityId, ou day, requis' },
      ]);
    },
  );

  return app;
}
