import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  ResourceNotFoundException,
  ScanCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { parisDate } from '#shared/domain/calendar';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import { createDocumentClient, localDynamoConfig } from '#shared/store/client';
import { createStoreRegistry } from '#shared/store/index';
import { createTableInput } from '#shared/store/table';
import { upgradeIndexes } from '#shared/store/upgrades';
import { loadDemoData } from '../../infra/local/demo-data';
import { GRENOBLE_TENANT, loadGrenobleDemo } from '../../infra/local/demo-grenoble';
import { createTestTable, type TestTable } from './dynamo';

// The demo data of the browser tests, loaded once per run and copied into each file's table.
// Loading it is hundreds of writes one after another (the demo's hours are logged line by line,
// as `npm start` does): 5 to 8 s per file, two dozen files. A copy of its ~1,500 items is ~1 s.
// The first file that needs it loads it into a table of the run's DynamoDB Local (creating that
// table is the claim: DynamoDB lets one caller create a name), then creates a second table that
// says it is complete; the others wait for that one, then copy. Same items, byte for byte, as
// loading it in the file's own table did; one template per day in Paris, since the demo is
// dated from today (a run that crosses midnight loads another rather than copy yesterday's).

/** How long a file waits for another to load the demo (it takes 5 to 20 s on a loaded CI). */
const WAIT_MS = 90_000;

/** The demo as `npm start` loads it: Bordeaux Métropole (`default`) and Grenoble-Alpes. */
async function loadDemo(endpoint: string, tableName: string, now: Date): Promise<void> {
  const doc = createDocumentClient(localDynamoConfig(endpoint));
  const registry = createStoreRegistry(doc, tableName);
  const stores = registry.of(DEFAULT_TENANT);
  await upgradeIndexes(stores, now.toISOString(), { freshTable: true });
  // The structure `default` by its name, as `npm start` registers it (registerDefaultTenant).
  await registry.tenants.create({
    id: DEFAULT_TENANT,
    name: 'Bordeaux Métropole',
    createdAt: new Date().toISOString(),
    createdBy: 'demo',
  });
  await loadDemoData({ stores, now: () => new Date() });
  // The second demo structure, as `npm start` loads it (its people sign in to it alone).
  await registry.tenants.create({
    ...GRENOBLE_TENANT,
    createdAt: new Date().toISOString(),
    createdBy: 'demo',
  });
  await loadGrenobleDemo({ stores: registry.of(GRENOBLE_TENANT.id), now: () => new Date() });
  doc.destroy();
}

const exists = (client: DynamoDBClient, name: string) =>
  client.send(new DescribeTableCommand({ TableName: name })).then(
    () => true,
    (error) => {
      if (error instanceof ResourceNotFoundException) return false;
      throw error;
    },
  );

/** The name of today's template table, loaded and complete (loaded here if no one has). */
async function template(client: DynamoDBClient, endpoint: string): Promise<string> {
  const now = new Date();
  const name = `demo-template-${parisDate(now)}`;
  const ready = `${name}-ready`;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    if (await exists(client, ready)) return name;
    try {
      await client.send(new CreateTableCommand(createTableInput(name)));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
      // Another file loads it: wait for its table that says it is done.
      if (Date.now() > deadline)
        throw new Error(`The demo template ${name} was not loaded within ${WAIT_MS / 1000} s`);
      await sleep(250);
      continue;
    }
    try {
      await loadDemo(endpoint, name, now);
      await client.send(new CreateTableCommand(createTableInput(ready)));
      return name;
    } catch (error) {
      // Given back, so that a file waiting for it loads it rather than wait in vain.
      await client.send(new DeleteTableCommand({ TableName: name })).catch(() => {});
      throw error;
    }
  }
}

/** Every item of `from`, written into `to` 25 at a time, a few requests at once. */
async function copyItems(client: DynamoDBClient, from: string, to: string): Promise<void> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: from, ExclusiveStartKey: start, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += 25)
    batches.push(items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })));
  const write = async () => {
    for (let batch = batches.pop(); batch; batch = batches.pop()) {
      let requests: Record<string, WriteRequest[]> | undefined = { [to]: batch };
      for (let attempt = 0; requests?.[to]?.length; attempt++) {
        if (attempt > 0) await sleep(50 * attempt);
        ({ UnprocessedItems: requests } = await client.send(
          new BatchWriteItemCommand({ RequestItems: requests }),
        ));
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, write));
}

/**
 * A fresh table of the file's own (createTestTable) holding the demo data, both structures, as
 * `npm start` loads them for today.
 */
export async function createDemoTable(): Promise<TestTable> {
  const table = await createTestTable();
  const client = new DynamoDBClient(localDynamoConfig(table.endpoint));
  try {
    await copyItems(client, await template(client, table.endpoint), table.tableName);
  } finally {
    client.destroy();
  }
  return table;
}
