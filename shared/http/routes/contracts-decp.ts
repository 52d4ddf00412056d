import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import type { AppEnv } from '#shared/http/env';
import { bearer, jsonBody, jsonResponse, problems } from '#shared/http/router';
import { decpUploadOf } from '#shared/http/uploads';
import { jobSetupFor, submitImportJob } from '#shared/jobs/import-submission';
import { ImportJobAccepted } from '#shared/schemas/imports';
import { z } from '#shared/schemas/zod';
import { importDecp } from '#shared/services/decp-import';

// The contracts group's import from the open data (DECP): the file imported within the request,
// or only read to say what the import would do, or, when big, imported as a job.

const DecpImportResult = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int(),
    errors: z.array(
      z.object({
        index: z
          .number()
          .int()
          .openapi({ description: 'rang dans le fichier envoyé (0 = premier)' }),
        id: z.string().optional(),
        message: z.string(),
      }),
    ),
    preview: z
      .array(
        z.object({
          index: z.number().int(),
          action: z.enum(['create', 'update']),
          reference: z.string(),
          title: z.string(),
          buyer: z.string(),
          amountCents: z.number().int(),
          changes: z.array(z.string()).openapi({ description: 'champs que DECP a changés' }),
        }),
      )
      .optional()
      .openapi({
        description:
          'avec `dryRun=true` : les 50 premiers marchés qui seraient créés ou mis à jour',
      }),
  })
  .openapi('DecpImportResult');

const DecpImportQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .openapi({
      description:
        'true : lire le fichier et dire ce que l’import ferait (créations, mises à jour, refus), sans rien écrire',
    }),
});

/**
 * Added by contractsRoutes among the group's other routes, at the place the OpenAPI document
 * (and the client generated from it) lists it.
 */
export function addDecpImportRoute(app: OpenAPIHono<AppEnv>, tags: string[]): void {
  app.openapi(
    createRoute({
      method: 'post',
      path: '/contracts/import/decp',
      tags,
      security: bearer,
      summary: 'Importer des marchés des données essentielles (DECP) (admin, achats)',
      description:
        'Un document DECP (2.0 `{"marches": {"marche": [...]}}`, consolidé `{"marches": [...]}` ou ' +
        'tableau nu), jusqu’à 5 Mo. Référence = `id` (suivi de `-lotN` quand l’objet nomme le lot N), ' +
        'unique avec le SIRET de l’acheteur ; les cotraitants sont gardés ; début = ' +
        '`dateNotification`, fin = début + `dureeMois` ; nature (travaux, fournitures, services) ' +
        'déduite du code CPV. Les enregistrements illisibles sont signalés par leur index, les ' +
        'autres importés ; les concessions sont ignorées (skipped). Réimporter le même fichier ne ' +
        'crée rien. Les heures, le PLIE et le fondement d’un marché réservé restent à compléter ' +
        '(PATCH). `dryRun=true` lit le fichier et dit ce que l’import ferait, sans rien écrire ' +
        '(pour l’aperçu de la page ; jamais en tâche de fond).',
      request: {
        query: DecpImportQuery,
        body: jsonBody(z.unknown().openapi({ type: 'object' })),
      },
      responses: {
        200: jsonResponse(DecpImportResult, 'Bilan de l’import (ou, à blanc, ce qu’il ferait)'),
        202: jsonResponse(ImportJobAccepted, 'Fichier volumineux : importé en tâche de fond'),
        ...problems(400, 413),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'contracts:write');
      const document = c.req.valid('json');
      const { dryRun } = c.req.valid('query');
      if (dryRun)
        return c.json(await importDecp(c.var.deps, actor, document, undefined, { dryRun }), 200);
      const upload = await decpUploadOf(c);
      const setup = jobSetupFor(c.var.deps, upload.bytes.length);
      if (setup) {
        const job = await submitImportJob(c.var.deps, setup, actor, 'decp', upload);
        return c.json({ jobId: job.id, status: job.status }, 202);
      }
      return c.json(await importDecp(c.var.deps, actor, document), 200);
    },
  );
}
