import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import { newId } from '#shared/ids';
import { createDocumentClient, localDynamoConfig } from '#shared/store/client';
import { createStoreRegistry, type StoreRegistry, type Stores } from '#shared/store/index';
import { createTableInput } from '#shared/store/table';
import { upgradeIndexes } from '#shared/store/upgrades';

/** Tests talk to DynamoDB Local on this machine and to nothing else. */
export function localEndpoint(endpoint = inject('dynamoEndpoint')): string {
  const { hostname } = new URL(endpoint);
  if (!['127.0.0.1', 'localhost', '::1'].includes(hostname)) {
    throw new Error(`Refusing to run tests against a non-local DynamoDB endpoint: ${endpoint}`);
  }
  return endpoint;
}

export interface TestTable {
  endpoint: string;
  tableName: string;
  doc: DynamoDBDocumentClient;
  /** Every structure's stores (what the app is given). */
  registry: StoreRegistry;
  /** The structure `default`'s: the one every token without a structure works in. */
  stores: Stores;
}

/**
 * A fresh table of the real shape, unique to the caller, on the run's DynamoDB Local or on the
 * one at `endpoint` (a test that pauses or stops its own).
 */
export async function createTestTable(at?: string): Promise<TestTable> {
  const endpoint = localEndpoint(at);
  const tableName = `test-${newId().toLowerCase()}`;
  const client = new DynamoDBClient(localDynamoConfig(endpoint));
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  client.destroy();
  const doc = createDocumentClient(localDynamoConfig(endpoint));
  const registry = createStoreRegistry(doc, tableName);
  const stores = registry.of(DEFAULT_TENANT);
  // Created by this version: it has every index from the first write, as a new deployment does.
  await upgradeIndexes(stores, new Date().toISOString(), { freshTable: true });
  return { endpoint, tableName, doc, registry, stores };
}
