import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { InvalidInputError } from '#shared/errors';
import { authorize } from '#shared/http/auth';
import type { AppEnv } from '#shared/http/env';
import { bearer, jsonBody, jsonResponse, problems } from '#shared/http/router';
import { decpUploadOf } from '#shared/http/uploads';
import { decpDocumentSource } from '#shared/imports/decp-source';
import { jobSetupFor, submitImportJob } from '#shared/jobs/import-submission';
import { BuyerSirets, ImportJobAccepted } from '#shared/schemas/imports';
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
    repairs: z
      .array(z.object({ index: z.number().int(), id: z.string().optional(), message: z.string() }))
      .optional()
      .openapi({
        description:
          'ce qui a été réparé ou laissé de côté pour lire l’enregistrement : identifiants de titulaires (SIRET à 15 chiffres ou tronqué dont la clé se vérifie, numéro de TVA français réduit à son SIREN), code CPV, valeurs de remplissage d’une modification (montant de 1 €, durée finissant avant la modification), nouveaux titulaires d’un accord-cadre à titulaires séparés',
      }),
    filteredOut: z.number().int().optional().openapi({
      description: 'avec `buyerSiret` : les enregistrements des autres acheteurs, laissés de côté',
    }),
    notices: z
      .array(z.object({ index: z.number().int(), id: z.string().optional(), message: z.string() }))
      .optional()
      .openapi({
        description:
          'enregistrements laissés tels quels, et pourquoi : plus anciens que la version importée (les 100 premiers)',
      }),
    noticeCount: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'combien d’enregistrements ont été laissés tels quels' }),
    errorGroups: z
      .array(
        z.object({
          reason: z
            .string()
            .openapi({ description: 'le message, sans ce qui change d’un refus à l’autre' }),
          count: z.number().int(),
          example: z.object({
            index: z.number().int(),
            id: z.string().optional(),
            message: z.string(),
          }),
        }),
      )
      .optional()
      .openapi({
        description:
          'quand des enregistrements sont refusés : combien pour chaque raison, la plus fréquente d’abord',
      }),
    refusalsFile: z.boolean().optional().openapi({
      description:
        'en tâche de fond : `errors` n’a que les 100 premiers refus ; tous sont dans GET /api/imports/{jobId}/refusals',
    }),
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
  buyerSiret: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .openapi({
      description:
        'n’importer que les marchés de cet acheteur (SIRET) ; répété (`?buyerSiret=…&buyerSiret=…`) ou séparé par des virgules pour plusieurs',
      param: { style: 'form', explode: true },
    }),
});

/** The buyers a query names, each a SIRET of 14 digits (the key is not checked: DECP's). */
function buyerSiretsOf(value: string | string[] | undefined): string[] {
  const named = [value ?? []].flat().flatMap((v) => v.split(','));
  const read = BuyerSirets.safeParse(named.filter((v) => v.trim() !== ''));
  if (!read.success) {
    throw new InvalidInputError('Filtre sur les acheteurs illisible : un SIRET a 14 chiffres.', [
      { path: 'buyerSiret', message: read.error.issues[0]?.message ?? 'SIRET attendu' },
    ]);
  }
  return read.data;
}

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
        'autres importés, et regroupés par raison (`errorGroups`) ; les concessions sont ignorées ' +
        '(skipped). Réimporter le même fichier ne crée rien. Les heures, le PLIE et le fondement ' +
        'd’un marché réservé restent à compléter (PATCH). `buyerSiret` ne garde que les marchés ' +
        'de ces acheteurs (`filteredOut` compte les autres). `dryRun=true` lit le fichier et dit ' +
        'ce que l’import ferait, sans rien écrire (l’aperçu de la page). Un gros fichier, importé ' +
        'ou seulement lu, l’est en tâche de fond (202) ; au-delà de 4 Mo, l’envoyer par ' +
        'POST /api/imports (jusqu’à 1 Go : un fichier national annuel, lu au fil de l’eau).',
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
      const query = c.req.valid('query');
      const options = { dryRun: query.dryRun, buyerSirets: buyerSiretsOf(query.buyerSiret) };
      const source = decpDocumentSource(document);
      const upload = await decpUploadOf(c);
      const setup = jobSetupFor(c.var.deps, upload.bytes.length);
      if (setup) {
        const filtered = options.dryRun || options.buyerSirets.length > 0;
        const job = await submitImportJob(
          c.var.deps,
          setup,
          actor,
          'decp',
          upload,
          undefined,
          filtered ? options : undefined,
        );
        return c.json({ jobId: job.id, status: job.status }, 202);
      }
      const named = { ...options, fileName: upload.fileName };
      return c.json(await importDecp(c.var.deps, actor, source, undefined, named), 200);
    },
  );
}
