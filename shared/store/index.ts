import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AdministratorStore } from './administrators';
import { AwardeeContactStore } from './awardee-contacts';
import { BuyerContactStore } from './buyer-contacts';
import { ChangeStore } from './changes';
import { ContractIndexStore } from './contract-indexes';
import { ContractStore } from './contracts';
import { DeliveryStore } from './deliveries';
import { ErasureStore } from './erasure';
import { FundingStore } from './funding';
import { LineBatchStore } from './hour-batches';
import { HoursStore } from './hours';
import { IdempotencyStore } from './idempotency';
import { ImportJobStore } from './import-jobs';
import { tenantKeys } from './keys';
import { OpenDataStore } from './open-data';
import { ExitStore } from './participant-exits';
import { ParticipantStore } from './participants';
import { PlieStore } from './plies';
import { SettingsStore } from './settings';
import { StatementLeftOutStore } from './statement-left-out';
import { StatementListStore } from './statement-lists';
import { ReceivedStore } from './statement-received';
import { StatementScrubStore } from './statement-scrub';
import { StatementStore } from './statements';
import { TenantStore } from './tenants';
import { ThresholdStore } from './thresholds';
import { TotalsStore } from './totals-store';

/**
 * One structure's stores: every key they read or write is that structure's (keys.ts), so a
 * handle made for the caller's structure cannot reach another's items, whatever a route forgets.
 */
export function createStores(doc: DynamoDBDocumentClient, tableName: string, tenant: string) {
  const k = tenantKeys(tenant);
  const statements = new StatementStore(doc, tableName, k);
  const contracts = new ContractStore(doc, tableName, k);
  return {
    tenant,
    plies: new PlieStore(doc, tableName, k),
    contracts,
    contractIndexes: new ContractIndexStore(doc, tableName, k, contracts),
    participants: new ParticipantStore(doc, tableName, k),
    exits: new ExitStore(doc, tableName, k),
    hours: new HoursStore(doc, tableName, k),
    idempotency: new IdempotencyStore(doc, tableName, k),
    lineBatches: new LineBatchStore(doc, tableName, k),
    changes: new ChangeStore(doc, tableName, k),
    funding: new FundingStore(doc, tableName, k),
    deliveries: new DeliveryStore(doc, tableName, k),
    totals: new TotalsStore(doc, tableName, k),
    thresholds: new ThresholdStore(doc, tableName, k),
    statements,
    statementLists: new StatementListStore(doc, tableName, k, statements),
    statementLeftOut: new StatementLeftOutStore(doc, tableName, k),
    importJobs: new ImportJobStore(doc, tableName, k),
    awardeeContacts: new AwardeeContactStore(doc, tableName, k),
    buyerContacts: new BuyerContactStore(doc, tableName, k),
    openData: new OpenDataStore(doc, tableName, k),
    settings: new SettingsStore(doc, tableName, k),
    erasure: new ErasureStore(doc, tableName, k),
    statementScrub: new StatementScrubStore(doc, tableName, k),
    received: new ReceivedStore(doc, tableName, k),
  };
}

export type Stores = ReturnType<typeof createStores>;

/**
 * Every structure's stores, made on demand from the caller's structure (one handle per
 * structure, kept: building one is a few objects), and the platform's register of structures.
 */
export interface StoreRegistry {
  of(tenant: string): Stores;
  tenants: TenantStore;
  /** The administrators the operator invited (platform items, of no structure). */
  administrators: AdministratorStore;
}

export function createStoreRegistry(doc: DynamoDBDocumentClient, tableName: string): StoreRegistry {
  const made = new Map<string, Stores>();
  return {
    of(tenant) {
      const known = made.get(tenant);
      if (known) return known;
      const stores = createStores(doc, tableName, tenant);
      made.set(tenant, stores);
      return stores;
    },
    tenants: new TenantStore(doc, tableName),
    administrators: new AdministratorStore(doc, tableName),
  };
}
