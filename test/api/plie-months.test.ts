import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';

// A PLIE's hours month by month, for its page's chart: what its lines add up to, by mode, with
// voided lines gone, another PLIE's lines apart, and another year's months in their own year.

let api: TestApi;
let procurement: string;

beforeAll(async () => {
  ({ api, procurement } = await seededApi(() => new Date('2026-11-15T10:00:00Z')));
  const contract = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'MONTHS-1',
      notifiedOn: '2024-11-15',
      startsOn: '2024-12-01',
      allocation: { mode: 'single', plieId: 'graves' },
    }),
  });
  const other = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'MONTHS-2',
      allocation: { mode: 'single', plieId: 'bordeaux' },
    }),
  });
  const log = async (
    contractId: string,
    plieId: string,
    month: string,
    hours: number,
    mode: string,
  ) => {
    const answer = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId, plieId, month, hours, mode },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.id as string;
  };
  await log(contract.body.id, 'graves', '2025-03', 20, 'geiq');
  await log(contract.body.id, 'graves', '2025-03', 7.5, 'direct-hire');
  await log(contract.body.id, 'graves', '2025-04', 12, 'geiq');
  const voided = await log(contract.body.id, 'graves', '2025-04', 40, 'geiq');
  await log(contract.body.id, 'graves', '2024-12', 9, 'geiq');
  await log(other.body.id, 'bordeaux', '2025-03', 100, 'geiq');
  const voiding = await api.call('POST', `/api/hours/${voided}/void`, {
    token: procurement,
    body: { reason: 'Saisie en double' },
  });
  expect(voiding.status).toBe(200);
});

describe('GET /api/plies/{plieId}/months/{year}', () => {
  it('gives the twelve months of the year, by mode, without voided lines or other PLIEs', async () => {
    const answer = await api.call('GET', '/api/plies/graves/months/2025', { token: procurement });
    expect(answer.status).toBe(200);
    expect(answer.body.months).toHaveLength(12);
    const byMonth = new Map(
      answer.body.months.map((m: { month: string; hours: number }) => [m.month, m]),
    );
    expect(byMonth.get('2025-03')).toEqual({
      month: '2025-03',
      hours: 27.5,
      byMode: { geiq: 20, 'direct-hire': 7.5 },
    });
    expect(byMonth.get('2025-04')).toMatchObject({ hours: 12, byMode: { geiq: 12 } });
    expect(byMonth.get('2025-01')).toEqual({ month: '2025-01', hours: 0, byMode: {} });
    const year = answer.body.months.reduce((s: number, m: { hours: number }) => s + m.hours, 0);
    expect(year).toBe(39.5);
    const before = await api.call('GET', '/api/plies/graves/months/2024', { token: procurement });
    expect(before.body.months[11]).toMatchObject({ month: '2024-12', hours: 9 });
  });

  it('is read by the PLIE’s own coordinator, refused to another, unknown PLIEs not found', async () => {
    const own = await api.token('plie-coordinator', 'graves');
    const other = await api.token('plie-coordinator', 'bordeaux');
    expect((await api.call('GET', '/api/plies/graves/months/2025', { token: own })).status).toBe(
      200,
    );
    expect((await api.call('GET', '/api/plies/graves/months/2025', { token: other })).status).toBe(
      403,
    );
    const unknown = await api.call('GET', '/api/plies/nulle-part/months/2025', {
      token: procurement,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
  });
});
