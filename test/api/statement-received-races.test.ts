import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { changeDeadline, REQUEST_LIMIT_MS } from '#shared/domain/statement-lifecycle';
import { settleInterruptedStatements } from '#shared/services/statement-changes';
import { checkedStatement, fileStatement } from '#shared/services/statements';
import { tenantKeys } from '#shared/store/keys';
import { reconcile } from '#shared/store/reconcile';
import type { StatementRecord } from '#shared/store/statements';
import { contractInput, seededApi, type TestApi } from '../support/api';

// Issue 26: the "statement received" items stay exact when transitions race — each item is
// written in the transaction of the transition that wins, and a contract-month with several
// statements has one item per statement — and when a file names more contract-months than a
// transaction holds (the rest written while the change is under way, taken up again with it).

const COMPANY = '41234567800012';
const now = new Date('2026-02-10T10:00:00Z');
const HEADER = 'contract_reference;plie_id;participant_ref;month;hours;mode';
const keys = tenantKeys('default');
const system = { sub: 'facilitator', role: 'procurement' as const };
const deps = () => ({ stores: api.stores, now: () => now });

let api: TestApi;
let procurement: string;
let awardee: string;
let contractId: string;
let round = 0;

beforeAll(async () => {
  ({ api, procurement } = await seededApi(() => now));
  const period = { notifiedOn: '2025-01-15', startsOn: '2025-02-01', endsOn: '2025-12-31' };
  for (let i = 0; i < 10; i++) {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ reference: `BIG-${i}`, ...period }),
    });
    if (i === 0) contractId = created.body.id;
  }
  awardee = (await api.call('POST', '/dev/token', { body: { role: 'awardee', siret: COMPANY } }))
    .body.token;
});

const call = (path: string, body?: unknown, raw?: string, token = procurement) =>
  api.call('POST', path, {
    token,
    ...(raw !== undefined ? { raw, headers: { 'content-type': 'text/csv' } } : { body }),
  });
const ok = <T extends { status: number; body: unknown }>(answer: T, status = 200) => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  return answer;
};
/** A file of its own for BIG-0 in `month` (its hours unique to the round). */
const smallFile = (month: string) =>
  `${HEADER}\nBIG-0;bordeaux;;${month};${1 + (++round % 50) / 4};direct-hire\n`;
const declaration = (month: string) => ({
  contractId,
  month,
  lines: [{ description: `maçon ${++round}`, hours: 7, mode: 'direct-hire' }],
});
const winners = (answers: { status: number }[]) => answers.filter((a) => a.status === 200).length;

/** The statements a month's items say have come for BIG-0 (or, `BIG-`, any contract), by id. */
async function receivedFor(month: string, prefix = 'BIG-0#'): Promise<string[]> {
  const { Items = [] } = await api.doc.send(
    new QueryCommand({
      TableName: api.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :ref)',
      ExpressionAttributeValues: { ':pk': keys.receivedPartition(month), ':ref': prefix },
    }),
  );
  return Items.map((item) => String(item.statementId)).sort();
}
const statusOf = async (id: string) => (await api.stores.statements.get(id))?.status;

async function exact() {
  const report = await reconcile(api.doc, api.tableName);
  expect(report.receivedDifferences).toEqual([]);
  expect(report.statementDifferences).toEqual([]);
  expect(report.statementsInProgress).toEqual([]);
}

describe('two transitions at once', () => {
  it('a file and a declaration of one contract-month: one item each, each going with its own', async () => {
    for (let i = 0; i < 4; i++) {
      const month = `2025-0${2 + i}`;
      const [file, declared] = await Promise.all([
        call('/api/hours/import', undefined, smallFile(month)),
        api.call('POST', '/api/statements', { token: awardee, body: declaration(month) }),
      ]);
      const fileId = ok(file).body.statementId as string;
      const declaredId = ok(declared, 201).body.id as string;
      expect(await receivedFor(month)).toEqual([fileId, declaredId].sort());
      // Withdrawn and refused at once: neither is there any more, and only theirs went.
      const answers = await Promise.all([
        call(`/api/statements/${fileId}/withdraw`, { reason: 'Erreur' }),
        call(`/api/statements/${declaredId}/reject`, { reason: 'Heures' }),
      ]);
      expect(winners(answers)).toBe(2);
      expect(await receivedFor(month)).toEqual([]);
    }
    await exact();
  });

  it('validate × reject, withdraw × withdraw, replace × withdraw, the same declaration twice', async () => {
    for (let i = 0; i < 4; i++) {
      const month = `2025-0${6 + i}`;
      const key = { 'idempotency-key': `twice-${i}` };
      const body = declaration(month);
      const twice = await Promise.all(
        [0, 1].map(() =>
          api.call('POST', '/api/statements', { token: awardee, body, headers: key }),
        ),
      );
      const id = twice[0]?.body.id as string;
      expect(twice.map((a) => a.body.id)).toEqual([id, id]);
      expect(await receivedFor(month)).toEqual([id]);
      const decisions = [
        () => call(`/api/statements/${id}/validate`),
        () => call(`/api/statements/${id}/reject`, { reason: 'Heures' }),
      ];
      if (i % 2) decisions.reverse();
      expect(winners(await Promise.all(decisions.map((d) => d())))).toBe(1);
      expect(await receivedFor(month)).toEqual((await statusOf(id)) === 'validated' ? [id] : []);

      const fileId = ok(await call('/api/hours/import', undefined, smallFile(month))).body
        .statementId as string;
      const after = (await receivedFor(month)).filter((s) => s !== fileId);
      const changes = [
        () =>
          call(`/api/statements/${fileId}/replace?reason=Correction`, undefined, smallFile(month)),
        () => call(`/api/statements/${fileId}/withdraw`, { reason: 'Erreur' }),
        () => call(`/api/statements/${fileId}/withdraw`, { reason: 'Erreur' }),
      ];
      const pair = i < 2 ? [changes[0], changes[1]] : [changes[1], changes[2]];
      const answers = await Promise.all(
        pair.map((change) => (change as () => ReturnType<typeof call>)()),
      );
      expect(winners(answers)).toBe(1);
      const replacement = answers.find((a) => a.status === 200)?.body.statementId as
        | string
        | undefined;
      expect(await receivedFor(month)).toEqual(
        [...after, ...(replacement ? [replacement] : [])].sort(),
      );
    }
    await exact();
  });
});

describe('a file naming more contract-months than a transaction holds', () => {
  // 10 contracts × 11 months: 110 items, 90 with the transition and 20 after or before it.
  const months = Array.from({ length: 11 }, (_, i) => `2025-${String(i + 2).padStart(2, '0')}`);
  const bigFile = (hours: number) =>
    `${[HEADER, ...months.flatMap((month, m) => Array.from({ length: 10 }, (_, c) => `BIG-${c};bordeaux;;${month};${hours + (m % 4) / 4};direct-hire`))].join('\n')}\n`;
  const countOf = async () =>
    (await Promise.all(months.map((m) => receivedFor(m, 'BIG-')))).flat().length;

  it('is marked whole once imported, taken up again when cut off, and unmarked whole', async () => {
    const before = await countOf();
    const file = bigFile(3);
    // Cut right after the claim's transaction: the record and 90 items, the rest not written.
    const made = { at: now.toISOString(), by: 'facilitator' };
    const { statement } = fileStatement(file, await checkedStatement(deps(), file), made, null);
    await api.stores.statements.claim(statement, { actor: system, at: made.at });
    expect((await countOf()) - before).toBe(110);
    for (const month of months.slice(-2)) {
      for (let c = 0; c < 10; c++) {
        const key = keys.received(month, `BIG-${c}`, statement.id);
        await api.doc.send(new DeleteCommand({ TableName: api.tableName, Key: key }));
      }
    }
    // Under way, a large statement's items may lag: reconcile names it, not them.
    const cut = await reconcile(api.doc, api.tableName);
    expect(cut.statementsInProgress).toEqual([statement.id]);
    expect(cut.receivedDifferences).toEqual([]);
    // Posting the file again takes the import up: its items whole.
    const id = ok(await call('/api/hours/import', undefined, file)).body.statementId as string;
    expect(id).toBe(statement.id);
    expect((await countOf()) - before).toBe(110);
    await exact();

    // Replaced, then the correction withdrawn: each whole.
    const replaced = ok(await call(`/api/statements/${id}/replace?reason=R`, undefined, bigFile(7)))
      .body.statementId as string;
    expect(await statusOf(id)).toBe('replaced');
    expect((await countOf()) - before).toBe(110);
    ok(await call(`/api/statements/${replaced}/withdraw`, { reason: 'Erreur' }));
    expect((await countOf()) - before).toBe(0);
    await exact();

    // And the two at once, on another file.
    const third = ok(await call('/api/hours/import', undefined, bigFile(8))).body
      .statementId as string;
    const answers = await Promise.all([
      call(`/api/statements/${third}/replace?reason=Correction`, undefined, bigFile(4)),
      call(`/api/statements/${third}/withdraw`, { reason: 'Erreur' }),
    ]);
    expect(winners(answers)).toBe(1);
    const won = answers.some((a) => a.status === 200 && a.body.statementId !== undefined);
    expect((await countOf()) - before).toBe(won ? 110 : 0);
    await exact();
  });

  it('a replacement cut off is undone: the old file marked whole again, the new one not at all', async () => {
    const before = await countOf();
    const id = ok(await call('/api/hours/import', undefined, bigFile(5))).body
      .statementId as string;
    const old = (await api.stores.statements.get(id)) as StatementRecord;
    const correction = bigFile(6);
    const at = '2026-02-10T09:00:00.000Z';
    const made = { at, by: 'facilitator' };
    const next = fileStatement(correction, await checkedStatement(deps(), correction), made, id);
    const pending = {
      transition: 'replace' as const,
      at,
      by: made.by,
      from: old.status,
      reason: 'Correction',
      replacement: next.statement.id,
      until: changeDeadline(at, REQUEST_LIMIT_MS),
      job: null,
    };
    await api.stores.statements.begin(old, pending, next.statement);
    // Both count while it is under way: 220 items.
    expect((await countOf()) - before).toBe(220);
    // Cut as its end began: the old file's last items already deleted, before the transaction
    // that would have deleted the others and settled both statements.
    for (const month of months.slice(-2)) {
      for (let c = 0; c < 10; c++) {
        const key = keys.received(month, `BIG-${c}`, id);
        await api.doc.send(new DeleteCommand({ TableName: api.tableName, Key: key }));
      }
    }
    expect((await countOf()) - before).toBe(200);
    expect(await settleInterruptedStatements(deps())).toEqual({
      finished: 0,
      undone: 1,
    });
    expect(await statusOf(id)).toBe('imported');
    expect((await countOf()) - before).toBe(110);
    await exact();
  });
});
