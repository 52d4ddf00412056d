import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import type { ContractRecord } from '#shared/store/contracts';
import { tenantKeys } from '#shared/store/keys';

const keys = tenantKeys(DEFAULT_TENANT);

import { contractInput, seededApi, type TestApi } from '../support/api';

// Every route of the OpenAPI document, called with an awardee's token: refused (403) unless the
// role table opens it to awardees, and then filtered to what the company holds.

const COMPANY = '41234567800012';
const OTHER = '73282932000074';

/** What the README's role table opens to awardees. */
const OPEN_TO_AWARDEES = new Set([
  'GET /api/plies',
  'GET /api/contracts',
  'GET /api/contracts/{id}',
  'GET /api/contracts/{id}/attestation',
  'GET /api/statements',
  'GET /api/statements/{id}',
  'GET /api/statements/template',
  'POST /api/statements',
]);

let api: TestApi;
let awardee: string;
let held: string;
let notHeld: string;
let document: Record<string, any>;

beforeAll(async () => {
  const seeded = await seededApi();
  api = seeded.api;
  const create = (siret: string) =>
    api.call('POST', '/api/contracts', {
      token: seeded.procurement,
      body: contractInput({ awardee: { name: 'Entreprise', siret } }),
    });
  held = (await create(COMPANY)).body.id;
  notHeld = (await create(OTHER)).body.id;
  awardee = (await api.call('POST', '/dev/token', { body: { role: 'awardee', siret: COMPANY } }))
    .body.token;
  document = (await api.call('GET', '/openapi.json')).body;
});

describe('an awardee’s token on every route of the document', () => {
  it('is refused wherever the role table does not open the route', async () => {
    const answers: string[] = [];
    for (const [path, item] of Object.entries(document.paths as Record<string, object>)) {
      if (!path.startsWith('/api/')) continue;
      for (const method of Object.keys(item)) {
        const route = `${method.toUpperCase()} ${path}`;
        if (OPEN_TO_AWARDEES.has(route)) continue;
        const url = path.replace(/\{[^}]+\}/g, (name) =>
          name === '{year}' ? '2025' : name === '{month}' ? '2025-05' : notHeld,
        );
        const result = await api.call(method.toUpperCase(), url, {
          token: awardee,
          ...(method === 'get' ? {} : { body: {} }),
        });
        answers.push(`${route} → ${result.status}`);
      }
    }
    expect(answers.length).toBeGreaterThan(40);
    expect(answers.filter((answer) => !answer.endsWith('→ 403'))).toEqual([]);
  });

  it('sees only its company’s contracts, and another company’s contract does not exist', async () => {
    const list = await api.call('GET', '/api/contracts', { token: awardee });
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([held]);
    expect((await api.call('GET', `/api/contracts/${notHeld}`, { token: awardee })).status).toBe(
      404,
    );
    expect((await api.call('GET', `/api/contracts/${held}`, { token: awardee })).status).toBe(200);
  });

  it('reads the PLIEs’ names without their coordinators’ addresses', async () => {
    const plies = await api.call('GET', '/api/plies', { token: awardee });
    expect(plies.status).toBe(200);
    expect(plies.body.items.length).toBeGreaterThan(0);
    for (const plie of plies.body.items) expect(plie.coordinatorEmails ?? []).toEqual([]);
  });
});

describe('the holders’ index', () => {
  it('follows a change of co-contractors, and is rebuilt for contracts stored before it', async () => {
    const context = {
      actor: { sub: 'test', role: 'admin' as const },
      at: new Date().toISOString(),
    };
    const contract = (await api.stores.contracts.get(notHeld)) as ContractRecord;
    const mine = () => api.call('GET', '/api/contracts', { token: awardee });
    expect((await mine()).body.items.map((c: { id: string }) => c.id)).toEqual([held]);
    // The other company's contract gains our company as a co-contractor (a DECP update would).
    await api.stores.contracts.update(
      contract,
      {
        coAwardees: [{ name: 'Entreprise', siret: COMPANY }],
      },
      context,
    );
    expect((await mine()).body.items.map((c: { id: string }) => c.id).sort()).toEqual(
      [held, notHeld].sort(),
    );
    // And loses it again.
    const changed = (await api.stores.contracts.get(notHeld)) as ContractRecord;
    await api.stores.contracts.update(changed, { coAwardees: [] }, context);
    expect((await mine()).body.items.map((c: { id: string }) => c.id)).toEqual([held]);

    // Data of an earlier version: no index item; the one-off upgrade writes them.
    await api.doc.send(
      new DeleteCommand({
        TableName: api.tableName,
        Key: keys.holder('412345678', contract.notifiedOn, held),
      }),
    );
    expect((await mine()).body.items).toEqual([]);
    await api.stores.contractIndexes.indexHolders();
    expect((await mine()).body.items.map((c: { id: string }) => c.id)).toEqual([held]);
  });
});
