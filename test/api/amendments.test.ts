import { beforeAll, describe, expect, it } from 'vitest';
import { termsOn } from '#shared/domain/amendments';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

// Issue 12, point 8: contracts change by amendment ("avenant"), from a date, with a reason;
// hours already logged stay valid; progress and pro-rata use the terms of the day they judge.

let api: TestApi;
let admin: string;
let procurement: string;
let id: string;

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi(() => new Date('2026-11-15T10:00:00Z')));
  const created = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'AV-1',
      notifiedOn: '2025-01-15',
      startsOn: '2025-02-01',
      endsOn: '2025-12-31',
      targetHours: 800,
    }),
  });
  id = created.body.id;
  const logged = await api.call('POST', '/api/hours', {
    token: procurement,
    body: { contractId: id, plieId: 'bordeaux', month: '2025-04', hours: 120, mode: 'geiq' },
  });
  expect(logged.status).toBe(201);
});

const amend = (body: Record<string, unknown>) =>
  api.call('POST', `/api/contracts/${id}/amendments`, { token: procurement, body });

describe('amendments', () => {
  it('refuses to change the allocation of a contract with hours other than by amendment', async () => {
    const patched = await api.call('PATCH', `/api/contracts/${id}`, {
      token: procurement,
      body: { allocation: { mode: 'shared' } },
    });
    expect(patched.status).toBe(409);
    expect(patched.body.errors[0].path).toBe('allocation');
    expect(patched.body.detail).toContain('avenant');
  });

  it('extends the end and raises the target from a date, keeping what they were', async () => {
    const amended = await amend({
      effectiveOn: '2025-09-01',
      reason: 'Avenant n° 1 : prolongation de six mois',
      endsOn: '2026-06-30',
      targetHours: 1000,
    });
    expect(amended.status).toBe(201);
    expect(amended.body).toMatchObject({
      endsOn: '2026-06-30',
      targetHours: 1000,
      hoursLogged: 120,
    });
    expect(amended.body.amendments).toEqual([
      expect.objectContaining({
        effectiveOn: '2025-09-01',
        reason: 'Avenant n° 1 : prolongation de six mois',
        changes: { endsOn: '2026-06-30', targetHours: 1000 },
        before: { endsOn: '2025-12-31', targetHours: 800 },
      }),
    ]);
    const read = await api.call('GET', `/api/contracts/${id}`, { token: procurement });
    expect(read.body.progress).toBeCloseTo(120 / 1000, 10);
    const history = await api.call('GET', `/api/changes?entityType=contract&entityId=${id}`, {
      token: admin,
    });
    expect(history.body.items.at(-1)).toMatchObject({
      action: 'amend',
      reason: 'Avenant n° 1 : prolongation de six mois',
    });
    // The months the amendment added now take hours.
    const later = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId: id, plieId: 'bordeaux', month: '2026-03', hours: 10, mode: 'geiq' },
    });
    expect(later.status).toBe(201);
  });

  it('changes the allocation by amendment; the hours already logged stay with their PLIE', async () => {
    const amended = await amend({
      effectiveOn: '2026-04-01',
      reason: 'Avenant n° 2 : opération d’intérêt métropolitain',
      allocation: { mode: 'shared' },
    });
    expect(amended.status).toBe(201);
    expect(amended.body.allocation).toEqual({ mode: 'shared' });
    expect(amended.body.amendments[1].hoursByPlie).toEqual({ bordeaux: 130 });
    const graves = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId: id, plieId: 'graves', month: '2026-05', hours: 8, mode: 'geiq' },
    });
    expect(graves.status).toBe(201);
    const read = await api.call('GET', `/api/contracts/${id}`, { token: procurement });
    expect(read.body.hoursByPlie).toEqual([
      { plieId: 'bordeaux', hoursLogged: 130 },
      { plieId: 'graves', hoursLogged: 8 },
    ]);
  });

  it('refuses an end before the start, an effect before notification, or no change', async () => {
    const before = await itemCount(api);
    for (const [body, path] of [
      [{ effectiveOn: '2025-06-01', reason: 'Erreur', endsOn: '2025-01-20' }, 'endsOn'],
      [{ effectiveOn: '2024-12-01', reason: 'Erreur', targetHours: 900 }, 'effectiveOn'],
      [{ effectiveOn: '2025-06-01', reason: 'Rien', targetHours: 1000 }, 'effectiveOn'],
    ] as const) {
      const response = await amend(body);
      expect(response.status).toBe(422);
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await amend({ effectiveOn: '2025-06-01', endsOn: '2026-12-31' })).status).toBe(400);
    expect(await itemCount(api)).toBe(before);
  });

  it('recomputes a computed target when the amount changes', async () => {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        reference: 'AV-2',
        targetHours: undefined,
        insertionInputs: { labourShare: 0.5, insertionRate: 0.05, hourlyCost: 30 },
      }),
    });
    expect(created.body.targetHours).toBe(833);
    const amended = await api.call('POST', `/api/contracts/${created.body.id}/amendments`, {
      token: procurement,
      body: { effectiveOn: '2025-06-01', reason: 'Travaux supplémentaires', amount: 1_200_000 },
    });
    expect(amended.status).toBe(201);
    expect(amended.body).toMatchObject({ amount: 1_200_000, targetHours: 1000 });
    expect(amended.body.amendments[0].before).toEqual({ amount: 1_000_000, targetHours: 833 });
  });
});

describe('the terms of the day', () => {
  it('reads back the terms in force on any earlier day', () => {
    const contract = {
      amountCents: 1_200_000_00,
      endsOn: '2026-06-30',
      targetHours: 1000,
      allocation: { mode: 'shared' as const },
      amendments: [
        {
          id: 'a1',
          effectiveOn: '2025-09-01',
          reason: '1',
          changes: { endsOn: '2026-06-30', targetHours: 1000 },
          before: { endsOn: '2025-12-31', targetHours: 800 },
          at: '',
          by: '',
        },
        {
          id: 'a2',
          effectiveOn: '2026-04-01',
          reason: '2',
          changes: { allocation: { mode: 'shared' as const }, amountCents: 1_200_000_00 },
          before: {
            allocation: { mode: 'single' as const, plieId: 'bordeaux' },
            amountCents: 1_000_000_00,
          },
          at: '',
          by: '',
        },
      ],
    };
    expect(termsOn(contract, '2025-08-31')).toEqual({
      amountCents: 1_000_000_00,
      endsOn: '2025-12-31',
      targetHours: 800,
      allocation: { mode: 'single', plieId: 'bordeaux' },
    });
    expect(termsOn(contract, '2025-09-01')).toMatchObject({
      endsOn: '2026-06-30',
      targetHours: 1000,
    });
    expect(termsOn(contract, '2026-04-01')).toEqual({
      amountCents: 1_200_000_00,
      endsOn: '2026-06-30',
      targetHours: 1000,
      allocation: { mode: 'shared' },
    });
  });

  it('judges the pace of a month before an amendment on the terms of that month', async () => {
    const march = await api.call('GET', `/api/reports/monthly/2025-08?format=json`, {
      token: procurement,
    });
    const row = march.body.contracts.find((c: { reference: string }) => c.reference === 'AV-1');
    expect(row.targetHours).toBe(800);
    const october = await api.call('GET', `/api/reports/monthly/2025-10?format=json`, {
      token: procurement,
    });
    expect(
      october.body.contracts.find((c: { reference: string }) => c.reference === 'AV-1').targetHours,
    ).toBe(1000);
  });
});
