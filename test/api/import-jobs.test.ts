import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#shared/http/app';
import { devTokenClaims, signDevToken } from '#shared/http/auth';
import { localImportJobs } from '#shared/jobs/local-jobs';
import { createDocumentClient, localDynamoConfig } from '#shared/store/client';
import { createStoreRegistry } from '#shared/store/index';
import { reconcile } from '#shared/store/reconcile';
import { decpFixture } from '../fixtures/decp/records';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { statementCsv } from '../support/statements';

// Big files become jobs: the same import as inline, run after the 202 by the worker (here the
// in-process queue `npm start` uses; in AWS the SQS-triggered function runs the same code).

let api: TestApi;
let procurement: string;
let admin: string;
let jobs: ReturnType<typeof localImportJobs>;
const uploads = mkdtempSync(join(tmpdir(), 'ct-uploads-'));
/** Small, so that a few hundred lines already make a job. */
const INLINE_MAX = 2_000;

const post = (path: string, raw: string, contentType = 'text/csv', token = procurement) =>
  api.call('POST', path, { token, raw, headers: { 'content-type': contentType } });

const followed = async (jobId: string, token = procurement) => {
  await jobs.queue.idle();
  return (await api.call('GET', `/api/imports/${jobId}`, { token })).body;
};

const hoursOf = async (reference: string) => {
  const list = await api.call('GET', '/api/contracts?limit=500', { token: procurement });
  return list.body.items.find((c: { reference: string }) => c.reference === reference)
    .hoursLogged as number;
};

/**
 * An app whose jobs run on a worker with its own table client: every call passes through to
 * DynamoDB Local, except transactions, which `transact` answers (to fail as told).
 */
async function withFailingWorker(transact: (input: any) => unknown) {
  const doc = createDocumentClient(localDynamoConfig(api.endpoint));
  const mock = mockClient(doc);
  const pass = <C extends new (input: any) => any>(Command: C) =>
    mock.on(Command as any).callsFake((input: any) => api.doc.send(new Command(input)));
  for (const Command of [GetCommand, QueryCommand, BatchGetCommand, PutCommand, UpdateCommand])
    pass(Command);
  mock.on(TransactWriteCommand).callsFake(transact);
  const failures: unknown[] = [];
  const worker = localImportJobs(createStoreRegistry(doc, api.tableName), uploads, {
    inlineMaxBytes: INLINE_MAX,
    onFailure: (_, error) => failures.push(error),
  });
  const secret = 'worker-test';
  const app = createApp({
    stores: createStoreRegistry(api.doc, api.tableName),
    authenticator: devTokenClaims(secret),
    imports: worker,
    logError: () => {},
  });
  const token = await signDevToken(secret, { role: 'procurement' }, new Date());
  const post = (csv: string) =>
    app.request('/api/hours/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: csv,
    });
  const replace = (statementId: string, csv: string) =>
    app.request(`/api/statements/${statementId}/replace?reason=Correction`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: csv,
    });
  return { mock, worker, failures, post, replace };
}

beforeAll(async () => {
  ({ api, procurement, admin } = await seededApi(undefined, (stores) => {
    jobs = localImportJobs(stores, uploads, { inlineMaxBytes: INLINE_MAX });
    return jobs;
  }));
  for (const reference of ['JOB-1', 'JOB-2']) {
    await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        reference,
        notifiedOn: '2025-01-01',
        startsOn: '2025-01-01',
        endsOn: '2025-12-31',
        allocation: { mode: 'shared' },
      }),
    });
  }
});

describe('imports as jobs', () => {
  it('imports a big statement after a 202, with its progress and the inline answer', async () => {
    const { csv, totalHours } = statementCsv({
      count: 300,
      contracts: ['JOB-1'],
      plies: ['bordeaux', 'graves'],
      months: ['2025-03', '2025-04'],
    });
    expect(csv.length).toBeGreaterThan(INLINE_MAX);
    const accepted = await post('/api/hours/import', csv);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toEqual({ jobId: expect.any(String), status: 'queued' });
    const job = await followed(accepted.body.jobId);
    expect(job).toMatchObject({
      kind: 'statement',
      status: 'done',
      done: 300,
      total: 300,
      result: {
        statementId: expect.stringMatching(/^ST/),
        imported: 300,
        alreadyImported: 0,
        lines: 300,
      },
      errors: [],
    });
    expect(await hoursOf('JOB-1')).toBeCloseTo(totalHours);
    // The same file again is the same statement: a job that imports nothing.
    const again = await post('/api/hours/import', csv);
    expect((await followed(again.body.jobId)).result).toMatchObject({
      statementId: job.result.statementId,
      imported: 0,
      alreadyImported: 300,
    });
    expect(await hoursOf('JOB-1')).toBeCloseTo(totalHours);
    // A small file is still imported within its request.
    const small = await post(
      '/api/hours/import',
      'Référence du marché;PLIE;Participant;Mois;Heures;Modalité\nJOB-2;bordeaux;;03/2025;2;GEIQ',
    );
    expect(small.status).toBe(200);
  });

  it('ends a refused big file as failed, with every error and nothing written', async () => {
    const { csv } = statementCsv({
      count: 200,
      contracts: ['JOB-2'],
      plies: ['bordeaux'],
      months: ['2025-05'],
    });
    const broken = csv.replace(/\r\nJOB-2;bordeaux;;2025-05;/, '\r\nJOB-2;bordeaux;;2025-13;');
    const before = await hoursOf('JOB-2');
    const accepted = await post('/api/hours/import', broken);
    const job = await followed(accepted.body.jobId);
    expect(job).toMatchObject({
      status: 'failed',
      errorCount: 1,
      errors: [{ line: 2, column: 'month', message: expect.stringContaining('2025-13') }],
      message: expect.stringContaining('aucune ligne enregistrée'),
      result: null,
    });
    expect(await hoursOf('JOB-2')).toBe(before);
  });

  it('imports a big DECP file as a job too', async () => {
    const body = JSON.stringify(decpFixture('published-records.json'));
    const accepted = await post('/api/contracts/import/decp', body, 'application/json');
    expect(accepted.status).toBe(202);
    const job = await followed(accepted.body.jobId);
    expect(job).toMatchObject({ kind: 'decp', status: 'done', done: 28, total: 28 });
    // Awardees as published and placeholders are imported: only 3 records are refused.
    expect(job.result).toMatchObject({ created: 22, skipped: 3 });
    expect(job.result.errors).toHaveLength(3);
  });

  it('keeps the first hundred refused DECP records on the job, how many there were, and all in a file', async () => {
    const records = Array.from({ length: 1200 }, (_, i) => ({ id: `NO-DATE-${i}` }));
    const accepted = await post(
      '/api/contracts/import/decp',
      JSON.stringify(records),
      'application/json',
    );
    const job = await followed(accepted.body.jobId);
    expect(job).toMatchObject({ status: 'done', errorCount: 1200, total: 1200 });
    expect(job.result.errors).toHaveLength(100);
    expect(job.result.errors[99]).toMatchObject({ index: 99, id: 'NO-DATE-99' });
    expect(job.result.errorGroups).toEqual([
      expect.objectContaining({ count: 1200, example: expect.objectContaining({ index: 0 }) }),
    ]);
    const file = await api.call('GET', `/api/imports/${job.id}/refusals`, { token: procurement });
    expect(new TextDecoder().decode(file.bytes).trim().split('\r\n')).toHaveLength(1201);
  });

  it('shows a job to its sender and to administrators only', async () => {
    const { csv } = statementCsv({
      count: 100,
      contracts: ['JOB-2'],
      plies: ['graves'],
      months: ['2025-06'],
    });
    const { jobId } = (await post('/api/hours/import', csv)).body;
    await jobs.queue.idle();
    const colleague = await api.token('procurement', undefined, 'someone-else');
    expect((await api.call('GET', `/api/imports/${jobId}`, { token: colleague })).status).toBe(404);
    const theirs = await api.call('GET', '/api/imports', { token: colleague });
    expect(theirs.body.items).toEqual([]);
    expect((await api.call('GET', `/api/imports/${jobId}`, { token: admin })).status).toBe(200);
    const mine = await api.call('GET', '/api/imports', { token: procurement });
    expect(mine.body.items[0]).toMatchObject({ id: jobId, status: 'done' });
    expect(mine.body.items[0]).not.toHaveProperty('uploadKey');
    const coordinator = await api.token('plie-coordinator', 'bordeaux');
    expect((await api.call('GET', '/api/imports', { token: coordinator })).status).toBe(403);
  });

  it('takes a file too big for a request in three steps: where to send it, the file, the start', async () => {
    const { csv, totalHours } = statementCsv({
      count: 300,
      contracts: ['JOB-1'],
      plies: ['graves'],
      months: ['2025-09'],
    });
    const before = await hoursOf('JOB-1');
    const target = await api.call('POST', '/api/imports', {
      token: procurement,
      body: { kind: 'statement', format: 'csv' },
    });
    expect(target.status).toBe(201);
    // No S3 here: the API receives the file itself, with the token.
    expect(target.body).toEqual({
      jobId: expect.any(String),
      uploadUrl: `/api/imports/${target.body.jobId}/file?format=csv`,
      contentType: 'text/csv',
    });
    const start = () =>
      api.call('POST', `/api/imports/${target.body.jobId}/start`, {
        token: procurement,
        body: { kind: 'statement', format: 'csv', fileName: 'releve-septembre.csv' },
      });
    const early = await start();
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('pas été reçu');
    const sent = await api.call('PUT', target.body.uploadUrl, {
      token: procurement,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(sent.status).toBe(204);
    const wrong = await api.call('POST', `/api/imports/${target.body.jobId}/start`, {
      token: procurement,
      body: { kind: 'decp', format: 'csv' },
    });
    expect(wrong.status).toBe(400);
    const started = await start();
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ jobId: target.body.jobId, status: 'queued' });
    // Asked again (a second click), it is the same job, not a second import.
    expect((await start()).body.jobId).toBe(target.body.jobId);
    const job = await followed(target.body.jobId);
    expect(job).toMatchObject({
      fileName: 'releve-septembre.csv',
      status: 'done',
      result: { imported: 300 },
    });
    expect(await hoursOf('JOB-1')).toBeCloseTo(before + totalHours);
    const coordinator = await api.token('plie-coordinator', 'bordeaux');
    const refused = await api.call('POST', '/api/imports', {
      token: coordinator,
      body: { kind: 'decp', format: 'json' },
    });
    expect(refused.status).toBe(403);
  });

  it('takes a prepared file from its preparer only, before its start, of the size announced; then removes it', async () => {
    const { csv } = statementCsv({
      count: 50,
      contracts: ['JOB-1'],
      plies: ['graves'],
      months: ['2025-10'],
    });
    const size = new TextEncoder().encode(csv).length;
    const target = await api.call('POST', '/api/imports', {
      token: procurement,
      body: { kind: 'statement', format: 'csv', bytes: size },
    });
    expect(target.status).toBe(201);
    const { jobId, uploadUrl } = target.body;
    const send = (token: string, body = csv) =>
      api.call('PUT', uploadUrl, { token, raw: body, headers: { 'content-type': 'text/csv' } });
    const start = (token: string) =>
      api.call('POST', `/api/imports/${jobId}/start`, {
        token,
        body: { kind: 'statement', format: 'csv' },
      });
    // Another facilitator, even an administrator, can neither send its file nor start it.
    const colleague = await api.token('procurement', undefined, 'colleague');
    expect((await send(colleague)).status).toBe(404);
    expect((await send(admin)).status).toBe(404);
    // A file of another size than announced is refused.
    const other = await send(procurement, `${csv}JOB-1;graves;;2025-10;1;geiq\n`);
    expect(other.status).toBe(409);
    expect(other.body.detail).toContain('annoncé');
    expect((await send(procurement)).status).toBe(204);
    expect((await start(colleague)).status).toBe(404);
    const started = await start(procurement);
    expect(started.status).toBe(202);
    // Once started, nobody may change its file, not even its preparer.
    const late = await send(procurement);
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('commencé');
    expect((await followed(jobId)).status).toBe('done');
    // Its job ended, the upload is gone from the folder.
    expect(await jobs.uploads.size(`imports/${jobId}.csv`)).toBeNull();
    // Announcing more than a job takes is refused before anything is sent.
    const huge = await api.call('POST', '/api/imports', {
      token: procurement,
      body: { kind: 'statement', format: 'csv', bytes: 500 * 1024 * 1024 },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.detail).toContain('100 Mo');
  });

  it('marks failed, in words, a job no worker has any more (timed out, out of memory, dead-lettered)', async () => {
    const silentFor = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const job = (id: string, status: 'queued' | 'running', updatedAt: string) => ({
      id,
      kind: 'statement' as const,
      format: 'csv' as const,
      fileName: 'releve.csv',
      uploadKey: `imports/${id}.csv`,
      bytes: 10,
      status,
      done: 120,
      total: 4000,
      result: null,
      errors: [],
      errorCount: 0,
      message: null,
      actor: { sub: 'dev-procurement', role: 'procurement' as const },
      replaces: null,
      attempts: 3,
      createdAt: updatedAt,
      updatedAt,
    });
    // Running, silent for longer than an attempt and the queue's wait: dead.
    await api.stores.importJobs.create(job('DEADJOB1', 'running', silentFor(45)));
    // Running, silent for less: a worker may still be on it.
    await api.stores.importJobs.create(job('LIVEJOB1', 'running', silentFor(10)));
    const dead = await api.call('GET', '/api/imports/DEADJOB1', { token: procurement });
    expect(dead.body).toMatchObject({ status: 'failed', done: 120 });
    expect(dead.body.message).toContain('arrêté sans finir');
    const live = await api.call('GET', '/api/imports/LIVEJOB1', { token: procurement });
    expect(live.body.status).toBe('running');
    // The list says the same.
    const listed = await api.call('GET', '/api/imports', { token: procurement });
    const statuses = Object.fromEntries(
      listed.body.items.map((j: { id: string; status: string }) => [j.id, j.status]),
    );
    expect(statuses).toMatchObject({ DEADJOB1: 'failed', LIVEJOB1: 'running' });
  });

  it('finishes a job cut off mid-way on the queue’s retry, counting nothing twice', async () => {
    const { csv, totalHours } = statementCsv({
      count: 450,
      contracts: ['JOB-2'],
      plies: ['bordeaux', 'graves'],
      months: ['2025-07', '2025-08'],
    });
    // The worker's table client: its 3rd transaction (the 2nd batch of lines, after the
    // statement's record) dies as a Lambda timeout would kill it; the queue tries again.
    let transactions = 0;
    const {
      mock,
      worker,
      failures,
      post: postToApp,
    } = await withFailingWorker((input) => {
      transactions += 1;
      if (transactions === 3) throw new Error('Task timed out after 900.00 seconds');
      return api.doc.send(new TransactWriteCommand(input));
    });
    const before = await hoursOf('JOB-2');
    const accepted = await postToApp(csv);
    expect(accepted.status).toBe(202);
    const { jobId } = (await accepted.json()) as { jobId: string };
    await worker.queue.idle();
    mock.restore();
    expect(transactions).toBeGreaterThan(3);
    expect(failures).toEqual([]);
    const job = await api.stores.importJobs.get(jobId);
    expect(job).toMatchObject({ status: 'done', attempts: 2, done: 450, total: 450 });
    expect(job?.result).toMatchObject({ lines: 450 });
    expect(await hoursOf('JOB-2')).toBeCloseTo(before + totalHours);
    expect((await reconcile(api.doc, api.tableName)).differences).toEqual([]);
  });

  it('replaces a big statement as a job; a worker dying half-way is undone by the next attempt', async () => {
    const first = statementCsv({
      count: 200,
      contracts: ['JOB-2'],
      plies: ['bordeaux'],
      months: ['2025-11'],
    });
    const before = await hoursOf('JOB-2');
    const imported = await post('/api/hours/import', first.csv);
    expect(imported.status).toBe(202);
    const importJob = await followed(imported.body.jobId);
    const statementId = importJob.result.statementId as string;
    expect(await hoursOf('JOB-2')).toBeCloseTo(before + first.totalHours);

    const corrected = statementCsv({
      count: 260,
      contracts: ['JOB-2'],
      plies: ['graves'],
      months: ['2025-11'],
    });
    // The worker's 5th transaction (among the old lines' voids) dies as a Lambda timeout
    // would kill it, and so does the 6th (the undo its request tries): the replacement is
    // left under way, for the queue's next attempt to find.
    let transactions = 0;
    const { mock, worker, failures, replace } = await withFailingWorker((input) => {
      transactions += 1;
      if (transactions === 5 || transactions === 6) {
        throw new Error('Task timed out after 900.00 seconds');
      }
      return api.doc.send(new TransactWriteCommand(input));
    });
    const accepted = await replace(statementId, corrected.csv);
    expect(accepted.status).toBe(202);
    const { jobId } = (await accepted.json()) as { jobId: string };
    await worker.queue.idle();
    mock.restore();
    expect(transactions).toBeGreaterThan(6);
    expect(failures).toEqual([]);
    const job = await api.stores.importJobs.get(jobId);
    expect(job).toMatchObject({
      status: 'done',
      attempts: 2,
      replaces: { statementId, reason: 'Correction' },
    });
    const old = await api.call('GET', `/api/statements/${statementId}`, { token: procurement });
    expect(old.body).toMatchObject({ status: 'replaced', pending: null });
    expect(await hoursOf('JOB-2')).toBeCloseTo(before + corrected.totalHours);
    const report = await reconcile(api.doc, api.tableName);
    expect(report.differences).toEqual([]);
    expect(report.statementDifferences).toEqual([]);
    expect(report.statementsInProgress).toEqual([]);
  });

  it('ends a job as failed, in words, when its last attempt fails too', async () => {
    const {
      mock,
      worker,
      failures,
      post: postToApp,
    } = await withFailingWorker(() => {
      throw new Error('Connection reset by peer');
    });
    const { csv } = statementCsv({
      count: 200,
      contracts: ['JOB-1'],
      plies: ['graves'],
      months: ['2025-10'],
    });
    const accepted = await postToApp(csv);
    const { jobId } = (await accepted.json()) as { jobId: string };
    await worker.queue.idle();
    mock.restore();
    expect(failures).toHaveLength(1);
    expect(await api.stores.importJobs.get(jobId)).toMatchObject({
      status: 'failed',
      attempts: 3,
      message: expect.stringContaining('Erreur technique'),
    });
  });
});

describe('a big statement’s file name (issue 29)', () => {
  it('is kept on the statement the job imports, with who sent it', async () => {
    const { csv } = statementCsv({
      count: 300,
      contracts: ['JOB-2'],
      plies: ['bordeaux', 'graves'],
      months: ['2025-12'],
    });
    const accepted = await api.call('POST', '/api/hours/import', {
      token: procurement,
      raw: csv,
      headers: {
        'content-type': 'text/csv',
        'x-file-name': encodeURIComponent('gros relevé décembre.csv'),
      },
    });
    expect(accepted.status).toBe(202);
    const job = await followed(accepted.body.jobId);
    expect(job).toMatchObject({ status: 'done', fileName: 'gros relevé décembre.csv' });
    const statement = await api.call('GET', `/api/statements/${job.result.statementId}`, {
      token: procurement,
    });
    expect(statement.body).toMatchObject({
      fileName: 'gros relevé décembre.csv',
      uploadedByName: 'Achats / facilitateur (compte local)',
    });
  });
});
