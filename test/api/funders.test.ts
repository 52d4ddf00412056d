import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLIES } from '../../infra/local/demo-data';
import { contractInput, createTestApi, type TestApi } from '../support/api';
import { SEED_2016_FUNDING } from '../support/records';

// Issue 12, point 7: funding belongs to a funder. A convention signed by a buyer counts only
// the hours realised on that buyer's contracts; a year may be funded by flat envelopes per PLIE
// (as Bordeaux did in its 2016–2018 table, seed 004).

const METROPOLIS = '24330031600011';
const TOWN = '21330039700014';

let api: TestApi;
let admin: string;
let procurement: string;

beforeAll(async () => {
  api = await createTestApi(() => new Date('2026-11-15T10:00:00Z'));
  admin = await api.token('admin');
  procurement = await api.token('procurement');
  for (const plie of DEMO_PLIES) {
    // PLIEs of long standing (since always, on purpose): the seed's years are in the past.
    await api.call('PUT', `/api/plies/${plie.id}`, {
      token: admin,
      body: { name: plie.name, activeFrom: null },
    });
  }
  for (const [reference, siret, hours] of [
    ['METRO-1', METROPOLIS, 300],
    ['VILLE-1', TOWN, 120],
  ] as const) {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        reference,
        buyer: { name: reference, siret },
        notifiedOn: '2017-01-02',
        startsOn: '2017-01-02',
        endsOn: '2017-12-31',
        allocation: { mode: 'single', plieId: 'bordeaux' },
      }),
    });
    expect(created.status).toBe(201);
    // One line is one person's month: at most 250 h, so the hours go in lines of 100 h or less.
    for (let left = hours; left > 0; left -= 100) {
      const logged = await api.call('POST', '/api/hours', {
        token: procurement,
        body: {
          contractId: created.body.id,
          plieId: 'bordeaux',
          month: '2017-03',
          hours: Math.min(100, left),
          mode: 'direct-hire',
        },
      });
      expect(logged.status).toBe(201);
    }
  }
});

describe('funding conventions of a funder', () => {
  it('counts only the hours on the funder’s own contracts', async () => {
    const put = await api.call('PUT', '/api/funding-conventions/2017', {
      token: admin,
      body: { fixedPerPlie: 5000, perHour: 1, funderSiret: '243 300 316 00011' },
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ funderSiret: METROPOLIS, envelopes: null });
    const funding = await api.call('GET', '/api/funding?year=2017', { token: procurement });
    const bordeaux = funding.body.plies.find((r: { plieId: string }) => r.plieId === 'bordeaux');
    // 300 h on the metropolis's contract; the town's 120 h are not the metropolis's to pay.
    expect(bordeaux).toMatchObject({ hours: 300, variable: 300, total: 5300 });
    const report = await api.call('GET', '/api/reports/monthly/2017-03', { token: procurement });
    expect(
      report.body.funding.rows.find((r: { plieId: string }) => r.plieId === 'bordeaux').hours,
    ).toBe(300);
    // The contracts themselves keep every hour.
    expect(report.body.summary.hoursMonth).toBe(420);
  });

  it('counts every contract without a funder, as before', async () => {
    // The metropolis' convention goes; one over every contract takes its place.
    const removed = await api.call(
      'DELETE',
      `/api/funding-conventions/2017?funderSiret=${METROPOLIS}`,
      {
        token: admin,
      },
    );
    expect(removed.status).toBe(204);
    await api.call('PUT', '/api/funding-conventions/2017', {
      token: admin,
      body: { fixedPerPlie: 5000, perHour: 1 },
    });
    const funding = await api.call('GET', '/api/funding?year=2017', { token: procurement });
    expect(funding.body.conventions).toHaveLength(1);
    expect(
      funding.body.plies.find((r: { plieId: string }) => r.plieId === 'bordeaux'),
    ).toMatchObject({
      hours: 420,
      total: 5420,
    });
  });

  it('funds a year by flat envelopes per PLIE: the seed’s 73,500 €', async () => {
    const put = await api.call('PUT', '/api/funding-conventions/2016', {
      token: admin,
      body: { envelopes: SEED_2016_FUNDING, funderSiret: METROPOLIS },
    });
    expect(put.status).toBe(200);
    const funding = await api.call('GET', '/api/funding?year=2016', { token: procurement });
    expect(funding.body.totals).toEqual({ hours: 0, fixed: 73_500, variable: 0, total: 73_500 });
    expect(
      Object.fromEntries(
        funding.body.plies.map((r: { plieId: string; total: number }) => [r.plieId, r.total]),
      ),
    ).toEqual(SEED_2016_FUNDING);
  });

  it('refuses both envelopes and rates, or neither', async () => {
    for (const body of [
      { envelopes: { bordeaux: 1000 }, fixedPerPlie: 5000, perHour: 1 },
      { funderSiret: METROPOLIS },
    ]) {
      const response = await api.call('PUT', '/api/funding-conventions/2019', {
        token: admin,
        body,
      });
      expect(response.status).toBe(400);
    }
  });
});
