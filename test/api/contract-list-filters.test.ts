import { beforeAll, describe, expect, it } from 'vitest';
import { REAL_DECP_RECORD } from '../fixtures/decp/records';
import { contractInput, seededApi, type TestApi } from '../support/api';

// The contract list's filters of issue 30 (buyer, source, social consideration, hours target
// missing), combined with the older ones, and the refusal of parameters a list does not know.

let api: TestApi;
let token: string;
const refs = (body: { items: { reference: string }[] }) =>
  body.items.map((c) => c.reference).sort();
const list = async (query: string) => {
  const answer = await api.call('GET', `/api/contracts?${query}`, { token });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return refs(answer.body);
};

beforeAll(async () => {
  const seeded = await seededApi();
  api = seeded.api;
  token = seeded.procurement;
  const other = { name: 'Ville de Mérignac', siret: '21330281300018' };
  for (const body of [
    contractInput({ reference: 'F-CLAUSE' }),
    contractInput({ reference: 'F-NOTARGET', targetHours: undefined }),
    contractInput({
      reference: 'F-CRITERION',
      buyer: other,
      targetHours: undefined,
      socialConsiderations: ['social-criterion'],
    }),
    contractInput({
      reference: 'F-RESERVED',
      buyer: other,
      notifiedOn: '2024-03-02',
      startsOn: '2024-04-01',
      endsOn: '2024-12-31',
      reserved: { basis: 'L2113-13', awardeeType: 'ACI' },
      socialConsiderations: ['reserved', 'social-clause'],
    }),
  ]) {
    const created = await api.call('POST', '/api/contracts', { token, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
  }
  // A published record: social clause, no hours target, buyer 21500222100012.
  const imported = await api.call('POST', '/api/contracts/import/decp', {
    token,
    body: { marches: { marche: [REAL_DECP_RECORD] } },
  });
  expect(imported.status).toBe(200);
});

describe('GET /api/contracts filters', () => {
  it('filters by buyer, source, consideration and missing target, each alone', async () => {
    expect(await list('buyerSiret=21330281300018')).toEqual(['F-CRITERION', 'F-RESERVED']);
    // A SIRET typed with spaces is the same buyer.
    expect(await list('buyerSiret=213%20302%20813%2000018')).toEqual(['F-CRITERION', 'F-RESERVED']);
    expect(await list('source=decp')).toEqual(['202207LOT03']);
    expect(await list('source=api')).toEqual([
      'F-CLAUSE',
      'F-CRITERION',
      'F-NOTARGET',
      'F-RESERVED',
    ]);
    expect(await list('consideration=social-criterion')).toEqual(['202207LOT03', 'F-CRITERION']);
    expect(await list('consideration=reserved')).toEqual(['F-RESERVED']);
    // A criterion without a clause asks for no hours: it is not "target missing".
    expect(await list('targetMissing=true')).toEqual(['202207LOT03', 'F-NOTARGET']);
    expect(await list('targetMissing=false')).toEqual(['F-CLAUSE', 'F-CRITERION', 'F-RESERVED']);
  });

  it('combines the new filters with the older ones', async () => {
    expect(await list('targetMissing=true&source=api')).toEqual(['F-NOTARGET']);
    expect(await list('targetMissing=true&year=2022')).toEqual(['202207LOT03']);
    expect(await list('buyerSiret=21330281300018&year=2024')).toEqual(['F-RESERVED']);
    expect(await list('buyerSiret=21330281300018&reserved=false')).toEqual(['F-CRITERION']);
    expect(await list('consideration=social-clause&activeIn=2024&plieId=bordeaux')).toEqual([
      'F-RESERVED',
    ]);
    expect(
      await list('buyerSiret=24330031600011&consideration=social-clause&limit=1'),
    ).toHaveLength(1);
  });

  it('refuses an unknown parameter or a bad value, naming it, as problem JSON', async () => {
    for (const [query, path] of [
      ['anne=2025', 'query'],
      ['buyer=21330281300018', 'query'],
      ['source=excel', 'source'],
      ['consideration=clause', 'consideration'],
      ['targetMissing=oui', 'targetMissing'],
      ['buyerSiret=123', 'buyerSiret'],
    ] as const) {
      const answer = await api.call('GET', `/api/contracts?${query}`, { token });
      expect(answer.status, query).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.errors[0].path, query).toBe(path);
    }
    const unknown = await api.call('GET', '/api/contracts?year=2025&anne=2025', { token });
    expect(unknown.body.errors).toEqual([
      { path: 'query', message: 'Paramètre inconnu : anne (voir la documentation de l’API)' },
    ]);
  });

  it('refuses unknown parameters on every paged list, in one place', async () => {
    for (const path of [
      '/api/hours?mois=2025-01',
      '/api/statements?statut=submitted',
      '/api/participants?plie=bordeaux',
      '/api/imports?page=2',
      '/api/exports?page=2',
    ]) {
      const answer = await api.call('GET', path, { token: await api.token('admin') });
      expect(answer.status, path).toBe(400);
      expect(answer.body.detail, path).toContain('Paramètre inconnu');
    }
  });
});

describe('GET /api/compliance: clauses without a target', () => {
  it('lists the running contracts with a social clause and no hours target', async () => {
    const of = async (year: number) => {
      const answer = await api.call('GET', `/api/compliance?year=${year}`, { token });
      expect(answer.status).toBe(200);
      return answer.body.withoutTarget.map((c: { reference: string }) => c.reference).sort();
    };
    // F-CRITERION has no target but no clause either; F-CLAUSE has its target.
    expect(await of(2025)).toEqual(['F-NOTARGET']);
    expect(await of(2022)).toEqual(['202207LOT03']);
    expect(await of(2024)).toEqual([]);
  });
});
