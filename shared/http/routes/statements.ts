import { createRoute } from '@hono/zod-openapi';
import { InvalidInputError } from '#shared/errors';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import { statementUploadOf, XLSX_TYPE } from '#shared/http/uploads';
import { jobSetupFor, statementFileOf, submitImportJob } from '#shared/jobs/import-submission';
import { listOf } from '#shared/schemas/common';
import { DuplicateDecisionField, FlaggedLine } from '#shared/schemas/duplicates';
import { FileNameHeader } from '#shared/schemas/file-name';
import { IdempotencyHeader } from '#shared/schemas/hours';
import { ImportJobAccepted } from '#shared/schemas/imports';
import {
  ReplaceQuery,
  Statement,
  StatementIdParam,
  StatementListQuery,
  StatementReason,
  StatementReject,
  StatementSubmit,
} from '#shared/schemas/statements';
import { z } from '#shared/schemas/zod';
import { listStatementsFor, statementFor, submitStatement } from '#shared/services/awardees';
import { possibleDuplicatesOf } from '#shared/services/declared-duplicates';
import {
  replaceStatement,
  statementReadyFor,
  withdrawStatement,
} from '#shared/services/statement-changes';
import { previewReplacement } from '#shared/services/statement-replacement';
import { rejectStatement, validateStatement } from '#shared/services/statement-review';
import { statementTemplateRoute } from './statement-template';

const tags = ['Relevés'];

const ValidateQuery = z.object({ duplicates: DuplicateDecisionField.optional() });

export function statementsRoutes() {
  const app = router();

  // Before /statements/{id}: « template » is no statement's id.
  statementTemplateRoute(app);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/statements',
      tags,
      security: bearer,
      summary:
        'Les relevés mensuels, du plus récent au plus ancien (admin, achats ; titulaire : les siens)',
      description:
        'Les fichiers importés par les facilitateurs et les relevés déclarés par les titulaires ; ' +
        '`status=submitted` donne ceux qui attendent une validation. Un titulaire ne voit que ' +
        'les relevés de son entreprise.',
      request: { query: StatementListQuery },
      responses: {
        200: jsonResponse(listOf(Statement, 'Statement'), 'Une page de relevés'),
        ...problems(400),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'statements:read');
      return c.json(await listStatementsFor(c.var.deps, actor, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/statements/{id}',
      tags,
      security: bearer,
      summary:
        'Un relevé : auteur, marchés et mois couverts, lignes, statut (titulaire : les siens)',
      description:
        'La déclaration d’un titulaire en attente de validation, lue par un facilitateur, ' +
        'liste dans `possibleDuplicates` ses lignes qui sont des doublons possibles : même ' +
        'marché, PLIE, mois, personne (ou sans participant) et heures qu’une ligne déjà comptée ' +
        'd’une autre source (relevé importé, saisie, autre déclaration).',
      request: { params: StatementIdParam },
      responses: { 200: jsonResponse(Statement, 'Le relevé'), ...problems(400, 404) },
    }),
    async (c) => {
      const actor = authorize(c, 'statements:read');
      const statement = await statementFor(c.var.deps, actor, c.req.valid('param').id);
      // Other companies' hours are not the awardee's to see: the facilitator's view only.
      if (actor.role === 'awardee') return c.json(statement, 200);
      const possibleDuplicates = await possibleDuplicatesOf(c.var.deps, statement);
      return c.json({ ...statement, possibleDuplicates }, 200);
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
        'et les nouvelles saisies, et l’ancien relevé renvoie au nouveau. Deux demandes à la fois : ' +
        'une seule passe, l’autre reçoit un 409. Un gros fichier est remplacé en tâche de fond ' +
        '(202, suivi par GET /api/imports/{jobId}). Comme à l’import, ses lignes qui sont des ' +
        'doublons possibles d’heures comptées d’une autre source (pas du relevé remplacé) sont ' +
        'listées dans `duplicates` et laissées de côté (`leftOut`), sauf avec `duplicates=count` ' +
        '(en tâche de fond : laissées de côté) ; `dryRun=true` les liste sans rien écrire.',
      request: {
        params: StatementIdParam,
        query: ReplaceQuery,
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
              statementId: z.string().openapi({ description: 'le nouveau relevé' }),
              imported: z.number().int(),
              alreadyImported: z.number().int(),
              lines: z.number().int().openapi({ description: 'les lignes comptées' }),
              duplicates: z.array(FlaggedLine).openapi({
                description: 'les lignes du fichier corrigé qui sont des doublons possibles',
              }),
              leftOut: z.array(z.number().int()).openapi({
                description: 'celles laissées de côté (par défaut), par numéro de ligne',
              }),
            })
            .openapi('StatementReplaceResult'),
          'Relevé remplacé (avec dryRun : ce que le remplacement ferait)',
        ),
        202: jsonResponse(ImportJobAccepted, 'Gros relevé : remplacé en tâche de fond'),
        ...problems(400, 404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'hours:write');
      const { id } = c.req.valid('param');
      const { reason, duplicates, dryRun } = c.req.valid('query');
      const fileName = c.req.valid('header')['x-file-name'] ?? null;
      const upload = { ...(await statementUploadOf(c)), fileName };
      if (dryRun) {
        // Only read: in the request whatever its size, as an import's dry run.
        const file = statementFileOf(upload);
        return c.json(await previewReplacement(c.var.deps, id, file, duplicates), 200);
      }
      if (!reason) {
        throw new InvalidInputError('Données invalides : reason (Champ obligatoire)', [
          { path: 'reason', message: 'Champ obligatoire' },
        ]);
      }
      // A replacement writes twice (the old lines voided, the new ones logged): a file half
      // the size of an import's runs as a job, where the request could not finish it.
      const setup = jobSetupFor(c.var.deps, upload.bytes.length * 2);
      if (setup) {
        // Refused at once if the statement cannot be replaced (the file is checked by the job).
        await statementReadyFor(c.var.deps, actor, id, 'replace');
        const job = await submitImportJob(c.var.deps, setup, actor, 'statement', upload, {
          statementId: id,
          reason,
        });
        return c.json({ jobId: job.id, status: job.status }, 202);
      }
      return c.json(
        await replaceStatement(c.var.deps, actor, id, statementFileOf(upload), reason, undefined, {
          duplicates,
          fileName,
        }),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/statements',
      tags,
      security: bearer,
      summary: 'Déclarer les heures d’un mois terminé sur un marché (titulaire)',
      description:
        'Le relevé est déclaré (`submitted`) : il ne compte pour rien tant qu’un facilitateur ' +
        'ne l’a pas validé. Une ligne par personne : sa référence PLIE si elle est connue, ' +
        'sinon une description sans nom. Plusieurs relevés peuvent couvrir le même mois ' +
        '(sous-traitants) ; `replaces` corrige un relevé refusé. Avec `Idempotency-Key`, ' +
        'renvoyer la même déclaration ne crée rien de plus.',
      request: { headers: IdempotencyHeader, body: jsonBody(StatementSubmit) },
      responses: {
        201: jsonResponse(Statement, 'Relevé déclaré, à valider'),
        ...problems(400, 404, 409, 422),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'statements:submit');
      const key = c.req.valid('header')['idempotency-key'];
      const { statement, replayed } = await submitStatement(
        c.var.deps,
        actor,
        c.req.valid('json'),
        key,
      );
      if (replayed) c.header('idempotency-replayed', 'true');
      return c.json(statement, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/statements/{id}/validate',
      tags,
      security: bearer,
      summary: 'Valider le relevé d’un titulaire : ses lignes sont saisies (admin, achats)',
      description:
        'Chaque ligne est contrôlée comme toute ligne d’heures (personne connue du PLIE et ' +
        'suivie ce mois-là, 250 h par mois…). Une erreur refuse la validation (422, par ligne) ' +
        'et rien n’est saisi ; sinon les lignes sont saisies avec le relevé pour source, et le ' +
        'statut change dans la même transaction que les dernières. Ses doublons possibles ' +
        '(voir GET /statements/{id}) sont laissés de côté, et gardés dans `leftOut`, sauf avec ' +
        '`duplicates=count`.',
      request: { params: StatementIdParam, query: ValidateQuery },
      responses: {
        200: jsonResponse(Statement, 'Relevé validé, lignes saisies'),
        ...problems(400, 404, 409, 422),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'hours:write');
      const { id } = c.req.valid('param');
      const { duplicates } = c.req.valid('query');
      return c.json(await validateStatement(c.var.deps, actor, id, duplicates), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/statements/{id}/reject',
      tags,
      security: bearer,
      summary: 'Refuser le relevé d’un titulaire, en entier ou certaines lignes (admin, achats)',
      description:
        'Rien n’est saisi. Le titulaire voit le motif, et chaque ligne refusée, et déclare un ' +
        'relevé corrigé (`replaces`).',
      request: { params: StatementIdParam, body: jsonBody(StatementReject) },
      responses: {
        200: jsonResponse(Statement, 'Relevé refusé'),
        ...problems(400, 404, 409, 422),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'hours:write');
      const { id } = c.req.valid('param');
      return c.json(await rejectStatement(c.var.deps, actor, id, c.req.valid('json')), 200);
    },
  );

  return app;
}
