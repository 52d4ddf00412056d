import { createRoute } from '@hono/zod-openapi';
import { EQUAL_WEIGHTS } from '../../domain/allocation';
import { NotFoundError } from '../../errors';
import {
  CriteriaPut,
  CriteriaRecord,
  Plie,
  PlieIdParam,
  PliePut,
  PlieYearParams,
  WeightsPut,
  YearParam,
} from '../../schemas/plies';
import { z } from '../../schemas/zod';
import { writeContext } from '../../services/deps';
import { authorize } from '../auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '../router';

const tags = ['PLIE'];
const WeightsView = z
  .object({ year: z.number().int(), weights: WeightsPut, isDefault: z.boolean() })
  .openapi('AllocationWeightsOfYear');

export function pliesRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/plies',
      tags,
      security: bearer,
      summary: 'Lister les PLIE',
      responses: {
        200: jsonResponse(
          z.object({ items: z.array(Plie), nextCursor: z.null() }).openapi('PlieList'),
          'Tous les PLIE',
        ),
        ...problems(),
      },
    }),
    async (c) => {
      const items = await c.var.deps.stores.plies.list();
      return c.json({ items, nextCursor: null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/plies/{plieId}',
      tags,
      security: bearer,
      summary: 'Créer ou modifier un PLIE (admin)',
      request: { params: PlieIdParam, body: jsonBody(PliePut) },
      responses: {
        200: jsonResponse(Plie, 'PLIE modifié'),
        201: jsonResponse(Plie, 'PLIE créé'),
        ...problems(400),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'plies:write');
      const { plieId } = c.req.valid('param');
      const plie = { id: plieId, ...c.req.valid('json') };
      const { created } = await c.var.deps.stores.plies.put(plie, writeContext(c.var.deps, actor));
      return created ? c.json(plie, 201) : c.json(plie, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/plies/{plieId}/criteria/{year}',
      tags,
      security: bearer,
      summary: 'Enregistrer les critères de répartition d’un PLIE pour une année (admin)',
      request: { params: PlieYearParams, body: jsonBody(CriteriaPut) },
      responses: {
        200: jsonResponse(CriteriaRecord, 'Critères enregistrés'),
        ...problems(400, 404),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'plies:write');
      const { plieId, year } = c.req.valid('param');
      const { stores } = c.var.deps;
      if (!(await stores.plies.get(plieId))) throw new NotFoundError('Ce PLIE n’existe pas.');
      const record = { plieId, year, ...c.req.valid('json') };
      await stores.plies.putCriteria(record, writeContext(c.var.deps, actor));
      return c.json(record, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/plies/{plieId}/criteria/{year}',
      tags,
      security: bearer,
      summary: 'Lire les critères de répartition d’un PLIE pour une année',
      request: { params: PlieYearParams },
      responses: { 200: jsonResponse(CriteriaRecord, 'Critères'), ...problems(400, 404) },
    }),
    async (c) => {
      const { plieId, year } = c.req.valid('param');
      const criteria = await c.var.deps.stores.plies.criteriaOfYear(year);
      const found = criteria.find((record) => record.plieId === plieId);
      if (!found) throw new NotFoundError(`Aucun critère ${year} n’est enregistré pour ce PLIE.`);
      return c.json(found, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/allocation-weights/{year}',
      tags,
      security: bearer,
      summary: 'Pondérer les critères de répartition d’une année (admin)',
      request: { params: YearParam, body: jsonBody(WeightsPut) },
      responses: { 200: jsonResponse(WeightsView, 'Pondération enregistrée'), ...problems(400) },
    }),
    async (c) => {
      const actor = authorize(c, 'plies:write');
      const { year } = c.req.valid('param');
      const weights = c.req.valid('json');
      await c.var.deps.stores.plies.putWeights(year, weights, writeContext(c.var.deps, actor));
      return c.json({ year, weights, isDefault: false }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/allocation-weights/{year}',
      tags,
      security: bearer,
      summary: 'Lire la pondération des critères d’une année (égale par défaut)',
      request: { params: YearParam },
      responses: { 200: jsonResponse(WeightsView, 'Pondération'), ...problems(400) },
    }),
    async (c) => {
      const { year } = c.req.valid('param');
      const weights = await c.var.deps.stores.plies.weightsOfYear(year);
      return c.json({ year, weights: weights ?? EQUAL_WEIGHTS, isDefault: weights === null }, 200);
    },
  );

  return app;
}
