import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonResponse, problems, router } from '#shared/http/router';
import {
  Compliance,
  ComplianceQuery,
  ReservedMarkets,
  YearQuery,
} from '#shared/schemas/compliance';
import { complianceReport, reservedMarkets } from '#shared/services/compliance';

const tags = ['Marchés réservés et conformité'];

export function complianceRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/reserved-markets',
      tags,
      security: bearer,
      summary: 'Marchés réservés notifiés dans l’année : nombre, montant, part, par fondement',
      request: { query: YearQuery },
      responses: { 200: jsonResponse(ReservedMarkets, 'Les marchés réservés'), ...problems(400) },
    }),
    async (c) => {
      authorize(c, 'contracts:read');
      return c.json(await reservedMarkets(c.var.deps, c.req.valid('query').year), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/compliance',
      tags,
      security: bearer,
      summary: 'Marchés en cours dans l’année qui enfreignent une règle',
      description:
        'Considération sociale obligatoire (L2112-2-1, marchés notifiés depuis le 22 août 2026 ' +
        'au-dessus des seuils européens), conditions des marchés réservés (L2113-12 à L2113-15) ' +
        'et retard d’heures (sous l’objectif au prorata de plus de la tolérance, après un quart ' +
        'de la durée). Chaque écart donne sa référence et une phrase en français.',
      request: { query: ComplianceQuery },
      responses: { 200: jsonResponse(Compliance, 'Les écarts, par marché'), ...problems(400) },
    }),
    async (c) => {
      authorize(c, 'contracts:read');
      const { year, tolerance } = c.req.valid('query');
      return c.json(await complianceReport(c.var.deps, year, tolerance), 200);
    },
  );

  return app;
}
