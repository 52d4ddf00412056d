import { beforeAll, describe, expect, it } from 'vitest';
import { paceOf } from '#shared/domain/schedule';
import { contractInput, seededApi, type TestApi } from '../support/api';

// The monthly report said « Dans les temps » for a contract the dashboard and its page called
// « Sous le prorata » (fresh-eyes pass, finding 1): the demo's BM-NET-0131 in November 2026,
// 957,5 h of 1 145,78 h expected, below the pro-rata within the 20 % tolerance. The report's
// e-mail, CSV and JSON now say what GET /api/contracts/{id} says of the same contract and day.

const NOW = new Date('2026-12-07T10:00:00Z');
const MONTH = '2026-11';

let api: TestApi;
let procurement: string;
let id: string;

beforeAll(async () => {
  ({ api, procurement } = await seededApi(() => NOW));
  // The demo's dates for BM-NET-0131 seen on 7 December 2026 (infra/local/demo-data.ts).
  const created = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'BM-NET-0131',
      title: 'Nettoyage des locaux administratifs — hôtel de la Métropole',
      kind: 'services',
      notifiedOn: '2025-04-03',
      startsOn: '2025-05-01',
      endsOn: '2027-05-28',
      targetHours: 1500,
    }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  id = created.body.id;
  // 957,5 h in lines of at most 250 h.
  for (const [month, hours] of [
    ['2026-07', 225],
    ['2026-08', 225],
    ['2026-09', 225],
    ['2026-10', 225],
    ['2026-11', 57.5],
  ] as const) {
    const line = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId: id, plieId: 'bordeaux', month, hours, mode: 'direct-hire' },
    });
    expect(line.status, JSON.stringify(line.body)).toBe(201);
  }
});

describe('the monthly report’s status', () => {
  it('is the contract page’s: below the pro-rata within the tolerance is « Sous le prorata »', async () => {
    const detail = await api.call('GET', `/api/contracts/${id}`, { token: procurement });
    expect(detail.status).toBe(200);
    const page = detail.body.allocation[0].pace;
    expect(page).toMatchObject({ judgedOn: '2026-11-30', hoursToDate: 957.5, behind: false });
    expect(page.expectedHours).toBeCloseTo(1145.78, 2);
    expect(paceOf(page)).toBe('below-pace');

    for (const scope of ['', '&plieId=bordeaux']) {
      const json = await api.call('GET', `/api/reports/monthly/${MONTH}?format=json${scope}`, {
        token: procurement,
      });
      expect(json.status).toBe(200);
      const row = json.body.contracts.find((c: { id: string }) => c.id === id);
      expect(row).toMatchObject({
        hoursToDate: page.hoursToDate,
        expectedHours: page.expectedHours,
        behind: page.behind,
      });
      expect(paceOf(row)).toBe(paceOf(page));

      const html = await api.call('GET', `/api/reports/monthly/${MONTH}?format=html${scope}`, {
        token: procurement,
      });
      expect(html.status).toBe(200);
      const text = String(html.body);
      const rowHtml = text.slice(text.indexOf('<strong>BM-NET-0131</strong>')).split('\n</tr>')[0];
      expect(rowHtml).toContain('>Sous le prorata<');
      expect(rowHtml).toContain('retard à moins de 20 %');
      expect(text).not.toContain('Dans les temps');

      const csv = await api.call('GET', `/api/reports/monthly/${MONTH}?format=csv${scope}`, {
        token: procurement,
      });
      expect(csv.status).toBe(200);
      const line = String(csv.body)
        .split('\r\n')
        .find((l) => l.startsWith('BM-NET-0131;'));
      expect(line?.split(';').slice(-2)).toEqual(['non', 'Sous le prorata']);
    }
  });
});
