import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import { tenantKeys } from '#shared/store/keys';
import { contractInput, seededApi, type TestApi } from '../support/api';

// Issue 12, point 5: PLIEs have a life. A PLIE created later does not enter past years'
// funding or allocations; a closed one takes no hours after its closure and leaves the later
// years' figures, while its past stays.

let api: TestApi;
let clock = new Date('2026-11-15T10:00:00Z');
let admin: string;
let procurement: string;
let shared: string;

const criteria = {
  population: 100_000,
  socialHousingRate: 0.2,
  qpvResidents: 10_000,
  qpvShare: 0.1,
  unemploymentRate: 0.1,
};

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi(() => clock));
  for (const year of [2025, 2026]) {
    await api.call('PUT', `/api/funding-conventions/${year}`, {
      token: admin,
      body: { fixedPerPlie: 5000, perHour: 1 },
    });
  }
  for (const plieId of ['bordeaux', 'graves']) {
    await api.call('PUT', `/api/plies/${plieId}/criteria/2025`, { token: admin, body: criteria });
  }
  const created = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'LIFE-1',
      allocation: { mode: 'shared' },
      targetHours: 1000,
      endsOn: '2026-12-31',
    }),
  });
  shared = created.body.id;
});

const funding = async (year: number) =>
  (await api.call('GET', `/api/funding?year=${year}`, { token: admin })).body;

const keyOf = async (year: number) =>
  (await api.call('GET', `/api/allocation-key/${year}?hours=1000`, { token: admin })).body;

// Issue 28: a PLIE registered without a start date was paid its fixed part in every past year
// (a year's funding moved from 20,196.75 € to 25,196.75 € when one was added): it now starts on
// the day it is registered, in the structure's clock (Paris), unless a date is given on purpose.
describe('a PLIE registered without a start date', () => {
  it('starts the day it is registered: last year’s funding and key do not move', async () => {
    const [funding2025, key2025] = [await funding(2025), await keyOf(2025)];
    expect(funding2025.totals.fixed).toBe(10_000);
    // 23:30 UTC is already the next day in Paris.
    clock = new Date('2026-11-15T23:30:00Z');
    const put = await api.call('PUT', '/api/plies/recent', {
      token: admin,
      body: { name: 'PLIE récent' },
    });
    expect(put.status).toBe(201);
    expect(put.body.activeFrom).toBe('2026-11-16');
    expect(await funding(2025)).toEqual(funding2025);
    expect(await keyOf(2025)).toEqual(key2025);
    const year = await funding(2026);
    expect(year.plies.map((r: { plieId: string }) => r.plieId)).toContain('recent');
    // Nor does it take hours of a month before it existed.
    const own = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        reference: 'RECENT-1',
        notifiedOn: '2026-01-05',
        startsOn: '2026-01-05',
        endsOn: '2026-12-31',
        allocation: { mode: 'single', plieId: 'recent' },
      }),
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const log = (month: string) =>
      api.call('POST', '/api/hours', {
        token: procurement,
        body: { contractId: own.body.id, plieId: 'recent', month, hours: 3, mode: 'geiq' },
      });
    const refused = await log('2026-10');
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({
      path: 'plieId',
      message: 'Ce PLIE n’est actif qu’à partir du 16 novembre 2026',
    });
    expect((await log('2026-11')).status).toBe(201);
  });

  it('keeps its start when edited without one, and PLIEs of old keep “since always”', async () => {
    clock = new Date('2026-11-20T10:00:00Z');
    const renamed = await api.call('PUT', '/api/plies/recent', {
      token: admin,
      body: { name: 'PLIE récent, renommé' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.activeFrom).toBe('2026-11-16');
    // bordeaux was stored without a start (since always): edited, it stays so.
    const before = await funding(2025);
    const bordeaux = await api.call('PUT', '/api/plies/bordeaux', {
      token: admin,
      body: { name: 'PLIE de Bordeaux' },
    });
    expect(bordeaux.body.activeFrom).toBeNull();
    expect(await funding(2025)).toEqual(before);
  });

  it('keeps the figures of PLIEs stored before the rule, without the attribute at all', async () => {
    const before = await funding(2025);
    // As an older version wrote a PLIE: no activeFrom attribute.
    await api.doc.send(
      new PutCommand({
        TableName: api.tableName,
        Item: {
          ...tenantKeys(DEFAULT_TENANT).plie('ancien'),
          _type: 'plie',
          id: 'ancien',
          name: 'PLIE ancien',
          communes: [],
          coordinatorEmails: [],
        },
      }),
    );
    const after = await funding(2025);
    expect(after.plies.find((r: { plieId: string }) => r.plieId === 'ancien')).toMatchObject({
      fixed: 5000,
    });
    expect(after.totals.fixed).toBe(before.totals.fixed + 5000);
  });

  it('reaches back into past years only when told so: an earlier date, or null for since always', async () => {
    const before = await funding(2025);
    const older = await api.call('PUT', '/api/plies/plus-ancien', {
      token: admin,
      body: { name: 'PLIE plus ancien', activeFrom: null },
    });
    expect(older.body.activeFrom).toBeNull();
    expect((await funding(2025)).totals.fixed).toBe(before.totals.fixed + 5000);
  });
});

describe('PLIE active periods', () => {
  it('keeps a new PLIE out of the years before it opened', async () => {
    const before2025 = await funding(2025);
    const allocationBefore = (await api.call('GET', `/api/contracts/${shared}`, { token: admin }))
      .body.allocation;
    const put = await api.call('PUT', '/api/plies/nouveau', {
      token: admin,
      body: { name: 'PLIE nouveau', activeFrom: '2026-01-01' },
    });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ activeFrom: '2026-01-01', activeUntil: null });
    expect(await funding(2025)).toEqual(before2025);
    const after = await api.call('GET', `/api/contracts/${shared}`, { token: admin });
    expect(after.body.allocationIssue).toBeNull();
    expect(after.body.allocation).toEqual(allocationBefore);
    expect((await funding(2026)).plies.map((r: { plieId: string }) => r.plieId)).toContain(
      'nouveau',
    );
  });

  it('takes no hours for a closed PLIE after its closure; later years leave it out', async () => {
    const close = await api.call('PUT', '/api/plies/graves', {
      token: admin,
      body: { name: 'PLIE des Graves', activeUntil: '2025-06-30' },
    });
    expect(close.status).toBe(200);
    const log = (month: string) =>
      api.call('POST', '/api/hours', {
        token: procurement,
        body: { contractId: shared, plieId: 'graves', month, hours: 10, mode: 'geiq' },
      });
    expect((await log('2025-06')).status).toBe(201);
    const refused = await log('2025-07');
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({
      path: 'plieId',
      message: expect.stringContaining('30 juin 2025'),
    });
    expect((await funding(2025)).plies.map((r: { plieId: string }) => r.plieId)).toContain(
      'graves',
    );
    expect((await funding(2026)).plies.map((r: { plieId: string }) => r.plieId)).not.toContain(
      'graves',
    );
  });

  it('refuses a closure before the opening', async () => {
    const response = await api.call('PUT', '/api/plies/autre', {
      token: admin,
      body: { name: 'Autre', activeFrom: '2026-01-01', activeUntil: '2025-12-31' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('activeUntil');
  });
});
