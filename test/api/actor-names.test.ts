import { sign } from 'hono/jwt';
import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, TEST_TOKEN_SECRET, type TestApi } from '../support/api';

// Histories name people, not identifiers: the token's `name` (or email) is kept with each
// change, cleaned of control and bidirectional characters; without one, the role is shown.

let api: TestApi;
let contractId: string;

beforeAll(async () => {
  let procurement: string;
  ({ api, procurement } = await seededApi(() => new Date('2026-11-15T10:00:00Z')));
  const created = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ reference: 'NAMES-1', allocation: { mode: 'single', plieId: 'graves' } }),
  });
  contractId = created.body.id;
});

async function tokenNamed(name: string): Promise<string> {
  const result = await api.call('POST', '/dev/token', { body: { role: 'procurement', name } });
  expect(result.status).toBe(200);
  return result.body.token;
}

describe('names in histories', () => {
  it('keeps the name of whoever logged and voided a line, cleaned', async () => {
    const camille = await tokenNamed('Camille Martin');
    const logged = await api.call('POST', '/api/hours', {
      token: camille,
      body: { contractId, plieId: 'graves', month: '2025-10', hours: 7, mode: 'geiq' },
    });
    expect(logged.status).toBe(201);
    // A name claim carrying a bidirectional override (as an identity provider could hand it
    // over): cleaned before it reaches a history. /dev/token refuses such a name outright.
    const spoofed = 'Dominique\u202eelbasnopser\u202c\u0007';
    const refused = await api.call('POST', '/dev/token', {
      body: { role: 'procurement', name: spoofed },
    });
    expect(refused.status).toBe(400);
    const iat = Math.floor(Date.now() / 1000);
    const spoofer = await sign(
      { sub: 'spoofer', 'cognito:groups': ['procurement'], name: spoofed, iat, exp: iat + 600 },
      TEST_TOKEN_SECRET,
      'HS256',
    );
    const voided = await api.call('POST', `/api/hours/${logged.body.id}/void`, {
      token: spoofer,
      body: { reason: 'Doublon' },
    });
    expect(voided.status).toBe(200);
    const history = await api.call('GET', `/api/hours/${logged.body.id}/history`, {
      token: camille,
    });
    expect(history.body.items.map((c: { actor: { name?: string } }) => c.actor.name)).toEqual([
      'Camille Martin',
      'Dominiqueelbasnopser',
    ]);
  });

  it('names a local account by its role when the token gives no name', async () => {
    const plain = await api.token('admin');
    const payload = JSON.parse(Buffer.from(plain.split('.')[1] ?? '', 'base64url').toString());
    expect(payload.name).toBe('Administrateur (compte local)');
  });
});
