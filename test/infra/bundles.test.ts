import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_DECP_RECORD } from '../fixtures/decp/records';
import { createTestTable, type TestTable } from '../support/dynamo';
import { httpApiEvent } from '../support/lambda-events';

// `cdk synth` as a deployment runs it, then the bundles it produced, run as Lambda would run
// them: the API bundle on API Gateway v2 events against DynamoDB Local, the dispatcher on a
// Scheduler event against a local stand-in for SQS, the report bundle on the SQS messages it
// queued against a local stand-in for SES. This proves the artifacts, not only the source.

const ROOT = new URL('../..', import.meta.url).pathname;
const outdir = mkdtempSync(join(tmpdir(), 'cdk-out-'));
let bundles: { api: string; report: string; dispatcher: string; worker: string };
let table: TestTable;
let ses: Server;
let storage: Server;
const objects = new Map<string, Buffer>();
const messages: { queueUrl: string; body: string }[] = [];
/** What the dispatcher sent (SendMessageBatch), apart from the import jobs' messages. */
const batched: { queueUrl: string; body: string }[] = [];
const received: {
  path: string;
  body: {
    FromEmailAddress?: string;
    Destination?: { ToAddresses?: string[] };
    Content?: { Raw?: { Data?: string } };
  };
}[] = [];

/** Runs events through a bundle in its own Node process (asynchronously: the SES stand-in lives here). */
function run(bundle: string, env: Record<string, string>, events: unknown[]) {
  return new Promise<{
    initMs: number;
    results: { ok?: any; error?: string; stack?: string }[];
    stderr: string;
  }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'test/support/run-bundle.mjs'), bundle], {
      env: {
        PATH: process.env.PATH,
        AWS_REGION: 'eu-west-3',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) =>
      code === 0
        ? resolve({ ...JSON.parse(stdout), stderr })
        : reject(new Error(stderr.slice(-2000))),
    );
    child.stdin.end(JSON.stringify(events));
  });
}

beforeAll(async () => {
  const synth = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', outdir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (synth.status !== 0) throw new Error(`cdk synth failed:\n${synth.stderr.slice(-3000)}`);
  const template = JSON.parse(
    readFileSync(join(outdir, 'clause-tracker-demo.template.json'), 'utf8'),
  );
  const assetOf = (prefix: string) => {
    const [, resource] = Object.entries<any>(template.Resources).find(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith(prefix),
    ) as [string, any];
    return join(outdir, resource.Metadata['aws:asset:path']);
  };
  bundles = {
    api: assetOf('ApiFunction'),
    report: assetOf('ReportFunction'),
    dispatcher: assetOf('ReportDispatcher'),
    worker: assetOf('ImportWorker'),
  };
  table = await createTestTable();
  ses = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(body) });
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ MessageId: `local-${received.length}` }));
    });
  });
  await new Promise<void>((done) => ses.listen(0, '127.0.0.1', done));
  // S3 (path-style objects) and SQS (its JSON protocol) as the import bundles call them.
  storage = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const target = request.headers['x-amz-target'];
      const key = (request.url ?? '').split('?')[0] as string;
      if (target === 'AmazonSQS.SendMessageBatch') {
        const { QueueUrl, Entries } = JSON.parse(body.toString('utf8')) as {
          QueueUrl: string;
          Entries: { Id: string; MessageBody: string }[];
        };
        const Successful = Entries.map((entry) => {
          batched.push({ queueUrl: QueueUrl, body: entry.MessageBody });
          return {
            Id: entry.Id,
            MessageId: `b-${batched.length}`,
            MD5OfMessageBody: createHash('md5').update(entry.MessageBody).digest('hex'),
          };
        });
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ Successful, Failed: [] }));
      } else if (target === 'AmazonSQS.SendMessage') {
        const { QueueUrl, MessageBody } = JSON.parse(body.toString('utf8'));
        messages.push({ queueUrl: QueueUrl, body: MessageBody });
        response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(
          JSON.stringify({
            MessageId: `m-${messages.length}`,
            MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex'),
          }),
        );
      } else if (request.method === 'PUT') {
        objects.set(key, body);
        response.writeHead(200, { etag: '"local"' });
        response.end();
      } else if (request.method === 'HEAD') {
        const object = objects.get(key);
        response.writeHead(object ? 200 : 404, object ? { 'content-length': object.length } : {});
        response.end();
      } else if (request.method === 'GET' && objects.has(key)) {
        const object = objects.get(key) as Buffer;
        response.writeHead(200, { 'content-length': object.length });
        response.end(object);
      } else {
        response.writeHead(404, { 'content-type': 'application/xml' });
        response.end('<Error><Code>NoSuchKey</Code></Error>');
      }
    });
  });
  await new Promise<void>((done) => storage.listen(0, '127.0.0.1', done));
}, 120_000);

afterAll(() => {
  ses?.close();
  storage?.close();
  rmSync(outdir, { recursive: true, force: true });
});

const apiEnv = () => ({ TABLE_NAME: table.tableName, AWS_ENDPOINT_URL_DYNAMODB: table.endpoint });

describe('the bundles cdk synth produced', () => {
  it('are self-contained and small: the SDK inside, two zod locales, source maps', () => {
    for (const dir of [bundles.api, bundles.report, bundles.dispatcher, bundles.worker]) {
      const size = statSync(join(dir, 'index.mjs')).size;
      expect(size).toBeLessThan(1_500_000);
      expect(statSync(join(dir, 'index.mjs.map')).size).toBeGreaterThan(0);
      // The entry and the chunks it imports on demand (route groups, XLSX…), side modules apart.
      const code = readdirSync(dir)
        .filter((f) => /^(index|chunk-\w+)\.mjs$/.test(f))
        .map((f) => readFileSync(join(dir, f), 'utf8'))
        .join('\n');
      // Booleans, not the code itself, in the assertions: a failure must not print a megabyte.
      // (The one SDK require left is the optional CRT signer, inside a try/catch.)
      expect(
        /(require\(|from|import\()\s*"@(aws-sdk\/(client|lib|core|util)|smithy)/.test(code),
      ).toBe(false);
      // German zod messages are left out; French ones are in.
      expect(code.includes('Ungültige Eingabe')).toBe(false);
      expect(code.includes('Entrée invalide')).toBe(true);
    }
  });

  it('the API bundle carries the built pages and serves them, signing in through Cognito', async () => {
    const index = readFileSync(join(bundles.api, 'web', 'index.html'), 'utf8');
    const script = /src="\/assets\/(app-[\w]+\.js)"/.exec(index)?.[1] as string;
    expect(statSync(join(bundles.api, 'web', 'assets', script)).size).toBeLessThan(200_000);
    const env = {
      ...apiEnv(),
      LAMBDA_TASK_ROOT: bundles.api,
      COGNITO_DOMAIN: 'https://clause-tracker-demo.auth.eu-west-3.amazoncognito.com',
      COGNITO_CLIENT_ID: 'client123',
      PAGES_URL: 'https://abc123.execute-api.eu-west-3.amazonaws.com/',
    };
    const { results } = await run(bundles.api, env, [
      httpApiEvent({ method: 'GET', path: '/' }),
      httpApiEvent({ method: 'GET', path: '/app-config.json' }),
      httpApiEvent({ method: 'GET', path: `/assets/${script}` }),
    ]);
    expect(results[0]?.ok).toMatchObject({
      statusCode: 200,
      headers: expect.objectContaining({ 'content-type': expect.stringContaining('text/html') }),
    });
    expect(JSON.parse(results[1]?.ok.body)).toEqual({
      mode: 'cognito',
      domain: env.COGNITO_DOMAIN,
      clientId: 'client123',
      redirectUri: env.PAGES_URL,
    });
    expect(results[2]?.ok.statusCode).toBe(200);
  });

  it('the API bundle answers API Gateway v2 events with the authorizer’s claims, against DynamoDB Local', async () => {
    const admin = { sub: 'u-admin', 'cognito:groups': '[admin]' };
    const coordinator = {
      sub: 'u-coord',
      'cognito:groups': ['plie-coordinator'],
      'custom:plieId': 'graves',
    };
    const json = { 'content-type': 'application/json' };
    const { results, initMs } = await run(bundles.api, apiEnv(), [
      httpApiEvent({ method: 'GET', path: '/health' }),
      httpApiEvent({
        method: 'PUT',
        path: '/api/plies/graves',
        headers: json,
        body: JSON.stringify({ name: 'PLIE des Graves' }),
        claims: admin,
      }),
      httpApiEvent({ method: 'GET', path: '/api/plies', claims: coordinator }),
      httpApiEvent({
        method: 'GET',
        path: '/api/participants',
        query: 'plieId=bordeaux',
        claims: coordinator,
      }),
      httpApiEvent({ method: 'GET', path: '/api/plies' }),
      httpApiEvent({ method: 'POST', path: '/dev/token', headers: json, body: '{"role":"admin"}' }),
      httpApiEvent({
        method: 'POST',
        path: '/api/hours',
        headers: json,
        body: '{"hours": 3',
        claims: admin,
      }),
    ]);
    expect(initMs).toBeGreaterThan(0);
    const statuses = results.map((r) => r.ok?.statusCode ?? r.error);
    expect(statuses).toEqual([200, 201, 200, 403, 401, 404, 400]);
    expect(JSON.parse(results[2]?.ok.body).items.map((p: { id: string }) => p.id)).toEqual([
      'graves',
    ]);
    expect(results[6]?.ok.headers['content-type']).toContain('application/problem+json');
  });

  it('answers from every route group when that group is the first the process loads', async () => {
    // esbuild's code splitting does not keep the evaluation order across chunks: a schema module
    // evaluated before zod's `.openapi()` extension made the contracts group answer 500 when it
    // was a cold process's first request (the cold-start bench's GET /api/contracts/{id}). zod is
    // not loaded at init: every route group is imported after the extension (withZod).
    const admin = { sub: 'u-admin', 'cognito:groups': '[admin]' };
    const firsts = [
      '/api/plies',
      '/api/contracts/C-UNKNOWN',
      '/api/participants?plieId=graves',
      '/api/statements',
      '/api/imports',
      '/api/funding?year=2026',
      '/api/compliance?year=2026',
      '/api/bilans/2026',
      '/api/settings/buyer-contacts',
      '/api/changes',
      // The other groups, the public open data and the OpenAPI document: each loads schemas
      // once zod's extension has run (shared/http/route-groups.ts, withZod), not at init.
      '/api/hours',
      '/api/reports',
      '/api/open-data',
      '/api/settings/reminders',
      '/api/tenants',
      '/api/consolidation',
      '/api/exports',
      '/open-data/default/datapackage.json',
      '/openapi.json',
    ];
    const statuses = await Promise.all(
      firsts.map(async (target) => {
        const [path, query] = target.split('?') as [string, string | undefined];
        const { results } = await run(bundles.api, apiEnv(), [
          httpApiEvent({ method: 'GET', path, ...(query ? { query } : {}), claims: admin }),
        ]);
        return `${target} ${results[0]?.ok?.statusCode ?? results[0]?.error}`;
      }),
    );
    // The ordering fault answers 500. A 503 comes from a route that ran, its group loaded: the
    // exports answer it here, where no file storage is configured.
    expect(statuses.filter((s) => !/ ([234]\d\d|503)$/.test(s))).toEqual([]);
  });

  it('logs an unexpected error with its stack in the TypeScript sources, without --enable-source-maps', async () => {
    // A table that does not exist: the store's read fails in a way the API does not expect (500).
    const { results, stderr } = await run(
      bundles.api,
      { ...apiEnv(), TABLE_NAME: 'no-such-table' },
      [
        httpApiEvent({
          method: 'GET',
          path: '/api/plies',
          claims: { sub: 'u', 'cognito:groups': '[admin]' },
        }),
      ],
    );
    expect(results[0]?.ok?.statusCode).toBe(500);
    const logged = stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line))
      .find((line) => line.message === 'Unhandled error');
    const stack: string = logged?.error?.stack ?? '';
    expect(stack).toContain('ResourceNotFoundException');
    // Every frame of the bundle is mapped: none names a bundle file.
    expect(stack).not.toMatch(/\.mjs:\d+/);
    // Our own frames name the source file and a line that exists in it.
    const ours = [...stack.matchAll(/\((shared\/[\w/.-]+\.ts):(\d+):(\d+)\)/g)];
    expect(ours.length).toBeGreaterThan(0);
    for (const [, file, line] of ours) {
      const lines = readFileSync(join(ROOT, file as string), 'utf8').split('\n');
      expect(lines[Number(line) - 1]?.trim()).toBeTruthy();
    }
  });

  it('a function that throws hands the runtime a stack in the TypeScript sources', async () => {
    const { results } = await run(bundles.dispatcher, { ...apiEnv(), SCHEDULE_QUEUE_URL: 'none' }, [
      { month: '2026-13' },
    ]);
    expect(results[0]?.error).toContain('month must be YYYY-MM');
    const stack = results[0]?.stack ?? '';
    // No frame left in the bundle's files (the harness, run-bundle.mjs, is not bundled).
    expect(stack).not.toContain(bundles.dispatcher);
    expect(stack).toMatch(/\(functions\/report-dispatcher\/index\.ts:\d+:\d+\)/);
  });

  it('a Scheduler event goes through the dispatcher bundle to the queue, one job per structure, and the report bundle sends each structure’s messages once', async () => {
    const endpoint = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
    const queueUrl = `${endpoint}/123456789012/scheduled-jobs`;
    // A second structure, with its PLIE and its coordinator, through the API bundle.
    await table.registry.tenants.create({
      id: 'isere',
      name: 'Isère',
      createdAt: '2025-01-01T00:00:00Z',
      createdBy: 'test',
    });
    const created = await run(bundles.api, apiEnv(), [
      httpApiEvent({
        method: 'PUT',
        path: '/api/plies/grenoble',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'PLIE de Grenoble',
          activeFrom: null,
          coordinatorEmails: ['coord@grenoble.example'],
        }),
        claims: { sub: 'u-isere', 'cognito:groups': ['admin'], 'custom:tenant': 'isere' },
      }),
    ]);
    expect(created.results[0]?.ok.statusCode).toBe(201);

    const dispatched = await run(
      bundles.dispatcher,
      { ...apiEnv(), SCHEDULE_QUEUE_URL: queueUrl, AWS_ENDPOINT_URL_SQS: endpoint },
      [{ source: 'clause-tracker.schedule', month: '2025-10' }],
    );
    expect(dispatched.results[0]?.ok).toEqual({
      month: '2025-10',
      queued: 2,
      tenants: ['default', 'isere'],
    });
    const queued = batched;
    expect(queued.map((m) => m.queueUrl)).toEqual([queueUrl, queueUrl]);
    expect(queued.map((m) => JSON.parse(m.body))).toEqual([
      { kind: 'report', tenant: 'default', month: '2025-10' },
      { kind: 'report', tenant: 'isere', month: '2025-10' },
    ]);

    const env = {
      ...apiEnv(),
      AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${(ses.address() as AddressInfo).port}`,
      SENDER_ADDRESS: 'rapports@metropole.example',
      REPORT_RECIPIENTS: 'achats@metropole.example',
    };
    // One message per invocation (batch size 1), each twice: SQS delivers at least once.
    const sqsEvent = (i: number) => ({
      Records: [{ messageId: `job-${i}`, body: queued[i]?.body, attributes: {} }],
    });
    const { results } = await run(bundles.report, env, [
      sqsEvent(0),
      sqsEvent(1),
      sqsEvent(0),
      sqsEvent(1),
    ]);
    expect(results.map((r) => r.ok)).toEqual(Array(4).fill({ batchItemFailures: [] }));
    expect(received.map((r) => r.body.Destination?.ToAddresses?.[0]).sort()).toEqual([
      'achats@metropole.example',
      'coord@grenoble.example',
    ]);
    for (const call of received) {
      expect(call.path).toBe('/v2/email/outbound-emails');
      expect(call.body.FromEmailAddress).toBe('rapports@metropole.example');
    }
    const mimeTo = async (address: string) =>
      PostalMime.parse(
        Buffer.from(
          received.find((r) => r.body.Destination?.ToAddresses?.[0] === address)?.body.Content?.Raw
            ?.Data as string,
          'base64',
        ),
      );
    const full = await mimeTo('achats@metropole.example');
    expect(full.subject).toBe('Rapport mensuel — octobre 2025');
    expect(full.html).toContain('Rapport mensuel');
    expect(full.text).toContain('Heures du mois');
    expect(full.attachments[0]?.filename).toBe('rapport-2025-10.csv');
    const isere = await mimeTo('coord@grenoble.example');
    expect(isere.subject).toBe('Rapport mensuel — octobre 2025 — PLIE de Grenoble');
    expect(isere.html).not.toContain('PLIE des Graves');
  }, 60_000);

  it('a big statement goes from the API bundle to S3 and SQS, and the worker bundle imports it', async () => {
    const endpoint = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
    const queueUrl = `${endpoint}/123456789012/imports`;
    const env = {
      ...apiEnv(),
      UPLOAD_BUCKET: 'uploads-test',
      IMPORT_QUEUE_URL: queueUrl,
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ENDPOINT_URL_SQS: endpoint,
    };
    const admin = { sub: 'u-admin', 'cognito:groups': ['admin'] };
    const json = { 'content-type': 'application/json' };
    const contract = {
      reference: 'BIG-1',
      title: 'Entretien des espaces verts',
      buyer: { name: 'Métropole' },
      awardee: { name: 'Jardins SA', siret: '73282932000074' },
      kind: 'services',
      amount: 500000,
      notifiedOn: '2025-01-01',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      targetHours: 5000,
      allocation: { mode: 'single', plieId: 'landes' },
      socialConsiderations: ['social-clause'],
    };
    // 8,000 lines (about 230 KB): over the inline size, so the API answers 202.
    const lines = Array.from(
      { length: 8000 },
      (_, i) => `BIG-1;landes;;2025-${String((i % 12) + 1).padStart(2, '0')};1;geiq`,
    );
    const csv = ['Référence du marché;PLIE;Participant;Mois;Heures;Modalité', ...lines].join('\n');
    const api = await run(bundles.api, env, [
      httpApiEvent({
        method: 'PUT',
        path: '/api/plies/landes',
        headers: json,
        body: JSON.stringify({ name: 'PLIE des Landes', activeFrom: null }),
        claims: admin,
      }),
      httpApiEvent({
        method: 'POST',
        path: '/api/contracts',
        headers: json,
        body: JSON.stringify(contract),
        claims: admin,
      }),
      httpApiEvent({
        method: 'POST',
        path: '/api/hours/import',
        headers: { 'content-type': 'text/csv' },
        body: csv,
        claims: admin,
      }),
    ]);
    expect(api.results.map((r) => r.ok?.statusCode ?? r.error)).toEqual([201, 201, 202]);
    const { jobId } = JSON.parse(api.results[2]?.ok.body);
    expect([...objects.keys()]).toEqual([`/uploads-test/imports/${jobId}.csv`]);
    expect(objects.get(`/uploads-test/imports/${jobId}.csv`)?.toString('utf8')).toBe(csv);
    expect(messages).toEqual([{ queueUrl, body: JSON.stringify({ tenant: 'default', jobId }) }]);

    const worker = await run(bundles.worker, env, [
      { Records: [{ messageId: 'm-1', body: messages[0]?.body }] },
      { Records: [{ messageId: 'm-2', body: '{"not":"a job"}' }] },
    ]);
    expect(worker.results.map((r) => r.ok)).toEqual([
      { batchItemFailures: [] },
      { batchItemFailures: [{ itemIdentifier: 'm-2' }] },
    ]);
    const followed = await run(bundles.api, env, [
      httpApiEvent({ method: 'GET', path: `/api/imports/${jobId}`, claims: admin }),
    ]);
    expect(JSON.parse(followed.results[0]?.ok.body)).toMatchObject({
      status: 'done',
      done: 8000,
      total: 8000,
      result: { imported: 8000, lines: 8000 },
    });
  }, 120_000);

  it('a file too big for a request goes to the bucket with a URL the API bundle signs', async () => {
    const endpoint = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
    const env = {
      ...apiEnv(),
      UPLOAD_BUCKET: 'uploads-test',
      IMPORT_QUEUE_URL: `${endpoint}/123456789012/imports`,
      UPLOAD_ORIGIN: 'https://uploads-test.s3.eu-west-3.amazonaws.com',
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ENDPOINT_URL_SQS: endpoint,
    };
    const admin = { sub: 'u-admin', 'cognito:groups': ['admin'] };
    const json = { 'content-type': 'application/json' };
    const prepared = await run(bundles.api, env, [
      httpApiEvent({
        method: 'POST',
        path: '/api/imports',
        headers: json,
        body: JSON.stringify({ kind: 'decp', format: 'json' }),
        claims: admin,
      }),
      httpApiEvent({ method: 'GET', path: '/' }),
    ]);
    const target = JSON.parse(prepared.results[0]?.ok.body);
    const url = new URL(target.uploadUrl);
    expect(`${url.origin}${url.pathname}`).toBe(
      `${endpoint}/uploads-test/imports/${target.jobId}.json`,
    );
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    // The pages may send files to the bucket, and nowhere else.
    expect(prepared.results[1]?.ok.headers['content-security-policy']).toContain(
      "connect-src 'self' https://uploads-test.s3.eu-west-3.amazonaws.com;",
    );
    // Served over HTTPS only: browsers are told so.
    expect(prepared.results[1]?.ok.headers['strict-transport-security']).toContain('max-age=');
    // A DECP file: the worker bundle streams it from the bucket (GetObject's body) and writes
    // its refused record beside it.
    const document = JSON.stringify({
      marches: [
        { ...REAL_DECP_RECORD, id: 'BUNDLE-1' },
        { ...REAL_DECP_RECORD, id: 'BUNDLE-2', dateNotification: '31/12/2025' },
      ],
    });
    const put = await fetch(target.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': target.contentType },
      body: document,
    });
    expect(put.status).toBe(200);
    const before = messages.length;
    const started = await run(bundles.api, env, [
      httpApiEvent({
        method: 'POST',
        path: `/api/imports/${target.jobId}/start`,
        headers: json,
        body: JSON.stringify({ kind: 'decp', format: 'json', fileName: 'decp-national.json' }),
        claims: admin,
      }),
    ]);
    expect(started.results[0]?.ok.statusCode).toBe(202);
    expect(messages.slice(before)).toHaveLength(1);
    const worker = await run(bundles.worker, env, [
      { Records: [{ messageId: 'd-1', body: messages.at(-1)?.body }] },
    ]);
    expect(worker.results.map((r) => r.ok)).toEqual([{ batchItemFailures: [] }]);
    expect(objects.has(`/uploads-test/imports/${target.jobId}-refus.csv`)).toBe(true);
    const followed = await run(bundles.api, env, [
      httpApiEvent({ method: 'GET', path: `/api/imports/${target.jobId}`, claims: admin }),
    ]);
    const job = JSON.parse(followed.results[0]?.ok.body);
    expect(job).toMatchObject({ status: 'done', total: 2, errorCount: 1, result: { created: 1 } });
    const refusals = new URL(job.refusalsUrl);
    expect(`${refusals.origin}${refusals.pathname}`).toBe(
      `${endpoint}/uploads-test/imports/${target.jobId}-refus.csv`,
    );
    expect(refusals.searchParams.get('X-Amz-Expires')).toBe('900');
  }, 60_000);

  it('a structure’s export: the worker bundle writes it to S3, the API bundle signs its download', async () => {
    const endpoint = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
    const env = {
      ...apiEnv(),
      UPLOAD_BUCKET: 'uploads-test',
      IMPORT_QUEUE_URL: `${endpoint}/123456789012/imports`,
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ENDPOINT_URL_SQS: endpoint,
    };
    const admin = { sub: 'u-admin', 'cognito:groups': ['admin'], name: 'Admin Export' };
    const json = { 'content-type': 'application/json' };
    const asked = await run(bundles.api, env, [
      httpApiEvent({
        method: 'PUT',
        path: '/api/plies/export-plie',
        headers: json,
        body: JSON.stringify({ name: 'PLIE exporté', activeFrom: null }),
        claims: admin,
      }),
      httpApiEvent({
        method: 'POST',
        path: '/api/exports',
        headers: json,
        body: JSON.stringify({ format: 'json' }),
        claims: admin,
      }),
    ]);
    expect(asked.results.map((r) => r.ok?.statusCode ?? r.error)).toEqual([201, 202]);
    const { id } = JSON.parse(asked.results[1]?.ok.body);
    const message = messages.at(-1) as { body: string };
    expect(JSON.parse(message.body)).toEqual({ tenant: 'default', jobId: id });

    const worker = await run(bundles.worker, env, [
      { Records: [{ messageId: 'e-1', body: message.body }] },
    ]);
    expect(worker.results.map((r) => r.ok)).toEqual([{ batchItemFailures: [] }]);
    expect(objects.has(`/uploads-test/exports/${id}.json`)).toBe(true);

    const followed = await run(bundles.api, env, [
      httpApiEvent({ method: 'GET', path: `/api/exports/${id}`, claims: admin }),
      httpApiEvent({ method: 'GET', path: `/api/exports/${id}/file`, claims: admin }),
    ]);
    const job = JSON.parse(followed.results[0]?.ok.body);
    expect(job).toMatchObject({ status: 'done', format: 'json', expired: false });
    // A URL signed for a quarter of an hour, that saves the file under its name.
    const url = new URL(job.download.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${endpoint}/uploads-test/exports/${id}.json`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('response-content-disposition')).toBe(
      `attachment; filename="${job.fileName}"`,
    );
    // The API's own file route sends there too: a Lambda answer holds 6 MB at most.
    expect(followed.results[1]?.ok.statusCode).toBe(303);
    const downloaded = await (await fetch(job.download.url)).json();
    expect(downloaded.structure.id).toBe('default');
    expect(downloaded.plies.map((p: { id: string }) => p.id)).toContain('export-plie');
    expect(downloaded.exportedBy).toEqual({ sub: 'u-admin', name: 'Admin Export' });
    expect(downloaded.counts.hourLines).toBe(downloaded.hourLines.length);
  }, 120_000);
});
