import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DuplicateFields } from '#shared/domain/duplicates';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import type { ServiceDeps } from '#shared/services/deps';
import { typedLineDuplicates } from '#shared/services/duplicates';
import { localDynamoConfig } from '#shared/store/client';
import { lineItem } from '#shared/store/hour-line-item';
import { createStoreRegistry } from '#shared/store/index';
import { tenantKeys } from '#shared/store/keys';
import { createTableInput } from '#shared/store/table';
import { DUPLICATE_INDEX, upgradeIndexes } from '#shared/store/upgrades';
import { ensureTable } from '../../infra/local/dynamodb-local';
import { contractInput, seededApi, type TestApi } from '../support/api';

// What a typed line may repeat is read by its duplicate key from a sparse index (gsi3), not
// from its contract's whole month (issue 26's request overhead); lines of an earlier version,
// which lack the key, are read from the month until an upgrade gives them one.

const keys = tenantKeys(DEFAULT_TENANT);
const now = () => new Date('2026-11-20T10:00:00Z');
let api: TestApi;
let procurement: string;
let contractId: string;
const people: Record<string, string> = {};

async function log(overrides: Record<string, unknown> = {}) {
  const logged = await api.call('POST', '/api/hours', {
    token: procurement,
    body: {
      contractId,
      plieId: 'bordeaux',
      participantId: people.anna,
      month: '2025-03',
      hours: 7,
      mode: 'direct-hire',
      ...overrides,
    },
  });
  expect(logged.status, JSON.stringify(logged.body)).toBe(201);
  return logged.body as { id: string; possibleDuplicates: { lineId: string }[] };
}

/** A structure's stores as a new process makes them: nothing known of the upgrades yet. */
function freshDeps(): ServiceDeps {
  return { stores: createStoreRegistry(api.doc, api.tableName).of(DEFAULT_TENANT), now };
}

beforeAll(async () => {
  ({ api, procurement } = await seededApi(now));
  const contract = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ allocation: { mode: 'shared' } }),
  });
  expect(contract.status, JSON.stringify(contract.body)).toBe(201);
  contractId = contract.body.id;
  for (const [name, plieId, ref] of [
    ['anna', 'bordeaux', 'BX-A'],
    ['basile', 'bordeaux', 'BX-B'],
    ['gaspard', 'graves', 'GR-G'],
  ] as const) {
    const created = await api.call('POST', '/api/participants', {
      token: procurement,
      body: { plieId, ref, eligibility: ['RSA'], enteredOn: '2025-01-10' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    people[name] = created.body.id;
  }
});

describe('the duplicate index', () => {
  it('finds what a typed line repeats by its key: not another person’s, PLIE’s, hours or month, nor a voided line', async () => {
    const voided = await log();
    const voiding = await api.call('POST', `/api/hours/${voided.id}/void`, {
      token: procurement,
      body: { reason: 'Erreur' },
    });
    expect(voiding.status).toBe(200);
    const original = await log();
    expect(original.possibleDuplicates).toEqual([]);
    await log({ participantId: people.basile });
    await log({ plieId: 'graves', participantId: people.gaspard });
    await log({ hours: 7.01 });
    await log({ month: '2025-04' });
    const unnamed = await log({ participantId: undefined });
    expect(unnamed.possibleDuplicates).toEqual([]);

    const typed = await log();
    expect(typed.possibleDuplicates).toMatchObject([{ lineId: original.id, source: 'typed' }]);

    // The index holds the line under the rule's key (hours in hundredths), voided ones too.
    const { Item } = await api.doc.send(
      new GetCommand({ TableName: api.tableName, Key: keys.line(original.id) }),
    );
    expect(Item).toMatchObject({
      gsi3pk: `DUPLICATES#${contractId}#bordeaux#2025-03#${people.anna}#700`,
      gsi3sk: original.id,
    });
    const same: DuplicateFields = {
      contractId,
      plieId: 'bordeaux',
      participantId: people.anna as string,
      month: '2025-03',
      hours: 7,
    };
    const ids = (await api.stores.hours.sharingDuplicateKey(same)).map((line) => line.id);
    expect(ids.sort()).toEqual([original.id, typed.id].sort());
    const nobody = await api.stores.hours.sharingDuplicateKey({ ...same, participantId: null });
    expect(nobody.map((line) => line.id)).toEqual([unnamed.id]);
    // Another structure's key is its own.
    expect(tenantKeys('grenoble').duplicateLinesIndex(same)).toBe(
      `T#grenoble#DUPLICATES#${contractId}#bordeaux#2025-03#${people.anna}#700`,
    );
  });

  it('reads lines of an earlier version from their month until the upgrade gives them a key', async () => {
    // A line as an earlier version wrote it: no duplicate key.
    const old = {
      id: 'OLDLINE0000000000000000001',
      contractId,
      plieId: 'bordeaux',
      participantId: people.basile as string,
      month: '2025-05',
      hours: 3.5,
      mode: 'direct-hire' as const,
      status: 'active' as const,
      createdAt: '2025-06-01T08:00:00.000Z',
      createdBy: 'someone',
      voidedAt: null,
      voidedBy: null,
      voidReason: null,
      source: 'api' as const,
      statementId: null,
      statementLine: null,
    };
    const { gsi3pk: _pk, gsi3sk: _sk, ...item } = lineItem(keys, old);
    await api.doc.send(new PutCommand({ TableName: api.tableName, Item: item }));
    await api.doc.send(
      new DeleteCommand({
        TableName: api.tableName,
        Key: keys.setting(`upgrade:${DUPLICATE_INDEX}`),
      }),
    );
    const typed = { ...old, id: 'TYPEDLINE00000000000000001' };

    const before = freshDeps();
    expect(await before.stores.hours.sharingDuplicateKey(typed)).toEqual([]);
    expect(await typedLineDuplicates(before, typed)).toMatchObject([
      { lineId: old.id, source: 'typed', at: old.createdAt },
    ]);

    await upgradeIndexes(before.stores, now().toISOString());
    expect(await before.stores.settings.done(DUPLICATE_INDEX)).toBe(true);
    const { Item } = await api.doc.send(
      new GetCommand({ TableName: api.tableName, Key: keys.line(old.id) }),
    );
    expect(Item).toMatchObject({ gsi3pk: keys.duplicateLinesIndex(old), gsi3sk: old.id });
    const after = freshDeps();
    expect((await after.stores.hours.sharingDuplicateKey(typed)).map((l) => l.id)).toEqual([
      old.id,
    ]);
    expect(await typedLineDuplicates(after, typed)).toMatchObject([{ lineId: old.id }]);
    // Every line has its key now: running it again writes none.
    expect(await after.stores.hours.indexDuplicateKeys([contractId])).toBe(0);
  });

  it('is added to a local table created by an earlier version (npm start on old data)', async () => {
    const tableName = `${api.tableName}-old`;
    const input = createTableInput(tableName);
    const client = new DynamoDBClient(localDynamoConfig(api.endpoint));
    try {
      await client.send(
        new CreateTableCommand({
          ...input,
          AttributeDefinitions: input.AttributeDefinitions?.filter(
            (a) => !a.AttributeName?.startsWith('gsi3'),
          ),
          GlobalSecondaryIndexes: input.GlobalSecondaryIndexes?.filter(
            (i) => i.IndexName !== 'gsi3',
          ),
        }),
      );
      expect(await ensureTable(api.endpoint, tableName)).toBe(false);
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual([
        'gsi1',
        'gsi2',
        'gsi3',
      ]);
      const read = await api.doc.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'gsi3',
          KeyConditionExpression: 'gsi3pk = :pk',
          ExpressionAttributeValues: { ':pk': 'DUPLICATES#x' },
        }),
      );
      expect(read.Items).toEqual([]);
    } finally {
      client.destroy();
    }
  });
});
