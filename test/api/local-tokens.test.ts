import { sign } from 'hono/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEV_TOKEN_LIFETIME_SECONDS } from '#shared/http/auth';
import { createTestApi, TEST_TOKEN_SECRET, type TestApi } from '../support/api';

// Local tokens are signed with the machine's secret, but a signature is not enough: a token
// must end, soon after it was issued. And the token itself is never kept in a cache.

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
});

const claims = { sub: 'someone', 'cognito:groups': ['admin'] };
const now = () => Math.floor(Date.now() / 1000);
const read = (token: string) => api.call('GET', '/api/plies', { token });

describe('local tokens', () => {
  it('are handed out with an end, within a working day, and never cached', async () => {
    const answer = await api.call('POST', '/dev/token', { body: { role: 'admin' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const payload = JSON.parse(
      Buffer.from(answer.body.token.split('.')[1], 'base64url').toString('utf8'),
    );
    expect(payload.exp - payload.iat).toBe(DEV_TOKEN_LIFETIME_SECONDS);
    expect((await read(answer.body.token)).status).toBe(200);
  });

  it('refuses a well-signed token without an end, or one that lives too long', async () => {
    const forever = await sign({ ...claims, iat: now() }, TEST_TOKEN_SECRET, 'HS256');
    const noIat = await sign({ ...claims, exp: now() + 600 }, TEST_TOKEN_SECRET, 'HS256');
    const tooLong = await sign(
      { ...claims, iat: now(), exp: now() + DEV_TOKEN_LIFETIME_SECONDS + 60 },
      TEST_TOKEN_SECRET,
      'HS256',
    );
    const fromTheFuture = await sign(
      { ...claims, iat: now() + 3600, exp: now() + 3600 + 600 },
      TEST_TOKEN_SECRET,
      'HS256',
    );
    const expired = await sign(
      { ...claims, iat: now() - 7200, exp: now() - 3600 },
      TEST_TOKEN_SECRET,
      'HS256',
    );
    for (const token of [forever, noIat, tooLong, fromTheFuture, expired]) {
      const answer = await read(token);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
    const fine = await sign(
      { ...claims, iat: now(), exp: now() + 600 },
      TEST_TOKEN_SECRET,
      'HS256',
    );
    expect((await read(fine)).status).toBe(200);
  });
});

describe('the local server’s own names only', () => {
  it('refuses a request that reaches it under another name (DNS rebinding): no token', async () => {
    const { createApp } = await import('#shared/http/app');
    const { devTokenClaims } = await import('#shared/http/auth');
    const { LOOPBACK_HOSTS } = await import('#shared/http/host-check');
    const app = createApp({
      stores: api.registry,
      authenticator: devTokenClaims(TEST_TOKEN_SECRET),
      devTokenSecret: TEST_TOKEN_SECRET,
      allowedHosts: [...LOOPBACK_HOSTS],
      logError: () => {},
    });
    const ask = (host: string) =>
      app.request('http://localhost/dev/token', {
        method: 'POST',
        headers: { host, 'content-type': 'application/json' },
        body: '{"role":"admin"}',
      });
    for (const host of ['attacker.example', 'attacker.example:3000', '127.0.0.1.nip.io:3000']) {
      const refused = await ask(host);
      expect(refused.status, host).toBe(403);
      const body = await refused.json();
      expect(body.type).toBe('urn:clause-tracker:problem:host-refused');
      expect(JSON.stringify(body)).not.toContain('token');
    }
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'LOCALHOST']) {
      expect((await ask(host)).status, host).toBe(200);
    }
  });
});
