import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import { forEachTenant, registerDefaultTenant } from '#shared/services/tenants';
import { createDocumentClient, localDynamoConfig } from '#shared/store/client';
import { createStoreRegistry, type StoreRegistry, type Stores } from '#shared/store/index';
import { upgradeIndexes } from '#shared/store/upgrades';
import type { LocalConfig } from './config';
import { loadDemoData } from './demo-data';
import { GRENOBLE_TENANT, loadGrenobleDemo } from './demo-grenoble';
import { ensureTable, type RunningDynamo, startDynamoLocal } from './dynamodb-local';

export interface LocalStore {
  dynamo: RunningDynamo;
  doc: DynamoDBDocumentClient;
  /** Every structure's stores, and the register of structures. */
  registry: StoreRegistry;
  /** The structure `default`'s (the only one before structures; Bordeaux Métropole in the demo). */
  stores: Stores;
  /** True when this call created the table (a first start). */
  createdTable: boolean;
  /** Hour lines of the demo data loaded by this call (0 when none was loaded). */
  demoLines: number;
  close(): Promise<void>;
}

/**
 * The store on this machine: the DynamoDB Local already answering on DYNAMODB_PORT (a running
 * `npm start`), or one started on DATA_DIR for as long as the command runs.
 */
export async function openLocalStore(config: LocalConfig): Promise<LocalStore> {
  const dynamo = await startDynamoLocal({
    port: config.dynamoPort,
    dataDir: `${config.dataDir}/dynamodb`,
  });
  try {
    const createdTable = await ensureTable(dynamo.endpoint, config.tableName);
    const doc = createDocumentClient(localDynamoConfig(dynamo.endpoint));
    const registry = createStoreRegistry(doc, config.tableName);
    const stores = registry.of(DEFAULT_TENANT);
    const now = () => new Date();
    // Demo data on a first start, whichever command starts first (npm start, npm run report…):
    // Bordeaux Métropole as the structure `default`, and Grenoble-Alpes Métropole.
    let demoLines = 0;
    if (config.demoData && (await stores.plies.list()).length === 0) {
      await registerDefaultTenant(registry, 'Bordeaux Métropole', now().toISOString());
      demoLines = (await loadDemoData({ stores, now })).lines;
      if (
        await registry.tenants.ensure({
          ...GRENOBLE_TENANT,
          createdAt: now().toISOString(),
          createdBy: 'demo',
        })
      ) {
        const grenoble = registry.of(GRENOBLE_TENANT.id);
        // Just created: no data of an earlier version (as createTenant does).
        await upgradeIndexes(grenoble, now().toISOString(), { freshTable: true });
        demoLines += (await loadGrenobleDemo({ stores: grenoble, now })).lines;
      }
    }
    // A deployment from before structures: its data is the structure `default`, registered once.
    await registerDefaultTenant(registry, config.defaultTenantName, now().toISOString());
    // Data of an earlier version has contracts without the holders' index (an awardee's list)
    // or the PLIEs' one: written once. A table created now has them from each contract's creation.
    // Every structure's, as the monthly job upgrades each (shared/jobs/scheduled-runner.ts).
    await forEachTenant(registry, (tenantStores) =>
      upgradeIndexes(tenantStores, new Date().toISOString(), { freshTable: createdTable }),
    );
    return {
      dynamo,
      doc,
      registry,
      stores,
      createdTable,
      demoLines,
      close: async () => {
        doc.destroy();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
