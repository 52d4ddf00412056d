import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import { exportFile, getExport, listExports, requestExport } from '#shared/jobs/export-submission';
import { ListQuery, listOf } from '#shared/schemas/common';
import { ExportJob, ExportJobIdParam, ExportRequest } from '#shared/schemas/exports';
import { z } from '#shared/schemas/zod';

// A structure's data, whole, for its administrators (a structure that leaves, issue 27): a job
// writes the file (shared/jobs/export-runner.ts), which is downloaded once ready.

const tags = ['Administration'];

export function exportsRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/exports',
      tags,
      security: bearer,
      summary: 'Exporter toutes les données de la structure (admin)',
      description:
        'Structure, PLIE, critères et pondérations, conventions, seuils, réglages, marchés et ' +
        'avenants, contacts des titulaires, participants (avec leurs références), lignes ' +
        'd’heures (annulées comprises, avec qui, quand, pourquoi), relevés, sorties et ' +
        'historique des modifications — de la structure de l’appelant seulement. Préparé en ' +
        'tâche de fond (202) : suivre GET /api/exports/{jobId}, puis télécharger le fichier ' +
        '(gardé 24 heures).',
      request: { body: jsonBody(ExportRequest) },
      responses: { 202: jsonResponse(ExportJob, 'Export lancé'), ...problems(400) },
    }),
    async (c) => {
      const actor = authorize(c, 'structure:export');
      return c.json(await requestExport(c.var.deps, actor, c.req.valid('json').format), 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/exports',
      tags,
      security: bearer,
      summary: 'Les exports de la structure, du plus récent au plus ancien (admin)',
      request: { query: ListQuery },
      responses: {
        200: jsonResponse(listOf(ExportJob, 'ExportJob'), 'Une page d’exports'),
        ...problems(400),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'structure:export');
      return c.json(await listExports(c.var.deps, actor, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/exports/{jobId}',
      tags,
      security: bearer,
      summary: 'Où en est un export, et où le télécharger une fois prêt (admin)',
      request: { params: ExportJobIdParam },
      responses: { 200: jsonResponse(ExportJob, 'L’export'), ...problems(404) },
    }),
    async (c) => {
      const actor = authorize(c, 'structure:export');
      return c.json(await getExport(c.var.deps, actor, c.req.valid('param').jobId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/exports/{jobId}/file',
      tags,
      security: bearer,
      summary: 'Le fichier d’un export prêt (admin)',
      description:
        'En local, le fichier lui-même ; en AWS, une redirection (303) vers son URL S3 signée : ' +
        'une réponse de Lambda ne dépasse pas 6 Mo.',
      request: { params: ExportJobIdParam },
      responses: {
        200: {
          description: 'Le fichier',
          content: {
            'application/json': { schema: z.object({}).passthrough() },
            'application/zip': { schema: z.string().openapi({ format: 'binary' }) },
          },
        },
        303: { description: 'Le fichier est servi par S3 (en-tête Location)' },
        ...problems(404),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'structure:export');
      const file = await exportFile(c.var.deps, actor, c.req.valid('param').jobId);
      if ('url' in file) return c.redirect(file.url, 303);
      return c.body(file.bytes.slice().buffer, 200, {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.fileName}"`,
      });
    },
  );

  return app;
}
