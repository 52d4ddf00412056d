import type { Identity } from '#shared/domain/access';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import { ConflictError, NotFoundError } from '#shared/errors';
import type { AdministratorRecord } from '#shared/store/administrators';
import type { StoreRegistry } from '#shared/store/index';
import type { ServiceDeps } from './deps';

// The operator gives a new structure its first administrator: in AWS a Cognito account in the
// `admin` group with the structure (`custom:tenant`), whose temporary password Cognito
// e-mails; locally a sign-in link as that structure's administrator. The invitation is kept
// in the platform's record (who invited whom, when), never in the structure's data, which the
// operator neither reads nor writes.

export interface AdministratorInviteOutcome {
  /**
   * `created`: a new account; `existing`: the address already had one in this structure (or
   * was already invited to it); `local`: local mode, no account.
   */
  account: 'created' | 'existing' | 'local';
  /** Locally, the link that opens the sign-in as the structure's administrator. */
  signInUrl: string | null;
}

export interface AdministratorInviter {
  inviteAdministrator(invitee: {
    email: string;
    tenant: string;
    name: string | null;
  }): Promise<AdministratorInviteOutcome>;
}

export interface AdministratorInvitation extends AdministratorRecord, AdministratorInviteOutcome {
  /** False when this address was already invited to this structure: nothing new recorded. */
  recorded: boolean;
}

function registryOf(deps: ServiceDeps): StoreRegistry {
  if (!deps.platform) throw new Error('The platform register is not handed to this caller');
  return deps.platform;
}

/** The structure's name, for messages; null when no such structure exists. */
async function structureName(registry: StoreRegistry, id: string): Promise<string | null> {
  const found = await registry.tenants.get(id);
  if (found) return found.name;
  // The structure of a deployment from before structures exists even before it is registered.
  return id === DEFAULT_TENANT ? DEFAULT_TENANT : null;
}

const elsewhere = (name: string) =>
  new ConflictError(
    `Cette adresse est déjà administratrice de la structure « ${name} » : un compte ne sert qu’une structure. Invitez une autre adresse.`,
  );

/**
 * Invites `email` as an administrator of structure `tenant`. Asked again for the same address
 * and structure, it answers what is there (`existing`) and records nothing new; an address
 * already invited to another structure is refused (409) before any account is touched.
 */
export async function inviteAdministrator(
  deps: ServiceDeps,
  actor: Identity,
  tenant: string,
  input: { email: string; name?: string | undefined },
): Promise<AdministratorInvitation> {
  const registry = registryOf(deps);
  if ((await structureName(registry, tenant)) === null) {
    throw new NotFoundError('Cette structure n’existe pas.');
  }
  const email = input.email.trim().toLowerCase();
  const name = input.name?.trim() || null;
  const before = await registry.administrators.get(email);
  if (before && before.tenant !== tenant) {
    throw elsewhere((await structureName(registry, before.tenant)) ?? before.tenant);
  }
  // The account first: a retry after a failure between the two finds it and records.
  const outcome: AdministratorInviteOutcome = deps.adminInviter
    ? await deps.adminInviter.inviteAdministrator({ email, tenant, name })
    : { account: 'local', signInUrl: null };
  const { stored, written } = before
    ? { stored: before, written: false }
    : await registry.administrators.record({
        email,
        tenant,
        name,
        invitedAt: deps.now().toISOString(),
        invitedBy: actor.sub,
        invitedByName: actor.name ?? null,
      });
  if (stored.tenant !== tenant) {
    // Another structure's invitation of the same address won a race: this one is refused.
    throw elsewhere((await structureName(registry, stored.tenant)) ?? stored.tenant);
  }
  return {
    ...stored,
    account: !written && outcome.account !== 'created' ? 'existing' : outcome.account,
    signInUrl: outcome.signInUrl,
    recorded: written,
  };
}

/** How many administrators the operator invited to each structure, by structure id. */
export async function administratorsByTenant(
  registry: StoreRegistry,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const invited of await registry.administrators.list()) {
    counts.set(invited.tenant, (counts.get(invited.tenant) ?? 0) + 1);
  }
  return counts;
}
