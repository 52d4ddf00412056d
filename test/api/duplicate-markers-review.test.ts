import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import type { ServiceDeps } from '#shared/services/deps';
import { markersKnownComplete as markersKnown } from '#shared/services/duplicates';
import { logHours } from '#shared/services/hours';
import { collectStructure } from '#shared/services/structure-export';
import { lineItem } from '#shared/store/hour-line-item';
import { tenantKeys } from '#shared/store/keys';
import { reconcile } from '#shared/store/reconcile';
import { CHANGE_JOURNAL, DUPLICATE_MARKERS, upgradeIndexes } from '#shared/store/upgrades';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { freshStores, type Logged, typedLines } from '../support/typed-lines';

// A review of the duplicate markers (shared/store/duplicate-markers.ts) beside
// duplicate-markers.test.ts: the money when a typed line's transaction is refused on a marker
// and written again (races, replays, lost answers), a refusal of another kind in the same
// transaction, the upgrade cut off half-way and run again, and the structures' own markers.

const keys = tenantKeys(DEFAULT_TENANT);
const now = () => new Date('2026-11-20T10:00:00Z');
const header = 'Référence du marché;PLIE;Participant;Mois;Heures;Modalité';
const B = 'structure-b';
let api: TestApi;
let procurement: string;
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

async function linesOf(month: string, contract = contractId) {
  const listed = await api.call(
    'GET',
    `/api/hours?contractId=${contract}&month=${month}&limit=100`,
    { token: procurement },
  );
  expect(listed.status).toBe(200);
  return listed.body.items as { id: string; hours: number; status: string }[];
}

/** Makes the next TransactWriteItems that succeeds look lost to the app (a timeout). */
function loseNextTransactionAnswer(): () => void {
  let armed = true;
  const name = `lose-${Math.random()}`;
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
  return () => api.doc.middlewareStack.remove(name);
}

const freshDeps = (tenant = DEFAULT_TENANT) => freshStores(api, now, tenant);

async function newContract(reference: string, token = procurement): Promise<string> {
  const contract = await api.call('POST', '/api/contracts', {
    token,
    body: contractInput({
      reference,
      notifiedOn: '2026-01-05',
      startsOn: '2026-01-05',
      endsOn: '2026-12-31',
      allocation: { mode: 'shared' },
    }),
  });
  expect(contract.status, JSON.stringify(contract.body)).toBe(201);
  return contract.body.id;
}

/** A line as an earlier version wrote it: no marker of any kind. */
function oldLine(id: string, fields: Record<string, unknown>) {
  return {
    id,
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
    ...fields,
  };
}

beforeAll(async () => {
  ({ api, procurement } = await seededApi(now));
  contractId = await newContract('RV-1');
  for (const [name, plieId, ref] of [
    ['m1', 'bordeaux', 'BX-M1'],
    ['g1', 'graves', 'GR-M1'],
  ] as const) {
    const created = await api.call('POST', '/api/participants', {
      token: procurement,
      body: { plieId, ref, eligibility: ['RSA'], enteredOn: '2026-01-10' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    people[name] = created.body.id;
  }
  // The first line of the process learns that the markers are complete (it reads, as before).
  await log({ month: '2026-01', hours: 1 });
});

describe('money, when a transaction is refused on a marker and written again', () => {
  it('identical lines at once, the same key at once, a replay and a lost answer: every total exact', async () => {
    // Two identical lines with no key, twice over (the second pair finds the first's marker).
    for (let round = 0; round < 2; round++) {
      const both = await Promise.all([post({ hours: 2 }), post({ hours: 2 })]);
      for (const answer of both) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    // Five identical lines at once: the first to commit says nothing, each other says one of
    // the lines committed before its own refusal (the first logged of those it reads: with this
    // frozen clock they tie, so not always the same one).
    const five = await Promise.all(Array.from({ length: 5 }, () => post({ hours: 5 })));
    for (const answer of five) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const ids = five.map((a) => (a.body as Logged).id);
    const said = five.flatMap((a) =>
      (a.body as Logged).possibleDuplicates.map((f) => [a.body.id, f.lineId]),
    );
    expect(said).toHaveLength(4);
    for (const [own, other] of said) {
      expect(ids).toContain(other);
      expect(other).not.toBe(own);
    }
    // One request sent twice at once with its key: one line, the same answer twice.
    const line = { month: '2026-04', hours: 3 };
    const twice = await Promise.all([
      post(line, { 'idempotency-key': 'same-at-once' }),
      post(line, { 'idempotency-key': 'same-at-once' }),
    ]);
    for (const answer of twice) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(twice[0].body.id).toBe(twice[1].body.id);
    expect(twice.map((a) => a.headers.get('idempotency-replayed')).sort()).toEqual([null, 'true']);
    // The same key again, and again with a line of its key already there (refused on the marker).
    const replay = await post(line, { 'idempotency-key': 'same-at-once' });
    expect(replay.status).toBe(201);
    expect(replay.body.id).toBe(twice[0].body.id);
    const typedAgain = await post(line, { 'idempotency-key': 'same-key-other-line' });
    expect(typedAgain.status).toBe(201);
    expect(typedAgain.body.possibleDuplicates).toMatchObject([{ lineId: twice[0].body.id }]);
    // A lost answer after the line was written on the second try (refused on the marker first).
    const restore = loseNextTransactionAnswer();
    try {
      expect((await post(line, { 'idempotency-key': 'lost-after-retry' })).status).toBe(503);
    } finally {
      restore();
    }
    const retried = await post(line, { 'idempotency-key': 'lost-after-retry' });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotency-replayed')).toBe('true');

    expect((await linesOf('2026-03')).filter((l) => l.hours === 2)).toHaveLength(4);
    expect((await linesOf('2026-03')).filter((l) => l.hours === 5)).toHaveLength(5);
    expect(await linesOf('2026-04')).toHaveLength(3);
    const contract = await api.call('GET', `/api/contracts/${contractId}`, { token: procurement });
    expect(contract.body.hoursLogged).toBe(1 + 4 * 2 + 5 * 5 + 3 * 3);
    const report = await reconcile(api.doc, api.tableName);
    expect(report.differences).toEqual([]);
    expect(report.activeLines).toBe(1 + 4 + 5 + 3);
  });

  it('refused on its marker and on its participant at once: the 422 says the participant, nothing written', async () => {
    // A file in bordeaux × 2026-05: a typed line of that month is refused on the import marker.
    const file = await api.call('POST', '/api/hours/import', {
      token: procurement,
      raw: [header, 'RV-1;bordeaux;BX-M1;05/2026;4;Embauche directe'].join('\r\n'),
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
    expect(file.status, JSON.stringify(file.body)).toBe(200);
    // Graves' participant in bordeaux: the participant's check fails in the same transaction.
    const refused = await post({ month: '2026-05', participantId: people.g1, hours: 4 });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('participantId');
    expect(await linesOf('2026-05')).toHaveLength(1);
  });
});

describe('the upgrade', () => {
  it('cut off half-way, is not done, and a typed line still reads; run again, it finishes; a third run writes the same markers', async () => {
    const second = await newContract('RV-2');
    const first = oldLine('OLDRV00000000000000000001', { month: '2026-06', hours: 21 });
    const other = oldLine('OLDRV00000000000000000002', {
      contractId: second,
      month: '2026-06',
      hours: 22,
    });
    for (const line of [first, other]) {
      await api.doc.send(new PutCommand({ TableName: api.tableName, Item: lineItem(keys, line) }));
    }
    await api.doc.send(
      new DeleteCommand({
        TableName: api.tableName,
        Key: keys.setting(`upgrade:${DUPLICATE_MARKERS}`),
      }),
    );
    // The process dies as it writes the second contract's marker (however markers are sent).
    const name = 'crash-at-second-contract';
    const killedAt = keys.lineKeyMarker(other).pk;
    let killed = 0;
    api.doc.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as {
          Item?: { pk?: string };
          RequestItems?: Record<string, { PutRequest?: { Item?: { pk?: string } } }[]>;
        };
        const written = [
          input.Item?.pk,
          ...Object.values(input.RequestItems ?? {})
            .flat()
            .map((request) => request.PutRequest?.Item?.pk),
        ];
        if (written.includes(killedAt)) {
          killed += 1;
          throw new Error('process killed');
        }
        return next(args);
      },
      { step: 'initialize', name },
    );
    const upgrading = freshDeps();
    try {
      await expect(upgradeIndexes(upgrading.stores, now().toISOString())).rejects.toThrow(
        'process killed',
      );
    } finally {
      api.doc.middlewareStack.remove(name);
    }
    expect(killed).toBeGreaterThan(0);
    expect(await upgrading.stores.settings.done(DUPLICATE_MARKERS)).toBe(false);
    const markerOf = async (line: typeof first) =>
      (
        await api.doc.send(
          new GetCommand({ TableName: api.tableName, Key: keys.lineKeyMarker(line) }),
        )
      ).Item;
    expect(await markerOf(other)).toBeUndefined();

    const actor = { sub: 'u-1', role: 'procurement' as const };
    const typed = async (deps: ServiceDeps, line: typeof first) =>
      (
        await logHours(deps, actor, {
          contractId: line.contractId,
          plieId: line.plieId,
          participantId: line.participantId,
          month: line.month,
          hours: line.hours,
          mode: 'direct-hire',
        })
      ).body.possibleDuplicates.map((flag) => flag.lineId);
    // Half-way: a new process reads as before, for both.
    const meanwhile = freshDeps();
    expect(await typed(meanwhile, first)).toEqual([first.id]);
    expect(await typed(meanwhile, other)).toEqual([other.id]);

    await upgradeIndexes(upgrading.stores, now().toISOString());
    expect(await upgrading.stores.settings.done(DUPLICATE_MARKERS)).toBe(true);
    expect(await markerOf(first)).toBeDefined();
    expect(await markerOf(other)).toBeDefined();
    const count = await upgrading.stores.hours.markDuplicateKeys([contractId, second]);
    expect(await upgrading.stores.hours.markDuplicateKeys([contractId, second])).toBe(count);

    // Done: a process that knows it leaves the read to the markers, and they say both.
    const after = freshDeps();
    await typed(after, oldLine('X', { month: '2026-01', hours: 1 }));
    expect(markersKnown(after)).toBe(true);
    const flagged = await typed(after, other);
    expect(flagged[0]).toBe(other.id);
    expect((await typed(after, first))[0]).toBe(first.id);
  });
});

describe('structures', () => {
  it('a structure’s markers and its upgrade are its own: another structure’s never silence its read', async () => {
    await api.registry.tenants.create({
      id: B,
      name: 'Structure B',
      createdAt: now().toISOString(),
      createdBy: 'test',
    });
    const token = async (role: string) =>
      (await api.call('POST', '/dev/token', { body: { role, tenant: B } })).body.token as string;
    const adminB = await token('admin');
    const procurementB = await token('procurement');
    const plie = await api.call('PUT', '/api/plies/bordeaux', {
      token: adminB,
      body: { name: 'PLIE de B', activeFrom: null },
    });
    expect(plie.status, JSON.stringify(plie.body)).toBe(201);
    const contractB = await newContract('RV-B', procurementB);
    const keysB = tenantKeys(B);
    // B's line of an earlier version (no marker), the same fields as a line of A's.
    const lineB = oldLine('OLDB000000000000000000001', {
      contractId: contractB,
      participantId: null,
      month: '2026-07',
      hours: 31,
    });
    await api.doc.send(new PutCommand({ TableName: api.tableName, Item: lineItem(keysB, lineB) }));
    // A's process knows A's markers are complete; B's upgrade has not run: B's line reads.
    const typedB = await api.call('POST', '/api/hours', {
      token: procurementB,
      body: {
        contractId: contractB,
        plieId: 'bordeaux',
        month: '2026-07',
        hours: 31,
        mode: 'direct-hire',
      },
    });
    expect(typedB.status, JSON.stringify(typedB.body)).toBe(201);
    expect(typedB.body.possibleDuplicates).toMatchObject([{ lineId: lineB.id }]);
    expect(await api.registry.of(B).settings.done(DUPLICATE_MARKERS)).toBe(false);

    // B's upgrade writes B's markers under B's keys only (its journal's upgrade, a read day by
    // day since 2014 that takes seconds here, is not what is looked at: marked done first).
    await api.registry.of(B).settings.markDone(CHANGE_JOURNAL, now().toISOString());
    await upgradeIndexes(api.registry.of(B), now().toISOString());
    const at = async (key: { pk: string; sk: string }) =>
      (await api.doc.send(new GetCommand({ TableName: api.tableName, Key: key }))).Item;
    expect(await at(keysB.lineKeyMarker(lineB))).toMatchObject({ _type: 'line-key' });
    expect(await at(keys.lineKeyMarker(lineB))).toBeUndefined();
    expect(keysB.lineKeyMarker(lineB).pk.startsWith(`T#${B}#`)).toBe(true);
    const again = await api.call('POST', '/api/hours', {
      token: procurementB,
      body: {
        contractId: contractB,
        plieId: 'bordeaux',
        month: '2026-07',
        hours: 31,
        mode: 'direct-hire',
      },
    });
    expect(again.status).toBe(201);
    expect(again.body.possibleDuplicates.map((f: { lineId: string }) => f.lineId).sort()).toEqual([
      lineB.id,
    ]);
    // Neither structure's export carries a marker (they are no data of the structure's).
    for (const tenant of [DEFAULT_TENANT, B]) {
      const exported = JSON.stringify(
        await collectStructure({ stores: api.registry.of(tenant), now }, { sub: 'test' }),
      );
      expect(exported).toContain('"hourLines"');
      expect(exported).not.toMatch(/LINE-KEY|LINES-IMPORTED|line-key|lines-imported/);
    }
  });
});
