import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { localImportJobs } from '#shared/jobs/local-jobs';
import { deliverMonthlyReports } from '#shared/services/report-delivery';
import { forEachTenant } from '#shared/services/tenants';
import { DUPLICATE_INDEX, DUPLICATE_MARKERS, STATEMENTS_RECEIVED } from '#shared/store/upgrades';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { allItems } from '../support/items';

// Issue 27: many structures on one deployment. Structure A is `default` (tokens that name none,
// as before structures); structure B is created by the operator. Everything of A is tried with
// B's tokens, on every route of the OpenAPI document: 404 or 403, nothing of A read or written.

let api: TestApi;
let adminA: string;
let procurementA: string;
const B = 'grenoble-alpes';
const tokenOf = async (body: Record<string, unknown>) => {
  const answer = await api.call('POST', '/dev/token', { body });
  if (answer.status !== 200) throw new Error(`token: ${JSON.stringify(answer.body)}`);
  return answer.body.token as string;
};
/** A's things, by the name of the path parameter that reaches each. */
const ofA: Record<string, string> = {};
const REFERENCE = 'SHARED-REF-001';
const AWARDEE = '41234567800012';

beforeAll(async () => {
  ({
    api,
    admin: adminA,
    procurement: procurementA,
  } = await seededApi(undefined, (registry) =>
    localImportJobs(registry, mkdtempSync(join(tmpdir(), 'ct-tenants-'))),
  ));
  const contract = await api.call('POST', '/api/contracts', {
    token: procurementA,
    body: contractInput({
      reference: REFERENCE,
      awardee: { name: 'Bâtisseurs', siret: AWARDEE },
      allocation: { mode: 'single', plieId: 'bordeaux' },
    }),
  });
  expect(contract.status).toBe(201);
  ofA.contract = contract.body.id;
  const participant = await api.call('POST', '/api/participants', {
    token: adminA,
    body: { plieId: 'bordeaux', ref: 'A-PERSON-1', eligibility: ['RSA'], enteredOn: '2025-01-02' },
  });
  ofA.participant = participant.body.id;
  const line = await api.call('POST', '/api/hours', {
    token: procurementA,
    body: {
      contractId: ofA.contract,
      plieId: 'bordeaux',
      participantId: ofA.participant,
      month: '2025-03',
      hours: 12,
      mode: 'direct-hire',
    },
  });
  expect(line.status).toBe(201);
  ofA.line = line.body.id;
  const imported = await api.call('POST', '/api/hours/import', {
    token: procurementA,
    raw: `contract_reference;plie_id;participant_ref;month;hours;mode\n${REFERENCE};bordeaux;A-PERSON-1;2025-04;7;geiq\n`,
    headers: { 'content-type': 'text/csv' },
  });
  expect(imported.status).toBe(200);
  ofA.statement = imported.body.statementId;
  const job = await api.call('POST', '/api/imports', {
    token: procurementA,
    body: { kind: 'statement', format: 'csv' },
  });
  expect(job.status).toBe(201);
  ofA.job = job.body.jobId;
});

const operator = () => tokenOf({ role: 'operator' });

describe('structures (issue 27)', () => {
  it('the operator creates structures and sees their sizes, never their data', async () => {
    const op = await operator();
    const created = await api.call('POST', '/api/tenants', {
      token: op,
      body: { id: B, name: 'Grenoble-Alpes Métropole' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: B, name: 'Grenoble-Alpes Métropole' });
    // A structure just created has no data of an earlier version: every upgrade is done for it
    // (else its typed lines would read what they may repeat until its first monthly job).
    const settingsB = api.registry.of(B).settings;
    for (const name of [DUPLICATE_MARKERS, DUPLICATE_INDEX, STATEMENTS_RECEIVED])
      expect(await settingsB.done(name)).toBe(true);
    const again = await api.call('POST', '/api/tenants', {
      token: op,
      body: { id: B, name: 'Autre nom' },
    });
    expect(again.status).toBe(409);
    const badId = await api.call('POST', '/api/tenants', {
      token: op,
      body: { id: 'Grenoble Alpes', name: 'Grenoble' },
    });
    expect(badId.status).toBe(400);
    const listed = await api.call('GET', '/api/tenants', { token: op });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ id: B, plies: 0, contracts: 0 }),
    );
    // Nobody else manages structures.
    expect((await api.call('GET', '/api/tenants', { token: adminA })).status).toBe(403);
    // The operator reads no structure's data.
    for (const path of ['/api/contracts', '/api/plies', `/api/contracts/${ofA.contract}`]) {
      expect((await api.call('GET', path, { token: op })).status).toBe(403);
    }
    const observer = await tokenOf({ role: 'observer' });
    expect((await api.call('GET', '/api/contracts', { token: observer })).status).toBe(403);
    expect((await api.call('GET', '/api/tenants', { token: observer })).status).toBe(403);
  });

  it('a token names an existing structure; PLIE ids and references are each structure’s own', async () => {
    const unknown = await api.call('POST', '/dev/token', {
      body: { role: 'admin', tenant: 'nowhere' },
    });
    expect(unknown.status).toBe(422);
    const adminB = await tokenOf({ role: 'admin', tenant: B });
    // The same PLIE id and contract reference as A's: B's own.
    const plie = await api.call('PUT', '/api/plies/bordeaux', {
      token: adminB,
      body: { name: 'Un PLIE de B nommé comme celui de A', activeFrom: null },
    });
    expect(plie.status).toBe(201);
    const contract = await api.call('POST', '/api/contracts', {
      token: adminB,
      body: contractInput({
        reference: REFERENCE,
        allocation: { mode: 'single', plieId: 'bordeaux' },
      }),
    });
    expect(contract.status).toBe(201);
    const listB = await api.call('GET', '/api/contracts', { token: adminB });
    expect(listB.body.items.map((c: { id: string }) => c.id)).toEqual([contract.body.id]);
    const listA = await api.call('GET', '/api/contracts', { token: adminA });
    expect(listA.body.items.map((c: { id: string }) => c.id)).not.toContain(contract.body.id);
    expect(
      (await api.call('GET', '/api/plies', { token: adminA })).body.items.find(
        (p: { id: string }) => p.id === 'bordeaux',
      ).name,
    ).toBe('PLIE de Bordeaux');
    // A coordinator token of B for a PLIE only A has is refused, as for any unknown PLIE.
    const coordinator = await api.call('POST', '/dev/token', {
      body: { role: 'plie-coordinator', plieId: 'graves', tenant: B },
    });
    expect(coordinator.status).toBe(422);
  });

  it('every route, with ids of A and tokens of B: 404 or 403, nothing of A read or written', async () => {
    const document = (await api.call('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const tokensB = [
      await tokenOf({ role: 'admin', tenant: B }),
      await tokenOf({ role: 'procurement', tenant: B }),
      await tokenOf({ role: 'plie-coordinator', plieId: 'bordeaux', tenant: B }),
    ];
    const idFor = (path: string, name: string): string => {
      if (name === 'jobId') return ofA.job as string;
      if (name === 'plieId') return 'graves'; // A's, not B's
      if (name === 'year') return '2025';
      if (name === 'month') return '2025-03';
      if (name === 'from') return '2024-01-01';
      const kind = /^\/(\w+)/.exec(path)?.[1];
      return (
        {
          contracts: ofA.contract,
          hours: ofA.line,
          participants: ofA.participant,
          statements: ofA.statement,
        }[kind as string] ?? 'unknown'
      );
    };
    const secretsOfA = [ofA.contract, ofA.participant, ofA.line, ofA.statement, 'A-PERSON-1'];
    const before = JSON.stringify(await itemsOfA());
    let tried = 0;
    for (const [template, operations] of Object.entries(document.paths)) {
      if (!template.startsWith('/api/') || template.startsWith('/api/tenants')) continue;
      const path = template.replace(/\{(\w+)\}/g, (_, name) => idFor(template.slice(4), name));
      const withIds = path !== template;
      for (const method of Object.keys(operations)) {
        for (const token of tokensB) {
          const answer = await api.call(method.toUpperCase(), path, {
            token,
            ...(method === 'get' ? {} : { body: {} }),
          });
          tried += 1;
          const seen = JSON.stringify(answer.body);
          for (const secret of secretsOfA) {
            expect(seen, `${method} ${path} showed ${secret}`).not.toContain(secret);
          }
          if (withIds && method === 'get' && !/\{(year|month|from)\}/.test(template)) {
            expect([403, 404], `${method} ${path} → ${answer.status}`).toContain(answer.status);
          }
          expect(answer.status, `${method} ${path}`).not.toBe(500);
        }
      }
    }
    expect(tried).toBeGreaterThan(100);
    expect(JSON.stringify(await itemsOfA())).toBe(before);
  });

  it('writes that name A’s things, with valid bodies and B’s tokens: unknown, nothing written', async () => {
    const adminB = await tokenOf({ role: 'admin', tenant: B });
    const before = JSON.stringify(await itemsOfA());
    const attempts: [string, string, unknown][] = [
      [
        'POST',
        '/api/hours',
        { contractId: ofA.contract, plieId: 'bordeaux', month: '2025-05', hours: 3, mode: 'geiq' },
      ],
      ['POST', `/api/hours/${ofA.line}/void`, { reason: 'Essai depuis une autre structure' }],
      [
        'POST',
        `/api/participants/${ofA.participant}/exit`,
        { exitedOn: '2025-06-30', outcome: 'cdi' },
      ],
      [
        'DELETE',
        `/api/participants/${ofA.participant}`,
        { reason: 'Essai depuis une autre structure' },
      ],
      [
        'POST',
        `/api/statements/${ofA.statement}/withdraw`,
        { reason: 'Essai depuis une autre structure' },
      ],
      [
        'POST',
        `/api/contracts/${ofA.contract}/amendments`,
        { effectiveOn: '2025-06-01', reason: 'Essai', endsOn: '2026-12-31' },
      ],
      ['POST', `/api/imports/${ofA.job}/start`, { kind: 'statement', format: 'csv' }],
    ];
    for (const [method, path, body] of attempts) {
      const answer = await api.call(method, path, { token: adminB, body });
      // In the path: 404; named in the body: 422, "unknown contract", as any id that does not exist.
      expect(
        path === '/api/hours' ? [422] : [404, 403],
        `${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`,
      ).toContain(answer.status);
    }
    expect(JSON.stringify(await itemsOfA())).toBe(before);
  });
});

describe('an awardee across structures (issue 27)', () => {
  it('sees its contracts in both, declares to each, and each structure validates its own', async () => {
    const adminB = await tokenOf({ role: 'admin', tenant: B });
    const procurementB = await tokenOf({ role: 'procurement', tenant: B });
    const held = await api.call('POST', '/api/contracts', {
      token: procurementB,
      body: contractInput({
        reference: 'B-HELD-001',
        awardee: { name: 'Bâtisseurs', siret: AWARDEE },
        allocation: { mode: 'single', plieId: 'bordeaux' },
      }),
    });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    const awardee = await tokenOf({ role: 'awardee', siret: AWARDEE });
    const listed = await api.call('GET', '/api/contracts', { token: awardee });
    expect(listed.status).toBe(200);
    const byId = new Map(listed.body.items.map((c: { id: string }) => [c.id, c]));
    expect(byId.get(ofA.contract)).toMatchObject({ tenant: 'default' });
    expect(byId.get(held.body.id)).toMatchObject({
      tenant: B,
      tenantName: 'Grenoble-Alpes Métropole',
    });
    // The PLIEs it may name: of one of its structures, or of all of them; never another's.
    const pliesB = await api.call('GET', `/api/plies?tenant=${B}`, { token: awardee });
    expect(pliesB.body.items.map((p: { name: string }) => p.name)).toEqual([
      'Un PLIE de B nommé comme celui de A',
    ]);
    expect((await api.call('GET', '/api/plies', { token: awardee })).body.items).toHaveLength(3);
    expect((await api.call('GET', '/api/plies?tenant=elsewhere', { token: awardee })).status).toBe(
      404,
    );
    const detail = await api.call('GET', `/api/contracts/${held.body.id}`, { token: awardee });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ reference: 'B-HELD-001', tenant: B });

    const declare = (contractId: string) =>
      api.call('POST', '/api/statements', {
        token: awardee,
        body: {
          contractId,
          month: '2025-05',
          lines: [{ description: 'Manœuvre', hours: 21, mode: 'direct-hire' }],
        },
      });
    const toB = await declare(held.body.id);
    expect(toB.status, JSON.stringify(toB.body)).toBe(201);
    const toA = await declare(ofA.contract as string);
    expect(toA.status, JSON.stringify(toA.body)).toBe(201);
    const mine = await api.call('GET', '/api/statements', { token: awardee });
    expect(mine.body.items.map((st: { id: string }) => st.id).sort()).toEqual(
      [toA.body.id, toB.body.id].sort(),
    );
    expect(
      (await api.call('GET', `/api/statements/${toB.body.id}`, { token: awardee })).status,
    ).toBe(200);

    // Each structure's facilitators see and validate their own, never the other's.
    const waitingB = await api.call('GET', '/api/statements?status=submitted', {
      token: procurementB,
    });
    expect(waitingB.body.items.map((st: { id: string }) => st.id)).toEqual([toB.body.id]);
    expect(
      (await api.call('POST', `/api/statements/${toB.body.id}/validate`, { token: procurementA }))
        .status,
    ).toBe(404);
    const validated = await api.call('POST', `/api/statements/${toB.body.id}/validate`, {
      token: procurementB,
    });
    expect(validated.status, JSON.stringify(validated.body)).toBe(200);
    const contractB = await api.call('GET', `/api/contracts/${held.body.id}`, { token: adminB });
    expect(contractB.body.hoursLogged).toBe(21);
    const contractA = await api.call('GET', `/api/contracts/${ofA.contract}`, { token: adminA });
    expect(contractA.body.hoursLogged).toBe(19);
  });
});

describe('the observatory (issue 27)', () => {
  it('reads each structure’s year from its totals, with statistical secrecy, and nothing else', async () => {
    const observer = await tokenOf({ role: 'observer' });
    const read = await api.call('GET', '/api/consolidation?year=2025', { token: observer });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    const of = (id: string) => read.body.tenants.find((t: { tenant: string }) => t.tenant === id);
    // A: 12 h logged and a 7 h statement line, one person (under 5: secret); B: the awardee's
    // 21 h validated above, on a line naming nobody.
    expect(of('default')).toMatchObject({ hours: 19, contracts: 1, people: null, secret: true });
    expect(of(B)).toMatchObject({
      name: 'Grenoble-Alpes Métropole',
      hours: 21,
      contracts: 1,
      people: 0,
    });
    expect(read.body.totals).toMatchObject({ hours: 40, people: null, secret: true });
    for (const secret of [ofA.participant, ofA.contract, 'A-PERSON-1', REFERENCE]) {
      expect(JSON.stringify(read.body)).not.toContain(secret);
    }
    expect((await api.call('GET', '/api/consolidation?year=2025', { token: adminA })).status).toBe(
      403,
    );
    expect(
      (await api.call('GET', '/api/consolidation?year=2025', { token: await operator() })).status,
    ).toBe(403);
  });
});

describe('each structure’s month (issue 27)', () => {
  it('sends each structure’s report to its own recipients, once, with its own contracts', async () => {
    const adminB = await tokenOf({ role: 'admin', tenant: B });
    const set = await api.call('PUT', '/api/settings/report-recipients', {
      token: adminB,
      body: { emails: ['Observatoire@Grenoble.example', 'observatoire@grenoble.example'] },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body.emails).toEqual(['observatoire@grenoble.example']);
    expect(
      (await api.call('GET', '/api/settings/report-recipients', { token: adminA })).body.emails,
    ).toEqual([]);
    const bad = await api.call('PUT', '/api/settings/report-recipients', {
      token: adminB,
      body: { emails: ['pas-une-adresse'] },
    });
    expect(bad.status).toBe(400);

    const sent: { to: string; tenant: string; raw: string }[] = [];
    const run = () =>
      forEachTenant(api.registry, (stores, tenant) =>
        deliverMonthlyReports(
          { stores, now: () => new Date('2025-06-01T06:00:00Z') },
          {
            month: '2025-05',
            sender: {
              send: async (message) => {
                sent.push({
                  to: message.to,
                  tenant: tenant.id,
                  raw: message.raw.toString('latin1'),
                });
                return { messageId: `${tenant.id}/${message.to}` };
              },
            },
            from: 'rapports@plateforme.example',
            reportRecipients: tenant.id === 'default' ? ['achats@bordeaux.example'] : [],
          },
        ),
      );
    await run();
    const toB = sent.filter((m) => m.to === 'observatoire@grenoble.example');
    expect(toB.map((m) => m.tenant)).toEqual([B]);
    expect(toB[0]?.raw).toContain('B-HELD-001');
    const toA = sent.filter((m) => m.to === 'achats@bordeaux.example');
    expect(toA.map((m) => m.tenant)).toEqual(['default']);
    expect(toA[0]?.raw).not.toContain('B-HELD-001');
    // Run again (a retried invocation): nothing goes twice.
    const count = sent.length;
    await run();
    expect(sent.length).toBe(count);
  });
});

/** A's items (the structure `default`: keys without a structure's prefix), in a stable order. */
async function itemsOfA() {
  const items = await allItems(api);
  return items
    .filter((item) => !String(item.pk).startsWith('T#') && !String(item.pk).startsWith('PLATFORM#'))
    .sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}
