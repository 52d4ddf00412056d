import { z } from '@hono/zod-openapi';
import { etag } from 'hono/etag';
import { NotFoundError } from '#shared/errors';
import { jsonResponse, router } from '#shared/http/router';
import { Problem } from '#shared/schemas/common';
import { PublicTenant, PublicYear } from '#shared/schemas/open-data';
import type { ServiceDeps } from '#shared/services/deps';
import { publishedIndex, publishedYear } from '#shared/services/open-data-public';

// The public addresses of the structures' open data, outside `/api` and with no token (in AWS,
// routes without the JWT authorizer: infra/aws/constructs/api.ts): the index of a structure's
// published years, and each year's CSV and Table Schema as they were published. Anyone may
// keep them for five minutes (a retraction is seen within that time); an ETag spares a reader
// that has them the bytes; any origin may read them (CORS, set where the app mounts them).

const tags = ['Données ouvertes'];
const CACHE = 'public, max-age=300';
const notFound = {
  404: {
    description: 'Structure inconnue, ou année non publiée',
    content: { 'application/problem+json': { schema: Problem } },
  },
};

const TenantParam = z.object({ tenant: PublicTenant });
const YearParams = z.object({ tenant: PublicTenant, year: PublicYear });

/** The file a request names: `2025.csv` or `2025.schema.json`. */
const FILE = /^(\d{4})\.(csv|schema\.json)$/;
const NOTHING = 'Aucune donnée publiée à cette adresse.';

/** Parameters that are not a structure's or a year's name nothing published: the same 404. */
function paramsOf<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new NotFoundError(NOTHING);
  return parsed.data;
}

export function openDataPublicRoutes() {
  const app = router();
  app.use('*', etag());

  // Documented here, served by the two handlers below (Hono names a path parameter up to the
  // next `/`, so `{year}.csv` is one parameter it splits itself).
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/open-data/{tenant}/datapackage.json',
    tags,
    security: [],
    summary: 'Les années publiées d’une structure (Data Package, sans jeton)',
    description:
      'Un Data Package (Frictionless Data) : une ressource par année publiée, avec son CSV, ' +
      'son Table Schema, sa date de publication et sa licence (Licence Ouverte 2.0).',
    request: { params: TenantParam },
    responses: {
      200: jsonResponse(z.record(z.string(), z.unknown()), 'L’index'),
      ...notFound,
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/open-data/{tenant}/{year}.csv',
    tags,
    security: [],
    summary: 'Les résultats d’une année publiée, en CSV (sans jeton)',
    description:
      'Agrégats de l’année tels que publiés : virgules, point décimal, UTF-8 ; une cellule vide ' +
      'et `secret` à `oui` quand un nombre est tu au titre du secret statistique.',
    request: { params: YearParams },
    responses: {
      200: { description: 'Le CSV', content: { 'text/csv': { schema: z.string() } } },
      ...notFound,
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/open-data/{tenant}/{year}.schema.json',
    tags,
    security: [],
    summary: 'Le Table Schema du CSV d’une année publiée (sans jeton)',
    description: 'Chaque colonne : nom, titre en français, type, unité et description.',
    request: { params: YearParams },
    responses: {
      200: jsonResponse(z.record(z.string(), z.unknown()), 'Le Table Schema'),
      ...notFound,
    },
  });

  app.get('/open-data/:tenant/datapackage.json', async (c) => {
    const { tenant } = paramsOf(TenantParam, c.req.param());
    const index = await publishedIndex(registryOf(c.var.deps), tenant);
    return c.json(index, 200, { 'cache-control': CACHE });
  });

  app.get('/open-data/:tenant/:file', async (c) => {
    const match = FILE.exec(c.req.param('file'));
    if (!match) throw new NotFoundError(NOTHING);
    const { tenant, year } = paramsOf(YearParams, {
      tenant: c.req.param('tenant'),
      year: match[1],
    });
    const published = await publishedYear(registryOf(c.var.deps), tenant, year);
    if (match[2] === 'csv') {
      return c.body(published.csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `inline; filename="${tenant}-${year}.csv"`,
        'cache-control': CACHE,
      });
    }
    return c.body(published.schema, 200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': CACHE,
    });
  });

  return app;
}

/** The register of every structure: these addresses name theirs in the path, not in a token. */
function registryOf(deps: ServiceDeps) {
  if (!deps.platform) throw new Error('The public open data needs the platform register');
  return deps.platform;
}
