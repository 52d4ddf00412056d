import { createRoute } from '@hono/zod-openapi';
import { UnsupportedMediaTypeError } from '#shared/errors';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import { ListQuery, listOf } from '#shared/schemas/common';
import {
  ReplaceQuery,
  Statement,
  StatementIdParam,
  StatementReason,
} from '#shared/schemas/statements';
import { z } from '#shared/schemas/zod';
import {
  getStatement,
  listStatements,
  replaceStatement,
  withdrawStatement,
} from '#shared/services/statements';
import { CSV_TYPES } from './hours';

const tags = ['Relevés'];

export function statementsRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/statements',
      tags,
      security: bearer,
      summary: 'Les relevés mensuels importés, du plus récent au plus ancien (admin, achats)',
      request: { query: ListQuery },
      responses: {
        200: jsonResponse(listOf(Statement, 'Statement'), 'Une page de relevés'),
        ...problems(400),
      },
    }),
    async (c) => {
      authorize(c, 'changes:read');
      return c.json(await listStatements(c.var.deps, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/statements/{id}',
      tags,
      security: bearer,
      summary: 'Un relevé : fichier, auteur, marchés et mois couverts, lignes, statut',
      request: { params: StatementIdParam },
      responses: { 200: jsonResponse(Statement, 'Le relevé'), ...problems(400, 404) },
    }),
    async (c) => {
      authorize(c, 'changes:read');
      return c.json(await getStatement(c.var.deps, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/statements/{id}/withdraw',
      tags,
      security: bearer,
      summary: 'Retirer un relevé : ses lignes sont annulées, avec le motif (admin, achats)',
      request: { params: StatementIdParam, body: jsonBody(StatementReason) },
      responses: { 200: jsonResponse(Statement, 'Relevé retiré'), ...problems(400, 404, 409) },
    }),
    async (c) => {
      const actor = authorize(c, 'hours:write');
      const { id } = c.req.valid('param');
      return c.json(
        await withdrawStatement(c.var.deps, actor, id, c.req.valid('json').reason),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/statements/{id}/replace',
      tags,
      security: bearer,
      summary: 'Remplacer un relevé par sa version corrigée, avec le motif (admin, achats)',
      description:
        'Le nouveau fichier (text/csv, comme POST /api/hours/import) est vérifié en entier ' +
        'd’abord ; s’il est accepté, les lignes de l’ancien relevé sont annulées avec le motif ' +
        'et les nouvelles saisies, et l’ancien relevé renvoie au nouveau.',
      request: {
        params: StatementIdParam,
        query: ReplaceQuery,
        body: {
          required: true,
          content: { 'text/csv': { schema: z.string().openapi({ format: 'binary' }) } },
        },
      },
      responses: {
        200: jsonResponse(
          z
            .object({
              statementId: z.string(),
              imported: z.number().int(),
              alreadyImported: z.number().int(),
              lines: z.number().int(),
            })
            .openapi('StatementReplaceResult'),
          'Relevé remplacé',
        ),
        ...problems(400, 404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'hours:write');
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!CSV_TYPES.includes(type)) {
        throw new UnsupportedMediaTypeError('Envoyez le relevé corrigé en text/csv (UTF-8).');
      }
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('query');
      return c.json(await replaceStatement(c.var.deps, actor, id, await c.req.text(), reason), 200);
    },
  );

  return app;
}
