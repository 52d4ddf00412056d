import { beforeAll, describe, expect, it } from 'vitest';
import { seededApi, type TestApi } from '../support/api';

// The coordinators' e-mail addresses are personal data: an administrator sees every PLIE's, a
// coordinator their own PLIE's, and nobody else any.

let api: TestApi;
let admin: string;
let procurement: string;

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi());
  for (const [id, name, email] of [
    ['graves', 'PLIE des Graves', 'coordination@plie-graves.example'],
    ['bordeaux', 'PLIE de Bordeaux', 'coordination@plie-bordeaux.example'],
  ] as const) {
    const put = await api.call('PUT', `/api/plies/${id}`, {
      token: admin,
      body: { name, coordinatorEmails: [email] },
    });
    expect(put.status).toBe(200);
  }
});

const emailsSeenBy = async (token: string) => {
  const list = await api.call('GET', '/api/plies', { token });
  expect(list.status).toBe(200);
  return Object.fromEntries(
    list.body.items.map((p: { id: string; coordinatorEmails?: string[] }) => [
      p.id,
      p.coordinatorEmails,
    ]),
  );
};

describe('GET /api/plies', () => {
  it('shows every PLIE’s coordinators to an administrator', async () => {
    const seen = await emailsSeenBy(admin);
    expect(seen.graves).toEqual(['coordination@plie-graves.example']);
    expect(seen.bordeaux).toEqual(['coordination@plie-bordeaux.example']);
  });

  it('shows a coordinator their own PLIE’s only, and procurement none', async () => {
    const seen = await emailsSeenBy(await api.token('plie-coordinator', 'graves'));
    expect(seen.graves).toEqual(['coordination@plie-graves.example']);
    expect(seen.bordeaux).toBeUndefined();
    const byProcurement = await emailsSeenBy(procurement);
    expect(Object.values(byProcurement).every((emails) => emails === undefined)).toBe(true);
    const raw = JSON.stringify((await api.call('GET', '/api/plies', { token: procurement })).body);
    expect(raw).not.toContain('@');
  });
});
