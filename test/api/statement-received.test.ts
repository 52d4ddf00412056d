import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { changeDeadline, REQUEST_LIMIT_MS } from '#shared/domain/statement-lifecycle';
import {
  type LateCompany,
  missingFromReceived,
  missingFromStatements,
  missingStatements,
} from '#shared/services/missing-statements';
import { checkedStatement, fileStatement } from '#shared/services/statements';
import { tenantKeys } from '#shared/store/keys';
import { reconcile } from '#shared/store/reconcile';
import type { StatementRecord } from '#shared/store/statements';
import { STATEMENTS_RECEIVED, upgradeIndexes } from '#shared/store/upgrades';
import { contractInput, seededApi, type TestApi } from '../support/api';

// Issue 26: the missing-statement check reads "statement received" items, kept by the
// statements' transitions, instead of every statement of 13 months. On a structure with
// statements in every state, built through the API (the states a change holds while it
// writes, through the store's own calls, as a cut leaves them), the items say exactly what the
// statements say: the check answers as the full read did, month by month, read for the whole
// structure or contract by contract. The business clock: 10 February 2026.

const COMPANY = '41234567800012'; // contractInput()'s awardee, invited below
const OTHER = '73282932000074'; // a company nobody invited
const now = new Date('2026-02-10T10:00:00Z');
const MONTHS = ['2025-05', '2025-06', '2025-07', '2025-08'];

let api: TestApi;
let procurement: string;
let awardee: string;
const ids = new Map<string, string>();
const deps = () => ({ stores: api.stores, now: () => now });
const system = { sub: 'facilitator', role: 'procurement' as const };

const upload = async (rows: string[][]) => {
  const csv = ['contract_reference;plie_id;participant_ref;month;hours;mode']
    .concat(rows.map(([ref, month, hours]) => `${ref};bordeaux;;${month};${hours};direct-hire`))
    .join('\n');
  const answer = await api.call('POST', '/api/hours/import', {
    token: procurement,
    raw: `${csv}\n`,
    headers: { 'content-type': 'text/csv' },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.statementId as string;
};
const declare = async (reference: string, month: string, extra: Record<string, unknown> = {}) => {
  const answer = await api.call('POST', '/api/statements', {
    token: awardee,
    body: {
      contractId: ids.get(reference),
      month,
      lines: [{ description: `maçon ${reference}`, hours: 7, mode: 'direct-hire' }],
      ...extra,
    },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.id as string;
};
const post = async (path: string, body?: unknown, raw?: string) => {
  const answer = await api.call('POST', path, {
    token: procurement,
    ...(raw ? { raw, headers: { 'content-type': 'text/csv' } } : { body }),
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
};
const record = async (id: string) => (await api.stores.statements.get(id)) as StatementRecord;
/** A change begun, and left under way (its request cut off, its deadline far). */
const cutOff = (transition: 'withdraw' | 'replace' | 'validate', from: StatementRecord) => ({
  transition,
  at: now.toISOString(),
  by: system.sub,
  from: from.status,
  reason: 'Coupé',
  replacement: null,
  until: changeDeadline(now.toISOString(), 100 * REQUEST_LIMIT_MS),
  job: null,
});

/** Late contracts by reference, company by company: what the report and reminders show. */
const shown = (late: LateCompany[]) =>
  late.map((company) => ({
    siren: company.siren,
    contacts: company.contacts.map((c) => c.email),
    contracts: company.contracts.map((c) => c.reference).sort(),
  }));

beforeAll(async () => {
  ({ api, procurement } = await seededApi(() => now));
  const period = { notifiedOn: '2025-01-15', startsOn: '2025-02-01', endsOn: '2025-12-31' };
  for (const reference of [
    'IMPORTING',
    'IMPORTED',
    'WITHDRAWING',
    'WITHDRAWN',
    'REPLACING',
    'REPLACED',
    'SUBMITTED',
    'VALIDATING',
    'VALIDATED',
    'REJECTED',
    'CORRECTED',
    'DECLARED-WITHDRAWN',
    'NOTHING',
  ]) {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ reference, ...period }),
    });
    ids.set(reference, created.body.id);
  }
  // A company nobody invited: it declares nothing, and is never late.
  await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ reference: 'UNINVITED', awardee: { name: 'Autre', siret: OTHER } }),
  });
  const invited = await api.call('POST', `/api/contracts/${ids.get('NOTHING')}/invitations`, {
    token: procurement,
    body: { email: 'paie@batiment-solidaire.example' },
  });
  expect(invited.status).toBe(201);
  awardee = (await api.call('POST', '/dev/token', { body: { role: 'awardee', siret: COMPANY } }))
    .body.token;

  // Facilitators' files: one names two contracts over two months (each counts for both).
  await upload([
    ['IMPORTED', '2025-06', '10'],
    ['VALIDATED', '2025-07', '4'],
  ]);
  const withdrawing = await upload([['WITHDRAWING', '2025-06', '5']]);
  await post(`/api/statements/${await upload([['WITHDRAWN', '2025-06', '6']])}/withdraw`, {
    reason: 'Erreur',
  });
  const replacing = await upload([['REPLACING', '2025-06', '7']]);
  // Replaced by a file for July: June's statement is no longer there.
  const replaced = await upload([['REPLACED', '2025-06', '8']]);
  await post(
    `/api/statements/${replaced}/replace?reason=Mois`,
    undefined,
    'contract_reference;plie_id;participant_ref;month;hours;mode\nREPLACED;bordeaux;;2025-07;8;direct-hire\n',
  );

  // Awardees' declarations.
  await declare('SUBMITTED', '2025-06');
  const validating = await declare('VALIDATING', '2025-06');
  await post(`/api/statements/${await declare('VALIDATED', '2025-06')}/validate`);
  await post(`/api/statements/${await declare('REJECTED', '2025-06')}/reject`, {
    reason: 'Illisible',
  });
  const refused = await declare('CORRECTED', '2025-06');
  await post(`/api/statements/${refused}/reject`, { reason: 'Heures' });
  await declare('CORRECTED', '2025-06', { replaces: refused });
  const toWithdraw = await declare('DECLARED-WITHDRAWN', '2025-06');
  await post(`/api/statements/${toWithdraw}/validate`);
  await post(`/api/statements/${toWithdraw}/withdraw`, { reason: 'Doublon' });

  // Changes under way, as a cut leaves them.
  const file =
    'contract_reference;plie_id;participant_ref;month;hours;mode\nIMPORTING;bordeaux;;2025-06;3;direct-hire\n';
  const at = { at: now.toISOString(), by: system.sub };
  const importing = fileStatement(file, await checkedStatement(deps(), file), at, null);
  await api.stores.statements.claim(importing.statement, { actor: system, at: at.at });
  const w = await record(withdrawing);
  await api.stores.statements.begin(w, cutOff('withdraw', w));
  const correction = `${file.replace('IMPORTING', 'REPLACING').replace('2025-06', '2025-08')}`;
  const next = fileStatement(correction, await checkedStatement(deps(), correction), at, replacing);
  const r = await record(replacing);
  await api.stores.statements.begin(
    r,
    { ...cutOff('replace', r), replacement: next.statement.id },
    next.statement,
  );
  const v = await record(validating);
  await api.stores.statements.begin(v, cutOff('validate', v));
});

describe('the missing-statement check from "statement received" items', () => {
  it('reports what the full read of the statements reports, month by month', async () => {
    const running = await api.stores.contracts.all({ activeIn: 2025 });
    for (const month of MONTHS) {
      const before = shown(await missingFromStatements(deps(), month));
      expect(shown(await missingFromReceived(deps(), month)), month).toEqual(before);
      expect(
        shown(await missingFromReceived(deps(), month, { running, reading: 'contracts' })),
        month,
      ).toEqual(before);
    }
    // Not the same answer by chance: June as each state says.
    expect(shown(await missingStatements(deps(), '2025-06'))).toEqual([
      {
        siren: COMPANY.slice(0, 9),
        contacts: ['paie@batiment-solidaire.example'],
        contracts: [
          'DECLARED-WITHDRAWN',
          'NOTHING',
          'REJECTED',
          'REPLACED',
          'WITHDRAWING',
          'WITHDRAWN',
        ],
      },
    ]);
    const july = shown(await missingStatements(deps(), '2025-07'))[0]?.contracts ?? [];
    expect(july).not.toContain('IMPORTED'); // named with July by the two-month file
    expect(july).not.toContain('REPLACED'); // its correction is July's
    expect(july).toContain('WITHDRAWN');
    const report = await reconcile(api.doc, api.tableName);
    expect(report.receivedDifferences).toEqual([]);
    expect(report.receivedChecked).toBeGreaterThan(10);
  });

  it('the monthly report names the same contracts', async () => {
    const report = await api.call('GET', '/api/reports/monthly/2025-06', { token: procurement });
    expect(report.status).toBe(200);
    const missing = (report.body.contracts as { reference: string; note?: string }[])
      .filter((c) => c.note?.includes('Relevé du titulaire non reçu'))
      .map((c) => c.reference)
      .sort();
    expect(missing).toEqual(shown(await missingStatements(deps(), '2025-06'))[0]?.contracts);
  });
});

describe('data of an earlier version, without the items', () => {
  it('is read as before until the upgrade has written them, then from them', async () => {
    const keys = tenantKeys('default');
    const removed: string[] = [];
    for (const month of MONTHS) {
      const { Items = [] } = await api.doc.send(
        new QueryCommand({
          TableName: api.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.receivedPartition(month) },
        }),
      );
      for (const item of Items) {
        await api.doc.send(
          new DeleteCommand({ TableName: api.tableName, Key: { pk: item.pk, sk: item.sk } }),
        );
        removed.push(`${item.pk}|${item.sk}`);
      }
    }
    await api.doc.send(
      new DeleteCommand({
        TableName: api.tableName,
        Key: keys.setting(`upgrade:${STATEMENTS_RECEIVED}`),
      }),
    );
    expect(removed.length).toBeGreaterThan(10);
    const without = await reconcile(api.doc, api.tableName);
    // Those of a large change under way aside, every one is missing, and only those.
    expect(without.receivedDifferences.map((d) => d.key).sort()).toEqual(removed.sort());

    // Until the upgrade: the statements are read, and the answer is the same.
    const june = shown(await missingFromStatements(deps(), '2025-06'));
    expect(shown(await missingStatements(deps(), '2025-06'))).toEqual(june);
    expect(shown(await missingFromReceived(deps(), '2025-06'))).not.toEqual(june);

    await upgradeIndexes(api.stores, now.toISOString());
    expect(await api.stores.settings.done(STATEMENTS_RECEIVED)).toBe(true);
    expect((await reconcile(api.doc, api.tableName)).receivedDifferences).toEqual([]);
    for (const month of MONTHS) {
      expect(shown(await missingFromReceived(deps(), month))).toEqual(
        shown(await missingFromStatements(deps(), month)),
      );
    }
    // Run again (a run cut off is run again whole): the same items, nothing more.
    expect(await api.stores.received.indexStatements()).toBe(removed.length);
    expect((await reconcile(api.doc, api.tableName)).receivedDifferences).toEqual([]);
  });
});
