import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { Hono } from 'hono';
import type { PagesConfig } from '#shared/pages-config';
import type { AppEnv } from './env';
import { problem, problemResponse } from './problem';
import { withZod } from './route-groups';

// The web pages: a static shell and its assets, built by web/build.mjs, read once from disk and
// served from memory. Their data comes from /api with the user's bearer token, so the same
// files work locally (dev tokens) and behind the AWS JWT authorizer (Cognito).

export type { PagesConfig } from '#shared/pages-config';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

function readTree(dir: string): Map<string, { body: Buffer; type: string }> {
  const files = new Map<string, { body: Buffer; type: string }>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else {
        files.set(`/${relative(dir, path).split('\\').join('/')}`, {
          body: readFileSync(path),
          type: TYPES[extname(name)] ?? 'application/octet-stream',
        });
      }
    }
  };
  walk(dir);
  return files;
}

/** How long the sign-in waits for Cognito's token endpoint. */
const SIGN_IN_TIMEOUT_MS = 8000;

/** Mounts `/`, `/assets/*` and `/app-config.json`; in Cognito mode also `POST /auth/token`. */
export function mountPages(
  app: Hono<AppEnv>,
  options: { dir: string; config: PagesConfig; signInTimeoutMs?: number },
) {
  if (!existsSync(join(options.dir, 'index.html'))) {
    throw new Error(
      `Pages introuvables dans ${options.dir} : lancez le build des pages (web/build.mjs).`,
    );
  }
  const files = readTree(options.dir);
  const index = files.get('/index.html') as { body: Buffer; type: string };
  app.get('/', (c) =>
    c.body(new Uint8Array(index.body), 200, {
      'content-type': index.type,
      'cache-control': 'no-cache',
    }),
  );
  app.get('/app-config.json', (c) => c.json(options.config, 200, { 'cache-control': 'no-cache' }));
  app.get('/assets/*', (c) => {
    const file = files.get(c.req.path.replace(/^\/assets/, '/assets'));
    if (!file) return problemResponse(problem(404, 'not-found', 'Fichier introuvable.'));
    // Asset names carry a content hash: they never change under the same name.
    return c.body(new Uint8Array(file.body), 200, {
      'content-type': file.type,
      'cache-control': 'public, max-age=31536000, immutable',
    });
  });
  if (options.config.mode === 'cognito') {
    const { domain, clientId, redirectUri } = options.config;
    // The code is exchanged here rather than in the browser, so that the pages' Content-Security-
    // Policy allows no third-party origin at all.
    app.post('/auth/token', async (c) => {
      // Imported here: zod stays out of what a cold start loads for the other routes.
      const { TokenExchange } = await withZod(() => import('#shared/schemas/token-exchange'));
      const parsed = TokenExchange.safeParse(await c.req.json().catch(() => null));
      if (!parsed.success)
        return problemResponse(problem(400, 'invalid-input', 'Code d’autorisation invalide.'));
      const unavailable = () =>
        problemResponse(
          problem(
            502,
            'sign-in-unavailable',
            'Le service de connexion ne répond pas : réessayez dans un instant.',
          ),
        );
      let response: Response;
      try {
        response = await fetch(`${domain}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            client_id: clientId,
            code: parsed.data.code,
            redirect_uri: redirectUri,
            code_verifier: parsed.data.codeVerifier,
          }),
          // Within the API's own 29 s, so that a slow Cognito gets a clear answer, not a timeout.
          signal: AbortSignal.timeout(options.signInTimeoutMs ?? SIGN_IN_TIMEOUT_MS),
        });
      } catch {
        return unavailable();
      }
      if (response.status >= 500) return unavailable();
      if (!response.ok)
        return problemResponse(
          problem(401, 'unauthenticated', 'La connexion a échoué : recommencez.'),
        );
      const tokens = (await response.json().catch(() => null)) as {
        id_token?: string;
        expires_in?: number;
      } | null;
      if (!tokens?.id_token) return unavailable();
      return c.json({ idToken: tokens.id_token, expiresIn: tokens.expires_in }, 200, {
        'cache-control': 'no-store',
      });
    });
  }
}
