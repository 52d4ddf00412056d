import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';

// The key a shared contract would get, shown before it is saved (contract form, criteria page):
// it must be the split the contract then really gets, and say plainly when it cannot be computed.

let api: TestApi;
let admin: string;
let procurement: string;

const criteria = (population: number, qpvResidents: number) => ({
  population,
  socialHousingRate: 0.2,
  qpvResidents,
  qpvShare: 0.1,
  unemploymentRate: 0.1,
});

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi(() => new Date('2026-11-15T10:00:00Z')));
  await api.call('PUT', '/api/plies/bordeaux/criteria/2025', {
    token: admin,
    body: criteria(300_000, 30_000),
  });
  await api.call('PUT', '/api/plies/graves/criteria/2025', {
    token: admin,
    body: criteria(100_000, 5_000),
  });
});

describe('the allocation key preview', () => {
  it('splits an objective as the saved shared contract is then split', async () => {
    const preview = await api.call('GET', '/api/allocation-key/2025?hours=1001', {
      token: procurement,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.issue).toBeNull();
    const parts = preview.body.plies as { plieId: string; share: number; allottedHours: number }[];
    expect(parts.map((p) => p.plieId)).toEqual(['bordeaux', 'graves']);
    expect(parts.reduce((sum, p) => sum + p.allottedHours, 0)).toBe(1001);
    expect(parts.reduce((sum, p) => sum + p.share, 0)).toBeCloseTo(1, 10);
    expect(parts[0]?.share).toBeGreaterThan(parts[1]?.share ?? 1);

    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        reference: 'PREVIEW-1',
        allocation: { mode: 'shared' },
        targetHours: 1001,
      }),
    });
    expect(created.status).toBe(201);
    const saved = await api.call('GET', `/api/contracts/${created.body.id}`, {
      token: procurement,
    });
    expect(
      saved.body.allocation.map((a: { plieId: string; allottedHours: number }) => [
        a.plieId,
        a.allottedHours,
      ]),
    ).toEqual(parts.map((p) => [p.plieId, p.allottedHours]));
  });

  it('follows the year’s weights', async () => {
    const before = await api.call('GET', '/api/allocation-key/2025?hours=100', {
      token: procurement,
    });
    await api.call('PUT', '/api/allocation-weights/2025', {
      token: admin,
      body: {
        population: 0,
        socialHousingRate: 0,
        qpvResidents: 1,
        qpvShare: 0,
        unemploymentRate: 0,
      },
    });
    const after = await api.call('GET', '/api/allocation-key/2025?hours=100', {
      token: procurement,
    });
    // 30,000 and 5,000 QPV residents only: 6/7 and 1/7 of 100 hours.
    expect(after.body.plies.map((p: { allottedHours: number }) => p.allottedHours)).toEqual([
      86, 14,
    ]);
    expect(after.body.plies).not.toEqual(before.body.plies);
  });

  it('names the PLIEs whose criteria are missing', async () => {
    const preview = await api.call('GET', '/api/allocation-key/2024?hours=10', {
      token: procurement,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.plies).toEqual([]);
    expect(preview.body.issue).toMatch(/Critères 2024 manquants pour : .*PLIE/);
  });
});
