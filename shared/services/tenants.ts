import type { Identity } from '#shared/domain/access';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import type { StoreRegistry } from '#shared/store/index';
import type { TenantRecord } from '#shared/store/tenants';
import { upgradeIndexes } from '#shared/store/upgrades';
import { administratorsByTenant } from './administrator-invitations';
import type { ServiceDeps } from './deps';

// The platform's structures: the operator registers them and sees their names and sizes,
// never their data; the schedules run each structure's month in turn.

/** What the operator sees of a structure: who it is and how big, not what it holds. */
export interface TenantSummary extends TenantRecord {
  plies: number;
  contracts: number;
  /** Administrators the operator invited (the platform's record: no structure data read). */
  administrators: number;
}

function registryOf(deps: ServiceDeps): StoreRegistry {
  if (!deps.platform) throw new Error('The platform register is not handed to this caller');
  return deps.platform;
}

export async function createTenant(
  deps: ServiceDeps,
  actor: Identity,
  input: { id: string; name: string },
): Promise<TenantRecord> {
  const tenant: TenantRecord = {
    ...input,
    createdAt: deps.now().toISOString(),
    createdBy: actor.sub,
  };
  const registry = registryOf(deps);
  await registry.tenants.create(tenant);
  // A structure just created holds no data of an earlier version: every upgrade is done for it.
  // Otherwise its typed lines would read what they may repeat, and check its settings on every
  // request, until its first monthly job ran the upgrades (shared/store/upgrades.ts).
  await upgradeIndexes(registry.of(tenant.id), tenant.createdAt, { freshTable: true });
  return tenant;
}

/** Every structure with its size: a count of PLIEs and contracts each (no line is read). */
export async function listTenants(deps: ServiceDeps): Promise<TenantSummary[]> {
  const registry = registryOf(deps);
  const [tenants, administrators] = await Promise.all([
    registry.tenants.list(),
    administratorsByTenant(registry),
  ]);
  return Promise.all(
    tenants.map(async (tenant) => {
      const stores = registry.of(tenant.id);
      const [plies, contracts] = await Promise.all([stores.plies.list(), stores.contracts.count()]);
      return {
        ...tenant,
        plies: plies.length,
        contracts,
        administrators: administrators.get(tenant.id) ?? 0,
      };
    }),
  );
}

/** The caller's structure, as its pages name it. */
export async function ownTenant(deps: ServiceDeps): Promise<TenantRecord> {
  const id = deps.stores.tenant;
  const found = deps.register ? await deps.register.get(id) : null;
  return (
    found ?? {
      id,
      name: id === DEFAULT_TENANT ? 'Structure par défaut' : id,
      createdAt: '',
      createdBy: '',
    }
  );
}

/** A structure exists (registered): a token naming one that does not is refused. */
export async function tenantExists(registry: StoreRegistry, id: string): Promise<boolean> {
  return id === DEFAULT_TENANT || (await registry.tenants.get(id)) !== null;
}

/**
 * The data of a deployment from before structures is the structure `default` as it lies (its
 * keys carry no prefix): the upgrade registers it, once, under the name given (the deployment's
 * setting, or the demo's), and rewrites nothing.
 */
export async function registerDefaultTenant(
  registry: StoreRegistry,
  name: string,
  at: string,
): Promise<boolean> {
  return registry.tenants.ensure({ id: DEFAULT_TENANT, name, createdAt: at, createdBy: 'upgrade' });
}

/** Runs `run` for every structure in turn (the monthly report, reminders, restarts). */
export async function forEachTenant<T>(
  registry: StoreRegistry,
  run: (stores: ReturnType<StoreRegistry['of']>, tenant: TenantRecord) => Promise<T>,
): Promise<T[]> {
  const tenants = await registry.tenants.list();
  if (!tenants.some((tenant) => tenant.id === DEFAULT_TENANT)) {
    // Not registered yet (an upgrade not run): its data is there all the same.
    tenants.unshift({ id: DEFAULT_TENANT, name: DEFAULT_TENANT, createdAt: '', createdBy: '' });
  }
  const results: T[] = [];
  for (const tenant of tenants) results.push(await run(registry.of(tenant.id), tenant));
  return results;
}
