import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';

let api: TestApi;
let procurement: string;

beforeAll(async () => {
  ({ api, procurement } = await seededApi());
  for (const [reference, plieId, hours] of [
    ['RB-1', 'bordeaux', 40],
    ['RG-1', 'graves', 25],
  ] as const) {
    const contract = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ reference, allocation: { mode: 'single', plieId } }),
    });
    await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId: contract.body.id, plieId, month: '2025-06', hours, mode: 'geiq' },
    });
  }
});

describe('GET /api/reports/monthly/{month}', () => {
  it('answers the report as JSON, CSV or the email’s HTML', async () => {
    const json = await api.call('GET', '/api/reports/monthly/2025-06', { token: procurement });
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({
      month: '2025-06',
      monthLabel: 'juin 2025',
      summary: { hoursMonth: 65 },
    });
    expect(json.body.funding.missing).toContain('2025');
    const csv = await api.app.request('/api/reports/monthly/2025-06?format=csv', {
      headers: { authorization: `Bearer ${procurement}` },
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const html = await api.app.request('/api/reports/monthly/2025-06?format=html', {
      headers: { authorization: `Bearer ${procurement}` },
    });
    expect(await html.text()).toContain('Rapport mensuel — juin 2025');
  });

  it('gives a coordinator their PLIE’s version only', async () => {
    const graves = await api.token('plie-coordinator', 'graves');
    const own = await api.call('GET', '/api/reports/monthly/2025-06', { token: graves });
    expect(own.body.scope).toEqual({ plieId: 'graves', name: 'PLIE des Graves' });
    expect(JSON.stringify(own.body)).not.toContain('RB-1');
    expect(
      (await api.call('GET', '/api/reports/monthly/2025-06?plieId=bordeaux', { token: graves }))
        .status,
    ).toBe(403);
    const preview = await api.call('GET', '/api/reports/monthly/2025-06?plieId=bordeaux', {
      token: procurement,
    });
    expect(preview.body.contracts.map((c: { reference: string }) => c.reference)).toEqual(['RB-1']);
  });

  it('refuses a bad month or format', async () => {
    expect(
      (await api.call('GET', '/api/reports/monthly/2025-6', { token: procurement })).status,
    ).toBe(400);
    expect(
      (await api.call('GET', '/api/reports/monthly/2025-06?format=pdf', { token: procurement }))
        .status,
    ).toBe(400);
  });
});
