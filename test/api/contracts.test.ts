import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

let api: TestApi;
let admin: string;
let procurement: string;

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi());
});

describe('POST /api/contracts', () => {
  it('creates a contract and records who did it', async () => {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ reference: 'C-1' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      reference: 'C-1',
      targetHours: 800,
      hoursLogged: 0,
      progress: 0,
      amount: 1_000_000,
    });
    const history = await api.call(
      'GET',
      `/api/changes?entityType=contract&entityId=${created.body.id}`,
      { token: admin },
    );
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0]).toMatchObject({
      action: 'create',
      actor: { role: 'procurement' },
    });
  });

  it('computes the target from the tender inputs and keeps them', async () => {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        targetHours: undefined,
        insertionInputs: { labourShare: 0.5, insertionRate: 0.05, hourlyCost: 30 },
      }),
    });
    expect(created.status).toBe(201);
    expect(created.body.targetHours).toBe(833);
    expect(created.body.insertionInputs).toEqual({
      labourShare: 0.5,
      insertionRate: 0.05,
      hourlyCost: 30,
    });
  });

  it('keeps amounts exact to the cent', async () => {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ amount: 44996.25 }),
    });
    expect(created.body.amount).toBe(44996.25);
    const bad = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ amount: 10.005 }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('amount');
  });

  it('refuses a duplicate reference for the same buyer (409), writing nothing', async () => {
    await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ reference: 'DUP-1' }),
    });
    const count = await itemCount(api);
    const again = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ reference: 'DUP-1' }),
    });
    expect(again.status).toBe(409);
    expect(again.body.errors[0].path).toBe('reference');
    expect(await itemCount(api)).toBe(count);
  });

  it('names every bad field at once', async () => {
    const response = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: {
        ...contractInput(),
        kind: 'food',
        endsOn: '2024-01-01',
        awardee: { name: 'X', siret: '123' },
      },
    });
    expect(response.status).toBe(400);
    const paths = response.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['kind', 'awardee.siret']));
  });

  it('refuses an end before the start, both target forms, and an unknown PLIE', async () => {
    const early = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ endsOn: '2025-01-01' }),
    });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].path).toBe('endsOn');
    const both = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        insertionInputs: { labourShare: 0.5, insertionRate: 0.05, hourlyCost: 30 },
      }),
    });
    expect(both.status).toBe(400);
    const unknown = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ allocation: { mode: 'single', plieId: 'nowhere' } }),
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('allocation.plieId');
  });

  it('refuses a reservation whose awardee does not fit the basis (422)', async () => {
    const response = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        reserved: { basis: 'L2113-12', awardeeType: 'EI' },
        socialConsiderations: [],
      }),
    });
    expect(response.status).toBe(422);
    expect(response.body.detail).toContain('L2113-12');
    const ok = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        reserved: { basis: 'L2113-12', awardeeType: 'ESAT' },
        socialConsiderations: [],
      }),
    });
    expect(ok.status).toBe(201);
    expect(ok.body.socialConsiderations).toEqual(['reserved']);
  });

  it('is closed to coordinators', async () => {
    const coordinator = await api.token('plie-coordinator', 'graves');
    const response = await api.call('POST', '/api/contracts', {
      token: coordinator,
      body: contractInput(),
    });
    expect(response.status).toBe(403);
  });
});

describe('GET /api/contracts', () => {
  let listApi: TestApi;
  let token: string;
  beforeAll(async () => {
    const seeded = await seededApi();
    listApi = seeded.api;
    token = seeded.procurement;
    const contracts = [
      contractInput({
        reference: 'L-2023',
        notifiedOn: '2023-05-02',
        startsOn: '2023-06-01',
        endsOn: '2025-05-31',
      }),
      contractInput({
        reference: 'L-2024',
        notifiedOn: '2024-03-02',
        startsOn: '2024-04-01',
        endsOn: '2024-12-31',
      }),
      contractInput({
        reference: 'L-2025a',
        notifiedOn: '2025-01-10',
        allocation: { mode: 'single', plieId: 'graves' },
      }),
      contractInput({
        reference: 'L-2025b',
        notifiedOn: '2025-02-10',
        allocation: { mode: 'shared' },
      }),
      contractInput({
        reference: 'L-2025c',
        notifiedOn: '2025-03-10',
        reserved: { basis: 'L2113-13', awardeeType: 'ACI' },
        socialConsiderations: ['reserved'],
      }),
    ];
    for (const body of contracts) await listApi.call('POST', '/api/contracts', { token, body });
  });

  const refs = (body: { items: { reference: string }[] }) => body.items.map((c) => c.reference);

  it('lists newest notification first, with filters', async () => {
    const all = await listApi.call('GET', '/api/contracts', { token });
    expect(refs(all.body)).toEqual(['L-2025c', 'L-2025b', 'L-2025a', 'L-2024', 'L-2023']);
    expect(
      (await listApi.call('GET', '/api/contracts?year=2025', { token })).body.items,
    ).toHaveLength(3);
    expect(
      refs((await listApi.call('GET', '/api/contracts?activeIn=2024', { token })).body),
    ).toEqual(['L-2024', 'L-2023']);
    expect(
      refs((await listApi.call('GET', '/api/contracts?plieId=graves&year=2025', { token })).body),
    ).toEqual(['L-2025b', 'L-2025a']);
    expect(
      refs((await listApi.call('GET', '/api/contracts?reserved=true', { token })).body),
    ).toEqual(['L-2025c']);
    expect(
      (await listApi.call('GET', '/api/contracts?reserved=false', { token })).body.items,
    ).toHaveLength(4);
  });

  it('pages with a cursor, even through a filter', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await listApi.call(
        'GET',
        `/api/contracts?reserved=false&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
        { token },
      );
      seen.push(...refs(page.body));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['L-2025b', 'L-2025a', 'L-2024', 'L-2023']);
  });

  it('refuses bad filters', async () => {
    const response = await listApi.call('GET', '/api/contracts?year=25&limit=900&reserved=maybe', {
      token,
    });
    expect(response.status).toBe(400);
    const paths = response.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['year', 'limit', 'reserved']));
  });

  it('answers 404 for an unknown contract', async () => {
    const response = await listApi.call('GET', '/api/contracts/01JUNKNOWNCONTRACT000000000', {
      token,
    });
    expect(response.status).toBe(404);
  });
});

describe('GET /api/contracts/{id} on a shared contract', () => {
  it('allots the target by the criteria of the notification year, or says which PLIEs lack them', async () => {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ allocation: { mode: 'shared' }, targetHours: 1000 }),
    });
    const id = created.body.id;
    const missing = await api.call('GET', `/api/contracts/${id}`, { token: procurement });
    expect(missing.body.allocation).toBeNull();
    expect(missing.body.allocationIssue).toContain('PLIE de Bordeaux');
    expect(missing.body.allocationIssue).toContain('PLIE des Graves');

    const criteria = {
      socialHousingRate: 0.2,
      qpvShare: 0.1,
      unemploymentRate: 0.1,
      qpvResidents: 1000,
    };
    await api.call('PUT', '/api/plies/bordeaux/criteria/2025', {
      token: admin,
      body: { ...criteria, population: 300 },
    });
    const half = await api.call('GET', `/api/contracts/${id}`, { token: procurement });
    expect(half.body.allocation).toBeNull();
    expect(half.body.allocationIssue).toContain('PLIE des Graves');
    expect(half.body.allocationIssue).not.toContain('PLIE de Bordeaux');

    await api.call('PUT', '/api/plies/graves/criteria/2025', {
      token: admin,
      body: { ...criteria, population: 100 },
    });
    const full = await api.call('GET', `/api/contracts/${id}`, { token: procurement });
    // Shares: population 3/4 and 1/4, the four other criteria 1/2 each → keys 0.55 and 0.45.
    expect(full.body.allocation).toMatchObject([
      { plieId: 'bordeaux', allottedHours: 550, hoursLogged: 0 },
      { plieId: 'graves', allottedHours: 450, hoursLogged: 0 },
    ]);
    expect(full.body.allocationIssue).toBeNull();
  });
});
