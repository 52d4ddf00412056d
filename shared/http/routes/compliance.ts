import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import {
  Compliance,
  ComplianceQuery,
  ReservedMarkets,
  YearQuery,
} from '#shared/schemas/compliance';
import {
  ThresholdFromParam,
  ThresholdPeriod,
  ThresholdPeriodPut,
} from '#shared/schemas/thresholds';
import { z } from '#shared/schemas/zod';
import { complianceReport, reservedMarkets } from '#shared/services/compliance';
import { listThresholds, putThreshold } from '#shared/services/thresholds';

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

  app.openapi(
    createRoute({
      method: 'get',
      path: '/eu-thresholds',
      tags,
      security: bearer,
      summary: 'Seuils européens par période (L2112-2-1)',
      responses: {
        200: jsonResponse(
          z.object({ items: z.array(ThresholdPeriod) }).openapi('EuThresholdPeriods'),
          'Les périodes connues',
        ),
        ...problems(),
      },
    }),
    async (c) => {
      authorize(c, 'contracts:read');
      return c.json({ items: await listThresholds(c.var.deps) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/eu-thresholds/{from}',
      tags,
      security: bearer,
      summary: 'Saisir les seuils européens d’une nouvelle période (admin)',
      description:
        'Les seuils changent tous les deux ans. Un marché notifié dans une période sans seuil ' +
        'connu est signalé « seuil inconnu » au lieu d’être tenu pour conforme.',
      request: { params: ThresholdFromParam, body: jsonBody(ThresholdPeriodPut) },
      responses: {
        200: jsonResponse(ThresholdPeriod, 'Seuils enregistrés'),
        ...problems(400, 422),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'plies:write');
      const { from } = c.req.valid('param');
      return c.json(await putThreshold(c.var.deps, actor, from, c.req.valid('json')), 200);
    },
  );

  return app;
}
