import { isTenantId } from '#shared/domain/tenants';
import { NotFoundError } from '#shared/errors';
import { openDataPackage } from '#shared/report/open-data-files';
import type { StoreRegistry } from '#shared/store/index';
import type { PublishedOpenData } from '#shared/store/open-data';
import { tenantExists } from './tenants';

// What anyone may read of a structure, with no token: the years its administrator published,
// each the frozen copy of that day, and nothing else. Any other year, or a structure that does
// not exist, is the same 404.

const NOTHING = 'Aucune donnée publiée à cette adresse.';

async function registeredStores(registry: StoreRegistry, tenant: string) {
  if (!isTenantId(tenant) || !(await tenantExists(registry, tenant))) {
    throw new NotFoundError(NOTHING);
  }
  return registry.of(tenant);
}

/** A published year's files, as published. */
export async function publishedYear(
  registry: StoreRegistry,
  tenant: string,
  year: number,
): Promise<PublishedOpenData> {
  const published = await (await registeredStores(registry, tenant)).openData.get(year);
  if (!published) throw new NotFoundError(NOTHING);
  return published;
}

/** The structure's published years, as a Data Package (an empty one when none is). */
export async function publishedIndex(
  registry: StoreRegistry,
  tenant: string,
): Promise<Record<string, unknown>> {
  const stores = await registeredStores(registry, tenant);
  const [years, record] = await Promise.all([stores.openData.list(), registry.tenants.get(tenant)]);
  return openDataPackage(
    tenant,
    record?.name ?? tenant,
    years.map((y) => ({
      year: y.year,
      publishedAt: y.publishedAt,
      bytes: Buffer.byteLength(y.csv, 'utf8'),
    })),
  );
}
