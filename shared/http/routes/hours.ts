import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import { statementUploadOf, XLSX_TYPE } from '#shared/http/uploads';
import { jobSetupFor, statementFileOf, submitImportJob } from '#shared/jobs/import-submission';
import { ChangeList } from '#shared/schemas/changes';
import { IdParam, ListQuery, listOf } from '#shared/schemas/common';
import { FlaggedLine, StatementImportQuery } from '#shared/schemas/duplicates';
import { FileNameHeader } from '#shared/schemas/file-name';
import {
  HoursLine,
  HoursLineCreate,
  HoursLineLogged,
  HoursListQuery,
  IdempotencyHeader,
  VoidBody,
} from '#shared/schemas/hours';
import { ImportJobAccepted } from '#shared/schemas/imports';
import { z } from '#shared/schemas/zod';
import { changesOf } from '#shared/services/changes';
import { getLine, lineView, listLines, logHours, voidHours } from '#shared/services/hours';
import { importStatement, previewStatement } from '#shared/services/statements';

const tags = ['Heures'];

/** What browsers and spreadsheets send a .csv file as. */

export function hoursRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/hours',
      tags,
      security: bearer,
      summary: 'Saisir une ligne d’heures d’insertion (admin, achats)',
      description:
        'Avec l’en-tête `Idempotency-Key`, rejouer la même requête renvoie la première réponse ' +
        '(en-tête `Idempotency-Replayed: true`) sans rien enregistrer ; la même clé avec un ' +
        'autre corps donne 409. Un marché, un PLIE ou un participant inconnus, un participant ' +
        'd’un autre PLIE ou un mois hors de la période du marché donnent 422. La réponse liste ' +
        'dans `possibleDuplicates` les lignes déjà comptées d’une autre source (relevé, ' +
        'déclaration d’un titulaire, autre saisie) qu’elle répète peut-être : même marché, ' +
        'PLIE, mois, personne (ou sans participant) et heures. Elle est comptée quand même.',
      request: { headers: IdempotencyHeader, body: jsonBody(HoursLineCreate) },
      responses: {
        201: jsonResponse(HoursLineLogged, 'Ligne enregistrée'),
        ...problems(400, 409, 422),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'hours:write');
      const key = c.req.valid('header')['idempotency-key'];
      const result = await logHours(c.var.deps, actor, c.req.valid('json'), key);
      if (result.replayed) c.header('idempotency-replayed', 'true');
      return c.json(result.body, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/hours/import',
      tags,
      security: bearer,
      summary: 'Importer un relevé mensuel CSV ou Excel (admin, achats)',
      description:
        'En-tête `Référence du marché;PLIE;Participant;Mois;Heures;Modalité` (ou l’ancien ' +
        '`contract_reference,plie_id,participant_ref,month,hours,mode` ; casse et accents ' +
        'indifférents, colonnes dans n’importe quel ordre ; Participant peut être vide). CSV ' +
        '(`,` ou `;`, UTF-8 avec ou sans BOM ou Windows-1252) ou classeur .xlsx (première ' +
        'feuille). Mois `2026-10`, `10/2026`, `01/10/2026`, `oct-26`, `octobre 2026` ; heures ' +
        '`35,5` ou `1 234,5` ; modalité par son code ou son libellé ; PLIE par son nom (« PLIE de Bordeaux », « plie ' +
        'des hauts de garonne », « Bordeaux ») ou son code. Jusqu’à 5 Mo. Toutes les lignes ' +
        'sont vérifiées d’abord : la moindre erreur refuse tout le relevé (422, chaque erreur ' +
        'avec sa ligne — l’en-tête est la ligne 1 — et sa colonne). Sinon toutes les lignes sont ' +
        'importées. Le relevé est enregistré avec son identité (l’empreinte du fichier) : ' +
        'renvoyer le même fichier, entier ou après une coupure, n’enregistre que ce qui manque ; ' +
        'un autre fichier est un autre relevé. Doublons possibles : une ligne de même marché, ' +
        'PLIE, mois, personne (ou sans participant) et heures qu’une ligne déjà comptée d’une ' +
        'autre source (saisie, autre relevé, déclaration d’un titulaire) est listée dans ' +
        '`duplicates` et laissée de côté (`leftOut`), sauf avec `duplicates=count`. Ce choix est ' +
        'gardé avec le relevé : le même fichier renvoyé laisse de côté les mêmes lignes. ' +
        '`dryRun=true` contrôle le fichier et liste ses doublons possibles sans rien écrire (dans la requête, quelle que soit sa taille).',
      request: {
        query: StatementImportQuery,
        headers: FileNameHeader,
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
              statementId: z
                .string()
                .openapi({ description: 'le relevé (même fichier, même relevé)' }),
              imported: z.number().int(),
              alreadyImported: z.number().int(),
              lines: z.number().int().openapi({ description: 'les lignes comptées' }),
              duplicates: z.array(FlaggedLine).openapi({
                description: 'les lignes du fichier qui sont des doublons possibles',
              }),
              leftOut: z.array(z.number().int()).openapi({
                description: 'celles laissées de côté (par défaut), par numéro de ligne',
              }),
            })
            .openapi('StatementImportResult'),
          'Relevé importé',
        ),
        202: jsonResponse(ImportJobAccepted, 'Fichier volumineux : importé en tâche de fond'),
        ...problems(400, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'hours:write');
      const { duplicates, dryRun } = c.req.valid('query');
      const fileName = c.req.valid('header')['x-file-name'] ?? null;
      const upload = { ...(await statementUploadOf(c)), fileName };
      const setup = jobSetupFor(c.var.deps, upload.bytes.length);
      if (dryRun) {
        // Only read: in the request whatever its size (a job is for the writing).
        const file = statementFileOf(upload);
        return c.json(await previewStatement(c.var.deps, file, duplicates), 200);
      }
      if (setup) {
        const job = await submitImportJob(c.var.deps, setup, actor, 'statement', upload);
        return c.json({ jobId: job.id, status: job.status }, 202);
      }
      const file = statementFileOf(upload);
      return c.json(await importStatement(c.var.deps, actor, file, { duplicates, fileName }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/hours',
      tags,
      security: bearer,
      summary: 'Lister les lignes d’heures d’un marché, d’un PLIE ou d’un participant',
      description:
        'Précisez `contractId` ou `plieId` (un coordinateur ne voit que les lignes de son PLIE). ' +
        'Les lignes sortent par mois puis par ordre de saisie.',
      request: { query: HoursListQuery },
      responses: {
        200: jsonResponse(listOf(HoursLine, 'HoursLine'), 'Une page de lignes'),
        ...problems(400, 404),
      },
    }),
    async (c) => {
      const { contractId, plieId, month, participantId, cursor, limit } = c.req.valid('query');
      const actor = authorize(c, 'hours:read', plieId);
      const page = await listLines(c.var.deps, actor, {
        contractId,
        plieId,
        month,
        participantId,
        cursor,
        limit,
      });
      return c.json(page, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/hours/{id}',
      tags,
      security: bearer,
      summary: 'Lire une ligne d’heures',
      request: { params: IdParam },
      responses: { 200: jsonResponse(HoursLine, 'La ligne'), ...problems(400, 404) },
    }),
    async (c) => {
      authorize(c, 'hours:read');
      const line = await getLine(c.var.deps, c.req.valid('param').id);
      authorize(c, 'hours:read', line.plieId);
      return c.json(lineView(line), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/hours/{id}/void',
      tags,
      security: bearer,
      summary: 'Annuler une ligne d’heures, avec son motif (admin, achats)',
      description:
        'La ligne reste, marquée annulée ; ses heures sortent de tous les totaux. Une seconde annulation donne 409.',
      request: { params: IdParam, body: jsonBody(VoidBody) },
      responses: { 200: jsonResponse(HoursLine, 'Ligne annulée'), ...problems(400, 404, 409) },
    }),
    async (c) => {
      const actor = authorize(c, 'hours:write');
      const line = await voidHours(
        c.var.deps,
        actor,
        c.req.valid('param').id,
        c.req.valid('json').reason,
      );
      return c.json(line, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/hours/{id}/history',
      tags,
      security: bearer,
      summary:
        'Historique d’une ligne : qui l’a saisie, annulée, quand et pourquoi (admin, achats)',
      request: { params: IdParam, query: ListQuery },
      responses: {
        200: jsonResponse(ChangeList, 'Les changements, du plus ancien au plus récent'),
        ...problems(400, 404),
      },
    }),
    async (c) => {
      authorize(c, 'changes:read');
      const { cursor, limit } = c.req.valid('query');
      // A line that does not exist (or is another structure's) has no history: 404.
      const line = await getLine(c.var.deps, c.req.valid('param').id);
      const page = await changesOf(c.var.deps, {
        entityType: 'hours-line',
        entityId: line.id,
        cursor,
        limit,
      });
      return c.json(page, 200);
    },
  );

  return app;
}
