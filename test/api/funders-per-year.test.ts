import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import { collectStructure } from '#shared/services/structure-export';
import { tenantKeys } from '#shared/store/keys';
import { contractInput, seededApi, type TestApi } from '../support/api';

// Issue 28: two funders in one year — the metropolis and a département — could not each have a
// convention (the second replaced the first). A year's conventions are now per funder; the
// funding counts them all, each PLIE getting what each gives it; a convention is removed with
// its funder named; the single convention a year had before moves to its funder's key by an
// upgrade, and counts where it is until then. The clock is in November 2026.

const NOW = new Date('2026-11-15T10:00:00Z');
const METROPOLIS = '24330031600011';
const DEPARTEMENT = '22330001300016';
const keys = tenantKeys(DEFAULT_TENANT);

let api: TestApi;
let admin: string;
let procurement: string;

const funding = async (query: string) =>
  (await api.call('GET', `/api/funding?${query}`, { token: procurement })).body;
const rowOf = (body: { plies: { plieId: string }[] }, plieId: string) =>
  body.plies.find((r) => r.plieId === plieId);

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi(() => NOW));
  for (const [reference, name, siret, year, hours] of [
    ['METRO-25', 'Bordeaux Métropole', METROPOLIS, 2025, [200, 100.5]],
    ['DEP-25', 'Département de la Gironde', DEPARTEMENT, 2025, [80.25]],
    ['METRO-24', 'Bordeaux Métropole', METROPOLIS, 2024, [50]],
    ['DEP-24', 'Département de la Gironde', DEPARTEMENT, 2024, [30]],
  ] as const) {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        reference,
        buyer: { name, siret },
        notifiedOn: `${year}-01-06`,
        startsOn: `${year}-01-06`,
        endsOn: `${year}-12-31`,
      }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    for (const [i, h] of hours.entries()) {
      const line = await api.call('POST', '/api/hours', {
        token: procurement,
        body: {
          contractId: created.body.id,
          plieId: 'bordeaux',
          month: `${year}-0${3 + i}`,
          hours: h,
          mode: 'direct-hire',
        },
      });
      expect(line.status).toBe(201);
    }
  }
});

describe('a year funded by two funders', () => {
  it('keeps both conventions and gives each PLIE what each gives it', async () => {
    for (const [funderSiret, fixedPerPlie, perHour] of [
      [METROPOLIS, 5000, 1],
      [DEPARTEMENT, 2000, 0.5],
    ] as const) {
      const put = await api.call('PUT', '/api/funding-conventions/2025', {
        token: admin,
        body: { fixedPerPlie, perHour, funderSiret },
      });
      expect(put.status).toBe(200);
    }
    const year = await funding('year=2025');
    // Each convention over its own funder's contracts.
    expect(
      year.conventions.map((c: any) => [c.funderSiret, c.funderName, rowOf(c, 'bordeaux')]),
    ).toEqual([
      [
        DEPARTEMENT,
        'Département de la Gironde',
        expect.objectContaining({ hours: 80.25, fixed: 2000, variable: 40.13, total: 2040.13 }),
      ],
      [
        METROPOLIS,
        'Bordeaux Métropole',
        expect.objectContaining({ hours: 300.5, fixed: 5000, variable: 300.5, total: 5300.5 }),
      ],
    ]);
    // Bordeaux: 2,040.13 € + 5,300.50 €, for its 380.75 h; Graves: both fixed parts.
    expect(rowOf(year, 'bordeaux')).toMatchObject({
      hours: 380.75,
      fixed: 7000,
      variable: 340.63,
      total: 7340.63,
    });
    expect(rowOf(year, 'graves')).toMatchObject({ hours: 0, total: 7000 });
    expect(year.totals).toEqual({
      hours: 380.75,
      fixed: 14_000,
      variable: 340.63,
      total: 14_340.63,
    });
    // With several conventions, no single rate is the year's.
    expect(year).toMatchObject({ fixedPerPlie: null, perHour: null, funderSiret: null });
  });

  it('gives the report the same figures, and the month as of', async () => {
    const report = await api.call('GET', '/api/reports/monthly/2025-03', { token: procurement });
    const march = await funding('year=2025&asOf=2025-03');
    expect(report.body.funding.totals).toEqual(march.totals);
    // March: the metropolis' 200 h and the département's 80.25 h.
    expect(march.totals).toEqual({
      hours: 280.25,
      fixed: 14_000,
      variable: 240.13,
      total: 14_240.13,
    });
    expect(report.body.funding.conventions).toEqual([
      expect.objectContaining({ funderSiret: DEPARTEMENT, total: 4040.13 }),
      expect.objectContaining({ funderSiret: METROPOLIS, total: 10_200 }),
    ]);
    const html = await api.call('GET', '/api/reports/monthly/2025-03?format=html', {
      token: procurement,
    });
    expect(new TextDecoder().decode(html.bytes)).toContain(
      '2 conventions en 2025, une par financeur',
    );
  });

  it('reads, replaces and removes one funder’s convention, the other staying', async () => {
    const dep = await api.call('GET', `/api/funding-conventions/2025?funderSiret=${DEPARTEMENT}`, {
      token: procurement,
    });
    expect(dep.body).toMatchObject({ funderSiret: DEPARTEMENT, fixedPerPlie: 2000, perHour: 0.5 });
    // Without a funder named, two conventions and none over every contract: which one?
    const which = await api.call('GET', '/api/funding-conventions/2025', { token: procurement });
    expect(which.status).toBe(404);
    expect(which.body.detail).toContain(DEPARTEMENT);
    await api.call('PUT', '/api/funding-conventions/2025', {
      token: admin,
      body: { fixedPerPlie: 2500, perHour: 0.5, funderSiret: DEPARTEMENT },
    });
    expect((await funding('year=2025')).totals.fixed).toBe(15_000);
    const refused = await api.call(
      'DELETE',
      `/api/funding-conventions/2025?funderSiret=${DEPARTEMENT}`,
      {
        token: procurement,
      },
    );
    expect(refused.status).toBe(403);
    const removed = await api.call(
      'DELETE',
      `/api/funding-conventions/2025?funderSiret=${DEPARTEMENT}`,
      {
        token: admin,
      },
    );
    expect(removed.status).toBe(204);
    const after = await funding('year=2025');
    expect(after.conventions.map((c: { funderSiret: string }) => c.funderSiret)).toEqual([
      METROPOLIS,
    ]);
    expect(after).toMatchObject({ fixedPerPlie: 5000, perHour: 1, funderSiret: METROPOLIS });
    expect(rowOf(after, 'bordeaux')).toMatchObject({ hours: 300.5, total: 5300.5 });
    const again = await api.call(
      'DELETE',
      `/api/funding-conventions/2025?funderSiret=${DEPARTEMENT}`,
      {
        token: admin,
      },
    );
    expect(again.status).toBe(404);
    const history = await api.call(
      'GET',
      '/api/changes?entityType=funding-convention&entityId=2025',
      {
        token: admin,
      },
    );
    expect(history.body.items.map((c: { action: string }) => c.action)).toContain('delete');
  });

  it('exports every funder’s convention of a year with the structure’s data', async () => {
    await api.call('PUT', '/api/funding-conventions/2025', {
      token: admin,
      body: { fixedPerPlie: 2000, perHour: 0.5, funderSiret: DEPARTEMENT },
    });
    const exported = await collectStructure(
      { stores: api.stores, now: () => NOW },
      { sub: 'test' },
    );
    expect(
      exported.fundingConventions
        .filter((c) => c.year === 2025)
        .map((c) => [c.funderSiret, c.fixedPerPlieCents]),
    ).toEqual([
      [DEPARTEMENT, 2000_00],
      [METROPOLIS, 5000_00],
    ]);
  });
});

describe('a year’s convention stored before conventions were per funder', () => {
  /** As the earlier version wrote it: one item a year, at the year's key. */
  const legacy = (year: number, convention: Record<string, unknown>) =>
    api.doc.send(
      new PutCommand({
        TableName: api.tableName,
        Item: {
          ...keys.legacyFundingConvention(year),
          _type: 'funding-convention',
          year,
          ...convention,
          updatedAt: '2024-01-10T09:00:00.000Z',
        },
      }),
    );
  const stored = async (key: { pk: string; sk: string }) =>
    (await api.doc.send(new GetCommand({ TableName: api.tableName, Key: key }))).Item;

  it('counts where it is, a second funder’s beside it, then moves to its funder’s key once', async () => {
    await legacy(2024, {
      fixedPerPlieCents: 5_000_00,
      perHourCents: 1_00,
      funderSiret: METROPOLIS,
    });
    const before = await funding('year=2024');
    expect(rowOf(before, 'bordeaux')).toMatchObject({ hours: 50, total: 5050 });
    // The département's, added since: both count.
    await api.call('PUT', '/api/funding-conventions/2024', {
      token: admin,
      body: { fixedPerPlie: 1000, perHour: 2, funderSiret: DEPARTEMENT },
    });
    const both = await funding('year=2024');
    expect(rowOf(both, 'bordeaux')).toMatchObject({ hours: 80, total: 5050 + 1060 });

    expect(await api.stores.funding.keyByFunder()).toBe(1);
    expect(await stored(keys.legacyFundingConvention(2024))).toBeUndefined();
    expect(await stored(keys.fundingConvention(2024, METROPOLIS))).toMatchObject({
      fixedPerPlieCents: 5_000_00,
      funderSiret: METROPOLIS,
    });
    expect(await funding('year=2024')).toEqual(both);
    // Run again (a second instance, a retry): nothing left to move, nothing moves.
    expect(await api.stores.funding.keyByFunder()).toBe(0);
    expect(await funding('year=2024')).toEqual(both);
  });

  it('gives way to the same funder’s convention written since, which the upgrade keeps', async () => {
    await legacy(2023, { fixedPerPlieCents: 1_00, perHourCents: 0, funderSiret: null });
    await api.call('PUT', '/api/funding-conventions/2023', {
      token: admin,
      body: { fixedPerPlie: 3000, perHour: 0 },
    });
    const newer = await funding('year=2023');
    expect(newer.conventions).toHaveLength(1);
    expect(newer.totals.fixed).toBe(6000);
    await api.stores.funding.keyByFunder();
    expect(await stored(keys.legacyFundingConvention(2023))).toBeUndefined();
    expect(await funding('year=2023')).toEqual(newer);
  });

  it('removes the old item with its funder’s convention, so it does not come back', async () => {
    await legacy(2022, { fixedPerPlieCents: 4_000_00, perHourCents: 0, envelopesCents: null });
    expect((await funding('year=2022')).totals.fixed).toBe(8000);
    const removed = await api.call('DELETE', '/api/funding-conventions/2022', { token: admin });
    expect(removed.status).toBe(204);
    expect((await api.call('GET', '/api/funding?year=2022', { token: procurement })).status).toBe(
      404,
    );
  });
});
