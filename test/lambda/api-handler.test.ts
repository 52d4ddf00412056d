import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestTable } from '../support/dynamo';
import { httpApiEvent, lambdaContext } from '../support/lambda-events';

// The real Lambda entry point (functions/api), driven by API Gateway v2 events whose identity
// comes from the JWT authorizer's claims, against DynamoDB Local through the SDK's standard
// configuration (AWS_ENDPOINT_URL_DYNAMODB), as the deployed function is.

type Handler = (
  event: unknown,
  context: unknown,
) => Promise<{ statusCode: number; headers: Record<string, string>; body: string }>;
let handler: Handler;

const admin = { sub: 'u-admin', 'cognito:groups': '[admin]', token_use: 'access' };
const procurement = { sub: 'u-proc', 'cognito:groups': ['procurement'] };
const gravesCoordinator = {
  sub: 'u-graves',
  'cognito:groups': '[plie-coordinator]',
  'custom:plieId': 'graves',
};

async function invoke(options: Parameters<typeof httpApiEvent>[0]) {
  const result = await handler(httpApiEvent(options), lambdaContext);
  return { ...result, json: result.body ? JSON.parse(result.body) : null };
}

beforeAll(async () => {
  const table = await createTestTable();
  vi.stubEnv('TABLE_NAME', table.tableName);
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', table.endpoint);
  vi.stubEnv('AWS_REGION', 'eu-west-3');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  ({ handler } = (await import('../../functions/api/index')) as unknown as { handler: Handler });
});

describe('the API Lambda handler', () => {
  it('answers /health with no authorizer context', async () => {
    const response = await invoke({ method: 'GET', path: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ status: 'ok' });
  });

  it('takes the identity from bracketed-string and array claims alike', async () => {
    const put = await invoke({
      method: 'PUT',
      path: '/api/plies/graves',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'PLIE des Graves', activeFrom: null }),
      claims: admin,
    });
    expect(put.statusCode).toBe(201);
    const list = await invoke({ method: 'GET', path: '/api/plies', claims: procurement });
    expect(list.statusCode).toBe(200);
    expect(list.json.items.map((p: { id: string }) => p.id)).toEqual(['graves']);
  });

  it('refuses /api without authorizer claims (401) and a coordinator out of their PLIE (403)', async () => {
    const anonymous = await invoke({ method: 'GET', path: '/api/plies' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    // A forged Authorization header means nothing behind the authorizer.
    const forged = await invoke({
      method: 'GET',
      path: '/api/plies',
      headers: { authorization: 'Bearer abc' },
    });
    expect(forged.statusCode).toBe(401);
    const other = await invoke({
      method: 'GET',
      path: '/api/participants',
      query: 'plieId=bordeaux',
      claims: gravesCoordinator,
    });
    expect(other.statusCode).toBe(403);
    const own = await invoke({
      method: 'GET',
      path: '/api/participants',
      claims: gravesCoordinator,
    });
    expect(own.statusCode).toBe(200);
  });

  it('has no dev-token route', async () => {
    const response = await invoke({
      method: 'POST',
      path: '/dev/token',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'admin' }),
    });
    expect(response.statusCode).toBe(404);
  });

  it('logs hours with an idempotency key, and a replay returns the same line', async () => {
    const contract = await invoke({
      method: 'POST',
      path: '/api/contracts',
      headers: { 'content-type': 'application/json' },
      claims: procurement,
      body: JSON.stringify({
        reference: 'LAMBDA-1',
        title: 'Voirie',
        buyer: { name: 'Bordeaux Métropole' },
        awardee: { name: 'Routes SA', siret: '41234567800012' },
        kind: 'works',
        amount: 500000,
        notifiedOn: '2025-01-02',
        startsOn: '2025-01-02',
        endsOn: '2025-12-31',
        targetHours: 300,
        allocation: { mode: 'single', plieId: 'graves' },
        socialConsiderations: ['social-clause'],
      }),
    });
    expect(contract.statusCode).toBe(201);
    const request = {
      method: 'POST',
      path: '/api/hours',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'lambda-line-1' },
      claims: procurement,
      body: JSON.stringify({
        contractId: contract.json.id,
        plieId: 'graves',
        month: '2025-06',
        hours: 21,
        mode: 'temporary-work',
      }),
    };
    const first = await invoke(request);
    expect(first.statusCode).toBe(201);
    const replay = await invoke(request);
    expect(replay.statusCode).toBe(201);
    expect(replay.json.id).toBe(first.json.id);
    const read = await invoke({
      method: 'GET',
      path: `/api/contracts/${contract.json.id}`,
      claims: gravesCoordinator,
    });
    expect(read.json.hoursLogged).toBe(21);
  });

  it('answers invalid input with problem JSON', async () => {
    const response = await invoke({
      method: 'POST',
      path: '/api/hours',
      headers: { 'content-type': 'application/json' },
      claims: procurement,
      body: '{"hours": "lots"',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json.type).toBe('urn:clause-tracker:problem:invalid-input');
  });
});
