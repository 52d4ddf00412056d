import { beforeAll, describe, expect, it } from 'vitest';
import { seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

let api: TestApi;
let admin: string;
let procurement: string;

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi());
});

describe('PLIEs', () => {
  it('lists them for every role, and only an admin writes', async () => {
    const coordinator = await api.token('plie-coordinator', 'graves');
    const list = await api.call('GET', '/api/plies', { token: coordinator });
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).toEqual(['bordeaux', 'graves']);
    expect(list.body.nextCursor).toBeNull();
    const refused = await api.call('PUT', '/api/plies/sources', {
      token: procurement,
      body: { name: 'PLIE des Sources' },
    });
    expect(refused.status).toBe(403);
  });

  it('creates (201) then updates (200), and validates the id', async () => {
    const created = await api.call('PUT', '/api/plies/sources', {
      token: admin,
      body: { name: 'PLIE des Sources', coordinatorEmails: ['coordination@sources.example'] },
    });
    expect(created.status).toBe(201);
    const updated = await api.call('PUT', '/api/plies/sources', {
      token: admin,
      body: { name: 'PLIE des Sources (Pessac)' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id: 'sources',
      name: 'PLIE des Sources (Pessac)',
      communes: [],
    });
    const badId = await api.call('PUT', '/api/plies/Bad_Id', { token: admin, body: { name: 'X' } });
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].path).toBe('plieId');
    const badEmail = await api.call('PUT', '/api/plies/sources', {
      token: admin,
      body: { name: 'X', coordinatorEmails: ['nope'] },
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.errors[0].path).toBe('coordinatorEmails.0');
  });

  it('stores criteria per year, validated, for known PLIEs only', async () => {
    const body = {
      population: 250000,
      socialHousingRate: 0.17,
      qpvResidents: 33000,
      qpvShare: 0.13,
      unemploymentRate: 0.11,
    };
    const put = await api.call('PUT', '/api/plies/bordeaux/criteria/2026', { token: admin, body });
    expect(put.status).toBe(200);
    const read = await api.call('GET', '/api/plies/bordeaux/criteria/2026', { token: procurement });
    expect(read.body).toEqual({ plieId: 'bordeaux', year: 2026, ...body });
    const rate = await api.call('PUT', '/api/plies/bordeaux/criteria/2026', {
      token: admin,
      body: { ...body, qpvShare: 13 },
    });
    expect(rate.status).toBe(400);
    expect(rate.body.errors[0].path).toBe('qpvShare');
    const unknown = await api.call('PUT', '/api/plies/nowhere/criteria/2026', {
      token: admin,
      body,
    });
    expect(unknown.status).toBe(404);
  });

  it('uses equal weights until an admin sets others', async () => {
    const before = await api.call('GET', '/api/allocation-weights/2026', { token: procurement });
    expect(before.body).toMatchObject({ isDefault: true, weights: { population: 1, qpvShare: 1 } });
    const weights = {
      population: 2,
      socialHousingRate: 1,
      qpvResidents: 1,
      qpvShare: 1,
      unemploymentRate: 1,
    };
    expect(
      (await api.call('PUT', '/api/allocation-weights/2026', { token: admin, body: weights }))
        .status,
    ).toBe(200);
    const after = await api.call('GET', '/api/allocation-weights/2026', { token: procurement });
    expect(after.body).toEqual({ year: 2026, weights, isDefault: false });
    const zero = {
      population: 0,
      socialHousingRate: 0,
      qpvResidents: 0,
      qpvShare: 0,
      unemploymentRate: 0,
    };
    expect(
      (await api.call('PUT', '/api/allocation-weights/2026', { token: admin, body: zero })).status,
    ).toBe(400);
  });
});

describe('participants', () => {
  const person = (overrides: Record<string, unknown> = {}) => ({
    plieId: 'graves',
    ref: `GR-${Math.random().toString(36).slice(2, 8)}`,
    eligibility: ['DELD', 'QPV'],
    enteredOn: '2025-02-01',
    ...overrides,
  });

  it('lets a coordinator register people of their own PLIE only', async () => {
    const graves = await api.token('plie-coordinator', 'graves');
    const own = await api.call('POST', '/api/participants', { token: graves, body: person() });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ plieId: 'graves', exitedOn: null, outcome: null });
    const count = await itemCount(api);
    const other = await api.call('POST', '/api/participants', {
      token: graves,
      body: person({ plieId: 'bordeaux' }),
    });
    expect(other.status).toBe(403);
    expect(await itemCount(api)).toBe(count);
  });

  it('keeps references pseudonymous and unique within a PLIE', async () => {
    const spaces = await api.call('POST', '/api/participants', {
      token: procurement,
      body: person({ ref: 'Jean Dupont' }),
    });
    expect(spaces.status).toBe(400);
    expect(spaces.body.errors[0].path).toBe('ref');
    await api.call('POST', '/api/participants', {
      token: procurement,
      body: person({ ref: 'GR-SAME' }),
    });
    const twice = await api.call('POST', '/api/participants', {
      token: procurement,
      body: person({ ref: 'GR-SAME' }),
    });
    expect(twice.status).toBe(409);
    const elsewhere = await api.call('POST', '/api/participants', {
      token: procurement,
      body: person({ ref: 'GR-SAME', plieId: 'bordeaux' }),
    });
    expect(elsewhere.status).toBe(201);
  });

  it('validates eligibility codes and the PLIE', async () => {
    const codes = await api.call('POST', '/api/participants', {
      token: procurement,
      body: person({ eligibility: ['RICH'] }),
    });
    expect(codes.status).toBe(400);
    expect(codes.body.errors[0].path).toBe('eligibility.0');
    const none = await api.call('POST', '/api/participants', {
      token: procurement,
      body: person({ eligibility: [] }),
    });
    expect(none.status).toBe(400);
    const unknown = await api.call('POST', '/api/participants', {
      token: procurement,
      body: person({ plieId: 'nowhere' }),
    });
    expect(unknown.status).toBe(422);
  });

  it('lists a coordinator’s own people and refuses another PLIE’s (403)', async () => {
    await api.call('POST', '/api/participants', {
      token: procurement,
      body: person({ plieId: 'bordeaux' }),
    });
    const graves = await api.token('plie-coordinator', 'graves');
    const own = await api.call('GET', '/api/participants', { token: graves });
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.every((p: { plieId: string }) => p.plieId === 'graves')).toBe(true);
    expect(
      (await api.call('GET', '/api/participants?plieId=bordeaux', { token: graves })).status,
    ).toBe(403);
    const bordeauxPerson = (
      await api.call('GET', '/api/participants?plieId=bordeaux', { token: procurement })
    ).body.items[0];
    expect(
      (await api.call('GET', `/api/participants/${bordeauxPerson.id}`, { token: graves })).status,
    ).toBe(403);
    const all = await api.call('GET', '/api/participants', { token: admin });
    expect(new Set(all.body.items.map((p: { plieId: string }) => p.plieId))).toEqual(
      new Set(['bordeaux', 'graves']),
    );
  });

  it('records one exit, not before the entry', async () => {
    const created = await api.call('POST', '/api/participants', {
      token: procurement,
      body: person(),
    });
    const path = `/api/participants/${created.body.id}/exit`;
    const early = await api.call('POST', path, {
      token: procurement,
      body: { exitedOn: '2025-01-01', outcome: 'cdi' },
    });
    expect(early.status).toBe(422);
    const badOutcome = await api.call('POST', path, {
      token: procurement,
      body: { exitedOn: '2025-09-01', outcome: 'lottery' },
    });
    expect(badOutcome.status).toBe(400);
    const exit = await api.call('POST', path, {
      token: procurement,
      body: { exitedOn: '2025-09-01', outcome: 'cdi' },
    });
    expect(exit.status).toBe(200);
    expect(exit.body).toMatchObject({ exitedOn: '2025-09-01', outcome: 'cdi' });
    const twice = await api.call('POST', path, {
      token: procurement,
      body: { exitedOn: '2025-10-01', outcome: 'dropout' },
    });
    expect(twice.status).toBe(409);
    const read = await api.call('GET', `/api/participants/${created.body.id}`, {
      token: procurement,
    });
    expect(read.body.outcome).toBe('cdi');
  });
});
