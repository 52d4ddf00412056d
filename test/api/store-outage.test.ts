import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '#shared/http/app';
import { devTokenClaims, signDevToken } from '#shared/http/auth';
import { createDocumentClient, localDynamoConfig, STORE_TIMEOUTS } from '#shared/store/client';
import { createStoreRegistry } from '#shared/store/index';
import { type RunningDynamo, startDynamoLocal } from '../../infra/local/dynamodb-local';
import { freePort } from '../../infra/local/ports';
import { createTestTable } from '../support/dynamo';

// DynamoDB down, for real: this file starts a DynamoDB Local of its own, pauses its Java process
// (SIGSTOP: connections are still accepted, nothing answers, as when DynamoDB hangs), wakes it,
// then stops it (connections refused). Every answer meanwhile is a 503 with Retry-After, within
// the client's timeouts (shared/store/client.ts), never a request hanging as long as DynamoDB.

const SECRET = 'outage-tests';
/** The client gives up after about 7 s; the rest is slack for a slow machine. */
const BOUNDED_MS = 15_000;

let dynamo: RunningDynamo;
let pid: number;
let paused = false;
let app: App;
let token: string;
const errors: unknown[] = [];

beforeAll(async () => {
  dynamo = await startDynamoLocal({ port: await freePort(), dataDir: null });
  if (!dynamo.pid) throw new Error('DynamoDB Local was not started by this test');
  pid = dynamo.pid;
  const table = await createTestTable(dynamo.endpoint);
  // The client as AWS runs it (createDocumentClient's timeouts), not DynamoDB Local's leniency.
  const { requestHandler: _lenient, ...local } = localDynamoConfig(dynamo.endpoint);
  app = createApp({
    stores: createStoreRegistry(createDocumentClient(local), table.tableName),
    authenticator: devTokenClaims(SECRET),
    logError: (error) => errors.push(error),
  });
  token = await signDevToken(SECRET, { role: 'procurement' }, new Date());
}, 60_000);

afterAll(async () => {
  // A paused process cannot end on SIGTERM.
  if (paused) process.kill(pid, 'SIGCONT');
  await dynamo?.stop();
});

const pause = () => {
  process.kill(pid, 'SIGSTOP');
  paused = true;
};
const resume = () => {
  process.kill(pid, 'SIGCONT');
  paused = false;
};

async function timed(path: string) {
  const started = performance.now();
  const response = await app.request(path, { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return {
    path,
    ms: performance.now() - started,
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    contentType: response.headers.get('content-type'),
    text,
  };
}

/** The answers to a normal API read and to the health check, asked together. */
const both = () => Promise.all([timed('/api/contracts'), timed('/health')]);

function expectUnavailable(answer: Awaited<ReturnType<typeof timed>>, withinMs: number) {
  expect(answer, answer.path).toMatchObject({ status: 503, retryAfter: '5' });
  expect(answer.contentType).toContain('application/problem+json');
  expect(JSON.parse(answer.text)).toEqual({
    type: 'urn:clause-tracker:problem:unavailable',
    title: 'Service momentanément indisponible',
    status: 503,
    detail: 'Le service ne répond pas pour le moment : réessayez dans quelques secondes.',
  });
  expect(answer.ms, `${answer.path} answered in ${Math.round(answer.ms)} ms`).toBeLessThan(
    withinMs,
  );
}

describe('when DynamoDB hangs or is gone', () => {
  it('answers 200 while DynamoDB answers', async () => {
    const [contracts, health] = await both();
    expect(contracts.status).toBe(200);
    expect(health).toMatchObject({ status: 200, text: '{"status":"ok"}' });
  });

  it('answers 503 with Retry-After within the timeouts while it hangs, 200 once it wakes', async () => {
    pause();
    try {
      for (const answer of await both()) expectUnavailable(answer, BOUNDED_MS);
    } finally {
      resume();
    }
    const [contracts, health] = await both();
    expect(contracts.status).toBe(200);
    expect(health.status).toBe(200);
    // A 503 is expected, not a fault to investigate: nothing was logged as a 500.
    expect(errors).toEqual([]);
  }, 60_000);

  it('answers 503 at once when it is gone: a refused connection waits for no timeout', async () => {
    await dynamo.stop();
    for (const answer of await both()) {
      expectUnavailable(answer, STORE_TIMEOUTS.requestTimeout);
    }
    expect(errors).toEqual([]);
  }, 60_000);
});
