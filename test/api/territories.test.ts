import { beforeAll, describe, expect, it } from 'vitest';
import type { ContractCreateInput } from '#shared/schemas/contracts';
import { contractInput, sampleCriteria, seededApi, type TestApi } from '../support/api';

// A national deployment holds several metropolises: a contract of metropolitan interest is
// shared between the PLIEs of its own territory, not with every PLIE of the country. Without a
// territory, a shared contract still concerns every PLIE (seed 004).

let api: TestApi;
let admin: string;
let procurement: string;
let territorial: string;
let everyone: string;

const BORDEAUX = 'Bordeaux Métropole';
const LILLE = 'Métropole européenne de Lille';

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi(() => new Date('2025-11-15T10:00:00Z')));
  for (const [id, name, territory] of [
    ['bordeaux', 'PLIE de Bordeaux', BORDEAUX],
    ['graves', 'PLIE des Graves', BORDEAUX],
    ['lille', 'PLIE de Lille', LILLE],
  ] as const) {
    const put = await api.call('PUT', `/api/plies/${id}`, {
      token: admin,
      body: { name, territory, activeFrom: null },
    });
    expect(put.status).toBeLessThan(300);
    await api.call('PUT', `/api/plies/${id}/criteria/2025`, {
      token: admin,
      body: sampleCriteria(id === 'bordeaux' ? 300_000 : 100_000),
    });
  }
  const create = async (reference: string, allocation: ContractCreateInput['allocation']) => {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ reference, allocation, targetHours: 1000 }),
    });
    expect(created.status).toBe(201);
    return created.body;
  };
  const inTerritory = await create('TERR-1', { mode: 'shared', territory: BORDEAUX });
  expect(inTerritory.allocationKey.plieIds).toEqual(['bordeaux', 'graves']);
  territorial = inTerritory.id;
  const shared = await create('TERR-ALL', { mode: 'shared' });
  expect(shared.allocationKey.plieIds).toEqual(['bordeaux', 'graves', 'lille']);
  everyone = shared.id;
});

describe('a contract shared within a territory', () => {
  it('is split between that territory’s PLIEs only', async () => {
    const detail = await api.call('GET', `/api/contracts/${territorial}`, { token: procurement });
    expect(detail.body.allocationMode).toEqual({ mode: 'shared', territory: BORDEAUX });
    const split = detail.body.allocation as { plieId: string; allottedHours: number }[];
    expect(split.map((a) => a.plieId)).toEqual(['bordeaux', 'graves']);
    // Bordeaux has three times the population, the other criteria are equal: 3/4 of one
    // criterion in five, half of the four others.
    expect(split.reduce((s, a) => s + a.allottedHours, 0)).toBe(1000);
    expect(split[0]?.allottedHours).toBe(550);
  });

  it('previews the same key before it is saved', async () => {
    const preview = await api.call(
      'GET',
      `/api/allocation-key/2025?hours=1000&territory=${encodeURIComponent(BORDEAUX)}`,
      { token: procurement },
    );
    expect(preview.status).toBe(200);
    expect(
      preview.body.plies.map((p: { plieId: string; allottedHours: number }) => [
        p.plieId,
        p.allottedHours,
      ]),
    ).toEqual([
      ['bordeaux', 550],
      ['graves', 450],
    ]);
  });

  it('refuses a territory no PLIE belongs to, naming the field', async () => {
    const refused = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        reference: 'TERR-X',
        allocation: { mode: 'shared', territory: 'Métropole inconnue' },
      }),
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toContainEqual({
      path: 'allocation.territory',
      message: 'Aucun PLIE n’est du territoire « Métropole inconnue »',
    });
  });

  it('takes no hours for a PLIE of another territory', async () => {
    const refused = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId: territorial, plieId: 'lille', month: '2025-05', hours: 5, mode: 'geiq' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('plieId');
    const taken = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId: territorial, plieId: 'graves', month: '2025-05', hours: 5, mode: 'geiq' },
    });
    expect(taken.status).toBe(201);
  });

  it('is not in another territory’s PLIE report nor in its contract list', async () => {
    const lille = await api.token('plie-coordinator', 'lille');
    const report = await api.call('GET', '/api/reports/monthly/2025-10', { token: lille });
    expect(report.status).toBe(200);
    const listed = report.body.contracts.map((c: { id: string }) => c.id);
    expect(listed).toContain(everyone);
    expect(listed).not.toContain(territorial);
    const contracts = await api.call('GET', '/api/contracts?plieId=lille', { token: lille });
    const ids = contracts.body.items.map((c: { id: string }) => c.id);
    expect(ids).toContain(everyone);
    expect(ids).not.toContain(territorial);

    const graves = await api.token('plie-coordinator', 'graves');
    const theirs = await api.call('GET', '/api/reports/monthly/2025-10', { token: graves });
    const row = theirs.body.contracts.find((c: { id: string }) => c.id === territorial);
    expect(row).toMatchObject({ targetHours: 450, hoursToDate: 5 });
  });
});

describe('before its key is decided', () => {
  it('still keeps the hours within the territory', async () => {
    // No 2024 criteria: the key cannot be decided, the split waits for them.
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        reference: 'TERR-2024',
        notifiedOn: '2024-03-01',
        startsOn: '2024-04-01',
        allocation: { mode: 'shared', territory: BORDEAUX },
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body.allocationKey).toBeNull();
    const refused = await api.call('POST', '/api/hours', {
      token: procurement,
      body: {
        contractId: created.body.id,
        plieId: 'lille',
        month: '2025-05',
        hours: 5,
        mode: 'geiq',
      },
    });
    expect(refused.status, JSON.stringify([created.body, refused.body])).toBe(422);
    expect(refused.body.errors[0]).toMatchObject({
      path: 'plieId',
      message: expect.stringContaining(`territoire « ${BORDEAUX} »`),
    });
  });
});
