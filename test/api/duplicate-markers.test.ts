import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import type { ServiceDeps } from '#shared/services/deps';
import { logHours } from '#shared/services/hours';
import { lineItem } from '#shared/store/hour-line-item';
import { tenantKeys } from '#shared/store/keys';
import { DUPLICATE_MARKERS, upgradeIndexes } from '#shared/store/upgrades';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { freshStores, type Logged, typedLines } from '../support/typed-lines';

// A typed line no longer reads what it may repeat on every request (issue 26's request
// overhead): its own transaction checks the markers every writer of lines leaves
// (shared/store/duplicate-markers.ts), and it reads only when one says a line of its key may
// exist. Each test below types a line whose key no typed line had, so that only the marker of
// the writer under test can send it to the read.

const COMPANY = '41234567800012'; // contractInput()'s awardee
const keys = tenantKeys(DEFAULT_TENANT);
const now = () => new Date('2026-11-20T10:00:00Z');
const header = 'Référence du marché;PLIE;Participant;Mois;Heures;Modalité';
let api: TestApi;
let procurement: string;
let awardee: string;
let contractId: string;
const people: Record<string, string> = {};

const { post, log } = typedLines(() => ({
  api,
  token: procurement,
  line: {
    contractId,
    plieId: 'bordeaux',
    participantId: people.m1,
    month: '2026-03',
    hours: 7,
    mode: 'direct-hire',
  },
}));

const upload = (lines: string[]) =>
  api.call('POST', '/api/hours/import', {
    token: procurement,
    raw: [header, ...lines].join('\r\n'),
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });

/** The commands the app sends to DynamoDB while `run` runs, by name. */
async function commandsDuring(run: () => Promise<unknown>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const name = `count-${Math.random()}`;
  api.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName).replace(/Command$/, '');
      counts[command] = (counts[command] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await run();
  } finally {
    api.doc.middlewareStack.remove(name);
  }
  return counts;
}

const freshDeps = () => freshStores(api, now);

beforeAll(async () => {
  ({ api, procurement } = await seededApi(now));
  const contract = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'MK-1',
      notifiedOn: '2026-01-05',
      startsOn: '2026-01-05',
      endsOn: '2026-12-31',
      allocation: { mode: 'shared' },
    }),
  });
  expect(contract.status, JSON.stringify(contract.body)).toBe(201);
  contractId = contract.body.id;
  for (const [name, plieId, ref] of [
    ['m1', 'bordeaux', 'BX-M1'],
    ['m2', 'bordeaux', 'BX-M2'],
    ['g1', 'graves', 'GR-M1'],
  ] as const) {
    const created = await api.call('POST', '/api/participants', {
      token: procurement,
      body: { plieId, ref, eligibility: ['RSA'], enteredOn: '2026-01-10' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    people[name] = created.body.id;
  }
  awardee = (await api.call('POST', '/dev/token', { body: { role: 'awardee', siret: COMPANY } }))
    .body.token;
  // The first line of the process learns that the markers are complete (it reads, as before).
  await log({ month: '2026-01', hours: 1 });
});

describe('a typed line, once every line leaves its marker', () => {
  it('repeating none, sends its transaction and no Query; repeating a typed line, reads and says it', async () => {
    let first: Logged | undefined;
    const alone = await commandsDuring(async () => {
      first = await log({ hours: 3 });
    });
    expect(first?.possibleDuplicates).toEqual([]);
    expect(alone, JSON.stringify(alone)).toMatchObject({ TransactWriteItems: 1 });
    expect(alone.Query, JSON.stringify(alone)).toBeUndefined();

    let second: Logged | undefined;
    const repeated = await commandsDuring(async () => {
      second = await log({ hours: 3 });
    });
    expect(second?.possibleDuplicates).toMatchObject([{ lineId: first?.id, source: 'typed' }]);
    // Refused on the marker, written again without it; the key's lines read meanwhile.
    expect(repeated, JSON.stringify(repeated)).toMatchObject({ TransactWriteItems: 2 });
    expect(repeated.Query).toBeGreaterThanOrEqual(1);
    // The marker of that key is there, constant.
    const { Item } = await api.doc.send(
      new GetCommand({
        TableName: api.tableName,
        Key: keys.lineKeyMarker({
          contractId,
          plieId: 'bordeaux',
          participantId: people.m1 as string,
          month: '2026-03',
          hours: 3,
        }),
      }),
    );
    expect(Item).toMatchObject({ _type: 'line-key' });
  });

  it('after an imported statement: flagged', async () => {
    const file = await upload(['MK-1;bordeaux;BX-M1;09/2026;20;Embauche directe']);
    expect(file.status, JSON.stringify(file.body)).toBe(200);
    const typed = await log({ month: '2026-09', hours: 20 });
    expect(typed.possibleDuplicates).toMatchObject([{ source: 'file' }]);
  });

  it('after a validated declaration: flagged', async () => {
    const declared = await api.call('POST', '/api/statements', {
      token: awardee,
      body: {
        contractId,
        month: '2026-08',
        lines: [{ participantRef: 'BX-M2', plieId: 'bordeaux', hours: 15, mode: 'geiq' }],
      },
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    const validated = await api.call('POST', `/api/statements/${declared.body.id}/validate`, {
      token: procurement,
    });
    expect(validated.status, JSON.stringify(validated.body)).toBe(200);
    const typed = await log({ month: '2026-08', participantId: people.m2, hours: 15 });
    expect(typed.possibleDuplicates).toMatchObject([{ source: 'awardee' }]);
  });

  it('after a replacement: flagged against the lines it brings (a PLIE the old file had not)', async () => {
    const file = await upload(['MK-1;bordeaux;BX-M1;07/2026;10;Embauche directe']);
    expect(file.status, JSON.stringify(file.body)).toBe(200);
    const replaced = await api.call(
      'POST',
      `/api/statements/${file.body.statementId}/replace?reason=Correction`,
      {
        token: procurement,
        raw: [
          header,
          'MK-1;bordeaux;BX-M1;07/2026;10;Embauche directe',
          'MK-1;graves;GR-M1;07/2026;6;Embauche directe',
        ].join('\r\n'),
        headers: { 'content-type': 'text/csv; charset=utf-8' },
      },
    );
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    const typed = await log({
      month: '2026-07',
      plieId: 'graves',
      participantId: people.g1,
      hours: 6,
    });
    expect(typed.possibleDuplicates).toMatchObject([
      { source: 'file', statementId: replaced.body.statementId },
    ]);
  });

  it('voided, then typed again: flagged only while an active line of the key remains', async () => {
    const line = { month: '2026-04', hours: 5 };
    const a = await log(line);
    const voidLine = async (id: string) => {
      const voided = await api.call('POST', `/api/hours/${id}/void`, {
        token: procurement,
        body: { reason: 'Erreur' },
      });
      expect(voided.status).toBe(200);
    };
    await voidLine(a.id);
    // Its marker stays: the next line reads, and finds only a voided line.
    const b = await log(line);
    expect(b.possibleDuplicates).toEqual([]);
    const c = await log(line);
    expect(c.possibleDuplicates).toMatchObject([{ lineId: b.id }]);
    await voidLine(b.id);
    await voidLine(c.id);
    expect((await log(line)).possibleDuplicates).toEqual([]);
  });

  it('two identical lines at once: one of them says the other', async () => {
    const line = { month: '2026-05', hours: 8 };
    const both = await Promise.all([post(line), post(line)]);
    for (const answer of both) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const [x, y] = both.map((answer) => answer.body as Logged) as [Logged, Logged];
    const flags = [...x.possibleDuplicates, ...y.possibleDuplicates].map((f) => f.lineId);
    expect(flags).toHaveLength(1);
    expect([x.id, y.id]).toContain(flags[0]);
  });

  it('a retry after a lost answer, with its key: says the duplicate, never the line itself', async () => {
    const loseNextAnswer = async (run: () => Promise<{ status: number }>) => {
      let armed = true;
      const name = 'lose-answer';
      api.doc.middlewareStack.add(
        (next, context) => async (args) => {
          const result = await next(args);
          if (armed && /TransactWrite/.test(String(context.commandName))) {
            armed = false;
            throw Object.assign(new Error('socket timeout'), { name: 'TimeoutError' });
          }
          return result;
        },
        { step: 'initialize', name },
      );
      try {
        const answer = await run();
        // The line was written; the client was told to retry.
        expect(answer.status).toBe(503);
      } finally {
        api.doc.middlewareStack.remove(name);
      }
    };
    const line = { month: '2026-06', hours: 9 };
    // Repeating none: written with its marker; the retry finds that marker — its own.
    await loseNextAnswer(() => post(line, { 'idempotency-key': 'lost-1' }));
    const retried = await post(line, { 'idempotency-key': 'lost-1' });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotency-replayed')).toBe('true');
    expect(retried.body.possibleDuplicates).toEqual([]);
    // Repeating it: refused on the marker, written again, its answer lost; the retry says it.
    await loseNextAnswer(() => post(line, { 'idempotency-key': 'lost-2' }));
    const again = await post(line, { 'idempotency-key': 'lost-2' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(again.body.possibleDuplicates).toMatchObject([{ lineId: retried.body.id }]);
    const lines = await api.call(
      'GET',
      `/api/hours?contractId=${contractId}&month=2026-06&limit=10`,
      { token: procurement },
    );
    expect(lines.body.items).toHaveLength(2);
  });
});

describe('lines of an earlier version, written without markers', () => {
  it('are read as before until the upgrade leaves their markers; then the markers say them', async () => {
    const typedOld = {
      id: 'OLDTYPED000000000000000001',
      contractId,
      plieId: 'bordeaux',
      participantId: people.m1 as string,
      month: '2026-02',
      hours: 11,
      mode: 'direct-hire' as const,
      status: 'active' as const,
      createdAt: '2026-03-01T08:00:00.000Z',
      createdBy: 'someone',
      voidedAt: null,
      voidedBy: null,
      voidReason: null,
      source: 'api' as const,
      statementId: null,
      statementLine: null,
    };
    const fromFile = { source: 'statement' as const, statementId: 'OLDSTATEMENT00000000000001' };
    // As an earlier version wrote them: each key below is held by one of these lines alone.
    const old = {
      typed: typedOld,
      file: {
        ...typedOld,
        ...fromFile,
        id: 'OLDFILE0000000000000000001',
        hours: 12,
        statementLine: 1,
      },
      typedLater: { ...typedOld, id: 'OLDTYPED000000000000000002', month: '2026-10', hours: 14 },
      fileLater: {
        ...typedOld,
        ...fromFile,
        id: 'OLDFILE0000000000000000002',
        hours: 15,
        statementLine: 2,
      },
    };
    for (const line of Object.values(old)) {
      await api.doc.send(new PutCommand({ TableName: api.tableName, Item: lineItem(keys, line) }));
    }
    await api.doc.send(
      new DeleteCommand({
        TableName: api.tableName,
        Key: keys.setting(`upgrade:${DUPLICATE_MARKERS}`),
      }),
    );
    const actor = { sub: 'u-1', role: 'procurement' as const };
    const typed = async (deps: ServiceDeps, month: string, hours: number) =>
      (
        await logHours(deps, actor, {
          contractId,
          plieId: 'bordeaux',
          participantId: people.m1 as string,
          month,
          hours,
          mode: 'direct-hire',
        })
      ).body.possibleDuplicates.map((flag) => flag.lineId);

    // Not done: every typed line reads, the second as the first (no marker is trusted yet).
    const before = freshDeps();
    expect(await typed(before, '2026-02', 11)).toEqual([old.typed.id]);
    expect(await typed(before, '2026-02', 12)).toEqual([old.file.id]);

    await upgradeIndexes(before.stores, now().toISOString());
    expect(await before.stores.settings.done(DUPLICATE_MARKERS)).toBe(true);
    const { Item } = await api.doc.send(
      new GetCommand({ TableName: api.tableName, Key: keys.lineKeyMarker(old.typedLater) }),
    );
    expect(Item).toMatchObject({ _type: 'line-key' });

    // Done: the upgrade's markers alone send these lines to the read.
    const after = freshDeps();
    await typed(after, '2026-01', 1); // the first line of a process learns they are complete
    expect(await typed(after, '2026-10', 14)).toEqual([old.typedLater.id]);
    expect(await typed(after, '2026-02', 15)).toEqual([old.fileLater.id]);
    // And without a marker nothing is read: an earlier version's line written after the upgrade.
    const unmarked = { ...typedOld, id: 'OLDTYPED000000000000000003', month: '2026-11', hours: 16 };
    await api.doc.send(
      new PutCommand({ TableName: api.tableName, Item: lineItem(keys, unmarked) }),
    );
    expect(await typed(after, '2026-11', 16)).toEqual([]);
  });
});
