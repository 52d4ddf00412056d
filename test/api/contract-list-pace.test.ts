import { beforeAll, describe, expect, it } from 'vitest';
import { paceJudgedOn, scheduleStatus } from '#shared/domain/schedule';
import { contractInput, seededApi, type TestApi } from '../support/api';

// A buyer who ticks « En retard seulement » on the contracts list must find exactly the
// contracts the monthly report calls late. The list judged with the contract's current terms
// and every hour logged, the report with the terms in force at the judged month's end and the
// hours up to that month: on 7 December they disagreed about (1) a contract whose target an
// amendment raised from 1 December, after the judged day, and (2) a contract whose hours logged
// for December put it back on pace only if counted. The list now carries the report's
// judgement (`pace`), on both of its ways of reading the later months' hours: each contract's
// own month totals for a short page, the year's partition for a long one.

const NOW = new Date('2026-12-07T10:00:00Z');
const TODAY = '2026-12-07';
const PESSAC = { name: 'Ville de Pessac', siret: '21330318400005' };
/** One hour a day expected: 334 h on 30 November, 267.2 h the least not to be late. */
const BY_YEAR = { startsOn: '2026-01-01', endsOn: '2026-12-31', targetHours: 365 };
/** More contracts with December hours than the list reads one by one. */
const OTHERS = 19;

let api: TestApi;
let procurement: string;
const ids: Record<string, string> = {};

interface Listed {
  id: string;
  reference: string;
  targetHours: number | null;
  hoursLogged: number;
  startsOn: string;
  endsOn: string;
  pace?: { judgedOn: string; targetHours: number | null; hoursToDate: number; behind: boolean };
}

const contract = async (reference: string, buyer = PESSAC) => {
  const created = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ reference, buyer, notifiedOn: '2025-12-01', ...BY_YEAR }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  ids[reference] = created.body.id;
  return created.body.id as string;
};

const log = async (contractId: string, month: string, hours: number) => {
  const line = await api.call('POST', '/api/hours', {
    token: procurement,
    body: { contractId, plieId: 'bordeaux', month, hours, mode: 'direct-hire' },
  });
  expect(line.status, JSON.stringify(line.body)).toBe(201);
};

const list = async (query: string): Promise<Listed[]> => {
  const answer = await api.call('GET', `/api/contracts?${query}`, { token: procurement });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.items;
};

/** The full report of November, the last complete month on 7 December: late, by contract. */
const reportLate = async (): Promise<Map<string, boolean>> => {
  const report = await api.call('GET', '/api/reports/monthly/2026-11', { token: procurement });
  expect(report.status, JSON.stringify(report.body)).toBe(200);
  return new Map(
    (report.body.contracts as { id: string; behind: boolean }[]).map((r) => [r.id, r.behind]),
  );
};

/** How the list judged before: the current terms and every hour, on the judged day. */
const judgedByCurrentTerms = (c: Listed) =>
  scheduleStatus({
    targetHours: c.targetHours,
    hoursLogged: c.hoursLogged,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    asOf: paceJudgedOn(TODAY),
  }).behind;

beforeAll(async () => {
  ({ api, procurement } = await seededApi(() => NOW));
  // (1) 300 h by June, on pace for 365 h; the target doubled from 1 December.
  const raised = await contract('PES-AVENANT-DECEMBRE');
  await log(raised, '2026-05', 150);
  await log(raised, '2026-06', 150);
  const amended = await api.call('POST', `/api/contracts/${raised}/amendments`, {
    token: procurement,
    body: { effectiveOn: '2026-12-01', reason: 'Avenant n° 1 : objectif doublé', targetHours: 730 },
  });
  expect(amended.status, JSON.stringify(amended.body)).toBe(201);
  // (2) 250 h by June, late on 30 November; 30 h more logged for December.
  const december = await contract('PES-HEURES-DECEMBRE');
  await log(december, '2026-05', 125);
  await log(december, '2026-06', 125);
  await log(december, '2026-12', 30);
  // Others of another buyer, with hours for December too.
  for (let i = 0; i < OTHERS; i++) {
    const other = await contract(`AUTRE-${i}`, {
      name: 'Bordeaux Métropole',
      siret: '24330031600011',
    });
    await log(other, '2026-03', 100);
    await log(other, '2026-12', 10 * (i + 1));
  }
}, 120_000);

describe('the contracts list’s « En retard » as the monthly report judges it', () => {
  it('disagreed with the report on the contract’s current terms and every hour (the premise)', async () => {
    const late = await reportLate();
    const listed = await list(`buyerSiret=${PESSAC.siret}`);
    const byRef = new Map(listed.map((c) => [c.reference, c]));
    const raised = byRef.get('PES-AVENANT-DECEMBRE') as Listed;
    const december = byRef.get('PES-HEURES-DECEMBRE') as Listed;
    expect(late.get(raised.id)).toBe(false);
    expect(judgedByCurrentTerms(raised)).toBe(true);
    expect(late.get(december.id)).toBe(true);
    expect(judgedByCurrentTerms(december)).toBe(false);
  });

  it('says late exactly what the report says late, read contract by contract', async () => {
    const late = await reportLate();
    const listed = await list(`buyerSiret=${PESSAC.siret}`);
    expect(listed).toHaveLength(2);
    for (const c of listed)
      expect([c.reference, c.pace?.behind]).toEqual([c.reference, late.get(c.id)]);
    const byRef = new Map(listed.map((c) => [c.reference, c.pace]));
    expect(byRef.get('PES-AVENANT-DECEMBRE')).toEqual({
      judgedOn: '2026-11-30',
      targetHours: 365,
      endsOn: '2026-12-31',
      hoursToDate: 300,
      expectedHours: 334,
      behind: false,
    });
    expect(byRef.get('PES-HEURES-DECEMBRE')).toMatchObject({ hoursToDate: 250, behind: true });
  });

  it('and on a list longer than it reads contract by contract, from the year’s totals', async () => {
    const late = await reportLate();
    const listed = await list('limit=100');
    expect(listed).toHaveLength(OTHERS + 2);
    expect(listed.map((c) => [c.reference, c.pace?.behind])).toEqual(
      listed.map((c) => [c.reference, late.get(c.id)]),
    );
    const hoursToDate = new Map(listed.map((c) => [c.reference, c.pace?.hoursToDate]));
    expect(hoursToDate.get('PES-HEURES-DECEMBRE')).toBe(250);
    expect(hoursToDate.get('AUTRE-7')).toBe(100);
  });

  it('judges a PLIE’s share on the contract’s page as the PLIE’s report does', async () => {
    const coordinator = await api.token('plie-coordinator', 'bordeaux');
    const report = await api.call('GET', '/api/reports/monthly/2026-11', { token: coordinator });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    for (const reference of ['PES-AVENANT-DECEMBRE', 'PES-HEURES-DECEMBRE']) {
      const id = ids[reference] as string;
      const row = report.body.contracts.find((r: { id: string }) => r.id === id);
      const detail = await api.call('GET', `/api/contracts/${id}`, { token: coordinator });
      expect(detail.status, JSON.stringify(detail.body)).toBe(200);
      const share = detail.body.allocation.find((a: { plieId: string }) => a.plieId === 'bordeaux');
      const { targetHours, hoursToDate, expectedHours, behind } = row;
      expect([reference, share.pace]).toEqual([
        reference,
        {
          judgedOn: '2026-11-30',
          targetHours,
          endsOn: '2026-12-31',
          hoursToDate,
          expectedHours,
          behind,
        },
      ]);
    }
    // The amended contract's share: 730 h allotted today, 365 h on the day judged, on pace then;
    // judged with today's share of the target, as the page did, it was late.
    const id = ids['PES-AVENANT-DECEMBRE'] as string;
    const detail = await api.call('GET', `/api/contracts/${id}`, { token: coordinator });
    const [share] = detail.body.allocation;
    expect(share).toMatchObject({ allottedHours: 730, pace: { targetHours: 365, behind: false } });
    expect(
      scheduleStatus({
        targetHours: share.allottedHours,
        hoursLogged: share.pace.hoursToDate,
        startsOn: detail.body.startsOn,
        endsOn: detail.body.endsOn,
        asOf: share.pace.judgedOn,
      }).behind,
    ).toBe(true);
  });
});
