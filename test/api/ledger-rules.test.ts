import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

// Issue 12, points 11 to 14, through the API: what a buyer typing a contract meets.

let api: TestApi;
let admin: string;
let procurement: string;

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi(() => new Date('2026-11-15T10:00:00Z')));
});

const create = (overrides: Parameters<typeof contractInput>[0]) =>
  api.call('POST', '/api/contracts', { token: procurement, body: contractInput(overrides) });

describe('SIRET (point 14)', () => {
  it('refuses a SIRET whose check key is wrong, naming the field, writing nothing', async () => {
    const before = await itemCount(api);
    const response = await create({
      awardee: { name: 'Erreur de saisie', siret: '41234567800019' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual({
      path: 'awardee.siret',
      message: expect.stringContaining('clé de contrôle'),
    });
    expect(await itemCount(api)).toBe(before);
  });

  it('takes a SIRET written with spaces and keeps its digits', async () => {
    const response = await create({
      buyer: { name: 'Bordeaux Métropole', siret: '243 300 316 00011' },
      awardee: { name: 'Espaces Verts Solidaires', siret: '802 684 969 000 16' },
    });
    expect(response.status).toBe(201);
    expect(response.body.buyer.siret).toBe('24330031600011');
    expect(response.body.awardee.siret).toBe('80268496900016');
  });
});

describe('contract dates (point 8, the part that needs no amendment)', () => {
  it('refuses a start before notification', async () => {
    const response = await create({ notifiedOn: '2025-03-01', startsOn: '2025-02-01' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].path).toBe('startsOn');
  });
});

describe('reserved markets by date (point 11)', () => {
  const detention = {
    reserved: { basis: 'L2113-13-1' as const, awardeeType: 'OTHER' as const },
    socialConsiderations: ['reserved' as const],
    kind: 'services' as const,
    notifiedOn: '2022-12-01',
    startsOn: '2023-01-01',
    endsOn: '2023-12-31',
  };

  it('judges the basis by the day the consultation was launched', async () => {
    const launchedUnderTheLaw = await create({
      ...detention,
      consultationLaunchedOn: '2022-11-02',
    });
    expect(launchedUnderTheLaw.status).toBe(201);
    expect(launchedUnderTheLaw.body.consultationLaunchedOn).toBe('2022-11-02');
    const launchedBefore = await create({ ...detention, consultationLaunchedOn: '2022-09-01' });
    expect(launchedBefore.status).toBe(422);
    expect(launchedBefore.body.errors[0]).toMatchObject({
      path: 'reserved.basis',
      message: expect.stringContaining('20 octobre 2022'),
    });
  });
});

describe('L2113-15 (point 12)', () => {
  const ess = {
    reserved: { basis: 'L2113-15' as const, awardeeType: 'ESS' as const },
    socialConsiderations: ['reserved' as const],
    kind: 'services' as const,
  };

  it('refuses a works contract on this basis', async () => {
    const response = await create({ ...ess, kind: 'works', reference: 'ESS-WORKS' });
    expect(response.status).toBe(422);
    expect(response.body.errors[0].path).toBe('reserved.basis');
  });

  it('refuses a repeat award to another establishment of the same company (same SIREN)', async () => {
    const first = await create({
      ...ess,
      reference: 'ESS-SIREN-1',
      awardee: { name: 'Coopérative, siège', siret: '41234567800012' },
      notifiedOn: '2025-02-01',
      startsOn: '2025-02-01',
      endsOn: '2026-01-31',
    });
    expect(first.status).toBe(201);
    const second = await create({
      ...ess,
      reference: 'ESS-SIREN-2',
      awardee: { name: 'Coopérative, agence de Pessac', siret: '41234567800020' },
      notifiedOn: '2026-02-01',
      startsOn: '2026-02-01',
      endsOn: '2027-01-31',
    });
    expect(second.status).toBe(422);
    expect(second.body.errors[0]).toMatchObject({
      path: 'reserved.basis',
      message: expect.stringContaining('1er février 2025'),
    });
  });
});

describe('L2112-2-1 thresholds (point 13)', () => {
  it('flags a contract with a social award criterion only', async () => {
    const created = await create({
      reference: 'CRIT-ONLY',
      kind: 'services',
      amount: 400_000,
      notifiedOn: '2026-09-01',
      startsOn: '2026-09-01',
      endsOn: '2027-08-31',
      socialConsiderations: ['social-criterion'],
    });
    expect(created.status).toBe(201);
    const compliance = await api.call('GET', '/api/compliance?year=2026', { token: procurement });
    const item = compliance.body.items.find(
      (i: { contract: { reference: string } }) => i.contract.reference === 'CRIT-ONLY',
    );
    expect(item.issues.map((i: { rule: string }) => i.rule)).toContain('L2112-2-1');
  });

  it('lets an administrator add a new period, and flags “seuil inconnu” until then', async () => {
    const created = await create({
      reference: 'FUTURE-PERIOD',
      kind: 'services',
      amount: 300_000,
      notifiedOn: '2028-02-01',
      startsOn: '2028-02-01',
      endsOn: '2028-12-31',
      socialConsiderations: [],
    });
    expect(created.status).toBe(201);
    const issuesOf = async () => {
      const compliance = await api.call('GET', '/api/compliance?year=2028', { token: procurement });
      return (
        compliance.body.items.find(
          (i: { contract: { reference: string } }) => i.contract.reference === 'FUTURE-PERIOD',
        )?.issues ?? []
      );
    };
    expect((await issuesOf())[0].message).toContain('Seuil inconnu');
    const refused = await api.call('PUT', '/api/eu-thresholds/2028-01-01', {
      token: procurement,
      body: {
        to: '2029-12-31',
        works: 5_500_000,
        suppliesServicesLocal: 350_000,
        suppliesServicesCentral: 145_000,
      },
    });
    expect(refused.status).toBe(403);
    const put = await api.call('PUT', '/api/eu-thresholds/2028-01-01', {
      token: admin,
      body: {
        to: '2029-12-31',
        works: 5_500_000,
        suppliesServicesLocal: 350_000,
        suppliesServicesCentral: 145_000,
      },
    });
    expect(put.status).toBe(200);
    expect(await issuesOf(), JSON.stringify(await issuesOf())).toEqual([]);
    const list = await api.call('GET', '/api/eu-thresholds', { token: procurement });
    expect(list.body.items.map((p: { from: string }) => p.from)).toContain('2028-01-01');
  });
});
