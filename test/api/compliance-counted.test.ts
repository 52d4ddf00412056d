import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';

// The dashboard said « Marchés suivis 7 », the compliance page « 8 marché(s) en cours
// contrôlé(s) » for the same day (fresh-eyes pass, finding 13): the eighth, notified on
// 9 November 2026, starts on 1 December. Both counts are right — the compliance page checks a
// contract's rules from its notification, the month's report follows the contracts started by
// then — so the compliance answer says how many it checked have not started.

const NOW = new Date('2026-12-07T10:00:00Z');

let api: TestApi;
let procurement: string;

beforeAll(async () => {
  ({ api, procurement } = await seededApi(() => NOW));
  for (const [reference, dates] of [
    ['RUNNING', { notifiedOn: '2025-12-01', startsOn: '2026-01-01', endsOn: '2027-12-31' }],
    ['ENDED', { notifiedOn: '2025-12-01', startsOn: '2026-01-01', endsOn: '2026-03-31' }],
    // The demo's BM-REC-0171: notified in November, starting in December.
    ['LATER', { notifiedOn: '2026-11-09', startsOn: '2026-12-01', endsOn: '2028-12-28' }],
  ] as const) {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ reference, ...dates }),
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
});

describe('the contracts the compliance page checks', () => {
  it('are the dashboard’s of the judged month and those notified that start later', async () => {
    const compliance = await api.call('GET', '/api/compliance?year=2026', { token: procurement });
    expect(compliance.status).toBe(200);
    expect(compliance.body).toMatchObject({
      asOf: '2026-11-30',
      contractsChecked: 3,
      contractsNotStarted: 1,
    });
    const report = await api.call('GET', '/api/reports/monthly/2026-11', { token: procurement });
    expect(report.status).toBe(200);
    expect(report.body.summary.contracts).toBe(
      compliance.body.contractsChecked - compliance.body.contractsNotStarted,
    );
  });
});
