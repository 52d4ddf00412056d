import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonResponse, problems, router } from '#shared/http/router';
import {
  OpenDataList,
  OpenDataParams,
  OpenDataPreview,
  OpenDataPublished,
} from '#shared/schemas/open-data';
import {
  openDataPreview,
  publishedOpenData,
  publishOpenData,
  retractOpenData,
} from '#shared/services/open-data';

const tags = ['Données ouvertes'];

/**
 * A structure's open data, as its administrator handles it (`plies:write`, the administrators'
 * action): what a year would publish, publishing it, retracting it. The published files are
 * read at the public addresses (open-data-public.ts).
 */
export function openDataRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/open-data',
      tags,
      security: bearer,
      summary: 'Les années publiées en données ouvertes et leurs adresses publiques (admin)',
      responses: { 200: jsonResponse(OpenDataList, 'Les années publiées'), ...problems() },
    }),
    async (c) => {
      authorize(c, 'plies:write');
      return c.json(await publishedOpenData(c.var.deps), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/open-data/{year}',
      tags,
      security: bearer,
      summary: 'Ce que l’année publierait aujourd’hui, et ce qui en est publié (admin)',
      description:
        'Les lignes du CSV tel qu’il serait publié : agrégats seulement, tout nombre de personnes ' +
        'inférieur à 5 tu (null, `secret`) ainsi que ce qui permettrait de le retrouver.',
      request: { params: OpenDataParams },
      responses: { 200: jsonResponse(OpenDataPreview, 'L’aperçu'), ...problems(400) },
    }),
    async (c) => {
      authorize(c, 'plies:write');
      return c.json(await openDataPreview(c.var.deps, c.req.valid('param').year), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/open-data/{year}',
      tags,
      security: bearer,
      summary: 'Publier l’année en données ouvertes (admin)',
      description:
        'Fige les chiffres de l’année tels qu’ils sont (CSV et Table Schema), servis sans jeton ' +
        'aux adresses données ; publier à nouveau remplace la copie. Une année non terminée : 422. ' +
        'Inscrit au journal des modifications.',
      request: { params: OpenDataParams },
      responses: {
        201: jsonResponse(OpenDataPublished, 'Publié'),
        ...problems(400, 422),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'plies:write');
      return c.json(await publishOpenData(c.var.deps, actor, c.req.valid('param').year), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'delete',
      path: '/open-data/{year}',
      tags,
      security: bearer,
      summary: 'Retirer la publication de l’année (admin)',
      description: 'Les adresses publiques de l’année répondent 404. Inscrit au journal.',
      request: { params: OpenDataParams },
      responses: { 204: { description: 'Retiré' }, ...problems(400, 404, 409) },
    }),
    async (c) => {
      const actor = authorize(c, 'plies:write');
      await retractOpenData(c.var.deps, actor, c.req.valid('param').year);
      return c.body(null, 204);
    },
  );

  return app;
}
