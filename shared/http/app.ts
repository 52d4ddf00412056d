import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { DEFAULT_TENANT, NO_TENANT } from '#shared/domain/tenants';
import { PayloadTooLargeError } from '#shared/errors';
import { logJson } from '#shared/log';
import type { AdministratorInviter } from '#shared/services/administrator-invitations';
import type { ImportJobsSetup, ServiceDeps } from '#shared/services/deps';
import type { AwardeeInviter } from '#shared/services/invitations';
import type { StoreRegistry } from '#shared/store/index';
import { type Authenticator, authenticate, awardeeGate, platformGate } from './auth';
import { DOCS_CSS, renderDocs } from './docs';
import type { AppEnv } from './env';
import { hostCheck } from './host-check';
import { mountPages, type PagesConfig } from './pages';
import { errorToResponse, problem, problemResponse } from './problem';
import { type GroupName, groupOf, ROUTE_GROUPS, withZod } from './route-groups';

export interface AppOptions {
  /** Every structure's stores: each request gets its caller's structure's (auth.ts). */
  stores: StoreRegistry;
  /** Where the caller's claims come from: dev tokens locally, the JWT authorizer in AWS. */
  authenticator: Authenticator;
  /** Set in local mode only: enables `POST /dev/token`, signed with this secret. */
  devTokenSecret?: string | undefined;
  now?: () => Date;
  logError?: (error: unknown, reference: string) => void;
  /** Where big imports go as jobs; absent, every import runs within its request. */
  imports?: ImportJobsSetup | undefined;
  /** How an invited awardee contact gets in (Cognito in AWS, a printed link locally). */
  inviter?: AwardeeInviter | undefined;
  /** How a structure's administrator the operator invites gets in (the same two ways). */
  adminInviter?: AdministratorInviter | undefined;
  /** The largest import body accepted: 5 MB behind Lambda (6 MB payload), more locally. */
  maxImportBytes?: number | undefined;
  /** The origin of the uploads bucket, where the pages send files over 4 MB (AWS only). */
  uploadOrigin?: string | undefined;
  /** The web pages: where their built files are, and how they sign users in. */
  pages?: { dir: string; config: PagesConfig; signInTimeoutMs?: number } | undefined;
  /** Served over HTTPS only (AWS): browsers are told never to use plain HTTP (HSTS). */
  httpsOnly?: boolean | undefined;
  /** Local mode: the only `Host` names answered (shared/http/host-check.ts, DNS rebinding). */
  allowedHosts?: readonly string[] | undefined;
}

const MAX_BODY_BYTES = 1024 * 1024;
/** Imports (DECP files, monthly statements) may be larger, within Lambda's 6 MB payload. */
const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
const isImport = (path: string) =>
  /\/import(\/|$)|\/statements\/[^/]+\/replace$|\/imports\/[^/]+\/file$/.test(path);

/**
 * The security headers, by Hono's secure-headers: a CSP with no inline script or style (the
 * pages set styles through the CSSOM, which a CSP allows), no framing, no referrer, a closed
 * opener, no powerful feature; HSTS where the API is served over HTTPS (AWS). `uploadOrigin`
 * is the bucket the pages may send big files to.
 */
const securityHeaders = (uploadOrigin: string | undefined, hsts: boolean): MiddlewareHandler =>
  secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ...(uploadOrigin ? [uploadOrigin] : [])],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
    },
    strictTransportSecurity: hsts ? 'max-age=31536000; includeSubDomains' : false,
    xFrameOptions: 'DENY',
    referrerPolicy: 'no-referrer',
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    crossOriginEmbedderPolicy: false,
    permissionsPolicy: {
      camera: [],
      microphone: [],
      geolocation: [],
      payment: [],
      usb: [],
      serial: [],
      hid: [],
      bluetooth: [],
      displayCapture: [],
      browsingTopics: [],
    },
  });

/**
 * The structures' published open data may be read from any origin (a portal, a chart on
 * another site): no credential is involved. Set around the security headers, which would say
 * same-origin.
 */
const openToAll: MiddlewareHandler = async (c, next) => {
  await next();
  // On the answer itself, as secure-headers does: `c.header` on a finalized answer builds a
  // new Response (headers copied, body rewrapped) at each call.
  c.res.headers.set('access-control-allow-origin', '*');
  c.res.headers.set('cross-origin-resource-policy', 'cross-origin');
};

/** Nothing the API answers to a signed-in user (participants, hours, reports) is kept by a cache. */
const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  // Not `c.header`, which would build the answer again (see openToAll).
  if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
};

/**
 * The security headers every answer carries, as the app sets them: what the API function's
 * adapter writes into its result when it takes them over (`securityHeadersByAdapter`).
 */
export async function securityHeaderList(
  options: Pick<AppOptions, 'uploadOrigin' | 'httpsOnly'>,
): Promise<[string, string][]> {
  const probe = new Hono();
  probe.use('*', securityHeaders(options.uploadOrigin, options.httpsOnly ?? false));
  probe.get('/', (c) => c.body(null, 204));
  return [...(await probe.request('/')).headers];
}

/**
 * A JSON body the Lambda adapter already holds as text goes into Hono's body cache, where the
 * validators' `c.req.json()` looks first: the Request's stream is then left unread.
 */
export const primeJsonBody = (c: Context<AppEnv>) => {
  const text = c.env?.jsonBody;
  // Hono keeps promises there, whatever its type says (hono/dist/request.js, #cachedBody).
  const cache = c.req.bodyCache as { text?: Promise<string> };
  if (text !== undefined && !cache.text) cache.text = Promise.resolve(text);
};

/** The whole HTTP API, wired to what the caller passes: the same app locally and in Lambda. */
export function createApp(options: AppOptions) {
  const registry = options.stores;
  // Before authentication (local tokens): no structure's stores, the register of structures.
  const deps: ServiceDeps = {
    stores: registry.of(NO_TENANT),
    platform: registry,
    now: options.now ?? (() => new Date()),
    imports: options.imports,
    inviter: options.inviter,
    adminInviter: options.adminInviter,
  };
  const logError =
    options.logError ??
    ((error: unknown, reference: string) =>
      logJson('ERROR', 'Unhandled error', { reference, error }));

  const notFound = () =>
    problemResponse(problem(404, 'not-found', 'Aucune ressource à cette adresse.'));
  const onError = (error: Error) => errorToResponse(error, logError);

  const app = new Hono<AppEnv>();
  if (options.allowedHosts) app.use('*', hostCheck(options.allowedHosts));
  app.use('/open-data/*', openToAll);
  const security = securityHeaders(options.uploadOrigin, options.httpsOnly ?? false);
  // Behind the API function's adapter, which writes them into its result as they are.
  app.use('*', (c, next) => (c.env?.securityHeadersByAdapter ? next() : security(c, next)));
  app.use('/api/*', noStore);
  app.use('/dev/*', noStore);
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    primeJsonBody(c);
    await next();
  });
  const limit = (maxSize: number, label: string) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new PayloadTooLargeError(`Le corps de la requête dépasse ${label}.`);
      },
    });
  const maxImport = options.maxImportBytes ?? MAX_IMPORT_BYTES;
  const bodyLimits = {
    normal: limit(MAX_BODY_BYTES, '1 Mo'),
    imports: limit(maxImport, `${Math.round(maxImport / 1024 / 1024)} Mo`),
  };
  app.use('*', (c, next) =>
    (isImport(c.req.path) ? bodyLimits.imports : bodyLimits.normal)(c, next),
  );
  app.use('/api/*', authenticate(options.authenticator, registry));
  app.use('/api/*', awardeeGate);
  app.use('/api/*', platformGate);

  // A route group runs as an app of its own, mounted where the routes expect it, on the
  // request as this app let it through (authenticated, its body limited) and with its
  // variables. Loaded once; a failed import is tried again by the next request.
  const groups = new Map<string, Promise<Hono<AppEnv>>>();
  const mounted = (key: string, mount: string, load: () => Promise<Hono<AppEnv>>) => {
    let group = groups.get(key);
    if (!group) {
      group = load().then((routes) => {
        const wrapper = new Hono<AppEnv>();
        wrapper.use('*', async (c, next) => {
          const inherited = c.env?.inherited;
          if (inherited?.identity) c.set('identity', inherited.identity);
          if (inherited?.deps) c.set('deps', inherited.deps);
          primeJsonBody(c);
          await next();
        });
        wrapper.route(mount, routes);
        wrapper.notFound(notFound);
        wrapper.onError(onError);
        return wrapper;
      });
      groups.set(key, group);
      group.catch(() => groups.delete(key));
    }
    return group;
  };
  const forward = async (c: Context<AppEnv>, group: Hono<AppEnv>) =>
    group.fetch(c.req.raw, {
      ...c.env,
      inherited: { identity: c.var.identity, deps: c.var.deps },
    });
  const groupRoutes = (name: GroupName) => mounted(name, '/api', ROUTE_GROUPS[name]);
  const devRoutes = (secret: string) =>
    mounted('dev', '/dev', () =>
      withZod(() => import('./routes/dev')).then((m) => m.devRoutes(secret)),
    );
  // The open data a structure published: no token, whoever asks (routes/open-data-public.ts).
  const openDataRoutes = () =>
    mounted('open-data', '/', () =>
      withZod(() => import('./routes/open-data-public')).then((m) => m.openDataPublicRoutes()),
    );

  // Unreachable, the table makes this a 503 with Retry-After (problem.ts), like any route.
  app.get('/health', async (c) => {
    await registry.of(DEFAULT_TENANT).settings.ping();
    return c.json({ status: 'ok' });
  });
  app.all('/api/*', async (c) => {
    const name = groupOf(c.req.path.slice('/api'.length));
    return name ? forward(c, await groupRoutes(name)) : notFound();
  });
  app.get('/open-data/*', async (c) => forward(c, await openDataRoutes()));
  const { devTokenSecret } = options;
  if (devTokenSecret) app.all('/dev/*', async (c) => forward(c, await devRoutes(devTokenSecret)));
  if (options.pages) mountPages(app, options.pages);

  // Built once, on the first request that asks for it.
  let document: Promise<Record<string, unknown>> | undefined;
  const openApiDocument = () => {
    document ??= withZod(() => import('./openapi-document')).then(async ({ buildDocument }) =>
      buildDocument(
        devTokenSecret ? (await import('./routes/dev')).devRoutes(devTokenSecret) : undefined,
      ),
    );
    document.catch(() => {
      document = undefined;
    });
    return document;
  };
  app.get('/openapi.json', async (c) => c.json(await openApiDocument()));
  app.get('/docs.css', (c) =>
    c.body(DOCS_CSS, 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    }),
  );
  app.get('/docs', async (c) => c.html(renderDocs(await openApiDocument())));

  app.notFound(notFound);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
