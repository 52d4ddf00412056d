import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, sampleCriteria, seededApi, type TestApi } from '../support/api';

// Issue 12, point 6: a shared contract's split is decided from the criteria of its notification
// year and kept with it; correcting those criteria later changes it only when an administrator
// recomputes it, as an audited change.

let api: TestApi;
let admin: string;
let procurement: string;
let id: string;

const allocation = async () =>
  (await api.call('GET', `/api/contracts/${id}`, { token: procurement })).body.allocation as {
    plieId: string;
    allottedHours: number;
  }[];

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi(() => new Date('2026-11-15T10:00:00Z')));
  await api.call('PUT', '/api/plies/bordeaux/criteria/2025', {
    token: admin,
    body: sampleCriteria(300_000),
  });
  await api.call('PUT', '/api/plies/graves/criteria/2025', {
    token: admin,
    body: sampleCriteria(100_000),
  });
  const created = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'FROZEN-1',
      allocation: { mode: 'shared' },
      targetHours: 1000,
    }),
  });
  expect(created.status).toBe(201);
  expect(created.body.allocationKey).toMatchObject({ year: 2025, plieIds: ['bordeaux', 'graves'] });
  id = created.body.id;
});

describe('a decided allocation', () => {
  it('does not move when a year’s criteria are corrected, nor when a PLIE is added', async () => {
    const decided = await allocation();
    await api.call('PUT', '/api/plies/graves/criteria/2025', {
      token: admin,
      body: sampleCriteria(300_000),
    });
    // Registered now, but active since 2025 on purpose: it takes part in 2025's key once recomputed.
    await api.call('PUT', '/api/plies/nouveau', {
      token: admin,
      body: { name: 'PLIE nouveau', activeFrom: '2025-01-01' },
    });
    expect(await allocation()).toEqual(decided);
  });

  it('takes hours only for the PLIEs of its key', async () => {
    const refused = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId: id, plieId: 'nouveau', month: '2025-05', hours: 5, mode: 'geiq' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].path).toBe('plieId');
  });

  it('is recomputed only by an administrator, with a reason kept in the history', async () => {
    const decided = await allocation();
    const refused = await api.call('POST', `/api/contracts/${id}/allocation-key/recompute`, {
      token: procurement,
      body: { reason: 'Critères corrigés' },
    });
    expect(refused.status).toBe(403);
    // The new PLIE has no 2025 criteria yet: the key cannot be decided.
    const incomplete = await api.call('POST', `/api/contracts/${id}/allocation-key/recompute`, {
      token: admin,
      body: { reason: 'Critères corrigés' },
    });
    expect(incomplete.status).toBe(422);
    await api.call('PUT', '/api/plies/nouveau/criteria/2025', {
      token: admin,
      body: sampleCriteria(100_000),
    });
    const recomputed = await api.call('POST', `/api/contracts/${id}/allocation-key/recompute`, {
      token: admin,
      body: { reason: 'Critères 2025 des Graves corrigés, nouveau PLIE' },
    });
    expect(recomputed.status).toBe(200);
    const now = await allocation();
    expect(now).not.toEqual(decided);
    expect(now.map((a) => a.plieId)).toEqual(['bordeaux', 'graves', 'nouveau']);
    expect(now.reduce((s, a) => s + a.allottedHours, 0)).toBe(1000);
    const history = await api.call('GET', `/api/changes?entityType=contract&entityId=${id}`, {
      token: admin,
    });
    expect(history.body.items.at(-1)).toMatchObject({
      action: 'recompute-allocation',
      reason: 'Critères 2025 des Graves corrigés, nouveau PLIE',
      actor: { role: 'admin' },
    });
  });
});
