import { beforeAll, describe, expect, it } from 'vitest';
import { voidedLine } from '#shared/domain/hours';
import { changeDeadline, REQUEST_LIMIT_MS } from '#shared/domain/statement-lifecycle';
import { settleInterruptedStatements } from '#shared/services/statement-changes';
import { checkedStatement, fileStatement, statementLineIds } from '#shared/services/statements';
import { reconcile } from '#shared/store/reconcile';
import { contractInput, seededApi, type TestApi } from '../support/api';

// Issue 25: two requests on one statement at once — a double click, two tabs, a client's
// retry — take one transition: one wins, the other is refused (409) before writing anything,
// and the hours are exactly the winner's. Each race is run several rounds, in both orders.

const ROUNDS = 6;
const header = 'contract_reference;plie_id;participant_ref;month;hours;mode';
const COMPANY = '41234567800012'; // contractInput()'s awardee

let api: TestApi;
let procurement: string;
let awardee: string;
let fileContract: string;
let declaredContract: string;
let round = 0;

beforeAll(async () => {
  ({ api, procurement } = await seededApi(() => new Date('2026-11-15T10:00:00Z')));
  const period = { notifiedOn: '2026-01-05', startsOn: '2026-01-05', endsOn: '2026-12-31' };
  const file = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ reference: 'RACE-1', ...period }),
  });
  fileContract = file.body.id;
  const declared = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ reference: 'RACE-2', ...period }),
  });
  declaredContract = declared.body.id;
  const token = await api.call('POST', '/dev/token', {
    body: { role: 'awardee', siret: COMPANY },
  });
  awardee = token.body.token;
});

const hoursOf = async (contractId: string) =>
  (await api.call('GET', `/api/contracts/${contractId}`, { token: procurement })).body
    .hoursLogged as number;

/** A file of its own (its second line's hours are unique to it), `hours` in all. */
function statementFile(hours: number): string {
  round++;
  const small = 0.25 * (1 + (round % 36));
  const month = `2026-0${1 + (Math.floor(round / 36) % 9)}`;
  return `${header}\nRACE-1;bordeaux;;${month};${hours - small};direct-hire\nRACE-1;bordeaux;;${month};${small};geiq\n`;
}

const csv = { 'content-type': 'text/csv' };
const upload = async (text: string) => {
  // Files here share lines on purpose (a first line's hours may come back in another round):
  // counted anyway, as these races are about transitions, not possible duplicates.
  const result = await api.call('POST', '/api/hours/import?duplicates=count', {
    token: procurement,
    raw: text,
    headers: csv,
  });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body.statementId as string;
};
// A correction's possible duplicates are counted too, for the same reason as the files'.
const replace = (id: string, text: string) =>
  api.call('POST', `/api/statements/${id}/replace?reason=Correction&duplicates=count`, {
    token: procurement,
    raw: text,
    headers: csv,
  });
const withdraw = (id: string) =>
  api.call('POST', `/api/statements/${id}/withdraw`, {
    token: procurement,
    body: { reason: 'Envoyé par erreur' },
  });

/** Both answers: exactly one 200, the other 409 with a problem that says why. */
function oneWinner(answers: { status: number; body: { detail?: string } }[]): number {
  const statuses = answers.map((a) => a.status);
  expect([...statuses].sort(), JSON.stringify(answers.map((a) => a.body))).toEqual([200, 409]);
  const loser = answers[statuses.indexOf(409)];
  expect(loser?.body.detail).toMatch(/relevé/);
  return statuses.indexOf(200);
}

/** Every total equals its lines, every statement's lines and items are what its state says. */
async function exact() {
  const report = await reconcile(api.doc, api.tableName);
  expect(report.differences).toEqual([]);
  expect(report.statementDifferences).toEqual([]);
  expect(report.statementsInProgress).toEqual([]);
  // And the "statement received" items are those of the statements that count (issue 26).
  expect(report.receivedDifferences).toEqual([]);
}

describe('two changes of one statement at once', () => {
  it('replace × replace (two corrections, or the same one twice): one replacement counts', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const before = await hoursOf(fileContract);
      const id = await upload(statementFile(10));
      const [first, second] = [statementFile(13), i % 2 ? statementFile(14) : null];
      const answers = await Promise.all([replace(id, first), replace(id, second ?? first)]);
      const winner = oneWinner(answers);
      const expected = winner === 0 || !second ? 13 : 14;
      expect(await hoursOf(fileContract)).toBe(before + expected);
      const old = await api.call('GET', `/api/statements/${id}`, { token: procurement });
      expect(old.body).toMatchObject({
        status: 'replaced',
        replacedBy: answers[winner]?.body.statementId,
      });
    }
    await exact();
  });

  it('replace × withdraw: either the replacement counts, or nothing does', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const before = await hoursOf(fileContract);
      const id = await upload(statementFile(10));
      const correction = statementFile(14);
      const calls = [() => replace(id, correction), () => withdraw(id)];
      if (i % 2) calls.reverse();
      const answers = await Promise.all(calls.map((call) => call()));
      const replaced = answers.find((a) => a.status === 200)?.body.statementId !== undefined;
      oneWinner(answers);
      expect(await hoursOf(fileContract)).toBe(before + (replaced ? 14 : 0));
    }
    await exact();
  });

  it('withdraw × withdraw: the hours leave once', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const before = await hoursOf(fileContract);
      const id = await upload(statementFile(10));
      oneWinner(await Promise.all([withdraw(id), withdraw(id)]));
      expect(await hoursOf(fileContract)).toBe(before);
    }
    await exact();
  });

  it('validate × reject, validate × validate: an awardee’s hours count once, or not at all', async () => {
    for (let i = 0; i < ROUNDS; i++) {
      const before = await hoursOf(declaredContract);
      const declared = await api.call('POST', '/api/statements', {
        token: awardee,
        body: {
          contractId: declaredContract,
          month: `2026-${String(1 + (i % 10)).padStart(2, '0')}`,
          lines: [
            { description: `maçon ${i}`, hours: 7, mode: 'direct-hire' },
            { description: `coffreur ${i}`, hours: 5, mode: 'direct-hire' },
          ],
        },
      });
      expect(declared.status, JSON.stringify(declared.body)).toBe(201);
      const id = declared.body.id as string;
      const validate = () =>
        api.call('POST', `/api/statements/${id}/validate`, { token: procurement });
      const reject = () =>
        api.call('POST', `/api/statements/${id}/reject`, {
          token: procurement,
          body: { reason: 'Heures à justifier' },
        });
      const calls = i % 3 === 2 ? [validate, validate] : [validate, reject];
      if (i % 2) calls.reverse();
      const answers = await Promise.all(calls.map((call) => call()));
      const winner = answers[oneWinner(answers)];
      const counted = winner?.body.status === 'validated';
      expect(['validated', 'rejected']).toContain(winner?.body.status);
      expect(await hoursOf(declaredContract)).toBe(before + (counted ? 12 : 0));
    }
    await exact();
  });
});

describe('a change cut off part-way (the process killed, the store gone)', () => {
  const deps = () => ({ stores: api.stores, now: () => new Date('2026-11-15T10:00:00Z') });
  const system = { sub: 'facilitator', role: 'procurement' as const };

  it('a replacement is undone: the old statement whole again, the new one gone', async () => {
    const before = await hoursOf(fileContract);
    const id = await upload(statementFile(10));
    // What a cut leaves: the old statement "replacing", one of its lines voided, one of the
    // new lines logged — written with the store's own calls, as the replacement writes them.
    const at = '2026-11-15T09:00:00.000Z';
    const context = { actor: system, at };
    const file = statementFile(13);
    const checked = await checkedStatement(deps(), file);
    const { statement, lines } = fileStatement(file, checked, { at, by: system.sub }, id);
    const pending = {
      transition: 'replace' as const,
      at,
      by: system.sub,
      from: 'imported' as const,
      reason: 'Correction',
      replacement: statement.id,
      until: changeDeadline(at, REQUEST_LIMIT_MS),
      job: null,
    };
    const stored = await api.stores.statements.get(id);
    if (!stored) throw new Error('statement not recorded');
    await api.stores.statements.begin(stored, pending, statement);
    const old = await api.stores.lineBatches.getMany(statementLineIds(stored));
    const first = [...old.values()][0] as Parameters<typeof voidedLine>[0];
    await api.stores.lineBatches.voidLines(
      [voidedLine(first, 'Correction', { at, by: system.sub })],
      context,
    );
    await api.stores.lineBatches.importLines(lines.slice(0, 1), context);
    expect(await hoursOf(fileContract)).not.toBe(before + 10);
    expect((await reconcile(api.doc, api.tableName)).statementsInProgress).toContain(id);

    expect(await settleInterruptedStatements(deps())).toEqual({ finished: 0, undone: 1 });
    expect(await hoursOf(fileContract)).toBe(before + 10);
    const again = await api.call('GET', `/api/statements/${id}`, { token: procurement });
    expect(again.body).toMatchObject({ status: 'imported', replacedBy: null, pending: null });
    const gone = await api.call('GET', `/api/statements/${statement.id}`, { token: procurement });
    expect(gone.status).toBe(404);
    await exact();
    // And the correction can be sent again, whole.
    const replaced = await replace(id, file);
    expect(replaced.status, JSON.stringify(replaced.body)).toBe(200);
    expect(await hoursOf(fileContract)).toBe(before + 13);
    await exact();
  });

  it('a withdrawal is finished: every line voided, the statement withdrawn', async () => {
    const before = await hoursOf(fileContract);
    const id = await upload(statementFile(10));
    // Begun 30 s ago: its request may still be running.
    const at = '2026-11-15T09:59:30.000Z';
    const imported = await api.stores.statements.get(id);
    if (!imported) throw new Error('statement not recorded');
    await api.stores.statements.begin(imported, {
      transition: 'withdraw',
      at,
      by: system.sub,
      from: 'imported',
      reason: 'Envoyé par erreur',
      replacement: null,
      until: changeDeadline(at, REQUEST_LIMIT_MS),
      job: null,
    });
    // Its request still within its time: a second withdrawal waits, nothing written.
    const early = await withdraw(id);
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('en cours de retrait');
    // As the local server does at start: whatever is under way was left by the process it replaces.
    expect(await settleInterruptedStatements(deps(), 'all')).toEqual({ finished: 1, undone: 0 });
    expect(await hoursOf(fileContract)).toBe(before);
    const done = await api.call('GET', `/api/statements/${id}`, { token: procurement });
    expect(done.body).toMatchObject({ status: 'withdrawn', reason: 'Envoyé par erreur' });
    await exact();
  });
});
