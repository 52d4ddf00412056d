import type { Context, MiddlewareHandler } from 'hono';
import {
  type Action,
  type Identity,
  mayDo,
  mayDoForPlie,
  parseGroups,
  type Role,
  roleFromGroups,
} from '#shared/domain/access';
import { isControlOrBidi } from '#shared/domain/text';
import { ForbiddenError, UnauthenticatedError } from '#shared/errors';
import type { AppEnv } from './env';

// Identity comes from JWT claims in every mode: `sub`, `cognito:groups`, `custom:plieId`.
// In AWS the HTTP API's JWT authorizer has verified the token and hands over its claims;
// locally, dev tokens signed with a local secret carry the same claims.

export type Claims = Record<string, unknown>;

/** Finds the caller's claims; null when there are none or they cannot be trusted (401). */
export type Authenticator = (c: Context<AppEnv>) => Promise<Claims | null>;

/** The identity the claims give, or a 403 when they name no role the product knows. */
export function identityFromClaims(claims: Claims): Identity {
  const sub = typeof claims.sub === 'string' ? claims.sub : '';
  const role = roleFromGroups(parseGroups(claims['cognito:groups']));
  if (!sub || !role) {
    throw new ForbiddenError('Votre compte n’a aucun rôle dans clause-tracker.');
  }
  const plieId = claims['custom:plieId'];
  const name = displayName(claims);
  const named = name ? { name } : {};
  if (role === 'plie-coordinator') {
    if (typeof plieId !== 'string' || !plieId) {
      throw new ForbiddenError('Votre compte de coordinateur n’est rattaché à aucun PLIE.');
    }
    return { sub, role, plieId, ...named };
  }
  if (role === 'awardee') {
    const siret = claims['custom:siret'];
    if (typeof siret !== 'string' || !/^[0-9]{14}$/.test(siret)) {
      throw new ForbiddenError(
        'Votre compte de titulaire n’est rattaché à aucune entreprise (SIRET).',
      );
    }
    return { sub, role, siret, ...named };
  }
  return { sub, role, ...named };
}

/** The person's name as histories show it: the `name` claim, else the email, printable only. */
function displayName(claims: Claims): string | undefined {
  const value = [claims.name, claims.email].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  return value === undefined
    ? undefined
    : [...value]
        .filter((character) => !isControlOrBidi(character))
        .join('')
        .trim()
        .slice(0, 100);
}

/** What local accounts are called in histories, by role. */
const DEV_NAMES: Record<Role, string> = {
  admin: 'Administrateur (compte local)',
  procurement: 'Achats / facilitateur (compte local)',
  'plie-coordinator': 'Coordinateur de PLIE (compte local)',
  awardee: 'Titulaire (compte local)',
};

/** Behind the AWS JWT authorizer: the claims it verified, from the Lambda event. */
export const authorizerClaims: Authenticator = async (c) => {
  const context = c.env?.event?.requestContext as
    | { authorizer?: { jwt?: { claims?: Claims } } }
    | undefined;
  return context?.authorizer?.jwt?.claims ?? null;
};

function bearerToken(c: Context): string | null {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

/** How long a local token lives: a working day, like a session of the hosted sign-in. */
export const DEV_TOKEN_LIFETIME_SECONDS = 8 * 3600;

/**
 * Locally: tokens from `POST /dev/token`, signed with the local secret. A token must say when
 * it ends (`exp`), and end within a token's lifetime of when it was issued: one without `exp`
 * would otherwise be accepted forever.
 */
export function devTokenClaims(secret: string): Authenticator {
  return async (c) => {
    const token = bearerToken(c);
    if (!token) return null;
    try {
      // Imported here: local tokens only, so Lambda's cold start never compiles the JWT code.
      const { verify } = await import('hono/jwt');
      const claims = (await verify(token, secret, 'HS256')) as Claims;
      const { exp, iat } = claims;
      if (typeof exp !== 'number' || typeof iat !== 'number') return null;
      // Issued in the future (a minute of clock skew allowed), or living too long: refused.
      if (iat > Date.now() / 1000 + 60 || exp - iat > DEV_TOKEN_LIFETIME_SECONDS) return null;
      return claims;
    } catch {
      return null;
    }
  };
}

export async function signDevToken(
  secret: string,
  input: {
    role: Role;
    plieId?: string | undefined;
    siret?: string | undefined;
    sub?: string | undefined;
    name?: string | undefined;
  },
  now: Date,
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const { sign } = await import('hono/jwt');
  return sign(
    {
      sub:
        input.sub ??
        `dev-${input.role}${input.plieId ? `-${input.plieId}` : ''}${input.siret ? `-${input.siret}` : ''}`,
      'cognito:groups': [input.role],
      name: input.name ?? DEV_NAMES[input.role],
      ...(input.plieId ? { 'custom:plieId': input.plieId } : {}),
      ...(input.siret ? { 'custom:siret': input.siret } : {}),
      iat,
      exp: iat + DEV_TOKEN_LIFETIME_SECONDS,
    },
    secret,
    'HS256',
  );
}

export function authenticate(authenticator: Authenticator): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const claims = await authenticator(c);
    if (!claims) {
      throw new UnauthenticatedError(
        'Jeton absent, invalide ou expiré : envoyez Authorization: Bearer <jeton>.',
      );
    }
    c.set('identity', identityFromClaims(claims));
    await next();
  };
}

/**
 * What an awardee (a company outside the buyer) may call: its contracts, the PLIEs' names, its
 * statements. Everything else is refused before the request is even read, so that a route
 * added later stays closed to awardees until it is listed here.
 */
const AWARDEE_ROUTES: readonly (readonly [string, RegExp])[] = [
  ['GET', /^\/api\/plies$/],
  ['GET', /^\/api\/contracts$/],
  ['GET', /^\/api\/contracts\/[^/]+$/],
  ['GET', /^\/api\/statements$/],
  // A statement, and the template (`/api/statements/template`).
  ['GET', /^\/api\/statements\/[^/]+$/],
  ['POST', /^\/api\/statements$/],
];

export const awardeeGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (
    c.var.identity.role === 'awardee' &&
    !AWARDEE_ROUTES.some(([method, path]) => method === c.req.method && path.test(c.req.path))
  ) {
    throw new ForbiddenError(
      'Votre rôle de titulaire donne accès à vos marchés et à vos relevés seulement.',
    );
  }
  await next();
};

const ACTION_LABELS: Record<Action, string> = {
  'plies:write': 'modifier les PLIE, leurs critères et les conventions de financement',
  'contracts:write': 'créer ou importer des marchés',
  'hours:write': 'saisir, importer ou annuler des heures',
  'participants:write': 'enregistrer des participants',
  'participants:erase': 'effacer un participant (réservé à son PLIE et aux administrateurs)',
  'participants:read': 'consulter les participants',
  'hours:read': 'consulter les lignes d’heures',
  'contracts:read': 'consulter les marchés',
  'reports:read': 'consulter les rapports',
  'changes:read': 'consulter l’historique des modifications',
  'statements:submit': 'déclarer des heures (réservé aux titulaires des marchés)',
  'statements:read': 'consulter les relevés',
  'statements:template': 'télécharger le modèle de relevé',
  'contracts:open': 'consulter les marchés',
};

/** The caller, who must be allowed `action` (and, when given, on PLIE `plieId`). */
export function authorize(c: Context<AppEnv>, action: Action, plieId?: string): Identity {
  const identity = c.get('identity');
  if (!mayDo(identity, action)) {
    throw new ForbiddenError(`Votre rôle ne permet pas de ${ACTION_LABELS[action]}.`);
  }
  if (plieId !== undefined && !mayDoForPlie(identity, action, plieId)) {
    throw new ForbiddenError('Vous n’avez accès qu’aux données de votre PLIE.');
  }
  return identity;
}
