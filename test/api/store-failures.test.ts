import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '#shared/http/app';
import { devTokenClaims, signDevToken } from '#shared/http/auth';
import { createDocumentClient, localDynamoConfig } from '#shared/store/client';
import { createStoreRegistry } from '#shared/store/index';
import { contractInput, seededApi, type TestApi } from '../support/api';

// Failures that DynamoDB Local cannot produce on demand: throttling, contention between
// transactions, a race lost between a read and a write, an answer lost, DynamoDB's own failure,
// an unexpected fault (a DynamoDB Local hung or stopped: store-outage.test.ts). The mocked client
// passes reads through to the real DynamoDB Local so the rest of the request is genuine.

const SECRET = 'failure-tests';
let real: TestApi;
let contractId: string;
let lineId: string;
const mockedDoc = createDocumentClient(localDynamoConfig('http://127.0.0.1:9'));
const mock = mockClient(mockedDoc);
const errors: string[] = [];

function failingApp() {
  return createApp({
    stores: createStoreRegistry(mockedDoc, real.tableName),
    authenticator: devTokenClaims(SECRET),
    logError: (error) => errors.push(String(error)),
  });
}

async function call(method: string, path: string, body?: unknown) {
  const token = await signDevToken(SECRET, { role: 'procurement' }, new Date());
  const response = await failingApp().request(path, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const passThroughReads = () => {
  mock.on(GetCommand).callsFake((input) => real.doc.send(new GetCommand(input)));
  mock.on(QueryCommand).callsFake((input) => real.doc.send(new QueryCommand(input)));
};

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

beforeAll(async () => {
  const seeded = await seededApi();
  real = seeded.api;
  contractId = (
    await real.call('POST', '/api/contracts', { token: seeded.procurement, body: contractInput() })
  ).body.id;
  const line = await real.call('POST', '/api/hours', {
    token: seeded.procurement,
    body: { contractId, plieId: 'bordeaux', month: '2025-04', hours: 10, mode: 'training' },
  });
  lineId = line.body.id;
});

beforeEach(() => {
  mock.reset();
  errors.length = 0;
  passThroughReads();
});

const hours = () => ({ contractId, plieId: 'bordeaux', month: '2025-05', hours: 3, mode: 'geiq' });

describe('when DynamoDB fails', () => {
  it('turns throttling of a read into 503 with Retry-After', async () => {
    mock.on(QueryCommand).rejects(
      new ProvisionedThroughputExceededException({
        message: 'Rate exceeded for table arn:aws:dynamodb:secret',
        $metadata: {},
      }),
    );
    const response = await call('GET', '/api/plies');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.text).not.toContain('arn:aws');
    expect(response.text).not.toContain('Exception');
  });

  it('retries a transaction that lost to a concurrent one, then succeeds', async () => {
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'TransactionConflict', 'None', 'None', 'None', 'None'))
      .rejectsOnce(cancelled('None', 'TransactionConflict', 'None', 'None', 'None', 'None'))
      .resolves({});
    const response = await call('POST', '/api/hours', hours());
    expect(response.status).toBe(201);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('gives up on a transaction throttled every time with 503, not 500', async () => {
    mock
      .on(TransactWriteCommand)
      .rejects(cancelled('ThrottlingError', 'None', 'None', 'None', 'None', 'None'));
    const response = await call('POST', '/api/hours', hours());
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(mock.commandCalls(TransactWriteCommand).length).toBeGreaterThan(1);
  });

  it('answers 503 when a write’s answer is lost, without trying the write again', async () => {
    // What the SDK throws once its own retries are spent; the write may have been applied, so
    // only the client, with its idempotency key, may send it again.
    mock.on(TransactWriteCommand).rejects(
      Object.assign(new Error('socket hang up at 10.0.3.7'), {
        name: 'TimeoutError',
        code: 'ECONNRESET',
      }),
    );
    const response = await call('POST', '/api/hours', hours());
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(JSON.parse(response.text).detail).toBe(
      'Le service ne répond pas pour le moment : réessayez dans quelques secondes.',
    );
    expect(response.text).not.toContain('10.0.3.7');
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('turns DynamoDB’s own failure (500 after the SDK’s retries) into 503, not 500', async () => {
    mock.on(QueryCommand).rejects(
      new InternalServerError({
        message: 'Internal server error',
        $metadata: { httpStatusCode: 500 },
      }),
    );
    const response = await call('GET', '/api/plies');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(errors).toEqual([]);
  });

  it('answers 409 when another user voided the line between our read and our write', async () => {
    mock
      .on(TransactWriteCommand)
      .rejects(cancelled('ConditionalCheckFailed', 'None', 'None', 'None', 'None', 'None'));
    const response = await call('POST', `/api/hours/${lineId}/void`, { reason: 'doublon' });
    expect(response.status).toBe(409);
    expect(JSON.parse(response.text).detail).toContain('déjà annulée');
  });

  it('answers 409 when the contract reference was taken meanwhile', async () => {
    mock.on(TransactWriteCommand).rejects(cancelled('None', 'ConditionalCheckFailed', 'None'));
    const response = await call('POST', '/api/contracts', contractInput());
    expect(response.status).toBe(409);
  });

  it('hides an unexpected fault behind a 500 with a reference, and logs it', async () => {
    mock.on(TransactWriteCommand).rejects(new Error('socket hang up at 10.0.3.7 password=hunter2'));
    const response = await call('POST', '/api/hours', hours());
    expect(response.status).toBe(500);
    const problem = JSON.parse(response.text);
    expect(problem).toMatchObject({ status: 500, type: 'urn:clause-tracker:problem:internal' });
    expect(response.text).not.toContain('hunter2');
    expect(response.text).not.toContain('10.0.3.7');
    expect(response.text).not.toMatch(/at .*\.ts/);
    expect(problem.detail).toMatch(/Référence : [0-9A-Z]{26}/);
    expect(errors).toHaveLength(1);
  });
});
