import { beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '#shared/store/reconcile';
import { contractInput, seededApi, type TestApi } from '../support/api';

// Possible duplicates (issue 29): a second file with the same October lines, or an October line
// typed by hand, no longer counts twice without a word. The lines are listed with what they
// duplicate; they are left out unless the facilitator asks to count them; the totals say so.

let api: TestApi;
let procurement: string;
let contractId: string;
const header = 'Référence du marché;PLIE;Participant;Mois;Heures;Modalité';
const october = [
  'DUP-1;PLIE de Bordeaux;BX-D1;10/2026;35;Embauche directe',
  'DUP-1;bordeaux;;10/2026;7;Intérim',
];

const upload = (lines: string[], query = '') =>
  api.call('POST', `/api/hours/import${query}`, {
    token: procurement,
    raw: [header, ...lines].join('\r\n'),
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });

const contractHours = async () =>
  (await api.call('GET', `/api/contracts/${contractId}`, { token: procurement })).body
    .hoursLogged as number;

beforeAll(async () => {
  ({ api, procurement } = await seededApi(() => new Date('2026-11-20T10:00:00Z')));
  const created = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'DUP-1',
      notifiedOn: '2026-01-05',
      startsOn: '2026-01-05',
      endsOn: '2026-12-31',
      allocation: { mode: 'shared' },
    }),
  });
  contractId = created.body.id;
  for (const ref of ['BX-D1', 'BX-D2', 'BX-D3']) {
    const person = await api.call('POST', '/api/participants', {
      token: procurement,
      body: { plieId: 'bordeaux', ref, eligibility: ['RSA'], enteredOn: '2026-01-10' },
    });
    expect(person.status).toBe(201);
  }
});

describe('a second file with the same lines', () => {
  let first: string;

  it('imports the first file without a word: nothing to duplicate yet', async () => {
    const response = await upload(october);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ imported: 2, lines: 2, duplicates: [], leftOut: [] });
    first = response.body.statementId;
    expect(await contractHours()).toBe(42);
  });

  it('previews the second: both lines flagged, what they duplicate named, nothing written', async () => {
    const second = [...october, 'DUP-1;bordeaux;BX-D2;10/2026;12,5;Embauche directe'];
    const preview = await upload(second, '?dryRun=true');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ imported: 0, lines: 1, leftOut: [2, 3] });
    expect(preview.body.duplicates).toEqual([
      {
        line: 2,
        duplicateOf: expect.objectContaining({
          source: 'file',
          statementId: first,
          statementLine: 2,
          at: '2026-11-20T10:00:00.000Z',
        }),
      },
      {
        line: 3,
        duplicateOf: expect.objectContaining({ source: 'file', statementLine: 3 }),
      },
    ]);
    const counting = await upload(second, '?dryRun=true&duplicates=count');
    expect(counting.body).toMatchObject({ lines: 3, leftOut: [] });
    expect(counting.body.duplicates).toHaveLength(2);
    expect(await contractHours()).toBe(42);
    const statements = await api.call('GET', '/api/statements', { token: procurement });
    expect(statements.body.items).toHaveLength(1);
  });

  it('leaves the flagged lines out by default, says so, and the same file again changes nothing', async () => {
    const second = [...october, 'DUP-1;bordeaux;BX-D2;10/2026;12,5;Embauche directe'];
    const response = await upload(second);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ imported: 1, lines: 1, leftOut: [2, 3] });
    expect(response.body.duplicates.map((d: { line: number }) => d.line)).toEqual([2, 3]);
    expect(await contractHours()).toBe(54.5);
    const statement = await api.call('GET', `/api/statements/${response.body.statementId}`, {
      token: procurement,
    });
    expect(statement.body).toMatchObject({ lineCount: 1, hours: 12.5 });

    // Posted again, even asking to count: the decision recorded with the statement stands.
    const again = await upload(second, '?duplicates=count');
    expect(again.body).toMatchObject({ imported: 0, alreadyImported: 1, leftOut: [2, 3] });
    expect(await contractHours()).toBe(54.5);
  });

  it('counts them when the facilitator confirms', async () => {
    // Another file (the same lines, written another way): flagged, and counted on request.
    const third = october.map((line) => line.replace('10/2026', 'octobre 2026'));
    const response = await upload(third, '?duplicates=count');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ imported: 2, lines: 2, leftOut: [] });
    expect(response.body.duplicates).toHaveLength(2);
    expect(await contractHours()).toBe(96.5);
    expect((await reconcile(api.doc, api.tableName)).differences).toEqual([]);
    expect((await reconcile(api.doc, api.tableName)).statementDifferences).toEqual([]);
  });
});

describe('what is and is not a possible duplicate', () => {
  it('does not flag identical lines inside one file, nor other hours, person or month', async () => {
    const response = await upload([
      'DUP-1;bordeaux;BX-D3;09/2026;20;Embauche directe',
      'DUP-1;bordeaux;BX-D3;09/2026;20;Embauche directe',
      'DUP-1;bordeaux;BX-D1;10/2026;35,5;Embauche directe',
      'DUP-1;bordeaux;BX-D2;09/2026;35;Embauche directe',
      'DUP-1;graves;;10/2026;7;Intérim',
    ]);
    expect(response.body).toMatchObject({ imported: 5, duplicates: [], leftOut: [] });
  });

  it('flags a file line that repeats a line typed by hand, naming who typed it', async () => {
    const camille = (
      await api.call('POST', '/dev/token', {
        body: { role: 'procurement', name: 'Camille Martin' },
      })
    ).body.token;
    const typed = await api.call('POST', '/api/hours', {
      token: camille,
      body: {
        contractId,
        plieId: 'bordeaux',
        participantId: (
          await api.call('GET', '/api/participants?plieId=bordeaux', { token: procurement })
        ).body.items.find((p: { ref: string }) => p.ref === 'BX-D2').id,
        month: '2026-08',
        hours: 16,
        mode: 'geiq',
      },
    });
    expect(typed.status).toBe(201);
    const response = await upload(['DUP-1;bordeaux;BX-D2;08/2026;16;Embauche directe']);
    expect(response.body).toMatchObject({ imported: 0, lines: 0, leftOut: [2] });
    expect(response.body.duplicates[0].duplicateOf).toMatchObject({
      lineId: typed.body.id,
      source: 'typed',
      statementId: null,
      by: 'Camille Martin',
    });
  });

  it('leaves a duplicate out before the 250 h a month are counted', async () => {
    const full = ['DUP-1;bordeaux;BX-D3;07/2026;151,67;Embauche directe'];
    expect((await upload(full)).body).toMatchObject({ imported: 1 });
    const before = await contractHours();
    // The same month again, in another file: left out, it takes no one past 250 h.
    const again = [...full, 'DUP-1;bordeaux;BX-D3;07/2026;10;Formation'];
    const skipped = await upload(again);
    expect(skipped.status).toBe(200);
    expect(skipped.body).toMatchObject({ imported: 1, leftOut: [2] });
    expect(await contractHours()).toBe(before + 10);
    // Counted, it would: refused, nothing written.
    const counted = await upload(
      [...full, 'DUP-1;bordeaux;BX-D3;07/2026;1;Formation'],
      '?duplicates=count',
    );
    expect(counted.status).toBe(422);
    expect(await contractHours()).toBe(before + 10);
  });

  it('refuses an unknown decision', async () => {
    const response = await upload(october, '?duplicates=maybe');
    expect(response.status).toBe(400);
  });
});

describe('a corrected file, checked as an import is', () => {
  const reason = encodeURIComponent('Heures de mai corrigées');
  const replace = (id: string, lines: string[], query = '') =>
    api.call('POST', `/api/statements/${id}/replace?${query}`, {
      token: procurement,
      raw: [header, ...lines].join('\r\n'),
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
  const own = [
    'DUP-1;bordeaux;BX-D2;05/2026;10;Embauche directe',
    'DUP-1;bordeaux;;05/2026;4;Intérim',
  ];
  // What the correction adds: a line typed by hand already holds, one another file holds.
  const others = [
    'DUP-1;bordeaux;BX-D1;05/2026;8;Embauche directe',
    'DUP-1;bordeaux;BX-D3;05/2026;6;Formation',
  ];
  let original: string;
  let correction: string;

  it('flags the correction’s lines that repeat another source’s, not the replaced statement’s', async () => {
    const people = (
      await api.call('GET', '/api/participants?plieId=bordeaux', { token: procurement })
    ).body.items as { id: string; ref: string }[];
    const typed = await api.call('POST', '/api/hours', {
      token: procurement,
      body: {
        contractId,
        plieId: 'bordeaux',
        participantId: people.find((p) => p.ref === 'BX-D1')?.id,
        month: '2026-05',
        hours: 8,
        mode: 'direct-hire',
      },
    });
    expect(typed.status).toBe(201);
    const other = await upload([others[1] as string]);
    expect(other.body).toMatchObject({ imported: 1, leftOut: [] });
    const first = await upload(own);
    expect(first.body).toMatchObject({ imported: 2, leftOut: [] });
    original = first.body.statementId;
    const before = await contractHours();

    // Looked at first (the replace form's preview), without a reason: nothing written.
    const preview = await replace(original, [...own, ...others], 'dryRun=true');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ imported: 0, lines: 2, leftOut: [4, 5] });
    expect(preview.body.duplicates).toEqual([
      { line: 4, duplicateOf: expect.objectContaining({ source: 'typed', lineId: typed.body.id }) },
      {
        line: 5,
        duplicateOf: expect.objectContaining({
          source: 'file',
          statementId: other.body.statementId,
        }),
      },
    ]);
    expect(await contractHours()).toBe(before);
    const unchanged = await api.call('GET', `/api/statements/${original}`, { token: procurement });
    expect(unchanged.body.status).toBe('imported');

    // Sent without a reason, it is refused.
    const noReason = await replace(original, [...own, ...others]);
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors).toEqual([{ path: 'reason', message: 'Champ obligatoire' }]);
  });

  it('leaves them out by default, says so, and records it on the new statement', async () => {
    const before = await contractHours();
    const response = await replace(original, [...own, ...others], `reason=${reason}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ imported: 2, lines: 2, leftOut: [4, 5] });
    expect(response.body.duplicates.map((d: { line: number }) => d.line)).toEqual([4, 5]);
    correction = response.body.statementId;
    // The replaced statement's 14 h voided, the correction's own 14 h counted: nothing more.
    expect(await contractHours()).toBe(before);
    const statement = await api.call('GET', `/api/statements/${correction}`, {
      token: procurement,
    });
    expect(statement.body).toMatchObject({
      lineCount: 2,
      hours: 14,
      leftOut: [4, 5],
      replaces: original,
    });
    expect((await reconcile(api.doc, api.tableName)).statementDifferences).toEqual([]);
  });

  it('counts them when the facilitator confirms', async () => {
    const before = await contractHours();
    const written = [...own, ...others].map((line) => line.replace('05/2026', 'mai 2026'));
    const response = await replace(correction, written, `reason=${reason}&duplicates=count`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ imported: 4, lines: 4, leftOut: [] });
    expect(response.body.duplicates).toHaveLength(2);
    expect(await contractHours()).toBe(before + 14);
    expect((await reconcile(api.doc, api.tableName)).differences).toEqual([]);
    expect((await reconcile(api.doc, api.tableName)).statementDifferences).toEqual([]);
  });
});

describe('a line typed by hand, through the API', () => {
  it('is counted and answered with what it may repeat, as an import’s flags say it', async () => {
    const people = (
      await api.call('GET', '/api/participants?plieId=bordeaux', { token: procurement })
    ).body.items as { id: string; ref: string }[];
    const participantId = people.find((p) => p.ref === 'BX-D2')?.id;
    const file = await upload(['DUP-1;bordeaux;BX-D2;06/2026;9;Embauche directe']);
    expect(file.body).toMatchObject({ imported: 1, leftOut: [] });
    const before = await contractHours();
    const line = { contractId, plieId: 'bordeaux', participantId, month: '2026-06', hours: 9 };
    const typed = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { ...line, mode: 'geiq' },
    });
    expect(typed.status).toBe(201);
    expect(typed.body.possibleDuplicates).toEqual([
      {
        lineId: expect.any(String),
        source: 'file',
        statementId: file.body.statementId,
        statementLine: 2,
        at: '2026-11-20T10:00:00.000Z',
        by: 'Achats / facilitateur (compte local)',
      },
    ]);
    // Typing it was deliberate: it counts.
    expect(await contractHours()).toBe(before + 9);
  });

  it('flags an unnamed line as well, by DynamoDB’s filter on the PLIE and the person', async () => {
    const file = await upload(['DUP-1;bordeaux;;06/2026;6.25;Embauche directe']);
    expect(file.body).toMatchObject({ imported: 1, leftOut: [] });
    const typed = (plieId: string) =>
      api.call('POST', '/api/hours', {
        token: procurement,
        body: { contractId, plieId, month: '2026-06', hours: 6.25, mode: 'geiq' },
      });
    const same = await typed('bordeaux');
    expect(same.status).toBe(201);
    expect(same.body.possibleDuplicates).toMatchObject([
      { source: 'file', statementId: file.body.statementId, statementLine: 2 },
    ]);
    // The same hours for another PLIE’s share are not the same hours.
    const other = await typed('graves');
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    expect(other.body.possibleDuplicates).toEqual([]);
  });

  it('says nothing of a line no other source holds', async () => {
    const response = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId, plieId: 'bordeaux', month: '2026-06', hours: 9.5, mode: 'geiq' },
    });
    expect(response.status).toBe(201);
    expect(response.body.possibleDuplicates).toEqual([]);
  });
});
