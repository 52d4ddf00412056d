import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';

// Issue 28: the monthly report's "financement acquis à fin juin" could not be found in the API,
// which gave the whole year only (hours logged for July included). GET /api/funding takes the
// month (`asOf`) and gives the report's very figure, to the cent — for a convention over every
// contract and for a funder's convention over its own contracts. The clock is mid-August 2025.

const NOW = new Date('2025-08-14T10:00:00Z');
const METROPOLIS = '24330031600011'; // contractInput()'s buyer
const DEPARTEMENT = '22330001300016';

let api: TestApi;
let admin: string;
let procurement: string;

const log = async (contractId: string, plieId: string, month: string, hours: number) => {
  const line = await api.call('POST', '/api/hours', {
    token: procurement,
    body: { contractId, plieId, month, hours, mode: 'direct-hire' },
  });
  expect(line.status, JSON.stringify(line.body)).toBe(201);
};

const contract = async (reference: string, siret: string, notifiedOn: string) => {
  const created = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference,
      buyer: { name: siret === METROPOLIS ? 'Bordeaux Métropole' : 'Département', siret },
      notifiedOn,
      startsOn: notifiedOn,
      endsOn: `${notifiedOn.slice(0, 4)}-12-31`,
      allocation: { mode: 'shared' },
    }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id as string;
};

/** The funding rows as the report and the API both give them. */
const rows = (funding: { plies?: unknown[]; rows?: unknown[] }) =>
  ((funding.plies ?? funding.rows) as { plieId: string }[])
    .map(({ plieId, hours, fixed, variable, total }: any) => ({
      plieId,
      hours,
      fixed,
      variable,
      total,
    }))
    .sort((a, b) => a.plieId.localeCompare(b.plieId));

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi(() => NOW));
  // 2025: every contract's hours, 1,000 € + 1.15 € an hour; 2024: the département's own.
  expect(
    (
      await api.call('PUT', '/api/funding-conventions/2025', {
        token: admin,
        body: { fixedPerPlie: 1000, perHour: 1.15 },
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await api.call('PUT', '/api/funding-conventions/2024', {
        token: admin,
        body: { fixedPerPlie: 500, perHour: 2, funderSiret: DEPARTEMENT },
      })
    ).status,
  ).toBe(200);
  const metro = await contract('METRO-25', METROPOLIS, '2025-01-10');
  await log(metro, 'bordeaux', '2025-03', 151.67);
  await log(metro, 'bordeaux', '2025-06', 35.5);
  await log(metro, 'graves', '2025-06', 12.25);
  // Logged in August for July: in the year's figure, not in June's.
  await log(metro, 'bordeaux', '2025-07', 107.57);
  await log(metro, 'graves', '2025-08', 20);
  const dep = await contract('DEP-24', DEPARTEMENT, '2024-01-10');
  const metro24 = await contract('METRO-24', METROPOLIS, '2024-01-10');
  await log(dep, 'bordeaux', '2024-02', 40.33);
  await log(dep, 'graves', '2024-05', 10);
  await log(dep, 'graves', '2024-09', 99);
  await log(metro24, 'graves', '2024-04', 250);
  await log(metro24, 'graves', '2024-04', 250);
});

describe('GET /api/funding?asOf=', () => {
  it('gives the June report’s "financement acquis à fin juin", to the cent', async () => {
    const report = await api.call('GET', '/api/reports/monthly/2025-06', { token: procurement });
    expect(report.status).toBe(200);
    const june = await api.call('GET', '/api/funding?year=2025&asOf=2025-06', {
      token: procurement,
    });
    expect(june.status).toBe(200);
    expect(june.body.asOf).toBe('2025-06');
    expect(rows(june.body)).toEqual(rows(report.body.funding));
    expect(june.body.totals).toEqual(report.body.funding.totals);
    // Bordeaux: 1,000 € + (151.67 + 35.5) h × 1.15 € = 1,215.2455 → 1,215.25 €;
    // Graves: 1,000 € + 12.25 h × 1.15 € = 1,014.0875 → 1,014.09 €.
    expect(june.body.totals).toEqual({
      hours: 199.42,
      fixed: 2000,
      variable: 229.34,
      total: 2229.34,
    });
    // The whole year counts July's and August's hours as well: not the report's June figure.
    const year = await api.call('GET', '/api/funding?year=2025', { token: procurement });
    expect(year.body.asOf).toBeNull();
    expect(year.body.totals.hours).toBe(326.99);
    expect(year.body.totals.total).not.toBe(june.body.totals.total);
  });

  it('gives a funder’s convention as of a month, from its own contracts, as the report does', async () => {
    for (const month of ['2024-01', '2024-05', '2024-12']) {
      const report = await api.call('GET', `/api/reports/monthly/${month}`, {
        token: procurement,
      });
      const asOf = await api.call('GET', `/api/funding?year=2024&asOf=${month}`, {
        token: procurement,
      });
      expect(rows(asOf.body), month).toEqual(rows(report.body.funding));
      expect(asOf.body.totals, month).toEqual(report.body.funding.totals);
    }
    const may = await api.call('GET', '/api/funding?year=2024&asOf=2024-05', {
      token: procurement,
    });
    // The metropolis' 500 h of April are not the département's to pay.
    expect(may.body.totals).toEqual({
      hours: 50.33,
      fixed: 1000,
      variable: 100.66,
      total: 1100.66,
    });
  });

  it('gives a coordinator her PLIE’s row as her report does', async () => {
    const coordinator = await api.token('plie-coordinator', 'graves');
    const report = await api.call('GET', '/api/reports/monthly/2025-06?plieId=graves', {
      token: coordinator,
    });
    const june = await api.call('GET', '/api/funding?year=2025&asOf=2025-06', {
      token: coordinator,
    });
    expect(rows(june.body).filter((r) => r.plieId === 'graves')).toEqual(rows(report.body.funding));
  });

  it('refuses a month of another year, or not a month, naming the parameter', async () => {
    for (const query of [
      'year=2025&asOf=2024-06',
      'year=2025&asOf=2025-13',
      'year=2025&asOf=juin',
    ]) {
      const refused = await api.call('GET', `/api/funding?${query}`, { token: procurement });
      expect(refused.status, query).toBe(400);
      expect(refused.body.errors[0].path).toBe('asOf');
    }
  });
});
