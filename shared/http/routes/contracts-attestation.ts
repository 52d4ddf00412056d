import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import type { AppEnv } from '#shared/http/env';
import { bearer, jsonResponse, problems } from '#shared/http/router';
import { Attestation } from '#shared/schemas/attestations';
import { IdParam } from '#shared/schemas/common';
import { contractAttestation } from '#shared/services/attestation';

// The contracts group's attestation of a contract's insertion hours, by year and modality.

export function addAttestationRoute(app: OpenAPIHono<AppEnv>, tags: string[]): void {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/contracts/{id}/attestation',
      tags,
      security: bearer,
      summary: 'Attestation de réalisation des heures d’insertion d’un marché',
      description:
        'Les heures du marché année par année et modalité par modalité, de son début à la date ' +
        'd’édition, avec la structure qui le suit, l’acheteur, le titulaire et la période. Seules ' +
        'les heures enregistrées comptent (saisies, importées, ou déclarées et validées). Un ' +
        'titulaire n’obtient que celle des marchés de son entreprise (404 pour les autres) ; ' +
        'administrateurs et facilitateurs, celle de tout marché de la structure.',
      request: { params: IdParam },
      responses: { 200: jsonResponse(Attestation, 'L’attestation'), ...problems(400, 404) },
    }),
    async (c) => {
      const actor = authorize(c, 'contracts:attest');
      return c.json(await contractAttestation(c.var.deps, actor, c.req.valid('param').id), 200);
    },
  );
}
