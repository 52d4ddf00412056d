import { beforeAll, describe, expect, it } from 'vitest';
import { decpFixture, REAL_DECP_RECORD } from '../fixtures/decp/records';
import { seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

let api: TestApi;
let procurement: string;

const fixture = decpFixture;

const real = REAL_DECP_RECORD;

const importDecp = (body: unknown) =>
  api.call('POST', '/api/contracts/import/decp', { token: procurement, body });

beforeAll(async () => {
  ({ api, procurement } = await seededApi());
});

describe('POST /api/contracts/import/decp', () => {
  it('imports the real record of domain.md with its considerations mapped, amount exact', async () => {
    const result = await importDecp({ marches: { marche: [real] } });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ created: 1, updated: 0, skipped: 0, errors: [] });
    const list = await api.call('GET', '/api/contracts?year=2022', { token: procurement });
    const contract = list.body.items.find(
      (c: { reference: string }) => c.reference === '202207LOT03',
    );
    expect(contract).toMatchObject({
      amount: 44996.25,
      kind: 'works',
      notifiedOn: '2022-10-19',
      startsOn: '2022-10-19',
      endsOn: '2023-09-19',
      socialConsiderations: ['social-criterion', 'social-clause'],
      buyer: { siret: '21500222100012' },
      awardee: { siret: '91824625700011' },
      targetHours: null,
      allocation: null,
      reserved: null,
      source: 'decp',
    });
    const detail = await api.call('GET', `/api/contracts/${contract.id}`, { token: procurement });
    expect(detail.body.allocation).toBeNull();
    expect(detail.body.allocationIssue).toContain('PLIE');
  });

  it('creates nothing when the same file comes again, and updates what DECP changed', async () => {
    const count = await itemCount(api);
    const again = await importDecp({ marches: { marche: [real] } });
    expect(again.body).toEqual({ created: 0, updated: 0, skipped: 1, errors: [] });
    expect(await itemCount(api)).toBe(count);
    const amended = await importDecp([
      { ...real, montant: 47_500.1, considerationsSociales: ['Clause sociale', 'Marché réservé'] },
    ]);
    expect(amended.body).toEqual({ created: 0, updated: 1, skipped: 0, errors: [] });
    const list = await api.call('GET', '/api/contracts?year=2022', { token: procurement });
    const contract = list.body.items.find(
      (c: { reference: string }) => c.reference === '202207LOT03',
    );
    expect(contract.amount).toBe(47_500.1);
    expect(contract.socialConsiderations).toEqual([
      'social-criterion',
      'social-clause',
      'reserved',
    ]);
  });

  it('keeps what users completed when DECP changes the record', async () => {
    const list = await api.call('GET', '/api/contracts?year=2022', { token: procurement });
    const contract = list.body.items.find(
      (c: { reference: string }) => c.reference === '202207LOT03',
    );
    await api.call('PATCH', `/api/contracts/${contract.id}`, {
      token: procurement,
      body: { allocation: { mode: 'single', plieId: 'bordeaux' }, targetHours: 120 },
    });
    await importDecp([{ ...real, objet: 'Rénovation de la petite salle — carrelage' }]);
    const after = await api.call('GET', `/api/contracts/${contract.id}`, { token: procurement });
    expect(after.body).toMatchObject({
      title: 'Rénovation de la petite salle — carrelage',
      targetHours: 120,
      allocationMode: { plieId: 'bordeaux' },
    });
  });

  it('imports the official examples, skipping concessions; the same key under two buyers is two contracts', async () => {
    const result = await importDecp(fixture('marches_concessions.json'));
    expect(result.body).toEqual({ created: 2, updated: 0, skipped: 2, errors: [] });
    const again = await importDecp(fixture('marches_avec_modifications.json'));
    expect(again.body).toEqual({ created: 0, updated: 0, skipped: 2, errors: [] });
  });

  it('reports unreadable records by index and imports the others', async () => {
    const result = await importDecp({
      marches: [
        { ...real, id: 'OK-1' },
        { ...real, id: 'BAD-1', dateNotification: '19/10/2022' },
        { ...real, id: 'OK-2', considerationsSociales: ['Pas de considération sociale'] },
        'not a record',
        { ...real, id: 'BAD-2', codeCPV: undefined },
      ],
    });
    expect(result.status).toBe(200);
    expect(result.body.created).toBe(2);
    expect(result.body.errors.map((e: { index: number }) => e.index)).toEqual([1, 3, 4]);
    expect(result.body.errors[0].message).toContain('dateNotification');
  });

  it('refuses what is not a DECP document, and coordinators', async () => {
    const response = await importDecp({ contracts: [] });
    expect(response.status).toBe(400);
    const coordinator = await api.token('plie-coordinator', 'bordeaux');
    const refused = await api.call('POST', '/api/contracts/import/decp', {
      token: coordinator,
      body: [real],
    });
    expect(refused.status).toBe(403);
  });
});
