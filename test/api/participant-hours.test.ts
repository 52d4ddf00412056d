import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';

// One person's hours, for their page: only theirs, and only for those who may see their PLIE.

let api: TestApi;
let procurement: string;
let personId: string;

beforeAll(async () => {
  let admin: string;
  ({ api, admin, procurement } = await seededApi(() => new Date('2026-11-15T10:00:00Z')));
  const contract = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'PERSON-1',
      allocation: { mode: 'single', plieId: 'graves' },
    }),
  });
  const person = await api.call('POST', '/api/participants', {
    token: admin,
    body: { plieId: 'graves', ref: 'GR-0001', eligibility: ['RSA'], enteredOn: '2025-01-02' },
  });
  const other = await api.call('POST', '/api/participants', {
    token: admin,
    body: { plieId: 'graves', ref: 'GR-0002', eligibility: ['QPV'], enteredOn: '2025-01-02' },
  });
  personId = person.body.id;
  const line = (participantId: string | undefined, month: string, hours: number) =>
    api.call('POST', '/api/hours', {
      token: procurement,
      body: {
        contractId: contract.body.id,
        plieId: 'graves',
        ...(participantId ? { participantId } : {}),
        month,
        hours,
        mode: 'geiq',
      },
    });
  for (const [who, month, hours] of [
    [personId, '2025-03', 20],
    [personId, '2025-04', 15.5],
    [other.body.id, '2025-03', 7],
    [undefined, '2025-03', 3],
  ] as const)
    expect((await line(who, month, hours)).status).toBe(201);
});

describe('GET /api/hours?participantId=', () => {
  it('gives that person’s lines only, in any month or one', async () => {
    const all = await api.call('GET', `/api/hours?participantId=${personId}`, {
      token: procurement,
    });
    expect(all.status).toBe(200);
    expect(all.body.items.map((l: { hours: number }) => l.hours)).toEqual([20, 15.5]);
    const april = await api.call('GET', `/api/hours?participantId=${personId}&month=2025-04`, {
      token: procurement,
    });
    expect(april.body.items.map((l: { hours: number }) => l.hours)).toEqual([15.5]);
  });

  it('shows them to the coordinator of their PLIE, and to no other', async () => {
    const own = await api.token('plie-coordinator', 'graves');
    const other = await api.token('plie-coordinator', 'bordeaux');
    const seen = await api.call('GET', `/api/hours?participantId=${personId}`, { token: own });
    expect(seen.body.items).toHaveLength(2);
    const refused = await api.call('GET', `/api/hours?participantId=${personId}`, {
      token: other,
    });
    expect(refused.status).toBe(404);
  });
});
