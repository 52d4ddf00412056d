import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#shared/http/app';
import { authorizerClaims } from '#shared/http/auth';
import { createTestTable } from '../support/dynamo';

// The hosted sign-in's last step: the pages send the authorization code to POST /auth/token,
// which exchanges it with Cognito. A stand-in for Cognito's token endpoint, on this machine,
// answers as Cognito does — or slowly, or with an error — and the pages get a clear answer.

let cognito: Server;
let behaviour: 'ok' | 'slow' | 'down' | 'refuses' = 'ok';
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  cognito = createServer((request, response) => {
    if (request.url !== '/oauth2/token') return void response.writeHead(404).end();
    if (behaviour === 'slow') return; // never answers
    if (behaviour === 'down') return void response.writeHead(503).end('Service Unavailable');
    if (behaviour === 'refuses')
      return void response
        .writeHead(400, { 'content-type': 'application/json' })
        .end('{"error":"invalid_grant"}');
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end('{"id_token":"header.payload.signature","expires_in":3600,"token_type":"Bearer"}');
  });
  await new Promise<void>((done) => cognito.listen(0, '127.0.0.1', done));
  const pagesDir = mkdtempSync(join(tmpdir(), 'sign-in-pages-'));
  writeFileSync(join(pagesDir, 'index.html'), '<!doctype html><title>clause-tracker</title>');
  const table = await createTestTable();
  app = createApp({
    stores: table.registry,
    authenticator: authorizerClaims,
    pages: {
      dir: pagesDir,
      config: {
        mode: 'cognito',
        domain: `http://127.0.0.1:${(cognito.address() as AddressInfo).port}`,
        clientId: 'client',
        redirectUri: 'https://example.test/',
      },
      signInTimeoutMs: 500,
    },
  });
});

afterAll(() => {
  cognito.closeAllConnections();
  cognito.close();
});

const exchange = async () => {
  const response = await app.request('/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: 'abc123', codeVerifier: 'v'.repeat(64) }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
};

describe('POST /auth/token', () => {
  it('hands the ID token over, never cached', async () => {
    behaviour = 'ok';
    const answer = await exchange();
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({ idToken: 'header.payload.signature', expiresIn: 3600 });
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('says 401 when Cognito refuses the code', async () => {
    behaviour = 'refuses';
    expect((await exchange()).status).toBe(401);
  });

  it('says 502, in words, when Cognito fails or does not answer in time', async () => {
    for (const failure of ['down', 'slow'] as const) {
      behaviour = failure;
      const started = Date.now();
      const answer = await exchange();
      expect(answer.status).toBe(502);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.detail).toContain('ne répond pas');
      expect(Date.now() - started).toBeLessThan(3000);
    }
  });
});
