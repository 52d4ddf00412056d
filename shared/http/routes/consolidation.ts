import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonResponse, problems, router } from '#shared/http/router';
import { z } from '#shared/schemas/zod';
import { consolidation } from '#shared/services/consolidation';

// The observatory: every structure's yearly aggregates, under statistical secrecy.

const Published = z
  .number()
  .nullable()
  .openapi({ description: 'null quand le secret statistique le cache (moins de 5 personnes)' });
const Figures = {
  hours: z.number(),
  fte: z.number().openapi({ description: 'équivalents temps plein : heures ÷ 1 607' }),
  contracts: z.number().int().openapi({ description: 'marchés avec des heures dans l’année' }),
  people: Published,
  exits: Published,
  positive: Published,
  positiveRate: Published,
  secret: z.boolean().openapi({ description: 'un chiffre de la ligne est caché' }),
};
const Consolidation = z
  .object({
    year: z.number().int(),
    tenants: z.array(z.object({ tenant: z.string(), name: z.string(), ...Figures })),
    totals: z.object(Figures),
  })
  .openapi('Consolidation');

export function consolidationRoutes() {
  const app = router();
  app.openapi(
    createRoute({
      method: 'get',
      path: '/consolidation',
      tags: ['Plateforme'],
      security: bearer,
      summary:
        'Consolidation annuelle des structures (observatoire) : agrégats, secret statistique',
      request: {
        query: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
      },
      responses: { 200: jsonResponse(Consolidation, 'Les chiffres de l’année'), ...problems(400) },
    }),
    async (c) => {
      authorize(c, 'consolidation:read');
      return c.json(await consolidation(c.var.deps, c.req.valid('query').year), 200);
    },
  );
  return app;
}
