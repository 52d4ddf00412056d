import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import {
  CriteriaPut,
  CriteriaRecord,
  KeyPreview,
  KeyPreviewQuery,
  Plie,
  PlieIdParam,
  PlieMonths,
  PliePut,
  PlieYearParams,
  WeightsPut,
  YearParam,
} from '#shared/schemas/plies';
import { TenantId } from '#shared/schemas/tenants';
import { z } from '#shared/schemas/zod';
import { pliesOfAwardee } from '#shared/services/awardee-structures';
import {
  allocationKeyPreview,
  criteriaOf,
  listPlies,
  plieMonths,
  putCriteria,
  putPlie,
  putWeights,
  weightsOf,
} from '#shared/services/plies';

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
      description:
        'Ceux de la structure de l’utilisateur. Un titulaire reçoit ceux des structures où son ' +
        'entreprise tient des marchés, ou d’une seule (`tenant`, parmi celles-là).',
      request: {
        query: z.object({
          tenant: TenantId.optional().openapi({ description: 'titulaire seulement' }),
        }),
      },
      responses: {
        200: jsonResponse(
          z.object({ items: z.array(Plie), nextCursor: z.null() }).openapi('PlieList'),
          'Tous les PLIE',
        ),
        ...problems(400, 404),
      },
    }),
    async (c) => {
      const actor = c.get('identity');
      const items =
        actor.role === 'awardee'
          ? await pliesOfAwardee(c.var.deps, actor, c.req.valid('query').tenant)
          : await listPlies(c.var.deps, actor);
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
      const { plie, created } = await putPlie(c.var.deps, actor, plieId, c.req.valid('json'));
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
      const record = await putCriteria(c.var.deps, actor, plieId, year, c.req.valid('json'));
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
      return c.json(await criteriaOf(c.var.deps, plieId, year), 200);
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
      return c.json(await putWeights(c.var.deps, actor, year, c.req.valid('json')), 200);
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
      return c.json(await weightsOf(c.var.deps, year), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/plies/{plieId}/months/{year}',
      tags,
      security: bearer,
      summary: 'Heures d’un PLIE mois par mois sur une année, par modalité',
      description:
        'Les douze mois de l’année, à 0 heure quand rien n’est saisi : les lignes non annulées du ' +
        'PLIE, sur tous ses marchés. Un coordinateur ne lit que son PLIE.',
      request: { params: PlieYearParams },
      responses: { 200: jsonResponse(PlieMonths, 'Les heures du PLIE par mois'), ...problems(404) },
    }),
    async (c) => {
      const { plieId, year } = c.req.valid('param');
      authorize(c, 'hours:read', plieId);
      return c.json(await plieMonths(c.var.deps, plieId, year), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/allocation-key/{year}',
      tags,
      security: bearer,
      summary: 'Aperçu de la clé de répartition d’une année et du partage d’un objectif',
      description:
        'La clé qu’un marché partagé notifié cette année-là recevrait aujourd’hui, et le partage ' +
        'de `hours` heures qui en découle (méthode du plus fort reste) : ce que le formulaire du ' +
        'marché et la page des critères montrent avant d’enregistrer.',
      request: { params: YearParam, query: KeyPreviewQuery },
      responses: { 200: jsonResponse(KeyPreview, 'La clé et le partage'), ...problems(400) },
    }),
    async (c) => {
      authorize(c, 'contracts:read');
      const { year } = c.req.valid('param');
      const { hours, territory } = c.req.valid('query');
      return c.json(await allocationKeyPreview(c.var.deps, year, hours, territory), 200);
    },
  );

  return app;
}
