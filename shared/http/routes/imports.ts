import { createRoute } from '@hono/zod-openapi';
import { NotFoundError } from '#shared/errors';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import {
  getImportJob,
  type ImportOnlyJob,
  listImportJobs,
  refusalsFile,
  refusalsUrlOf,
} from '#shared/jobs/import-job-status';
import { prepareUpload, receiveUpload, startUploadedImport } from '#shared/jobs/import-submission';
import { importPreviewedFile } from '#shared/jobs/preview-import';
import { ListQuery, listOf } from '#shared/schemas/common';
import {
  ImportJob,
  ImportJobAccepted,
  ImportJobIdParam,
  ImportPreviewed,
  ImportStart,
  ImportUpload,
  ImportUploadRequest,
  UploadFormatQuery,
} from '#shared/schemas/imports';
import { z } from '#shared/schemas/zod';
import type { ImportJobsSetup, ServiceDeps } from '#shared/services/deps';

const tags = ['Imports'];

/** A job as its sender follows it: where its upload is and who runs it stay inside. */
function jobView(job: ImportOnlyJob) {
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
      return c.json({ ...jobView(job), refusalsUrl: await refusalsUrlOf(c.var.deps, job) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/imports/{jobId}/refusals',
      tags,
      security: bearer,
      summary: 'Tous les enregistrements qu’un import DECP a refusés (CSV)',
      description:
        'Le job ne garde que les raisons avec leur nombre (`result.errorGroups`) et les 100 ' +
        'premiers refus (`result.errors`) ; ce fichier les a tous, un par ligne (rang, ' +
        'identifiant, raison, message ; `;`, UTF-8). En local, le fichier lui-même ; en AWS, ' +
        'une redirection (303) vers son URL S3 signée. Gardé une semaine.',
      request: { params: ImportJobIdParam },
      responses: {
        200: {
          description: 'Le fichier',
          content: { 'text/csv': { schema: z.string() } },
        },
        303: { description: 'Le fichier est servi par S3 (en-tête Location)' },
        ...problems(404),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'contracts:write');
      const file = await refusalsFile(c.var.deps, actor, c.req.valid('param').jobId);
      if ('url' in file) return c.redirect(file.url, 303);
      return c.body(file.bytes.slice().buffer, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${file.fileName}"`,
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/imports',
      tags,
      security: bearer,
      summary: 'Préparer l’envoi direct d’un gros fichier (plus de 5 Mo) : où l’envoyer',
      description:
        'Trois temps pour un fichier trop gros pour une requête : POST /api/imports donne ' +
        '`uploadUrl` ; le fichier y est envoyé (PUT, avec `contentType`) ; POST ' +
        '/api/imports/{jobId}/start lance l’import (202), suivi par GET /api/imports/{jobId}.',
      request: { body: jsonBody(ImportUploadRequest) },
      responses: {
        201: jsonResponse(ImportUpload, 'Où envoyer le fichier'),
        ...problems(400, 404, 413),
      },
    }),
    async (c) => {
      const request = c.req.valid('json');
      const actor = authorize(c, ACTION[request.kind]);
      return c.json(await prepareUpload(c.var.deps, jobSetup(c.var.deps), actor, request), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/imports/{jobId}/file',
      tags,
      security: bearer,
      summary: 'Recevoir le fichier d’un envoi direct, quand il n’y a pas de S3 (en local)',
      description:
        'Seul l’utilisateur qui a préparé l’envoi peut envoyer le fichier (404 pour tout autre), ' +
        'et seulement avant le lancement de l’import (409 après) ; de la taille annoncée.',
      request: {
        params: ImportJobIdParam,
        query: UploadFormatQuery,
        body: {
          required: true,
          content: {
            'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
          },
        },
      },
      responses: { 204: { description: 'Fichier reçu' }, ...problems(400, 404, 409, 413) },
    }),
    async (c) => {
      const actor = authorize(c, 'hours:write');
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      await receiveUpload(
        c.var.deps,
        jobSetup(c.var.deps),
        actor,
        c.req.valid('param').jobId,
        c.req.valid('query').format,
        bytes,
      );
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/imports/{jobId}/start',
      tags,
      security: bearer,
      summary: 'Lancer l’import d’un fichier envoyé directement',
      request: { params: ImportJobIdParam, body: jsonBody(ImportStart) },
      responses: {
        202: jsonResponse(ImportJobAccepted, 'Import lancé en tâche de fond'),
        ...problems(400, 404, 409, 413),
      },
    }),
    async (c) => {
      const { kind, format, fileName, dryRun, buyerSirets } = c.req.valid('json');
      const actor = authorize(c, ACTION[kind]);
      const job = await startUploadedImport(
        c.var.deps,
        jobSetup(c.var.deps),
        actor,
        c.req.valid('param').jobId,
        {
          kind,
          format,
          fileName: fileName ?? null,
          options:
            dryRun || buyerSirets?.length
              ? { dryRun: dryRun ?? false, buyerSirets: buyerSirets ?? [] }
              : undefined,
        },
      );
      return c.json({ jobId: job.id, status: job.status }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/imports/{jobId}/import',
      tags,
      security: bearer,
      summary: 'Importer le fichier DECP d’un aperçu, sans l’envoyer à nouveau',
      description:
        'Un aperçu DECP fait en tâche de fond (`dryRun`, terminé) garde son fichier : cette ' +
        'opération l’importe (202, un nouvel import à suivre), avec le filtre sur les acheteurs ' +
        'de l’aperçu ou celui donné. Demandée deux fois, elle rend le même import. 409 quand ' +
        'l’import n’est pas un aperçu DECP terminé, ou que son fichier n’est plus gardé (une ' +
        'semaine au plus, ou déjà importé).',
      request: { params: ImportJobIdParam, body: jsonBody(ImportPreviewed) },
      responses: {
        202: jsonResponse(ImportJobAccepted, 'Import lancé en tâche de fond'),
        ...problems(400, 404, 409),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'contracts:write');
      const job = await importPreviewedFile(
        c.var.deps,
        jobSetup(c.var.deps),
        actor,
        c.req.valid('param').jobId,
        c.req.valid('json').buyerSirets,
      );
      return c.json({ jobId: job.id, status: job.status }, 202);
    },
  );

  return app;
}

/** Who may import what: statements are hours, DECP files are contracts. */
const ACTION = { statement: 'hours:write', decp: 'contracts:write' } as const;

function jobSetup(deps: ServiceDeps): ImportJobsSetup {
  if (!deps.imports)
    throw new NotFoundError('Les imports en tâche de fond ne sont pas disponibles ici.');
  return deps.imports;
}
