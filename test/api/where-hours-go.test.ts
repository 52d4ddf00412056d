import { beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '#shared/store/reconcile';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

// Issue 12, points 2 to 4: hours go only where they can have been worked — to a PLIE the
// contract is allotted to, within the person's time in the PLIE and 250 h a month, never
// ahead of the current month (Paris). Each check also holds inside the write transaction.

let api: TestApi;
let procurement: string;
let single: string;
let shared: string;
let person: string;

const NOW = new Date('2026-11-15T10:00:00Z');

beforeAll(async () => {
  ({ api, procurement } = await seededApi(() => NOW));
  const create = async (overrides: Parameters<typeof contractInput>[0]) => {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        notifiedOn: '2026-01-05',
        startsOn: '2026-01-05',
        endsOn: '2027-12-31',
        ...overrides,
      }),
    });
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  single = await create({ reference: 'W-SINGLE' });
  shared = await create({ reference: 'W-SHARED', allocation: { mode: 'shared' } });
  const p = await api.call('POST', '/api/participants', {
    token: procurement,
    body: { plieId: 'bordeaux', ref: 'W-1', eligibility: ['RSA'], enteredOn: '2026-03-20' },
  });
  person = p.body.id;
});

const upload = (csv: string) =>
  api.call('POST', '/api/hours/import', {
    token: procurement,
    raw: csv,
    headers: { 'content-type': 'text/csv' },
  });

const log = (body: Record<string, unknown>) =>
  api.call('POST', '/api/hours', {
    token: procurement,
    body: { plieId: 'bordeaux', month: '2026-05', hours: 10, mode: 'direct-hire', ...body },
  });

async function refusedOn(body: Record<string, unknown>, path: string) {
  const before = await itemCount(api);
  const response = await log(body);
  expect(response.status).toBe(422);
  expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  expect(await itemCount(api)).toBe(before);
  return response;
}

describe('to a PLIE the contract is allotted to (point 2)', () => {
  it('refuses another PLIE on a single-PLIE contract, takes every PLIE on a shared one', async () => {
    const refused = await refusedOn({ contractId: single, plieId: 'graves' }, 'plieId');
    expect(refused.body.errors[0].message).toContain('PLIE de Bordeaux');
    expect((await log({ contractId: single })).status).toBe(201);
    expect((await log({ contractId: shared, plieId: 'graves' })).status).toBe(201);
    expect((await log({ contractId: shared })).status).toBe(201);
  });

  it('refuses a statement line for another PLIE, with its line and column', async () => {
    const csv =
      'contract_reference;plie_id;participant_ref;month;hours;mode\n' +
      'W-SINGLE;graves;;2026-05;7;geiq\n';
    const response = await upload(csv);
    expect(response.status).toBe(422);
    expect(response.body.errors).toContainEqual(
      expect.objectContaining({ line: 2, column: 'plie_id' }),
    );
  });
});

describe('within the person’s time in the PLIE, 250 h a month at most (point 3)', () => {
  it('refuses a month before the person entered the PLIE', async () => {
    const refused = await refusedOn(
      { contractId: single, participantId: person, month: '2026-02' },
      'month',
    );
    expect(refused.body.errors[0].message).toContain('20 mars 2026');
    expect(
      (await log({ contractId: single, participantId: person, month: '2026-03' })).status,
    ).toBe(201);
  });

  it('refuses a month after the exit, taking the exit month itself', async () => {
    const p = await api.call('POST', '/api/participants', {
      token: procurement,
      body: { plieId: 'bordeaux', ref: 'W-2', eligibility: ['DELD'], enteredOn: '2026-01-10' },
    });
    await api.call('POST', `/api/participants/${p.body.id}/exit`, {
      token: procurement,
      body: { exitedOn: '2026-06-10', outcome: 'cdi' },
    });
    expect(
      (await log({ contractId: single, participantId: p.body.id, month: '2026-06' })).status,
    ).toBe(201);
    await refusedOn({ contractId: single, participantId: p.body.id, month: '2026-07' }, 'month');
  });

  it('caps a person at 250 h a month across every contract', async () => {
    expect(
      (await log({ contractId: single, participantId: person, month: '2026-08', hours: 200 }))
        .status,
    ).toBe(201);
    const refused = await refusedOn(
      { contractId: shared, participantId: person, month: '2026-08', hours: 60 },
      'hours',
    );
    expect(refused.body.errors[0].message).toContain('250');
    expect(
      (await log({ contractId: shared, participantId: person, month: '2026-08', hours: 50 }))
        .status,
    ).toBe(201);
  });

  it('holds the cap inside the transaction: of 12 concurrent 25 h lines, 10 are logged', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        log({
          contractId: i % 2 ? single : shared,
          participantId: person,
          month: '2026-09',
          hours: 25,
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 422 || s === 409)).toBe(true);
    const report = await reconcile(api.doc, api.tableName);
    expect(report.differences).toEqual([]);
  });

  it('counts a file’s own earlier lines for the same person and month', async () => {
    const csv =
      'contract_reference;plie_id;participant_ref;month;hours;mode\n' +
      'W-SINGLE;bordeaux;W-1;2026-10;150;direct-hire\n' +
      'W-SHARED;bordeaux;W-1;2026-10;150;direct-hire\n';
    const response = await upload(csv);
    expect(response.status).toBe(422);
    expect(response.body.errors).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'hours',
        message: expect.stringContaining('250'),
      }),
    ]);
  });
});

describe('never ahead of the current month (point 4)', () => {
  it('takes the current month in Paris and refuses the next', async () => {
    expect((await log({ contractId: single, month: '2026-11' })).status).toBe(201);
    const refused = await refusedOn({ contractId: single, month: '2026-12' }, 'month');
    expect(refused.body.errors[0].message).toContain('décembre 2026');
  });

  it('refuses a statement line for a month to come', async () => {
    const csv =
      'contract_reference;plie_id;participant_ref;month;hours;mode\n' +
      'W-SINGLE;bordeaux;;2027-01;7;geiq\n';
    const response = await upload(csv);
    expect(response.status).toBe(422);
    expect(response.body.errors).toContainEqual(
      expect.objectContaining({ line: 2, column: 'month' }),
    );
  });
});
