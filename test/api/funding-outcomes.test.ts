import { beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from '#shared/domain/outcomes';
import { DEMO_PLIES } from '../../infra/local/demo-data';
import { contractInput, createTestApi, type TestApi } from '../support/api';
import { SEED_2016_FUNDING } from '../support/records';

// The seed's 2016 budget (seed 004, SEED_2016_FUNDING), with 5,000 € fixed and 1 € per hour:
// these are the inputs; the hours they imply are logged through the API and the API must give
// the table back.
const FIXED = 5_000;
const PER_HOUR = 1;

let api: TestApi;
let admin: string;
let procurement: string;
let contractId: string;

async function logHours(plieId: string, month: string, total: number) {
  const ids: string[] = [];
  for (let left = total; left > 0; left -= 250) {
    const response = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId, plieId, month, hours: Math.min(250, left), mode: 'direct-hire' },
    });
    expect(response.status).toBe(201);
    ids.push(response.body.id);
  }
  return ids;
}

beforeAll(async () => {
  api = await createTestApi();
  admin = await api.token('admin');
  procurement = await api.token('procurement');
  for (const plie of DEMO_PLIES) {
    // PLIEs of long standing (since always, on purpose): the seed's years are in the past.
    await api.call('PUT', `/api/plies/${plie.id}`, {
      token: admin,
      body: { name: plie.name, activeFrom: null },
    });
  }
  const contract = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'GRANDE-SALLE',
      notifiedOn: '2015-06-01',
      startsOn: '2015-09-01',
      endsOn: '2017-06-30',
      targetHours: 60_000,
      allocation: { mode: 'shared' },
    }),
  });
  contractId = contract.body.id;
});

describe('GET /api/funding', () => {
  it('says which year lacks a convention (404)', async () => {
    const response = await api.call('GET', '/api/funding?year=2016', { token: procurement });
    expect(response.status).toBe(404);
    expect(response.body.detail).toContain('2016');
  });

  it('rebuilds the seed’s 2016 table from the hours it implies: 73,500 € in all', async () => {
    const put = await api.call('PUT', '/api/funding-conventions/2016', {
      token: admin,
      body: { fixedPerPlie: FIXED, perHour: PER_HOUR },
    });
    expect(put.status).toBe(200);
    let month = 1;
    for (const [plieId, funding] of Object.entries(SEED_2016_FUNDING)) {
      // Spread over the year: the month of each line is what counts.
      const hours = (funding - FIXED) / PER_HOUR;
      const half = Math.floor(hours / 2);
      await logHours(plieId, `2016-${String(month).padStart(2, '0')}`, half);
      await logHours(plieId, `2016-${String(month + 6).padStart(2, '0')}`, hours - half);
      month += 1;
    }
    // Lines that must not count: the years before and after, and a voided line.
    await logHours('bordeaux', '2015-12', 400);
    await logHours('graves', '2017-01', 300);
    const [voided] = await logHours('sources', '2016-11', 125);
    const voiding = await api.call('POST', `/api/hours/${voided}/void`, {
      token: procurement,
      body: { reason: 'erreur de PLIE' },
    });
    expect(voiding.status).toBe(200);

    const coordinator = await api.token('plie-coordinator', 'graves');
    const response = await api.call('GET', '/api/funding?year=2016', { token: coordinator });
    expect(response.status).toBe(200);
    const { body } = response;
    expect(body).toMatchObject({ year: 2016, fixedPerPlie: 5000, perHour: 1 });
    expect(body.totals).toEqual({ hours: 43_500, fixed: 30_000, variable: 43_500, total: 73_500 });
    const byPlie = Object.fromEntries(
      body.plies.map((row: { plieId: string; total: number }) => [row.plieId, row.total]),
    );
    expect(byPlie).toEqual(SEED_2016_FUNDING);
    const bordeaux = body.plies.find((row: { plieId: string }) => row.plieId === 'bordeaux');
    expect(bordeaux).toEqual({
      plieId: 'bordeaux',
      name: 'PLIE de Bordeaux',
      hours: 15_000,
      fixed: 5000,
      variable: 15_000,
      total: 20_000,
    });
  });

  it('counts the neighbouring years on their own', async () => {
    await api.call('PUT', '/api/funding-conventions/2015', {
      token: admin,
      body: { fixedPerPlie: 4000, perHour: 1.25 },
    });
    const response = await api.call('GET', '/api/funding?year=2015', { token: procurement });
    expect(response.body.totals).toEqual({
      hours: 400,
      fixed: 24_000,
      variable: 500,
      total: 24_500,
    });
    const sources = response.body.plies.find((row: { plieId: string }) => row.plieId === 'sources');
    expect(sources).toMatchObject({ hours: 0, variable: 0, total: 4000 });
  });

  it('lets only an admin set a convention, with amounts in cents', async () => {
    const refused = await api.call('PUT', '/api/funding-conventions/2018', {
      token: procurement,
      body: { fixedPerPlie: 5000, perHour: 1 },
    });
    expect(refused.status).toBe(403);
    const fractional = await api.call('PUT', '/api/funding-conventions/2018', {
      token: admin,
      body: { fixedPerPlie: 5000.001, perHour: 1 },
    });
    expect(fractional.status).toBe(400);
    expect(fractional.body.errors[0].path).toBe('fixedPerPlie');
    const badYear = await api.call('GET', '/api/funding?year=two', { token: procurement });
    expect(badYear.status).toBe(400);
  });
});

describe('GET /api/outcomes', () => {
  it('gives 76.5 % for the 183 exits of 2014, 140 of them positive (seed 004)', async () => {
    const positive: Outcome[] = [
      'cdi',
      'cdd-6m-plus',
      'temp-6m-plus',
      'work-study',
      'qualifying-training',
      'business-creation',
    ];
    const other: Outcome[] = ['cdd-under-6m', 'job-seeking', 'other-training', 'dropout'];
    const plies = DEMO_PLIES.map((p) => p.id);
    const exits: { plieId: string; outcome: Outcome }[] = [
      ...Array.from({ length: 140 }, (_, i) => ({
        plieId: plies[i % 6] as string,
        outcome: positive[i % positive.length] as Outcome,
      })),
      ...Array.from({ length: 43 }, (_, i) => ({
        plieId: plies[i % 6] as string,
        outcome: other[i % other.length] as Outcome,
      })),
    ];
    for (const [i, exit] of exits.entries()) {
      const created = await api.call('POST', '/api/participants', {
        token: procurement,
        body: {
          plieId: exit.plieId,
          ref: `P2014-${i}`,
          eligibility: ['DELD'],
          enteredOn: '2013-09-01',
        },
      });
      const exited = await api.call('POST', `/api/participants/${created.body.id}/exit`, {
        token: procurement,
        body: {
          exitedOn: `2014-${String((i % 12) + 1).padStart(2, '0')}-15`,
          outcome: exit.outcome,
        },
      });
      expect(exited.status).toBe(200);
    }
    // Exits of another year, and a participant still in the scheme, stay out of 2014.
    const later = await api.call('POST', '/api/participants', {
      token: procurement,
      body: { plieId: 'bordeaux', ref: 'P2015-1', eligibility: ['RSA'], enteredOn: '2014-09-01' },
    });
    await api.call('POST', `/api/participants/${later.body.id}/exit`, {
      token: procurement,
      body: { exitedOn: '2015-01-10', outcome: 'dropout' },
    });
    await api.call('POST', '/api/participants', {
      token: procurement,
      body: {
        plieId: 'bordeaux',
        ref: 'P2014-stay',
        eligibility: ['RSA'],
        enteredOn: '2014-02-01',
      },
    });

    const response = await api.call('GET', '/api/outcomes?year=2014', { token: admin });
    expect(response.status).toBe(200);
    expect(response.body.exits).toBe(183);
    expect(response.body.positive).toBe(140);
    expect(Math.round(response.body.positiveRate * 1000) / 10).toBe(76.5);
    const { durable, transition, positive: iaePositive } = response.body.dynamic;
    expect(durable + transition + iaePositive).toBeLessThanOrEqual(183);

    const graves = await api.call('GET', '/api/outcomes?year=2014&plieId=graves', { token: admin });
    expect(graves.body.exits).toBe(exits.filter((e) => e.plieId === 'graves').length);
  });

  it('counts, for a contract, the people who have hours on it', async () => {
    const contract = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        reference: 'OUTCOME-C',
        allocation: { mode: 'single', plieId: 'graves' },
      }),
    });
    const people: string[] = [];
    for (const [i, outcome] of (['cdi', 'job-seeking', 'temp-under-6m'] as const).entries()) {
      const p = await api.call('POST', '/api/participants', {
        token: procurement,
        body: { plieId: 'graves', ref: `C-${i}`, eligibility: ['QPV'], enteredOn: '2025-01-01' },
      });
      people.push(p.body.id);
      await api.call('POST', '/api/hours', {
        token: procurement,
        body: {
          contractId: contract.body.id,
          plieId: 'graves',
          participantId: p.body.id,
          month: '2025-03',
          hours: 20,
          mode: 'temporary-work',
        },
      });
      await api.call('POST', `/api/participants/${p.body.id}/exit`, {
        token: procurement,
        body: { exitedOn: '2025-06-30', outcome },
      });
    }
    const response = await api.call('GET', `/api/outcomes?contractId=${contract.body.id}`, {
      token: procurement,
    });
    expect(response.body).toMatchObject({
      exits: 3,
      positive: 1,
      dynamic: { durable: 1, transition: 1, positive: 0 },
    });
    expect(response.body.positiveRate).toBeCloseTo(1 / 3, 12);
  });

  it('keeps a coordinator to their PLIE, and requires a year or a contract', async () => {
    const coordinator = await api.token('plie-coordinator', 'sources');
    expect(
      (await api.call('GET', '/api/outcomes?year=2014&plieId=bordeaux', { token: coordinator }))
        .status,
    ).toBe(403);
    const own = await api.call('GET', '/api/outcomes?year=2014', { token: coordinator });
    expect(own.status).toBe(200);
    const all = await api.call('GET', '/api/outcomes?year=2014&plieId=sources', { token: admin });
    expect(own.body).toEqual(all.body);
    const none = await api.call('GET', '/api/outcomes', { token: admin });
    expect(none.status).toBe(400);
    expect(none.body.errors[0].path).toBe('year');
  });
});
