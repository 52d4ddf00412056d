import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import { Tenant, TenantCreate, TenantSummary } from '#shared/schemas/tenants';
import { z } from '#shared/schemas/zod';
import { createTenant, listTenants, ownTenant } from '#shared/services/tenants';

// The platform's operator: structures, their names and sizes; never their data.

const tags = ['Plateforme'];

export function tenantsRoutes() {
  const app = router();

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tenants',
      tags,
      security: bearer,
      summary: 'Lister les structures de la plateforme, avec leur taille (opérateur)',
      responses: {
        200: jsonResponse(
          z.object({ items: z.array(TenantSummary), nextCursor: z.null() }).openapi('TenantList'),
          'Toutes les structures',
        ),
        ...problems(),
      },
    }),
    async (c) => {
      authorize(c, 'tenants:manage');
      return c.json({ items: await listTenants(c.var.deps), nextCursor: null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/tenants',
      tags,
      security: bearer,
      summary: 'Créer une structure (opérateur)',
      description:
        'Son identifiant, unique et définitif, est celui que portent les comptes de ses ' +
        'utilisateurs (`custom:tenant`).',
      request: { body: jsonBody(TenantCreate) },
      responses: { 201: jsonResponse(Tenant, 'Structure créée'), ...problems(400, 409) },
    }),
    async (c) => {
      const actor = authorize(c, 'tenants:manage');
      return c.json(await createTenant(c.var.deps, actor, c.req.valid('json')), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/tenant',
      tags,
      security: bearer,
      summary: 'La structure de l’utilisateur (son nom, pour les pages)',
      responses: { 200: jsonResponse(Tenant, 'Sa structure'), ...problems() },
    }),
    async (c) => {
      authorize(c, 'tenant:read');
      return c.json(await ownTenant(c.var.deps), 200);
    },
  );

  return app;
}
