import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';

// A buyer who lists the contracts of a closed year (`activeIn=2025`, the page's
// `#/marches?annee=2025`) asks where they stood when that year ended, as its December report
// said: the list judged them on the last complete month of today's year instead, with hours
// logged since, so a contract late at the end of 2025 read as on pace in the list of 2025.

const NOW = new Date('2026-03-10T10:00:00Z');
/** Two years, one hour a day: 365 h expected on 31 December 2025, 424 h on 28 February 2026. */
const TWO_YEARS = {
  notifiedOn: '2024-12-01',
  startsOn: '2025-01-01',
  endsOn: '2026-12-31',
  targetHours: 730,
};

let api: TestApi;
let procurement: string;
let id: string;

const pace = async (query: string) => {
  const answer = await api.call('GET', `/api/contracts?${query}`, { token: procurement });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  const [listed] = answer.body.items;
  return listed.pace;
};

beforeAll(async () => {
  ({ api, procurement } = await seededApi(() => NOW));
  const created = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ reference: 'PES-DEUX-ANS', ...TWO_YEARS }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  id = created.body.id;
  // 200 h in 2025: late at its end (below 292 h); 300 h more in 2026: on pace since.
  for (const [month, hours] of [
    ['2025-06', 100],
    ['2025-07', 100],
    ['2026-01', 150],
    ['2026-02', 150],
  ] as const) {
    const line = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId: id, plieId: 'bordeaux', month, hours, mode: 'direct-hire' },
    });
    expect(line.status, JSON.stringify(line.body)).toBe(201);
  }
}, 60_000);

describe('the contracts list of a closed year', () => {
  it('judges its contracts on the year’s 31 December, as its December report did', async () => {
    expect(await pace('activeIn=2025')).toEqual({
      judgedOn: '2025-12-31',
      targetHours: 730,
      endsOn: '2026-12-31',
      hoursToDate: 200,
      expectedHours: 365,
      behind: true,
    });
    const report = await api.call('GET', '/api/reports/monthly/2025-12', { token: procurement });
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.contracts).toEqual([
      expect.objectContaining({ id, hoursToDate: 200, expectedHours: 365, behind: true }),
    ]);
  });

  it('and the current year’s, or every year’s, on the last complete month', async () => {
    const current = {
      judgedOn: '2026-02-28',
      targetHours: 730,
      endsOn: '2026-12-31',
      hoursToDate: 500,
      expectedHours: 424,
      behind: false,
    };
    expect(await pace('activeIn=2026')).toEqual(current);
    expect(await pace('')).toEqual(current);
  });
});
