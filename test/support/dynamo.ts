import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
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

/** The endpoints seen answering, by this test file. */
const answering = new Set<string>();

/**
 * Waits for DynamoDB Local to answer at `endpoint`: the run's is started by the global setup
 * while the first tests already run (test/support/global-setup.ts), and gives up when it
 * could not start (its own limit is 30 s).
 */
async function answers(endpoint: string, withinMs = 45_000): Promise<void> {
  if (answering.has(endpoint)) return;
  // Only the run's own is started by the global setup; a test's own is started by the test.
  const failure = endpoint === inject('dynamoEndpoint') ? inject('dynamoFailure') : undefined;
  const client = new DynamoDBClient({ ...localDynamoConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + withinMs;
  try {
    for (;;) {
      const ok = await client
        .send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2000) })
        .then(
          () => true,
          () => false,
        );
      if (ok) break;
      if (failure && existsSync(failure)) throw new Error(readFileSync(failure, 'utf8'));
      if (Date.now() > deadline)
        throw new Error(`DynamoDB Local does not answer at ${endpoint} (see the global setup)`);
      await sleep(200);
    }
  } finally {
    client.destroy();
  }
  answering.add(endpoint);
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
  await answers(endpoint);
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
