import { beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '#shared/store/reconcile';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

// Issue 12, point 1: a monthly statement is a thing with an identity, not a bag of lines.

let api: TestApi;
let admin: string;
let procurement: string;
const header = 'contract_reference;plie_id;participant_ref;month;hours;mode';

const upload = (csv: string) =>
  api.call('POST', '/api/hours/import', {
    token: procurement,
    raw: csv,
    headers: { 'content-type': 'text/csv' },
  });

const contractHours = async () => {
  const list = await api.call('GET', '/api/contracts?limit=500', { token: procurement });
  return list.body.items.find((c: { reference: string }) => c.reference === 'RL-1')
    .hoursLogged as number;
};

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi(() => new Date('2026-11-15T10:00:00Z')));
  const created = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'RL-1',
      notifiedOn: '2026-01-05',
      startsOn: '2026-01-05',
      endsOn: '2026-12-31',
      allocation: { mode: 'shared' },
    }),
  });
  expect(created.status).toBe(201);
  await api.call('POST', '/api/participants', {
    token: procurement,
    body: { plieId: 'bordeaux', ref: 'RL-P1', eligibility: ['RSA'], enteredOn: '2026-01-10' },
  });
});

describe('statements with an identity', () => {
  it('flags an identical line in two different statements, and counts it twice when told: both may be real hours', async () => {
    const before = await contractHours();
    const subcontractor = `${header}\nRL-1;bordeaux;;2026-03;35;geiq\nRL-1;graves;;2026-03;10;training\n`;
    const correction = `${header}\nRL-1;bordeaux;;2026-03;35;geiq\n`;
    const a = await upload(subcontractor);
    const b = await api.call('POST', '/api/hours/import?duplicates=count', {
      token: procurement,
      raw: correction,
      headers: { 'content-type': 'text/csv' },
    });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body.statementId).not.toBe(a.body.statementId);
    expect(b.body).toMatchObject({ imported: 1, alreadyImported: 0, leftOut: [] });
    expect(b.body.duplicates).toMatchObject([
      { line: 2, duplicateOf: { statementId: a.body.statementId } },
    ]);
    expect(await contractHours()).toBe(before + 80);
  });

  it('takes the same file once, and a void of one of its lines stands when it is posted again', async () => {
    const csv = `${header}\nRL-1;bordeaux;RL-P1;2026-04;20;direct-hire\nRL-1;bordeaux;;2026-04;5;geiq\n`;
    const first = await upload(csv);
    const lines = await api.call(
      'GET',
      `/api/hours?contractId=${await contractId()}&month=2026-04`,
      {
        token: procurement,
      },
    );
    const line = lines.body.items.find((l: { hours: number }) => l.hours === 5);
    expect(line).toMatchObject({
      statementId: first.body.statementId,
      statementLine: 3,
    });
    await api.call('POST', `/api/hours/${line.id}/void`, {
      token: procurement,
      body: { reason: 'Doublon' },
    });
    const before = await contractHours();
    const again = await upload(csv);
    expect(again.body).toMatchObject({
      statementId: first.body.statementId,
      imported: 0,
      alreadyImported: 2,
    });
    expect(await contractHours()).toBe(before);
  });

  it('lists statements with what they cover, who uploaded them and their status', async () => {
    const list = await api.call('GET', '/api/statements', { token: admin });
    expect(list.status).toBe(200);
    expect(list.body.items.length).toBeGreaterThanOrEqual(3);
    expect(list.body.items[0]).toMatchObject({
      contractReferences: ['RL-1'],
      months: ['2026-04'],
      lineCount: 2,
      hours: 25,
      status: 'imported',
      uploadedBy: expect.any(String),
      fileHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const coordinator = await api.token('plie-coordinator', 'bordeaux');
    expect((await api.call('GET', '/api/statements', { token: coordinator })).status).toBe(403);
  });

  it('withdraws a statement with a reason: its lines are voided, its hours leave the totals', async () => {
    const csv = `${header}\nRL-1;graves;;2026-05;12;geiq\nRL-1;bordeaux;;2026-05;8;geiq\n`;
    const { body } = await upload(csv);
    const before = await contractHours();
    const withdrawn = await api.call('POST', `/api/statements/${body.statementId}/withdraw`, {
      token: procurement,
      body: { reason: 'Relevé envoyé pour le mauvais marché' },
    });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({
      status: 'withdrawn',
      reason: 'Relevé envoyé pour le mauvais marché',
    });
    expect(await contractHours()).toBe(before - 20);
    expect((await upload(csv)).status).toBe(409);
    const again = await api.call('POST', `/api/statements/${body.statementId}/withdraw`, {
      token: procurement,
      body: { reason: 'Encore' },
    });
    expect(again.status).toBe(409);
  });

  it('replaces a statement by its correction in one audited step, or not at all', async () => {
    const wrong = `${header}\nRL-1;bordeaux;RL-P1;2026-06;200;direct-hire\nRL-1;graves;;2026-06;10;geiq\n`;
    const { body } = await upload(wrong);
    const before = await contractHours();

    const refusedFile = `${header}\nRL-1;bordeaux;RL-P1;2026-06;abc;direct-hire\n`;
    const count = await itemCount(api);
    const refused = await api.call(
      'POST',
      `/api/statements/${body.statementId}/replace?reason=Correction`,
      {
        token: procurement,
        raw: refusedFile,
        headers: { 'content-type': 'text/csv' },
      },
    );
    expect(refused.status).toBe(422);
    expect(await itemCount(api)).toBe(count);

    // 220 h for the same person and month: allowed, since the 200 h it replaces go back.
    const corrected = `${header}\nRL-1;bordeaux;RL-P1;2026-06;220;direct-hire\nRL-1;graves;;2026-06;10;geiq\n`;
    const replaced = await api.call(
      'POST',
      `/api/statements/${body.statementId}/replace?reason=${encodeURIComponent('Heures de juin corrigées')}`,
      { token: procurement, raw: corrected, headers: { 'content-type': 'text/csv' } },
    );
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ imported: 2 });
    expect(await contractHours()).toBe(before + 20);
    const old = await api.call('GET', `/api/statements/${body.statementId}`, { token: admin });
    expect(old.body).toMatchObject({
      status: 'replaced',
      reason: 'Heures de juin corrigées',
      replacedBy: replaced.body.statementId,
    });
    const fresh = await api.call('GET', `/api/statements/${replaced.body.statementId}`, {
      token: admin,
    });
    expect(fresh.body).toMatchObject({ status: 'imported', replaces: body.statementId });
    expect((await reconcile(api.doc, api.tableName)).differences).toEqual([]);
  });
});

async function contractId(): Promise<string> {
  const list = await api.call('GET', '/api/contracts?limit=500', { token: procurement });
  return list.body.items.find((c: { reference: string }) => c.reference === 'RL-1').id;
}
