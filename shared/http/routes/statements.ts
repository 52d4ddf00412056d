import { createRoute } from '@hono/zod-openapi';
import { lastParisMonth } from '#shared/domain/calendar';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import { statementUploadOf, XLSX_TYPE } from '#shared/http/uploads';
import { templateCsv, templateXlsx } from '#shared/imports/statement-template';
import { statementFileOf } from '#shared/jobs/import-jobs';
import { ListQuery, listOf } from '#shared/schemas/common';
import {
  ReplaceQuery,
  Statement,
  StatementIdParam,
  StatementReason,
  TemplateQuery,
} from '#shared/schemas/statements';
import { z } from '#shared/schemas/zod';
import {
  getStatement,
  listStatements,
  replaceStatement,
  withdrawStatement,
} from '#shared/services/statements';

const tags = ['Relevés'];

export function statementsRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/statements/template',
      tags,
      security: bearer,
      summary: 'Le modèle de relevé mensuel, en CSV ou en Excel (admin, achats)',
      description:
        'Les en-têtes français, une ligne d’exemple par modalité (à remplacer) ; le classeur ' +
        'a une seconde feuille qui explique chaque colonne.',
      request: { query: TemplateQuery },
      responses: {
        200: {
          description: 'Le modèle',
          content: {
            'text/csv': { schema: z.string() },
            [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
          },
        },
        ...problems(400),
      },
    }),
    async (c) => {
      authorize(c, 'hours:write');
      const month = lastParisMonth(c.var.deps.now());
      const attachment = (name: string) => `attachment; filename="${name}"`;
      if (c.req.valid('query').format === 'xlsx') {
        const bytes = await templateXlsx(month);
        return c.body(bytes.slice().buffer, 200, {
          'content-type': XLSX_TYPE,
          'content-disposition': attachment('modele-releve-mensuel.xlsx'),
        });
      }
      return c.body(templateCsv(month), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': attachment('modele-releve-mensuel.csv'),
      });
    },
  );

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
        'Le nouveau fichier (CSV ou .xlsx, comme POST /api/hours/import) est vérifié en entier ' +
        'd’abord ; s’il est accepté, les lignes de l’ancien relevé sont annulées avec le motif ' +
        'et les nouvelles saisies, et l’ancien relevé renvoie au nouveau.',
      request: {
        params: StatementIdParam,
        query: ReplaceQuery,
        body: {
          required: true,
          content: {
            'text/csv': { schema: z.string().openapi({ format: 'binary' }) },
            [XLSX_TYPE]: { schema: z.string().openapi({ format: 'binary' }) },
          },
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
      const { id } = c.req.valid('param');
      const { reason } = c.req.valid('query');
      const file = statementFileOf(await statementUploadOf(c));
      return c.json(await replaceStatement(c.var.deps, actor, id, file, reason), 200);
    },
  );

  return app;
}
