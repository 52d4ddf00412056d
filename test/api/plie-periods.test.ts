import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';

// Issue 12, point 5: PLIEs have a life. A PLIE created later does not enter past years'
// funding or allocations; a closed one takes no hours after its closure and leaves the later
// years' figures, while its past stays.

let api: TestApi;
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
  ({ api, admin, procurement } = await seededApi(() => new Date('2026-11-15T10:00:00Z')));
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
