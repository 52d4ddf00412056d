import { createRoute } from '@hono/zod-openapi';
import { authorize } from '#shared/http/auth';
import { bearer, jsonBody, jsonResponse, problems, router } from '#shared/http/router';
import {
  AdministratorInvitation,
  AdministratorInvite,
  Tenant,
  TenantCreate,
  TenantIdParam,
  TenantSummary,
} from '#shared/schemas/tenants';
import { z } from '#shared/schemas/zod';
import { inviteAdministrator } from '#shared/services/administrator-invitations';
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
      method: 'post',
      path: '/tenants/{id}/administrators',
      tags,
      security: bearer,
      summary: 'Inviter un administrateur de la structure (opérateur)',
      description:
        'En AWS, un compte Cognito du groupe admin rattaché à la structure (`custom:tenant`), ' +
        'dont Cognito envoie par courriel le mot de passe provisoire ; en mode local, un lien ' +
        'de connexion (`signInUrl`). Redemandé pour la même adresse et la même structure : ' +
        '200, `existing`, rien de nouveau. Une adresse déjà administratrice d’une autre ' +
        'structure : 409. L’invitation est notée dans le registre de la plateforme (qui, ' +
        'quand), pas dans les données de la structure.',
      request: { params: TenantIdParam, body: jsonBody(AdministratorInvite) },
      responses: {
        201: jsonResponse(AdministratorInvitation, 'Administrateur invité'),
        200: jsonResponse(AdministratorInvitation, 'Déjà invité à cette structure'),
        ...problems(400, 404, 409),
      },
    }),
    async (c) => {
      const actor = authorize(c, 'tenants:manage');
      const { id } = c.req.valid('param');
      const invitation = await inviteAdministrator(c.var.deps, actor, id, c.req.valid('json'));
      return c.json(invitation, invitation.recorded ? 201 : 200);
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
