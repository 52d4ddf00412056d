import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';

// An Idempotency-Key's record expires seven days after it was written, by the app's clock
// (deps.now()), the one it was written with: with that clock set days back, a replay must
// still find it (it answered a 500 when the read judged it by the machine's clock), and once
// that clock is past its expiry, the key is free again.

let api: TestApi;
let procurement: string;
let contractId: string;
let participantId: string;
// Seven days back, as a demo or a test replaying an old month runs.
let now = new Date(Date.now() - 7 * 24 * 3600_000);

const line = (hours: number) => ({
  contractId,
  plieId: 'bordeaux',
  participantId,
  month: '2025-03',
  hours,
  mode: 'direct-hire',
});

beforeAll(async () => {
  ({ api, procurement } = await seededApi(() => now));
  const contract = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput(),
  });
  contractId = contract.body.id;
  const participant = await api.call('POST', '/api/participants', {
    token: procurement,
    body: { plieId: 'bordeaux', ref: 'BX-CLOCK', eligibility: ['RSA'], enteredOn: '2025-01-10' },
  });
  participantId = participant.body.id;
});

describe('an Idempotency-Key judged by the app clock', () => {
  it('replays the first answer with the clock seven days back, writing nothing new', async () => {
    const headers = { 'Idempotency-Key': 'clock-back-line-1' };
    const first = await api.call('POST', '/api/hours', {
      token: procurement,
      headers,
      body: line(12),
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await api.call('POST', '/api/hours', {
      token: procurement,
      headers,
      body: line(12),
    });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const contract = await api.call('GET', `/api/contracts/${contractId}`, { token: procurement });
    expect(contract.body.hoursLogged).toBe(12);
  });

  it('frees the key once the app clock is past its seven days', async () => {
    const headers = { 'Idempotency-Key': 'clock-back-line-2' };
    const first = await api.call('POST', '/api/hours', {
      token: procurement,
      headers,
      body: line(5),
    });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    now = new Date(now.getTime() + 8 * 24 * 3600_000);
    // Expired, not yet deleted by DynamoDB's TTL: another line under the same key is written.
    const later = await api.call('POST', '/api/hours', {
      token: procurement,
      headers,
      body: line(6),
    });
    expect(later.status, JSON.stringify(later.body)).toBe(201);
    expect(later.headers.get('idempotency-replayed')).toBeNull();
    expect(later.body.id).not.toBe(first.body.id);
    const contract = await api.call('GET', `/api/contracts/${contractId}`, { token: procurement });
    expect(contract.body.hoursLogged).toBe(12 + 5 + 6);
  });
});
