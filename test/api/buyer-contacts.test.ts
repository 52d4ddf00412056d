import { beforeAll, describe, expect, it } from 'vitest';
import { createContracts, seededApi, type TestApi } from '../support/api';

// GET/PUT /api/settings/buyer-contacts on DynamoDB Local: the buyers the structure's contracts
// name are offered; an administrator gives each its addresses (the only role that may read or
// set them: they are the buyers' staff's); a SIRET no contract names is refused; another
// structure sees none of it.

const BM = { name: 'Bordeaux Métropole', siret: '24330031600011' };
const GH = { name: 'Gironde Habitat', siret: '27330001500016' };

let api: TestApi;
let admin: string;
let procurement: string;

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi());
  await createContracts(api, procurement, 2, { buyer: BM });
  await createContracts(api, procurement, 1, { buyer: GH });
  // A buyer known by its name only: it cannot be asked a bilan by SIRET, so it is not offered.
  await createContracts(api, procurement, 1, { buyer: { name: 'Commune sans SIRET' } });
});

describe('the buyers’ contacts', () => {
  it('offers the buyers of the structure’s contracts, with none recorded yet', async () => {
    const answer = await api.call('GET', '/api/settings/buyer-contacts', { token: admin });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      items: [],
      buyers: [
        { siret: BM.siret, name: BM.name, contracts: 2 },
        { siret: GH.siret, name: GH.name, contracts: 1 },
      ],
    });
  });

  it('records each buyer’s addresses, lower-cased and once; a buyer without one is left out', async () => {
    const put = await api.call('PUT', '/api/settings/buyer-contacts', {
      token: admin,
      body: {
        items: [
          {
            siret: '243 300 316 00011',
            emails: ['Clauses@Bordeaux-Metropole.example', 'clauses@bordeaux-metropole.example'],
          },
          { siret: GH.siret, name: 'Gironde Habitat (OPH)', emails: [] },
        ],
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.items).toEqual([
      { siret: BM.siret, name: BM.name, emails: ['clauses@bordeaux-metropole.example'] },
    ]);
    const read = await api.call('GET', '/api/settings/buyer-contacts', { token: admin });
    expect(read.body.items).toEqual(put.body.items);
    const day = new Date().toISOString().slice(0, 10);
    const changes = await api.call('GET', `/api/changes?day=${day}`, { token: admin });
    expect(
      changes.body.items.some(
        (c: { entityId: string; action: string }) =>
          c.entityId === 'buyer-contacts' && c.action === 'update',
      ),
    ).toBe(true);
  });

  it('refuses a SIRET no contract names, a buyer twice, and a bad address, each by its field', async () => {
    const unknown = await api.call('PUT', '/api/settings/buyer-contacts', {
      token: admin,
      body: { items: [{ siret: '41234567800012', emails: ['a@b.example'] }] },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      { path: 'items.0.siret', message: 'Aucun marché de la structure n’a cet acheteur' },
    ]);
    const twice = await api.call('PUT', '/api/settings/buyer-contacts', {
      token: admin,
      body: {
        items: [
          { siret: BM.siret, emails: ['a@b.example'] },
          { siret: BM.siret, emails: ['c@d.example'] },
        ],
      },
    });
    expect(twice.status).toBe(400);
    expect(twice.body.errors[0].path).toBe('items.1.siret');
    const bad = await api.call('PUT', '/api/settings/buyer-contacts', {
      token: admin,
      body: { items: [{ siret: BM.siret, emails: ['pas-une-adresse'] }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('items.0.emails.0');
    // Nothing was changed by the refusals.
    const read = await api.call('GET', '/api/settings/buyer-contacts', { token: admin });
    expect(read.body.items).toHaveLength(1);
  });

  it('is an administrator’s only, and of its own structure', async () => {
    for (const method of ['GET', 'PUT'])
      expect(
        (
          await api.call(method, '/api/settings/buyer-contacts', {
            token: procurement,
            body: method === 'PUT' ? { items: [] } : undefined,
          })
        ).status,
      ).toBe(403);
    await api.registry.tenants.create({
      id: 'isere',
      name: 'Isère',
      createdAt: '2025-01-01T00:00:00Z',
      createdBy: 'test',
    });
    const other = await api.call('POST', '/dev/token', {
      body: { role: 'admin', tenant: 'isere' },
    });
    const theirs = await api.call('GET', '/api/settings/buyer-contacts', {
      token: other.body.token,
    });
    expect(theirs.body).toEqual({ items: [], buyers: [] });
    const refused = await api.call('PUT', '/api/settings/buyer-contacts', {
      token: other.body.token,
      body: { items: [{ siret: BM.siret, emails: ['a@b.example'] }] },
    });
    expect(refused.status).toBe(422);
  });
});
