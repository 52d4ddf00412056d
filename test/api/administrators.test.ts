import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#shared/http/app';
import { devTokenClaims } from '#shared/http/auth';
import { localAdministratorInviter } from '#shared/identity/inviters';
import { contractInput } from '../support/api';
import { createTestTable, type TestTable } from '../support/dynamo';
import { allItems } from '../support/items';
import { type ResponseChecker, responseChecker } from '../support/openapi-check';

// Issue 27: the operator gives a structure its first administrator. Locally (as here) the
// answer is a sign-in link as that structure's administrator, printed by the server too; the
// invitation is kept in the platform's record, and the operator still reads no structure data.

const SECRET = 'administrators-test';
const APP_URL = 'http://localhost:3000';
let table: TestTable;
let app: ReturnType<typeof createApp>;
let checker: ResponseChecker | undefined;
const printed: string[] = [];

async function call(method: string, path: string, token?: string, body?: unknown) {
  const response = await app.request(path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const parsed = text ? JSON.parse(text) : null;
  // Every answer as the OpenAPI document says it (test/support/openapi-check.ts).
  checker ??= responseChecker(await (await app.request('/openapi.json')).json());
  checker.check(method, path, response.status, response.headers.get('content-type') ?? '', parsed);
  return { status: response.status, body: parsed };
}

async function token(body: Record<string, unknown>): Promise<string> {
  const answer = await call('POST', '/dev/token', undefined, body);
  if (answer.status !== 200) throw new Error(`token: ${JSON.stringify(answer.body)}`);
  return answer.body.token;
}

let operator: string;
const NANTES = 'nantes-metropole';
const invite = (tenant: string, body: unknown, as = operator) =>
  call('POST', `/api/tenants/${tenant}/administrators`, as, body);

beforeAll(async () => {
  table = await createTestTable();
  app = createApp({
    stores: table.registry,
    authenticator: devTokenClaims(SECRET),
    devTokenSecret: SECRET,
    adminInviter: localAdministratorInviter(APP_URL, (line) => printed.push(line)),
    logError: () => {},
  });
  await table.registry.tenants.create({
    id: 'default',
    name: 'Bordeaux Métropole',
    createdAt: '2025-01-01T00:00:00.000Z',
    createdBy: 'demo',
  });
  operator = await token({ role: 'operator' });
  const created = await call('POST', '/api/tenants', operator, {
    id: NANTES,
    name: 'Nantes Métropole',
  });
  expect(created.status).toBe(201);
  // The structure `default` has data of its own, which Nantes' administrator must never see.
  const admin = await token({ role: 'admin' });
  expect(
    (await call('PUT', '/api/plies/bordeaux', admin, { name: 'PLIE de Bordeaux' })).status,
  ).toBe(201);
  const contract = await call(
    'POST',
    '/api/contracts',
    admin,
    contractInput({ reference: 'BM-ADMIN-001' }),
  );
  expect(contract.status).toBe(201);
});

describe('the operator invites a structure’s administrator (issue 27)', () => {
  it('answers a sign-in link as the structure’s administrator, printed, and records who and when', async () => {
    const before = await allItems(table);
    const answer = await invite(NANTES, { email: 'Direction@Nantes.example', name: 'Camille M.' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({
      email: 'direction@nantes.example',
      tenant: NANTES,
      name: 'Camille M.',
      invitedBy: 'dev-operator',
      invitedByName: 'Opérateur (compte local)',
      account: 'local',
      signInUrl: `${APP_URL}/#/connexion?administrateur=${NANTES}`,
      recorded: true,
    });
    expect(printed).toEqual([
      `Invitation de l’administrateur direction@nantes.example (structure ${NANTES}) : ${APP_URL}/#/connexion?administrateur=${NANTES}`,
    ]);
    // One item written, the platform's record: nothing in any structure's data.
    const written = (await allItems(table)).filter(
      (item) => !before.some((old) => old.pk === item.pk && old.sk === item.sk),
    );
    expect(written.map((item) => [item.pk, item.sk])).toEqual([
      ['PLATFORM#ADMINISTRATORS', 'direction@nantes.example'],
    ]);
    const listed = await call('GET', '/api/tenants', operator);
    const count = (id: string) =>
      listed.body.items.find((t: { id: string }) => t.id === id).administrators;
    expect([count(NANTES), count('default')]).toEqual([1, 0]);
  });

  it('is idempotent: asked again, `existing`, the first invitation kept, nothing written', async () => {
    const first = await call('GET', '/api/tenants', operator);
    const items = JSON.stringify(await allItems(table));
    const again = await invite(NANTES, { email: 'direction@nantes.example' });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({
      email: 'direction@nantes.example',
      tenant: NANTES,
      name: 'Camille M.',
      account: 'existing',
      recorded: false,
      signInUrl: `${APP_URL}/#/connexion?administrateur=${NANTES}`,
    });
    expect(JSON.stringify(await allItems(table))).toBe(items);
    expect(await call('GET', '/api/tenants', operator)).toEqual(first);
  });

  it('refuses an address already administrator of another structure, in French (409)', async () => {
    const items = JSON.stringify(await allItems(table));
    const elsewhere = await invite('default', { email: 'DIRECTION@nantes.example' });
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.detail).toBe(
      'Cette adresse est déjà administratrice de la structure « Nantes Métropole » : un compte ne sert qu’une structure. Invitez une autre adresse.',
    );
    expect(JSON.stringify(await allItems(table))).toBe(items);
    // Another address for the structure `default` is fine: its first administrator.
    const other = await invite('default', { email: 'admin@bordeaux.example' });
    expect(other.status).toBe(201);
    expect(other.body.signInUrl).toBe(`${APP_URL}/#/connexion?administrateur=default`);
  });

  it('answers 404 for an unknown structure and 400 for a bad address or id, writing nothing', async () => {
    const items = JSON.stringify(await allItems(table));
    const unknown = await invite('lyon-metropole', { email: 'a@lyon.example' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toBe('Cette structure n’existe pas.');
    const badEmail = await invite(NANTES, { email: 'pas-une-adresse' });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.errors).toEqual([{ path: 'email', message: 'Adresse e-mail invalide' }]);
    expect((await invite(NANTES, {})).status).toBe(400);
    expect((await invite('Nantes Métropole', { email: 'a@nantes.example' })).status).toBe(400);
    expect(JSON.stringify(await allItems(table))).toBe(items);
  });

  it('is the operator’s alone: every other role gets 403, nothing written', async () => {
    const items = JSON.stringify(await allItems(table));
    const others = [
      await token({ role: 'admin' }),
      await token({ role: 'admin', tenant: NANTES }),
      await token({ role: 'procurement' }),
      await token({ role: 'plie-coordinator', plieId: 'bordeaux' }),
      await token({ role: 'awardee', siret: '41234567800012' }),
      await token({ role: 'observer' }),
    ];
    for (const as of others) {
      const answer = await invite(NANTES, { email: 'intrus@nantes.example' }, as);
      expect(answer.status, JSON.stringify(answer.body)).toBe(403);
    }
    expect(JSON.stringify(await allItems(table))).toBe(items);
    // And the operator still reads no structure's data.
    for (const path of ['/api/plies', '/api/contracts', '/api/tenant']) {
      expect((await call('GET', path, operator)).status).toBe(403);
    }
  });

  it('the invited administrator’s local token works on that structure and sees only it', async () => {
    // What the link opens: the sign-in as an administrator of that structure.
    const admin = await token({ role: 'admin', tenant: NANTES });
    expect((await call('GET', '/api/tenant', admin)).body).toMatchObject({
      id: NANTES,
      name: 'Nantes Métropole',
    });
    expect((await call('GET', '/api/contracts', admin)).body.items).toEqual([]);
    expect((await call('GET', '/api/plies', admin)).body.items).toEqual([]);
    const plie = await call('PUT', '/api/plies/nantes', admin, { name: 'PLIE de Nantes' });
    expect(plie.status).toBe(201);
    const contract = await call(
      'POST',
      '/api/contracts',
      admin,
      contractInput({ reference: 'NM-001', allocation: { mode: 'single', plieId: 'nantes' } }),
    );
    expect(contract.status, JSON.stringify(contract.body)).toBe(201);
    const contracts = (await call('GET', '/api/contracts', admin)).body.items;
    expect(contracts.map((c: { reference: string }) => c.reference)).toEqual(['NM-001']);
    expect(
      (await call('GET', '/api/plies', admin)).body.items.map((p: { id: string }) => p.id),
    ).toEqual(['nantes']);
    // Bordeaux's own administrator does not see Nantes' contract.
    const bordeaux = await token({ role: 'admin' });
    const theirs = (await call('GET', '/api/contracts', bordeaux)).body.items;
    expect(theirs.map((c: { reference: string }) => c.reference)).toEqual(['BM-ADMIN-001']);
  });
});
