import { beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '#shared/store/reconcile';
import { contractInput, seededApi, type TestApi } from '../support/api';

// Issue 29: an awardee's November declaration was validated on top of the facilitator's own
// November file for the same contract. Its repeated lines are now flagged on the statement to
// validate, left out by default, and counted only when the facilitator confirms them.

const COMPANY = '41234567800012'; // contractInput()'s awardee
let api: TestApi;
let procurement: string;
let awardee: string;
let contractId: string;
let fileId: string;
let bx2: string;

const contractHours = async () =>
  (await api.call('GET', `/api/contracts/${contractId}`, { token: procurement })).body
    .hoursLogged as number;

const declare = (month: string, lines: unknown[]) =>
  api.call('POST', '/api/statements', { token: awardee, body: { contractId, month, lines } });

beforeAll(async () => {
  ({ api, procurement } = await seededApi(() => new Date('2026-12-03T10:00:00Z')));
  const contract = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'DD-1',
      notifiedOn: '2026-01-05',
      startsOn: '2026-01-05',
      endsOn: '2026-12-31',
    }),
  });
  contractId = contract.body.id;
  for (const ref of ['BX-E1', 'BX-E2']) {
    const person = await api.call('POST', '/api/participants', {
      token: procurement,
      body: { plieId: 'bordeaux', ref, eligibility: ['RSA'], enteredOn: '2026-01-10' },
    });
    expect(person.status).toBe(201);
    if (ref === 'BX-E2') bx2 = person.body.id;
  }
  awardee = (await api.call('POST', '/dev/token', { body: { role: 'awardee', siret: COMPANY } }))
    .body.token;
  // The facilitator's own November file for the contract.
  const file = await api.call('POST', '/api/hours/import', {
    token: procurement,
    raw: [
      'Référence du marché;PLIE;Participant;Mois;Heures;Modalité',
      'DD-1;bordeaux;BX-E1;11/2026;35;Embauche directe',
      'DD-1;bordeaux;;11/2026;7;GEIQ',
    ].join('\n'),
    headers: { 'content-type': 'text/csv' },
  });
  expect(file.body).toMatchObject({ imported: 2 });
  fileId = file.body.statementId;
});

describe('an awardee’s declaration beside the facilitator’s file', () => {
  let statementId: string;

  it('flags, on the statement to validate, the lines the file already counts', async () => {
    const declared = await declare('2026-11', [
      { participantRef: 'BX-E1', hours: 35, mode: 'direct-hire' },
      { participantRef: 'BX-E2', hours: 20, mode: 'geiq' },
      { description: 'manœuvre, embauché le 3', hours: 7, mode: 'geiq' },
    ]);
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    statementId = declared.body.id;
    const seen = await api.call('GET', `/api/statements/${statementId}`, { token: procurement });
    expect(seen.body.possibleDuplicates).toEqual([
      {
        line: 1,
        duplicateOf: expect.objectContaining({
          source: 'file',
          statementId: fileId,
          statementLine: 2,
        }),
      },
      {
        line: 3,
        duplicateOf: expect.objectContaining({
          source: 'file',
          statementId: fileId,
          statementLine: 3,
        }),
      },
    ]);
    // The awardee does not see what others logged.
    const own = await api.call('GET', `/api/statements/${statementId}`, { token: awardee });
    expect(own.status).toBe(200);
    expect(own.body.possibleDuplicates).toBeUndefined();
  });

  it('validates without them by default: the totals count the file’s hours once', async () => {
    expect(await contractHours()).toBe(42);
    const validated = await api.call('POST', `/api/statements/${statementId}/validate`, {
      token: procurement,
    });
    expect(validated.status, JSON.stringify(validated.body)).toBe(200);
    expect(validated.body).toMatchObject({
      status: 'validated',
      leftOut: [1, 3],
      lineCount: 1,
      hours: 20,
    });
    expect(await contractHours()).toBe(62);
    // The journal says how many lines were left out, and what the statement counts.
    const history = await api.call(
      'GET',
      `/api/changes?entityType=statement&entityId=${statementId}&limit=50`,
      { token: procurement },
    );
    const entry = history.body.items.find(
      (e: { action: string }) => e.action === 'leave-out-duplicates',
    );
    expect(entry).toMatchObject({
      actionLabel: 'Doublons possibles laissés de côté',
      concerns: expect.stringContaining('novembre 2026'),
    });
    // (In the order the store gives the record's fields back.)
    expect(entry.fieldChanges).toHaveLength(4);
    expect(entry.fieldChanges).toEqual(
      expect.arrayContaining([
        {
          field: 'leftOutCount',
          label: 'Lignes laissées de côté (doublons possibles)',
          before: '0',
          after: '2',
        },
        {
          field: 'leftOutLines',
          label: 'Numéros des lignes laissées de côté',
          before: '—',
          after: '1, 3',
        },
        { field: 'countedLines', label: 'Lignes comptées', before: '3', after: '1' },
        {
          field: 'countedHours',
          label: 'Heures comptées',
          before: expect.stringMatching(/^62\b/),
          after: expect.stringMatching(/^20\b/),
        },
      ]),
    );
    const journal = await api.call('GET', '/api/changes?action=leave-out-duplicates', {
      token: procurement,
    });
    expect(journal.body.items.map((e: { entityId: string }) => e.entityId)).toEqual([statementId]);
    const report = await reconcile(api.doc, api.tableName);
    expect(report.differences).toEqual([]);
    expect(report.statementDifferences).toEqual([]);
  });

  it('counts a repeated line when the facilitator confirms it', async () => {
    const typed = await api.call('POST', '/api/hours', {
      token: procurement,
      body: {
        contractId,
        plieId: 'bordeaux',
        participantId: bx2,
        month: '2026-10',
        hours: 10,
        mode: 'geiq',
      },
    });
    expect(typed.status).toBe(201);
    const declared = await declare('2026-10', [
      { participantRef: 'BX-E2', hours: 10, mode: 'geiq' },
    ]);
    const seen = await api.call('GET', `/api/statements/${declared.body.id}`, {
      token: procurement,
    });
    expect(seen.body.possibleDuplicates).toMatchObject([
      { line: 1, duplicateOf: { source: 'typed', lineId: typed.body.id } },
    ]);
    const validated = await api.call(
      'POST',
      `/api/statements/${declared.body.id}/validate?duplicates=count`,
      { token: procurement },
    );
    expect(validated.status, JSON.stringify(validated.body)).toBe(200);
    expect(validated.body).toMatchObject({ status: 'validated', lineCount: 1, hours: 10 });
    expect(validated.body.leftOut).toBeUndefined();
    expect(await contractHours()).toBe(82);
    // Validated, it awaits nothing: no more possible duplicates are shown for it.
    const after = await api.call('GET', `/api/statements/${declared.body.id}`, {
      token: procurement,
    });
    expect(after.body.possibleDuplicates).toEqual([]);
    // Counted, none left out: no such entry.
    const journal = await api.call('GET', '/api/changes?action=leave-out-duplicates', {
      token: procurement,
    });
    expect(journal.body.items).toHaveLength(1);
    expect((await reconcile(api.doc, api.tableName)).statementDifferences).toEqual([]);
  });
});
