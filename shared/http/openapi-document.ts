import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './env';
import { completeDocument } from './openapi';
import { ROUTE_GROUPS } from './route-groups';
import { router } from './router';

// The OpenAPI document, from the routes' own schemas: imported by the first request for
// `/openapi.json` or `/docs` only, since it needs every route group and the OpenAPI generator.

const DOCUMENT_CONFIG = {
  openapi: '3.1.0',
  info: {
    title: 'clause-tracker',
    version: '0.1.0',
    description:
      'Suivi des clauses sociales d’insertion : heures par marché et par PLIE, financements, sorties, marchés réservés.',
    license: {
      name: 'AGPL-3.0-or-later',
      url: 'https://www.gnu.org/licenses/agpl-3.0.html',
    },
  },
};

/**
 * Every group's routes under `/api`, the open data's public ones, and the local sign-in's under
 * `/dev` when it is on.
 */
export async function buildDocument(
  devRoutes: OpenAPIHono<AppEnv> | undefined,
): Promise<Record<string, unknown>> {
  const app = router();
  for (const load of Object.values(ROUTE_GROUPS)) app.route('/api', await load());
  // The open data's public addresses, outside /api (no token).
  app.route('/', (await import('./routes/open-data-public')).openDataPublicRoutes());
  if (devRoutes) app.route('/dev', devRoutes);
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });
  return completeDocument(
    app.getOpenAPI31Document(DOCUMENT_CONFIG) as unknown as Record<string, unknown>,
  );
}
