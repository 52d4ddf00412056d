import { beforeAll, describe, expect, it } from 'vitest';
import { seededApi, type TestApi } from '../support/api';

// Issue 12, point 9: a wrong exit can be corrected or cancelled, with a reason kept in the
// history; neutral exits are recorded but left out of the rates' denominators.

let api: TestApi;
let admin: string;
let procurement: string;

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi());
});

async function participant(ref: string, plieId = 'bordeaux') {
  const created = await api.call('POST', '/api/participants', {
    token: procurement,
    body: { plieId, ref, eligibility: ['RSA'], enteredOn: '2024-01-10' },
  });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

const exit = (id: string, exitedOn: string, outcome: string) =>
  api.call('POST', `/api/participants/${id}/exit`, {
    token: procurement,
    body: { exitedOn, outcome },
  });

const outcomes = async () =>
  (await api.call('GET', '/api/outcomes?year=2024&plieId=bordeaux', { token: admin })).body;

describe('exits over time', () => {
  it('corrects an exit with a reason, keeps what it was, and moves the rate', async () => {
    const id = await participant('EX-1');
    expect((await exit(id, '2024-06-30', 'dropout')).status).toBe(200);
    expect(await outcomes()).toMatchObject({ exits: 1, positive: 0, neutral: 0 });

    const noReason = await api.call('PUT', `/api/participants/${id}/exit`, {
      token: procurement,
      body: { exitedOn: '2024-06-30', outcome: 'cdi' },
    });
    expect(noReason.status).toBe(400);
    const corrected = await api.call('PUT', `/api/participants/${id}/exit`, {
      token: procurement,
      body: {
        exitedOn: '2024-07-01',
        outcome: 'cdi',
        reason: 'Contrat signé, saisi par erreur en abandon',
      },
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({ exitedOn: '2024-07-01', outcome: 'cdi' });
    expect(await outcomes()).toMatchObject({ exits: 1, positive: 1, positiveRate: 1 });

    const history = await api.call('GET', `/api/changes?entityType=participant&entityId=${id}`, {
      token: admin,
    });
    const change = history.body.items.find((c: { action: string }) => c.action === 'correct-exit');
    expect(change).toMatchObject({
      reason: 'Contrat signé, saisi par erreur en abandon',
      data: {
        before: { exitedOn: '2024-06-30', outcome: 'dropout' },
        after: { exitedOn: '2024-07-01', outcome: 'cdi' },
      },
    });
  });

  it('cancels an exit recorded by mistake; the person can exit again later', async () => {
    const id = await participant('EX-2');
    await exit(id, '2024-05-15', 'job-seeking');
    const before = await outcomes();
    const cancelled = await api.call('DELETE', `/api/participants/${id}/exit`, {
      token: procurement,
      body: { reason: 'Mauvaise personne' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ exitedOn: null, outcome: null });
    expect((await outcomes()).exits).toBe(before.exits - 1);
    const again = await api.call('DELETE', `/api/participants/${id}/exit`, {
      token: procurement,
      body: { reason: 'Encore' },
    });
    expect(again.status).toBe(409);
    expect((await exit(id, '2024-09-01', 'cdd-6m-plus')).status).toBe(200);
  });

  it('leaves neutral exits out of the denominator and says how many', async () => {
    const start = await outcomes();
    const moved = await participant('EX-3');
    const positive = await participant('EX-4');
    const negative = await participant('EX-5');
    await exit(moved, '2024-03-01', 'moved');
    await exit(positive, '2024-03-01', 'qualifying-training');
    await exit(negative, '2024-03-01', 'inactive');
    const after = await outcomes();
    expect(after.exits).toBe(start.exits + 3);
    expect(after.neutral).toBe(start.neutral + 1);
    expect(after.positive).toBe(start.positive + 1);
    expect(after.positiveRate).toBeCloseTo(after.positive / (after.exits - after.neutral), 10);
  });

  it('lets only the participant’s own PLIE correct its exit', async () => {
    const id = await participant('EX-6');
    await exit(id, '2024-04-01', 'dropout');
    const graves = await api.token('plie-coordinator', 'graves');
    const refused = await api.call('PUT', `/api/participants/${id}/exit`, {
      token: graves,
      body: { exitedOn: '2024-04-01', outcome: 'cdi', reason: 'Essai' },
    });
    expect(refused.status).toBe(403);
  });

  it('takes an exit once when two tabs record it at once, and none on an erased person', async () => {
    const id = await participant('EX-7');
    const both = await Promise.all([
      exit(id, '2024-05-01', 'cdi'),
      exit(id, '2024-05-02', 'dropout'),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const kept = (await api.call('GET', `/api/participants/${id}`, { token: procurement })).body;
    const winner = both.find((r) => r.status === 200)?.body;
    expect(kept).toMatchObject({ exitedOn: winner.exitedOn, outcome: winner.outcome });

    const erased = await participant('EX-8');
    const erase = await api.call('DELETE', `/api/participants/${erased}`, {
      token: admin,
      body: { reason: 'Demande écrite du 2 décembre' },
    });
    expect(erase.status).toBe(204);
    const late = await exit(erased, '2024-06-01', 'cdi');
    expect(late.status).toBe(409);
    expect(late.body.detail).toContain('effacé');
    const again = await api.call('DELETE', `/api/participants/${erased}`, {
      token: admin,
      body: { reason: 'Deuxième demande' },
    });
    expect(again.status).toBe(409);
  });
});
