import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import { IdParam, listOf, Text } from '#shared/schemas/common';
import {
  AmendmentCreate,
  Contract,
  ContractCreate,
  ContractDetail,
  ContractListQuery,
  ContractPatch,
} from '#shared/schemas/contracts';
import { z } from '#shared/schemas/zod';
import { amendContract } from '#shared/services/amendments';
import { contractsOfAwardee } from '#shared/services/awardees';
import { recomputeAllocationKey } from '#shared/services/contract-allocation';
import { contractDetail } from '#shared/services/contract-detail';
import { contractView } from '#shared/services/contract-view';
import {
  contractMonths,
  createContract,
  listContracts,
  patchContract,
} from '#shared/services/contracts';
import { addAttestationRoute } from './contracts-attestation';
import { addDecpImportRoute } from './contracts-decp';

const tags = ['Marchés'];

export function contractsRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/contracts',
      tags,
      security: bearer,
      summary: 'Enregistrer un marché (admin, achats)',
      description:
        'La référence est unique pour un même SIRET d’acheteur (409 sinon). `targetHours` est ' +
        'donné ou calculé à partir de `insertionInputs` (montant × part de main-d’œuvre × taux ' +
        'd’insertion ÷ coût horaire, arrondi à l’heure).',
      request: { body: jsonBody(ContractCreate) },
      responses: { 201: jsonResponse(Contract, 'Marché créé'), ...problems(400, 409, 422) },
    }),
    async (c) => {
      const actor = authorize(c, 'contracts:write');
      const record = await createContract(c.var.deps, actor, c.req.valid('json'));
      return c.json(contractView(record), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contracts',
      tags,
      security: bearer,
      summary: 'Lister les marchés (notification la plus récente d’abord)',
      description:
        'Un titulaire (rôle awardee) reçoit les marchés que son entreprise (SIREN) tient, comme ' +
        'titulaire ou cotraitant, en une page, sans filtre. Les filtres se combinent ; un ' +
        'paramètre inconnu est refusé (400). `targetMissing=true` : les marchés à clause ' +
        'sociale sans objectif d’heures.',
      request: { query: ContractListQuery },
      responses: {
        200: jsonResponse(listOf(Contract, 'Contract'), 'Une page de marchés'),
        ...problems(400),
      },
    }),
    async (c) => {
      authorize(c, 'contracts:open');
      if (c.var.identity.role === 'awardee') {
        // An awardee sees the contracts its company holds, and only those.
        const held = await contractsOfAwardee(c.var.deps, c.var.identity);
        const items = held.map(({ tenant, tenantName, ...contract }) => ({
          ...contractView(contract),
          tenant,
          tenantName,
        }));
        return c.json({ items, nextCursor: null }, 200);
      }
      const { cursor, limit, ...filter } = c.req.valid('query');
      return c.json(await listContracts(c.var.deps, filter, { cursor, limit }), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contracts/{id}',
      tags,
      security: bearer,
      summary: 'Lire un marché, avec la répartition de ses heures entre PLIE',
      description: 'Un titulaire ne lit que les marchés de son entreprise (404 pour les autres).',
      request: { params: IdParam },
      responses: { 200: jsonResponse(ContractDetail, 'Le marché'), ...problems(400, 404) },
    }),
    async (c) => {
      const actor = authorize(c, 'contracts:open');
      return c.json(await contractDetail(c.var.deps, actor, c.req.valid('param').id), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/contracts/{id}/months',
      tags,
      security: bearer,
      summary: 'Heures d’un marché mois par mois et PLIE par PLIE, sur sa durée',
      request: { params: IdParam },
      responses: {
        200: jsonResponse(
          z
            .object({
              items: z.array(
                z.object({
                  year: z.number().int(),
                  plieId: z.string(),
                  months: z.array(z.number()).length(12),
                }),
              ),
            })
            .openapi('ContractMonths'),
          'Heures par année, PLIE et mois (janvier à décembre)',
        ),
        ...problems(400, 404),
      },
    }),
    async (c) => {
      authorize(c, 'contracts:read');
      return c.json({ items: await contractMonths(c.var.deps, c.req.valid('param').id) }, 200);
    },
  );

  addAttestationRoute(app, tags);
  addDecpImportRoute(app, tags);

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/contracts/{id}',
      tags,
      security: bearer,
      summary: 'Compléter ou corriger un marché (admin, achats)',
      description:
        'PLIE (allocation), objectif d’heures ou éléments de calcul, fondement du marché réservé, ' +
        'considérations sociales. `null` efface un champ facultatif. Les règles de la création ' +
        's’appliquent ; 409 si le marché a changé depuis sa lecture.',
      request: { params: IdParam, body: jsonBody(ContractPatch) },
      responses: { 200: jsonResponse(Contract, 'Marché modifié'), ...problems(400, 404, 409, 422) },
    }),
    async (c) => {
      const actor = authorize(c, 'contracts:write');
      const record = await patchContract(
        c.var.deps,
        actor,
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(contractView(record), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/contracts/{id}/allocation-key/recompute',
      tags,
      security: bearer,
      summary: 'Recalculer la clé de répartition d’un marché partagé (admin)',
      description:
        'La répartition d’un marché partagé est décidée avec les critères de son année de ' +
        'notification et conservée avec lui : corriger ces critères ne la change pas. Un ' +
        'administrateur la recalcule ici, avec un motif gardé dans l’historique.',
      request: {
        params: IdParam,
        body: jsonBody(z.object({ reason: Text(500) }).openapi('RecomputeAllocationKey')),
      },
      responses: {
        200: jsonResponse(Contract, 'Le marché et sa nouvelle clé'),
        ...problems(400, 404, 409, 422),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'plies:write');
      const record = await recomputeAllocationKey(
        c.var.deps,
        actor,
        c.req.valid('param').id,
        c.req.valid('json').reason,
      );
      return c.json(contractView(record), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/contracts/{id}/amendments',
      tags,
      security: bearer,
      summary:
        'Enregistrer un avenant : montant, fin, objectif d’heures ou répartition (admin, achats)',
      description:
        'L’avenant prend effet à sa date, avec son motif, et reste dans l’historique du marché. ' +
        'Les heures déjà saisies restent acquises à leur PLIE ; l’avancement et le prorata ' +
        'utilisent les valeurs en vigueur au jour jugé. Toujours : notification ≤ début ≤ fin.',
      request: { params: IdParam, body: jsonBody(AmendmentCreate) },
      responses: {
        201: jsonResponse(Contract, 'Le marché avec son avenant'),
        ...problems(400, 404, 409, 422),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'contracts:write');
      const record = await amendContract(
        c.var.deps,
        actor,
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(contractView(record), 201);
    },
  );

  return app;
}
