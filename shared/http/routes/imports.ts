import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonResponse, problems, router } from '#shared/http/router';
import { getImportJob, listImportJobs } from '#shared/jobs/import-jobs';
import { ListQuery, listOf } from '#shared/schemas/common';
import { ImportJob, ImportJobIdParam } from '#shared/schemas/imports';
import type { ImportJobRecord } from '#shared/store/import-jobs';

const tags = ['Imports'];

/** A job as its sender follows it: where its upload is and who runs it stay inside. */
function jobView(job: ImportJobRecord) {
  const { uploadKey, actor, attempts, format, ...shown } = job;
  return shown;
}

export function importsRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/imports',
      tags,
      security: bearer,
      summary: 'Mes imports de gros fichiers, du plus récent au plus ancien (admin : tous)',
      request: { query: ListQuery },
      responses: {
        200: jsonResponse(listOf(ImportJob, 'ImportJob'), 'Une page d’imports'),
        ...problems(400),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'hours:write');
      const page = await listImportJobs(c.var.deps, actor, c.req.valid('query'));
      return c.json({ items: page.items.map(jobView), nextCursor: page.nextCursor }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/imports/{jobId}',
      tags,
      security: bearer,
      summary: 'Où en est un import : statut, avancement, résultat ou erreurs',
      description:
        'Un relevé ou un fichier DECP volumineux est importé en tâche de fond (202 à l’envoi) : ' +
        '`status` passe de queued à running puis done (avec `result`, la réponse qu’aurait eue ' +
        'un petit fichier) ou failed (avec `errors`, comme le 422 d’un petit fichier) ; ' +
        '`done`/`total` comptent les lignes ou les enregistrements.',
      request: { params: ImportJobIdParam },
      responses: { 200: jsonResponse(ImportJob, 'L’import'), ...problems(404) },
    }),
    async (c) => {
      const actor = authorize(c, 'hours:write');
      const job = await getImportJob(c.var.deps, actor, c.req.valid('param').jobId);
      return c.json(jobView(job), 200);
    },
  );

  return app;
}
