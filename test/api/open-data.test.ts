import { beforeAll, describe, expect, it } from 'vitest';
import { SECRECY_THRESHOLD } from '#shared/domain/consolidation';
import { contractInput, createTestApi, type TestApi } from '../support/api';
import { type Cell, readWithSchema, type TableSchema } from '../support/table-schema';

// A structure's open data on DynamoDB Local: its administrator previews 2025, publishes it (a
// frozen copy), the public addresses serve it with no token — and only what was published —
// then the publication is retracted. The year's people are built so that statistical secrecy
// has work at every level: 13 people, 3 women (hidden, and so the 10 men), one aged 50 or more
// (hidden, and a band of 6 with it), 9 QPV residents of 13 (the 4 others would be worked back:
// both hidden, and the eligibility row QPV with them, and the next smallest code), exits of
// 6 durable jobs, 2 transition jobs (hidden, and the 5 others with them). The business clock
// is February 2026.

const TENANT = 'isere';
const BM = '24330031600011';
const GH = '27330001500016';
/** A sole trader: a person's name, which must never be published. */
const SOLE_TRADER = { name: 'Jean Dupuis Maçonnerie', siret: '81234567600009' };

let api: TestApi;
let admin: string;
let procurement: string;
const secrets = new Set<string>();
const ids: Record<string, string> = {};

async function ok(promise: Promise<{ status: number; body: any }>, status = 201) {
  const answer = await promise;
  if (answer.status !== status) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The people: [sex, age band, eligibility codes, exit]. */
const PEOPLE: [string | null, string, string[], string][] = [
  ['F', 'under-26', ['QPV', 'RSA'], 'cdi'],
  ['F', 'under-26', ['QPV', 'RSA'], 'cdi'],
  ['F', '50-plus', ['QPV', 'DELD'], 'cdi'],
  ['M', 'under-26', ['QPV', 'RSA'], 'cdi'],
  ['M', 'under-26', ['QPV', 'RSA'], 'cdi'],
  ['M', 'under-26', ['QPV', 'RSA', 'DELD'], 'cdi'],
  ['M', '26-49', ['QPV', 'RSA', 'DELD'], 'cdd-under-6m'],
  ['M', '26-49', ['QPV', 'DELD'], 'cdd-under-6m'],
  ['M', '26-49', ['QPV', 'DELD'], 'job-seeking'],
  ['M', '26-49', ['AUTRE'], 'job-seeking'],
  ['M', '26-49', ['AUTRE'], 'job-seeking'],
  ['M', '26-49', ['TH'], 'job-seeking'],
  ['M', 'under-26', ['TH'], 'job-seeking'],
];

beforeAll(async () => {
  api = await createTestApi(() => new Date('2026-02-10T10:00:00Z'));
  await api.registry.tenants.create({
    id: TENANT,
    name: 'Isère',
    createdAt: '2025-01-01T00:00:00Z',
    createdBy: 'test',
  });
  const tokenOf = async (role: string) =>
    (await ok(api.call('POST', '/dev/token', { body: { role, tenant: TENANT } }), 200)).token;
  admin = await tokenOf('admin');
  procurement = await tokenOf('procurement');
  await ok(
    api.call('PUT', '/api/plies/grenoble', {
      token: admin,
      body: { name: 'PLIE de Grenoble', activeFrom: '2020-01-01' },
    }),
  );
  const contract = async (name: string, overrides: Parameters<typeof contractInput>[0]) => {
    const created = await ok(
      api.call('POST', '/api/contracts', {
        token: procurement,
        body: contractInput({
          reference: `MARCHE-${name}`,
          title: `Marché ${name}`,
          notifiedOn: '2024-12-01',
          startsOn: '2025-01-01',
          endsOn: '2025-12-31',
          allocation: { mode: 'single', plieId: 'grenoble' },
          ...overrides,
        }),
      }),
    );
    ids[name] = created.id;
    secrets.add(created.id).add(`MARCHE-${name}`);
  };
  await contract('A', { buyer: { name: 'Grenoble-Alpes Métropole', siret: BM } });
  await contract('B', {
    buyer: { name: 'Grenoble Habitat', siret: GH },
    awardee: SOLE_TRADER,
    kind: 'services',
    cpv: '90910000-9',
  });
  secrets.add(SOLE_TRADER.name).add(SOLE_TRADER.siret);
  for (const [i, [sex, ageBand, eligibility, outcome]] of PEOPLE.entries()) {
    const ref = `PERSONNE-${i}`;
    const person = await ok(
      api.call('POST', '/api/participants', {
        token: procurement,
        body: {
          plieId: 'grenoble',
          ref,
          enteredOn: '2024-06-01',
          eligibility,
          ...(sex ? { sex } : {}),
          ageBand,
        },
      }),
    );
    secrets.add(person.id).add(ref);
    const line = await ok(
      api.call('POST', '/api/hours', {
        token: procurement,
        body: {
          contractId: i % 2 ? ids.B : ids.A,
          plieId: 'grenoble',
          participantId: person.id,
          month: `2025-0${(i % 9) + 1}`,
          hours: 100 + i,
          mode: 'direct-hire',
        },
      }),
    );
    secrets.add(line.id);
    await ok(
      api.call('POST', `/api/participants/${person.id}/exit`, {
        token: procurement,
        body: { outcome, exitedOn: '2025-12-01' },
      }),
      200,
    );
  }
});

const preview = async () => ok(api.call('GET', '/api/open-data/2025', { token: admin }), 200);
const publicGet = (path: string) => api.call('GET', path);
const rowOf = (rows: Record<string, Cell>[], ventilation: string, code: string) => {
  const found = rows.find((r) => r.ventilation === ventilation && r.code === code);
  if (!found) throw new Error(`no row ${ventilation}/${code}`);
  return found;
};

describe('open data: preview, publication, public addresses', () => {
  it('previews the year under statistical secrecy; nothing is public before publication', async () => {
    const body = await preview();
    expect(body).toMatchObject({ year: 2025, structure: 'Isère', finished: true, published: null });
    expect((await publicGet(`/open-data/${TENANT}/2025.csv`)).status).toBe(404);
    const index = await publicGet(`/open-data/${TENANT}/datapackage.json`);
    expect(index.status).toBe(200);
    expect(index.body.resources).toEqual([]);
    // Only an administrator.
    expect((await api.call('GET', '/api/open-data/2025', { token: procurement })).status).toBe(403);
    expect((await api.call('POST', '/api/open-data/2025', { token: procurement })).status).toBe(
      403,
    );
    // A year that has not ended is not published.
    const early = await api.call('POST', '/api/open-data/2026', { token: admin });
    expect(early.status).toBe(422);
    expect(early.body.detail).toContain('1er janvier 2027');
  });

  it('publishes a frozen copy, served with no token, whose every count under 5 and its complements are withheld', async () => {
    const published = await ok(api.call('POST', '/api/open-data/2025', { token: admin }));
    expect(published).toMatchObject({
      year: 2025,
      csv: `/open-data/${TENANT}/2025.csv`,
      schema: `/open-data/${TENANT}/2025.schema.json`,
    });
    const csv = await publicGet(published.csv);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('cache-control')).toBe('public, max-age=300');
    expect(csv.headers.get('access-control-allow-origin')).toBe('*');
    expect(csv.headers.get('etag')).toBeTruthy();
    const schemaAnswer = await publicGet(published.schema);
    expect(schemaAnswer.status).toBe(200);
    const schema = schemaAnswer.body as TableSchema;
    const text = new TextDecoder().decode(csv.bytes);
    // The CSV reads against its schema; each column has a French title, a type, a description.
    const rows = readWithSchema(text, schema);
    for (const field of schema.fields) {
      expect(field.title, field.name).toBeTruthy();
      expect(field.description, field.name).toBeTruthy();
    }
    expect(Object.fromEntries(schema.fields.map((f) => [f.name, f.unit ?? null]))).toMatchObject({
      heures: 'heure',
      etp: 'ETP',
      personnes: 'personne',
      sorties: 'sortie',
      taux: '%',
    });

    // No count of people from 1 to 4 is shown, anywhere.
    for (const row of rows)
      for (const column of ['personnes', 'sorties'] as const) {
        const value = row[column];
        if (typeof value === 'number')
          expect(value === 0 || value >= SECRECY_THRESHOLD, `${row.code} ${column}`).toBe(true);
      }
    // People: 13 shown; the 3 women hidden, and the men with them (13 − 10 would give 3).
    expect(rowOf(rows, 'ensemble', 'personnes').personnes).toBe(13);
    const sex = (code: string) => rowOf(rows, 'sexe', code);
    expect([sex('F').personnes, sex('M').personnes, sex('unknown').personnes]).toEqual([
      null,
      null,
      0,
    ]);
    expect([sex('F').secret, sex('M').secret, sex('unknown').secret]).toEqual([true, true, false]);
    // The hours of a hidden count go with it.
    expect(sex('F').heures).toBeNull();
    // Ages: 6, 6 and 1: the 1 hidden, and one of the 6 with it.
    const ages = ['under-26', '26-49', '50-plus'].map((code) => rowOf(rows, 'tranche_age', code));
    expect(ages.filter((r) => r.personnes === null)).toHaveLength(2);
    expect(rowOf(rows, 'tranche_age', '50-plus').personnes).toBeNull();
    // QPV: 9 of 13, the other 4 worked back from the total: hidden, in both places it shows.
    expect(rowOf(rows, 'qpv', 'qpv')).toMatchObject({ personnes: null, taux: null, secret: true });
    expect(rowOf(rows, 'eligibilite', 'QPV')).toMatchObject({ personnes: null, secret: true });
    // Exits: 13; groups 6, 2, 0, 5, 0: the 2 hidden and the 5 with it; positive 6 of 13.
    expect(rowOf(rows, 'sorties', 'total').sorties).toBe(13);
    const group = (code: string) => rowOf(rows, 'sorties', code).sorties;
    expect(['durable', 'transition', 'training', 'other', 'neutral'].map(group)).toEqual([
      6,
      null,
      0,
      null,
      0,
    ]);
    expect(rowOf(rows, 'sorties', 'positives')).toMatchObject({ sorties: 6, taux: 46.2 });

    // In every breakdown that adds up to a shown total, a hidden count is never alone.
    const partitions: [string, string[], number][] = [
      ['sexe', ['F', 'M', 'unknown'], 13],
      ['tranche_age', ['under-26', '26-49', '50-plus', 'unknown'], 13],
      ['sorties', ['durable', 'transition', 'training', 'other', 'neutral'], 13],
    ];
    for (const [ventilation, codes, total] of partitions) {
      const cells = codes.map((code) => rowOf(rows, ventilation, code));
      const hidden = cells.filter(
        (r) => r[ventilation === 'sorties' ? 'sorties' : 'personnes'] === null,
      );
      const shown = cells.reduce(
        (sum, r) => sum + Number(r[ventilation === 'sorties' ? 'sorties' : 'personnes'] ?? 0),
        0,
      );
      expect(hidden.length, ventilation).not.toBe(1);
      const rest = total - shown;
      expect(rest === 0 || rest >= SECRECY_THRESHOLD, `${ventilation} rest ${rest}`).toBe(true);
    }

    // Aggregates only: no participant, reference, line, contract, nor the sole trader.
    const bytes = [
      text,
      JSON.stringify(schema),
      JSON.stringify((await publicGet(`/open-data/${TENANT}/datapackage.json`)).body),
    ].join('\n');
    for (const secret of secrets) expect(bytes, secret).not.toContain(secret);
    expect(rows.some((r) => r.ventilation === 'acheteur' && r.code === GH)).toBe(true);
    expect(rowOf(rows, 'ensemble', 'heures-realisees').heures).toBe(
      PEOPLE.reduce((sum, _p, i) => sum + 100 + i, 0),
    );

    // The index lists the year; the change log has the act.
    const index = await publicGet(`/open-data/${TENANT}/datapackage.json`);
    expect(index.body.resources).toEqual([
      expect.objectContaining({
        name: 'resultats-2025',
        path: '2025.csv',
        schema: '2025.schema.json',
      }),
    ]);
    const changes = await ok(
      api.call('GET', '/api/changes?entityType=open-data&entityId=2025', { token: admin }),
      200,
    );
    expect(changes.items.map((c: { action: string }) => c.action)).toEqual(['publish']);
  });

  it('serves the copy of the day it was published, not the figures of today; a repeat reader gets 304', async () => {
    const before = await publicGet(`/open-data/${TENANT}/2025.csv`);
    await ok(
      api.call('POST', '/api/hours', {
        token: procurement,
        body: {
          contractId: ids.A,
          plieId: 'grenoble',
          month: '2025-11',
          hours: 7,
          mode: 'training',
        },
      }),
    );
    const after = await publicGet(`/open-data/${TENANT}/2025.csv`);
    expect(after.bytes).toEqual(before.bytes);
    expect((await preview()).upToDate).toBe(false);
    const again = await api.app.request(`/open-data/${TENANT}/2025.csv`, {
      headers: { 'if-none-match': before.headers.get('etag') as string },
    });
    expect(again.status).toBe(304);
  });

  it('serves only published years, of structures that exist', async () => {
    for (const path of [
      `/open-data/${TENANT}/2024.csv`,
      `/open-data/${TENANT}/2024.schema.json`,
      '/open-data/default/2025.csv',
      '/open-data/nowhere/2025.csv',
      '/open-data/nowhere/datapackage.json',
      `/open-data/${TENANT}/2025.xlsx`,
      '/open-data/NOT_A_TENANT/2025.csv',
    ]) {
      const answer = await publicGet(path);
      expect(answer.status, path).toBe(404);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('retracts the year: its public addresses answer 404, the change log says so', async () => {
    expect((await api.call('DELETE', '/api/open-data/2025', { token: admin })).status).toBe(204);
    expect((await publicGet(`/open-data/${TENANT}/2025.csv`)).status).toBe(404);
    expect((await publicGet(`/open-data/${TENANT}/2025.schema.json`)).status).toBe(404);
    expect((await api.call('DELETE', '/api/open-data/2025', { token: admin })).status).toBe(404);
    const list = await ok(api.call('GET', '/api/open-data', { token: admin }), 200);
    expect(list).toEqual({ index: `/open-data/${TENANT}/datapackage.json`, items: [] });
    const changes = await ok(
      api.call('GET', '/api/changes?entityType=open-data&entityId=2025', { token: admin }),
      200,
    );
    expect(changes.items.map((c: { action: string }) => c.action).sort()).toEqual([
      'publish',
      'retract',
    ]);
  });
});
