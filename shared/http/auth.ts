import type { Context, MiddlewareHandler } from 'hono';
import {
  type Action,
  type Identity,
  mayDo,
  mayDoForPlie,
  PLATFORM_ROLES,
  parseGroups,
  type Role,
  roleFromGroups,
} from '#shared/domain/access';
import { DEFAULT_TENANT, isTenantId, NO_TENANT } from '#shared/domain/tenants';
import { isControlOrBidi } from '#shared/domain/text';
import { ForbiddenError, UnauthenticatedError } from '#shared/errors';
import type { ServiceDeps } from '#shared/services/deps';
import type { StoreRegistry } from '#shared/store/index';
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
  if (PLATFORM_ROLES.includes(role)) return { sub, role, ...named };
  if (role !== 'awardee') {
    // A structure's person: the structure comes from the token, never from the request.
    const claimed = claims['custom:tenant'];
    const tenant = claimed === undefined || claimed === '' ? DEFAULT_TENANT : claimed;
    if (typeof tenant !== 'string' || !isTenantId(tenant)) {
      throw new ForbiddenError('Votre compte est rattaché à une structure inconnue.');
    }
    if (role === 'plie-coordinator') {
      if (typeof plieId !== 'string' || !plieId) {
        throw new ForbiddenError('Votre compte de coordinateur n’est rattaché à aucun PLIE.');
      }
      return { sub, role, plieId, tenant, ...named };
    }
    return { sub, role, tenant, ...named };
  }
  const siret = claims['custom:siret'];
  if (typeof siret !== 'string' || !/^[0-9]{14}$/.test(siret)) {
    throw new ForbiddenError(
      'Votre compte de titulaire n’est rattaché à aucune entreprise (SIRET).',
    );
  }
  return { sub, role, siret, ...named };
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
  operator: 'Opérateur (compte local)',
  observer: 'Observatoire (compte local)',
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
    tenant?: string | undefined;
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
        `dev-${input.role}${input.tenant && input.tenant !== DEFAULT_TENANT ? `-${input.tenant}` : ''}${input.plieId ? `-${input.plieId}` : ''}${input.siret ? `-${input.siret}` : ''}`,
      'cognito:groups': [input.role],
      name: input.name ?? DEV_NAMES[input.role],
      ...(input.plieId ? { 'custom:plieId': input.plieId } : {}),
      ...(input.siret ? { 'custom:siret': input.siret } : {}),
      ...(input.tenant ? { 'custom:tenant': input.tenant } : {}),
      iat,
      exp: iat + DEV_TOKEN_LIFETIME_SECONDS,
    },
    secret,
    'HS256',
  );
}

/**
 * Who calls, from the token only, and the services' handle on the store made for them: their
 * structure's stores, whatever the request names. The platform's register goes to the
 * platform's roles only (and to awardees, whose companies hold contracts in many structures).
 */
export function authenticate(
  authenticator: Authenticator,
  registry: StoreRegistry,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const claims = await authenticator(c);
    if (!claims) {
      throw new UnauthenticatedError(
        'Jeton absent, invalide ou expiré : envoyez Authorization: Bearer <jeton>.',
      );
    }
    const identity = identityFromClaims(claims);
    c.set('identity', identity);
    c.set('deps', depsFor(c.var.deps, registry, identity));
    await next();
  };
}

function depsFor(base: ServiceDeps, registry: StoreRegistry, identity: Identity): ServiceDeps {
  if (identity.tenant)
    return {
      ...base,
      stores: registry.of(identity.tenant),
      platform: undefined,
      register: registry.tenants,
    };
  if (identity.role === 'awardee') {
    // Until awardees see every structure: the structure `default`, as before structures.
    return { ...base, stores: registry.of(DEFAULT_TENANT), platform: registry };
  }
  return { ...base, stores: registry.of(NO_TENANT), platform: registry };
}

/**
 * The platform's roles reach their own routes only: every structure's route is refused them
 * before the request is read (and their store handle is of no structure, should one slip).
 */
const PLATFORM_ROUTES: Record<string, RegExp> = {
  operator: /^\/api\/tenants(\/|$)/,
  observer: /^\/api\/consolidation(\/|$)/,
};

export const platformGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const allowed = PLATFORM_ROUTES[c.var.identity.role];
  if (allowed && !allowed.test(c.req.path)) {
    throw new ForbiddenError(
      c.var.identity.role === 'operator'
        ? 'L’opérateur de la plateforme gère les structures ; il ne lit aucune de leurs données.'
        : 'L’observatoire lit la consolidation des structures, jamais leurs données.',
    );
  }
  await next();
};

/**
 * What an awardee (a company outside the buyer) may call: its contracts, the PLIEs' names, its
 * statements. Everything else is refused before the request is even read, so that a route
 * added later stays closed to awardees until it is listed here.
 */
const AWARDEE_ROUTES: readonly (readonly [string, RegExp])[] = [
  ['GET', /^\/api\/plies$/],
  ['GET', /^\/api\/contracts$/],
  ['GET', /^\/api\/contracts\/[^/]+$/],
  ['GET', /^\/api\/contracts\/[^/]+\/attestation$/],
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
  'bilans:read': 'consulter les bilans annuels',
  'changes:read': 'consulter l’historique des modifications',
  'statements:submit': 'déclarer des heures (réservé aux titulaires des marchés)',
  'statements:read': 'consulter les relevés',
  'statements:template': 'télécharger le modèle de relevé',
  'contracts:open': 'consulter les marchés',
  'contracts:attest': 'éditer l’attestation des heures d’insertion d’un marché',
  'tenant:read': 'consulter sa structure',
  'tenants:manage': 'gérer les structures de la plateforme (réservé à son opérateur)',
  'consolidation:read': 'consulter la consolidation (réservée à l’observatoire)',
  'structure:export': 'exporter toutes les données de la structure (réservé aux administrateurs)',
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
