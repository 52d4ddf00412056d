import { createRoute } from '@hono/zod-openapi';
import { ROLES, STRUCTURE_ROLES } from '#shared/domain/access';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import { BusinessRuleError } from '#shared/errors';
import { signDevToken } from '#shared/http/auth';
import { jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import { PlieId, Text } from '#shared/schemas/common';
import { TenantId } from '#shared/schemas/tenants';
import { z } from '#shared/schemas/zod';
import { requireKnownPlie } from '#shared/services/lookups';
import { tenantExists } from '#shared/services/tenants';

const DevTokenRequest = z
  .object({
    role: z.enum(ROLES),
    plieId: PlieId.optional(),
    siret: z
      .string()
      .regex(/^[0-9]{14}$/, { message: 'SIRET : 14 chiffres' })
      .optional()
      .openapi({
        description: 'l’entreprise d’un titulaire (rôle awardee)',
        example: '41234567800012',
      }),
    tenant: TenantId.optional().openapi({
      description:
        'la structure de l’utilisateur (absente : `default`) ; sans effet pour un titulaire, l’opérateur ou l’observatoire',
    }),
    sub: z
      .string()
      .regex(/^[A-Za-z0-9._@-]{1,64}$/)
      .optional()
      .openapi({ description: 'identifiant de l’utilisateur simulé (facultatif)' }),
    name: Text(100)
      .optional()
      .openapi({ description: 'nom affiché dans les historiques (facultatif)' }),
  })
  .superRefine((value, ctx) => {
    if (value.role === 'plie-coordinator' && !value.plieId) {
      ctx.addIssue({
        code: 'custom',
        path: ['plieId'],
        message: 'Un coordinateur appartient à un PLIE',
      });
    }
    if (value.role === 'awardee' && !value.siret) {
      ctx.addIssue({
        code: 'custom',
        path: ['siret'],
        message: 'Un titulaire est une entreprise : son SIRET',
      });
    }
  })
  .openapi('DevTokenRequest');

/** Local mode only: hands out tokens carrying the same claims as the Cognito ones. */
export function devRoutes(secret: string) {
  const app = router();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/token',
      tags: ['Mode local'],
      // Public: it is what hands tokens out (local mode only).
      security: [],
      summary: 'Obtenir un jeton de développement (mode local uniquement)',
      request: { body: jsonBody(DevTokenRequest) },
      responses: {
        200: jsonResponse(
          z.object({ token: z.string() }).openapi('DevToken'),
          'Le jeton, valable 8 h (jamais mis en cache)',
        ),
        ...problems(400, 422),
      },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const inStructure = STRUCTURE_ROLES.includes(input.role);
      const tenant = inStructure ? (input.tenant ?? DEFAULT_TENANT) : undefined;
      const registry = c.var.deps.platform;
      if (tenant && registry) {
        if (!(await tenantExists(registry, tenant))) {
          throw new BusinessRuleError('Cette structure n’existe pas.', [
            { path: 'tenant', message: `Aucune structure « ${tenant} »` },
          ]);
        }
        if (input.plieId) {
          await requireKnownPlie({ ...c.var.deps, stores: registry.of(tenant) }, input.plieId);
        }
      }
      const token = await signDevToken(
        secret,
        {
          ...input,
          plieId: input.role === 'plie-coordinator' ? input.plieId : undefined,
          siret: input.role === 'awardee' ? input.siret : undefined,
          tenant: tenant === DEFAULT_TENANT ? undefined : tenant,
        },
        // Token lifetimes follow the real clock, not the business clock tests may set.
        new Date(),
      );
      return c.json({ token }, 200, { 'cache-control': 'no-store' });
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tenants',
      tags: ['Mode local'],
      security: [],
      summary: 'Les structures, pour choisir la sienne à la connexion (mode local uniquement)',
      responses: {
        200: jsonResponse(
          z
            .object({ items: z.array(z.object({ id: TenantId, name: z.string() })) })
            .openapi('DevTenantList'),
          'Les structures, par identifiant',
        ),
        ...problems(),
      },
    }),
    async (c) => {
      const registry = c.var.deps.platform;
      const listed = registry ? await registry.tenants.list() : [];
      const items = listed.map(({ id, name }) => ({ id, name }));
      // Before its upgrade has run, the structure `default` is there all the same.
      if (!items.some((t) => t.id === DEFAULT_TENANT)) {
        items.unshift({ id: DEFAULT_TENANT, name: 'Structure par défaut' });
      }
      return c.json({ items }, 200);
    },
  );
  return app;
}
