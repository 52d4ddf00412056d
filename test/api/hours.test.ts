import { beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '#shared/store/reconcile';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

let api: TestApi;
let procurement: string;
let admin: string;
let contractId: string;
let participantId: string;
let gravesParticipantId: string;

const line = (overrides: Record<string, unknown> = {}) => ({
  contractId,
  plieId: 'bordeaux',
  participantId,
  month: '2025-03',
  hours: 35.5,
  mode: 'direct-hire',
  ...overrides,
});

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi());
  const contract = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput(),
  });
  contractId = contract.body.id;
  const p = await api.call('POST', '/api/participants', {
    token: procurement,
    body: {
      plieId: 'bordeaux',
      ref: 'BX-001',
      eligibility: ['RSA', 'QPV'],
      enteredOn: '2025-01-10',
    },
  });
  participantId = p.body.id;
  const g = await api.call('POST', '/api/participants', {
    token: procurement,
    body: { plieId: 'graves', ref: 'GR-001', eligibility: ['DELD'], enteredOn: '2025-01-10' },
  });
  gravesParticipantId = g.body.id;
});

describe('POST /api/hours', () => {
  it('logs a line and adds it to the contract and PLIE totals', async () => {
    const before = await api.call('GET', `/api/contracts/${contractId}`, { token: procurement });
    const logged = await api.call('POST', '/api/hours', { token: procurement, body: line() });
    expect(logged.status).toBe(201);
    expect(logged.body).toMatchObject({ ...line(), status: 'active', voidedAt: null });
    expect(logged.body.id).toMatch(/^[0-9A-Z]{26}$/);

    const after = await api.call('GET', `/api/contracts/${contractId}`, { token: procurement });
    expect(after.body.hoursLogged).toBe(before.body.hoursLogged + 35.5);
    expect(after.body.progress).toBeCloseTo(after.body.hoursLogged / 800, 12);
    expect(after.body.allocation).toMatchObject([
      { plieId: 'bordeaux', allottedHours: 800, hoursLogged: after.body.hoursLogged },
    ]);
  });

  it('replays the same Idempotency-Key: same line, nothing new written', async () => {
    const headers = { 'Idempotency-Key': 'statement-2025-03-line-7' };
    const first = await api.call('POST', '/api/hours', {
      token: procurement,
      body: line({ hours: 7 }),
      headers,
    });
    expect(first.status).toBe(201);
    const count = await itemCount(api);
    const again = await api.call('POST', '/api/hours', {
      token: procurement,
      body: line({ hours: 7 }),
      headers,
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await itemCount(api)).toBe(count);
  });

  it('refuses the same Idempotency-Key with another body (409), writing nothing', async () => {
    const headers = { 'Idempotency-Key': 'statement-2025-03-line-8' };
    await api.call('POST', '/api/hours', { token: procurement, body: line({ hours: 8 }), headers });
    const count = await itemCount(api);
    const other = await api.call('POST', '/api/hours', {
      token: procurement,
      body: line({ hours: 9 }),
      headers,
    });
    expect(other.status).toBe(409);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(await itemCount(api)).toBe(count);
  });

  const invalid: [string, Record<string, unknown>, number, string][] = [
    ['negative hours', { hours: -3 }, 400, 'hours'],
    ['zero hours', { hours: 0 }, 400, 'hours'],
    ['hours finer than the hundredth', { hours: 7.125 }, 400, 'hours'],
    ['more than 250 hours', { hours: 250.25 }, 400, 'hours'],
    ['a malformed month', { month: '2025-3' }, 400, 'month'],
    ['month 13', { month: '2025-13' }, 400, 'month'],
    ['an unknown mode', { mode: 'volunteering' }, 400, 'mode'],
    ['a month before the contract', { month: '2025-01' }, 422, 'month'],
    ['a month after the contract', { month: '2026-01' }, 422, 'month'],
    ['an unknown contract', { contractId: '01JUNKNOWNCONTRACT000000000' }, 422, 'contractId'],
    ['an unknown PLIE', { plieId: 'nowhere', participantId: undefined }, 422, 'plieId'],
    [
      'an unknown participant',
      { participantId: '01JUNKNOWNPARTICIPANT00000' },
      422,
      'participantId',
    ],
  ];
  it.each(invalid)(
    'refuses %s with problem JSON naming the field, writing nothing',
    async (_, change, status, field) => {
      const count = await itemCount(api);
      const response = await api.call('POST', '/api/hours', {
        token: procurement,
        body: line(change),
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.body).toMatchObject({
        status,
        type: expect.any(String),
        title: expect.any(String),
      });
      expect(response.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      expect(await itemCount(api)).toBe(count);
    },
  );

  it('refuses a participant of another PLIE (422)', async () => {
    const count = await itemCount(api);
    const response = await api.call('POST', '/api/hours', {
      token: procurement,
      body: line({ participantId: gravesParticipantId }),
    });
    expect(response.status).toBe(422);
    expect(response.body.errors[0]).toMatchObject({ path: 'participantId' });
    expect(await itemCount(api)).toBe(count);
  });

  it('refuses malformed JSON (400) and a body that is not JSON (415)', async () => {
    const malformed = await api.call('POST', '/api/hours', {
      token: procurement,
      raw: '{"contractId": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe('urn:clause-tracker:problem:invalid-input');
    const text = await api.call('POST', '/api/hours', {
      token: procurement,
      raw: 'hours=3',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });

  it('answers 401 without a token and 403 to a coordinator', async () => {
    expect((await api.call('POST', '/api/hours', { body: line() })).status).toBe(401);
    const bad = await api.call('POST', '/api/hours', { token: 'not.a.token', body: line() });
    expect(bad.status).toBe(401);
    const coordinator = await api.token('plie-coordinator', 'bordeaux');
    const refused = await api.call('POST', '/api/hours', { token: coordinator, body: line() });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toMatch(/heures/);
  });
});

describe('POST /api/hours/{id}/void', () => {
  it('voids once, takes the hours out of the totals, and refuses a second void (409)', async () => {
    const logged = await api.call('POST', '/api/hours', {
      token: procurement,
      body: line({ hours: 12.25 }),
    });
    const before = await api.call('GET', `/api/contracts/${contractId}`, { token: procurement });
    const voided = await api.call('POST', `/api/hours/${logged.body.id}/void`, {
      token: procurement,
      body: { reason: 'Saisie en double' },
    });
    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ status: 'voided', voidReason: 'Saisie en double' });
    const after = await api.call('GET', `/api/contracts/${contractId}`, { token: procurement });
    expect(after.body.hoursLogged).toBe(before.body.hoursLogged - 12.25);

    const count = await itemCount(api);
    const again = await api.call('POST', `/api/hours/${logged.body.id}/void`, {
      token: procurement,
      body: { reason: 'encore' },
    });
    expect(again.status).toBe(409);
    expect(await itemCount(api)).toBe(count);

    const history = await api.call('GET', `/api/hours/${logged.body.id}/history`, { token: admin });
    expect(history.body.items.map((c: { action: string }) => c.action)).toEqual(['log', 'void']);
    expect(history.body.items[1]).toMatchObject({
      reason: 'Saisie en double',
      actor: { role: 'procurement' },
    });
  });

  it('requires a reason, and 404s an unknown line', async () => {
    const logged = await api.call('POST', '/api/hours', {
      token: procurement,
      body: line({ hours: 1 }),
    });
    const noReason = await api.call('POST', `/api/hours/${logged.body.id}/void`, {
      token: procurement,
      body: { reason: '  ' },
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('reason');
    const unknown = await api.call('POST', '/api/hours/01JUNKNOWNLINE000000000000/void', {
      token: procurement,
      body: { reason: 'x' },
    });
    expect(unknown.status).toBe(404);
  });
});

describe('GET /api/hours', () => {
  it('lists a contract’s lines by month, in pages', async () => {
    for (const month of ['2025-05', '2025-04', '2025-06']) {
      await api.call('POST', '/api/hours', { token: procurement, body: line({ month, hours: 2 }) });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/hours?contractId=${contractId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.call('GET', query, { token: procurement });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((l: { month: string }) => l.month));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining(['2025-04', '2025-05', '2025-06']));

    const may = await api.call('GET', `/api/hours?contractId=${contractId}&month=2025-05`, {
      token: procurement,
    });
    expect(may.body.items.every((l: { month: string }) => l.month === '2025-05')).toBe(true);
  });

  it('keeps a coordinator to the lines of their PLIE', async () => {
    // A shared contract: its hours go to both PLIEs (a single-PLIE contract takes only its own).
    const shared = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ allocation: { mode: 'shared' } }),
    });
    for (const body of [
      line({ contractId: shared.body.id }),
      line({
        contractId: shared.body.id,
        plieId: 'graves',
        participantId: gravesParticipantId,
        hours: 4,
      }),
    ]) {
      expect((await api.call('POST', '/api/hours', { token: procurement, body })).status).toBe(201);
    }
    const graves = await api.token('plie-coordinator', 'graves');
    const own = await api.call('GET', `/api/hours?contractId=${shared.body.id}`, { token: graves });
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(own.body.items.every((l: { plieId: string }) => l.plieId === 'graves')).toBe(true);
    const other = await api.call('GET', '/api/hours?plieId=bordeaux', { token: graves });
    expect(other.status).toBe(403);
  });

  it('refuses a tampered cursor and a listing with no filter', async () => {
    const tampered = await api.call(
      'GET',
      `/api/hours?contractId=${contractId}&cursor=eyJwayI6IkxJTkUjeCJ9`,
      {
        token: procurement,
      },
    );
    expect(tampered.status).toBe(400);
    expect(tampered.body.errors[0].path).toBe('cursor');
    const none = await api.call('GET', '/api/hours', { token: procurement });
    expect(none.status).toBe(400);
  });

  it('leaves every total equal to its lines', async () => {
    const report = await reconcile(api.doc, api.tableName);
    expect(report.activeLines).toBeGreaterThan(5);
    expect(report.differences).toEqual([]);
  });
});
