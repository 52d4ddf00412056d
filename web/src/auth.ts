// Who is signed in. The token lives in sessionStorage (gone with the tab) and never in a URL.
// Locally the role picker asks POST /dev/token; in AWS the Cognito hosted sign-in runs the
// authorization code flow with PKCE, and the server exchanges the code (same origin).

import {
  type Identity,
  parseGroups,
  plieScope,
  type Role,
  roleFromGroups,
  STRUCTURE_ROLES,
} from '#shared/domain/access';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import type { PagesConfig } from '#shared/pages-config';

export type { Role };

/** The signed-in identity (as the server reads it from the same claims) and its token. */
export interface Session extends Identity {
  token: string;
  expiresAt: number;
}

const KEY = 'clause-tracker.session';
const PKCE_KEY = 'clause-tracker.pkce';

function decodePayload(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(
    part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '='),
  );
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
}

/**
 * Reads the claims for display and navigation only: the server checks every request. The
 * role is found as the server finds it (shared/domain/access.ts); a token with no known role
 * is no session.
 */
export function sessionFromToken(token: string): Session {
  const claims = decodePayload(token);
  const role = roleFromGroups(parseGroups(claims['cognito:groups']));
  if (!role) throw new Error('Ce jeton ne donne aucun rôle dans clause-tracker.');
  const plieId = claims['custom:plieId'];
  const siret = claims['custom:siret'];
  const tenant = claims['custom:tenant'];
  return {
    token,
    sub: String(claims.sub ?? ''),
    role,
    ...(typeof plieId === 'string' && plieId ? { plieId } : {}),
    ...(typeof siret === 'string' && siret ? { siret } : {}),
    // A structure's people work in theirs (none named: `default`); the others in none.
    ...(STRUCTURE_ROLES.includes(role)
      ? { tenant: typeof tenant === 'string' && tenant ? tenant : DEFAULT_TENANT }
      : {}),
    expiresAt: Number(claims.exp ?? 0) * 1000,
  };
}

/** The PLIE a coordinator's pages are limited to (undefined for everyone else). */
export function ownPlie(session: Session): string | undefined {
  return plieScope(session, undefined);
}

export function currentSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  if (!token) return null;
  try {
    const session = sessionFromToken(token);
    return session.expiresAt > Date.now() ? session : null;
  } catch {
    return null;
  }
}

export function saveToken(token: string): Session {
  sessionStorage.setItem(KEY, token);
  return sessionFromToken(token);
}

export function forget(): void {
  sessionStorage.removeItem(KEY);
}

let config: Promise<PagesConfig> | undefined;
export function pagesConfig(): Promise<PagesConfig> {
  config ??= fetch('/app-config.json').then((r) => r.json() as Promise<PagesConfig>);
  return config;
}

/** What a local sign-in names beside the role: the structure, the PLIE, the company. */
export interface LocalSignIn {
  /** The structure of a structure role (admin, procurement, coordinator); absent: `default`. */
  tenant?: string;
  plieId?: string;
  siret?: string;
}

export async function signInLocally(
  role: Role,
  { tenant, plieId, siret }: LocalSignIn = {},
): Promise<Session> {
  const response = await fetch('/dev/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      role,
      ...(STRUCTURE_ROLES.includes(role) && tenant ? { tenant } : {}),
      ...(role === 'plie-coordinator' ? { plieId } : {}),
      ...(role === 'awardee' ? { siret: siret?.replace(/\s/g, '') } : {}),
    }),
  });
  if (response.status === 400 && role === 'awardee') {
    throw new Error('Donnez le SIRET de votre entreprise : 14 chiffres.');
  }
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new Error(
      problem.detail
        ? `Connexion locale impossible : ${problem.detail}`
        : 'Connexion locale impossible.',
    );
  }
  return saveToken(((await response.json()) as { token: string }).token);
}

const base64url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** Sends the browser to the Cognito hosted sign-in, with a PKCE challenge and a state. */
export async function startCognitoSignIn(
  cfg: Extract<PagesConfig, { mode: 'cognito' }>,
): Promise<void> {
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(48)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const url = new URL(`${cfg.domain}/oauth2/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: cfg.clientId,
    redirect_uri: cfg.redirectUri,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  }).toString();
  location.assign(url.toString());
}

/** Back from Cognito with `?code=…&state=…`: exchanges the code, then clears the URL. */
export async function completeCognitoSignIn(): Promise<Session | null> {
  const params = new URLSearchParams(location.search);
  const code = params.get('code');
  if (!code) return null;
  const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as {
    verifier: string;
    state: string;
  } | null;
  sessionStorage.removeItem(PKCE_KEY);
  history.replaceState(null, '', `${location.pathname}#/`);
  if (!saved || saved.state !== params.get('state'))
    throw new Error('Réponse de connexion inattendue : recommencez.');
  const response = await fetch('/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, codeVerifier: saved.verifier }),
  });
  if (!response.ok) throw new Error('La connexion a échoué : recommencez.');
  return saveToken(((await response.json()) as { idToken: string }).idToken);
}

export async function signOut(): Promise<void> {
  forget();
  const cfg = await pagesConfig();
  if (cfg.mode === 'cognito') {
    const url = new URL(`${cfg.domain}/logout`);
    url.search = new URLSearchParams({
      client_id: cfg.clientId,
      logout_uri: cfg.redirectUri,
    }).toString();
    location.assign(url.toString());
  } else {
    location.hash = '#/connexion';
  }
}
