import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import { buildReport } from '#shared/report/build';
import type { ContractCreateInput } from '#shared/schemas/contracts';
import type { ServiceDeps } from '#shared/services/deps';
import { loadPlieReportData, loadReportData } from '#shared/services/report-data';
import { tenantKeys } from '#shared/store/keys';

const keys = tenantKeys(DEFAULT_TENANT);

import { PLIE_CONTRACTS_INDEX, upgradeIndexes } from '#shared/store/upgrades';
import { contractInput, sampleCriteria, seededApi, type TestApi } from '../support/api';

// A PLIE's report reads its own contracts through the PLIEs' index (shared/store/plie-contracts.ts)
// instead of every contract of the year. It must say exactly what the report built from
// everything says for that PLIE: contracts of its own, shared with all or with its territory,
// moved to another PLIE by an amendment after it logged hours, a reserved one with no PLIE yet,
// one extended into the year by an amendment and one starting after it, hours of later months and
// later years.

const MONTH = '2025-10';
const BORDEAUX = 'Bordeaux Métropole';
let api: TestApi;
let procurement: string;
let deps: ServiceDeps;
const ids: Record<string, string> = {};

async function create(name: string, overrides: Partial<ContractCreateInput>) {
  const created = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ reference: name, ...overrides }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  ids[name] = created.body.id;
}

async function log(name: string, plieId: string, month: string, hours: number) {
  const logged = await api.call('POST', '/api/hours', {
    token: procurement,
    body: { contractId: ids[name], plieId, month, hours, mode: 'geiq' },
  });
  expect(logged.status, JSON.stringify(logged.body)).toBe(201);
}

/** Each PLIE's report, built from its own contracts and from everything. */
async function bothWays(plieId: string) {
  const indexed = buildReport(await loadPlieReportData(deps, MONTH, plieId), plieId);
  const everything = buildReport(await loadReportData(deps, MONTH, [plieId]), plieId);
  return { indexed, everything };
}

beforeAll(async () => {
  const now = () => new Date('2026-11-15T10:00:00Z');
  let admin: string;
  ({ api, admin, procurement } = await seededApi(now));
  deps = { stores: api.stores, now };
  for (const [id, name, territory] of [
    ['bordeaux', 'PLIE de Bordeaux', BORDEAUX],
    ['graves', 'PLIE des Graves', BORDEAUX],
    ['lille', 'PLIE de Lille', 'Métropole européenne de Lille'],
    ['paris', 'PLIE de Paris', undefined],
  ] as const) {
    await api.call('PUT', `/api/plies/${id}`, {
      token: admin,
      body: { name, territory, activeFrom: null },
    });
    await api.call('PUT', `/api/plies/${id}/criteria/2025`, {
      token: admin,
      body: sampleCriteria(100_000 + id.length * 10_000),
    });
  }
  const year = { notifiedOn: '2025-01-15', startsOn: '2025-02-01', endsOn: '2026-12-31' };
  await create('OWN', { ...year, allocation: { mode: 'single', plieId: 'bordeaux' } });
  await log('OWN', 'bordeaux', '2025-03', 10);
  await log('OWN', 'bordeaux', '2025-11', 5);
  await log('OWN', 'bordeaux', '2026-02', 3);
  await create('MOVED', { ...year, allocation: { mode: 'single', plieId: 'graves' } });
  await log('MOVED', 'graves', '2025-05', 7);
  const amended = await api.call('POST', `/api/contracts/${ids.MOVED}/amendments`, {
    token: procurement,
    body: {
      effectiveOn: '2025-07-01',
      reason: 'Avenant : le chantier passe au PLIE de Bordeaux',
      allocation: { mode: 'single', plieId: 'bordeaux' },
    },
  });
  expect(amended.status, JSON.stringify(amended.body)).toBe(201);
  await log('MOVED', 'bordeaux', '2025-08', 4);
  await create('TERRITORY', { ...year, allocation: { mode: 'shared', territory: BORDEAUX } });
  await log('TERRITORY', 'graves', '2025-04', 6);
  // No 2024 criteria: its key is not decided, its split is computed live from the year's PLIEs.
  await create('UNDECIDED', {
    notifiedOn: '2024-06-03',
    startsOn: '2024-07-01',
    endsOn: '2025-12-31',
    allocation: { mode: 'shared', territory: BORDEAUX },
  });
  await log('UNDECIDED', 'graves', '2025-02', 2);
  await create('ALL', { ...year, allocation: { mode: 'shared' } });
  await log('ALL', 'lille', '2025-06', 8);
  await log('ALL', 'paris', '2025-06', 9);
  await create('RESERVED', {
    notifiedOn: '2025-10-06',
    startsOn: '2025-11-01',
    endsOn: '2026-10-31',
    reserved: { basis: 'L2113-13', awardeeType: 'EI' },
  });
  // As a DECP import leaves it: no PLIE yet (the API's forms always name one).
  const reserved = await api.stores.contracts.get(ids.RESERVED as string);
  if (!reserved) throw new Error('RESERVED not stored');
  await api.stores.contracts.update(
    reserved,
    { allocation: null },
    { actor: { sub: 'import', role: 'procurement' }, at: now().toISOString() },
  );
  await create('ENDED', {
    notifiedOn: '2023-01-10',
    startsOn: '2023-02-01',
    endsOn: '2024-12-31',
    allocation: { mode: 'single', plieId: 'lille' },
  });
  // Extended into the report's year by an amendment: its index items move with its end date.
  const extended = await api.call('POST', `/api/contracts/${ids.ENDED}/amendments`, {
    token: procurement,
    body: { effectiveOn: '2024-12-01', reason: 'Avenant : prolongation', endsOn: '2025-06-30' },
  });
  expect(extended.status, JSON.stringify(extended.body)).toBe(201);
  await create('NEXT-YEAR', {
    notifiedOn: '2025-10-20',
    startsOn: '2026-01-05',
    endsOn: '2026-12-31',
    allocation: { mode: 'single', plieId: 'bordeaux' },
    reserved: { basis: 'L2113-13', awardeeType: 'EI' },
  });
});

describe('one PLIE’s report, read from its own contracts', () => {
  it.each(['bordeaux', 'graves', 'lille', 'paris'])(
    'says for %s exactly what the report read from everything says',
    async (plieId) => {
      const { indexed, everything } = await bothWays(plieId);
      expect(indexed).toEqual(everything);
    },
  );

  it('lists what each PLIE should see', async () => {
    const listed = async (plieId: string) =>
      (await bothWays(plieId)).indexed.contracts.map((c) => c.reference).sort();
    expect(await listed('bordeaux')).toEqual(['ALL', 'MOVED', 'OWN', 'TERRITORY', 'UNDECIDED']);
    // Graves keeps the hours it logged before the amendment moved the contract to Bordeaux.
    expect(await listed('graves')).toEqual(['ALL', 'MOVED', 'TERRITORY', 'UNDECIDED']);
    expect(await listed('lille')).toEqual(['ALL', 'ENDED']);
    const bordeaux = (await bothWays('bordeaux')).indexed;
    expect(bordeaux.contracts.find((c) => c.reference === 'OWN')).toMatchObject({
      hoursYearToDate: 10,
      hoursToDate: 10,
    });
    expect(bordeaux.reservedMarkets.map((r) => r.reference).sort()).toEqual([
      'NEXT-YEAR',
      'RESERVED',
    ]);
    expect((await bothWays('lille')).indexed.reservedMarkets.map((r) => r.reference)).toEqual([
      'RESERVED',
    ]);
  });

  it('reads everything, and says the same, while an earlier version’s data lacks the index', async () => {
    const { doc, tableName } = api;
    const before = await bothWays('graves');
    // Data of an earlier version: no index items, no upgrade recorded.
    const { Items = [] } = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.plieContractsPartition(`PLIE#graves`) },
      }),
    );
    expect(Items.length).toBeGreaterThan(0);
    for (const item of Items) {
      await doc.send(
        new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }),
      );
    }
    await doc.send(
      new DeleteCommand({
        TableName: tableName,
        Key: keys.setting(`upgrade:${PLIE_CONTRACTS_INDEX}`),
      }),
    );
    expect((await bothWays('graves')).indexed).toEqual(before.indexed);

    await upgradeIndexes(api.stores, new Date().toISOString());
    expect(await api.stores.settings.done(PLIE_CONTRACTS_INDEX)).toBe(true);
    const { Items: rewritten = [] } = await doc.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.plieContractsPartition(`PLIE#graves`) },
      }),
    );
    expect(rewritten).toEqual(Items);
    expect((await bothWays('graves')).indexed).toEqual(before.indexed);
  });
});
