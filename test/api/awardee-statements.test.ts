import { beforeAll, describe, expect, it } from 'vitest';
import { changeDeadline, REQUEST_LIMIT_MS } from '#shared/domain/statement-lifecycle';
import { reconcile } from '#shared/store/reconcile';
import { contractInput, seededApi, type TestApi } from '../support/api';

// Awardees declare their hours; facilitators validate them. The business clock is mid-June
// 2025: May has ended, June has not.

const COMPANY = '41234567800012'; // Bâtiment Solidaire, contractInput()'s awardee
const CO_CONTRACTOR = '55203253400646'; // a co-contractor of the group
const OTHER = '73282932000074'; // a company holding nothing here

const START = new Date('2025-06-15T10:00:00Z');
let clock = START;
let api: TestApi;
let procurement: string;
let admin: string;
let awardee: string;
let contractId: string;
let sharedId: string;

const awardeeToken = async (siret: string) => {
  const result = await api.call('POST', '/dev/token', { body: { role: 'awardee', siret } });
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return result.body.token as string;
};

const declare = (token: string, body: unknown, key?: string) =>
  api.call('POST', '/api/statements', {
    token,
    body,
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi(() => clock));
  const contract = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      coAwardees: [{ name: 'Électricité Girondine', siret: CO_CONTRACTOR }],
    }),
  });
  contractId = contract.body.id;
  const shared = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ allocation: { mode: 'shared' } }),
  });
  sharedId = shared.body.id;
  // Someone else's contract, which the company must never see.
  await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ awardee: { name: 'Autre Entreprise', siret: OTHER } }),
  });
  for (const ref of ['BX-001', 'BX-002']) {
    const person = await api.call('POST', '/api/participants', {
      token: admin,
      body: { plieId: 'bordeaux', ref, eligibility: ['RSA'], enteredOn: '2025-01-02' },
    });
    expect(person.status).toBe(201);
  }
  const convention = await api.call('PUT', '/api/funding-conventions/2025', {
    token: admin,
    body: { fixedPerPlie: 5000, perHour: 2.5 },
  });
  expect(convention.status).toBeLessThan(300);
  awardee = await awardeeToken(COMPANY);
});

describe('an awardee', () => {
  it('needs a company: a token without SIRET is refused', async () => {
    const result = await api.call('POST', '/dev/token', { body: { role: 'awardee' } });
    expect(result.status).toBe(400);
    expect(result.body.errors).toEqual([expect.objectContaining({ path: 'siret' })]);
  });

  it('sees the contracts its company holds, as awardee or co-contractor, and no other', async () => {
    const list = await api.call('GET', '/api/contracts', { token: awardee });
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id).sort()).toEqual(
      [contractId, sharedId].sort(),
    );
    const coContractor = await awardeeToken(CO_CONTRACTOR);
    const theirs = await api.call('GET', '/api/contracts', { token: coContractor });
    expect(theirs.body.items.map((c: { id: string }) => c.id)).toEqual([contractId]);
    const other = await api.call('GET', `/api/contracts/${sharedId}`, { token: coContractor });
    expect(other.status).toBe(404);
    const own = await api.call('GET', `/api/contracts/${contractId}`, { token: coContractor });
    expect(own.status).toBe(200);
    expect(own.body.targetHours).toBe(800);
  });

  it('declares an ended month within the contract, and nothing counts yet', async () => {
    const notEnded = await declare(awardee, {
      contractId,
      month: '2025-06',
      lines: [{ participantRef: 'BX-001', hours: 35, mode: 'direct-hire' }],
    });
    expect(notEnded.status).toBe(422);
    expect(notEnded.body.errors).toEqual([
      { path: 'month', message: 'Un relevé se déclare une fois le mois terminé' },
    ]);
    const beforeStart = await declare(awardee, {
      contractId,
      month: '2025-01',
      lines: [{ participantRef: 'BX-001', hours: 35, mode: 'direct-hire' }],
    });
    expect(beforeStart.body.errors[0].path).toBe('month');
    const noPlie = await declare(awardee, {
      contractId: sharedId,
      month: '2025-05',
      lines: [{ description: 'manœuvre', hours: 35, mode: 'direct-hire' }],
    });
    expect(noPlie.status).toBe(422);
    expect(noPlie.body.errors[0].path).toBe('lines.0.plieId');
    const nobody = await declare(awardee, {
      contractId,
      month: '2025-05',
      lines: [{ hours: 35, mode: 'direct-hire' }],
    });
    expect(nobody.body.errors[0].path).toBe('lines.0.description');

    const ok = await declare(awardee, {
      contractId,
      month: '2025-05',
      lines: [{ participantRef: 'BX-001', hours: 35, mode: 'direct-hire' }],
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'submitted', origin: 'awardee', hours: 35 });
    const contract = await api.call('GET', `/api/contracts/${contractId}`, { token: procurement });
    expect(contract.body.hoursLogged).toBe(0);
  });

  it('sends the same declaration twice under one key: one statement; another body: 409', async () => {
    const body = {
      contractId,
      month: '2025-04',
      lines: [{ description: 'coffreur', hours: 20, mode: 'temporary-work' }],
    };
    const first = await declare(awardee, body, 'avril-1');
    const again = await declare(awardee, body, 'avril-1');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    const changed = await declare(awardee, { ...body, month: '2025-03' }, 'avril-1');
    expect(changed.status).toBe(409);
  });

  it('may not validate, log hours, or read participants; others may not declare', async () => {
    const mine = await api.call('GET', '/api/statements', { token: awardee });
    const id = mine.body.items[0].id;
    expect(
      (await api.call('POST', `/api/statements/${id}/validate`, { token: awardee })).status,
    ).toBe(403);
    expect((await api.call('GET', '/api/participants', { token: awardee })).status).toBe(403);
    const typed = await api.call('POST', '/api/hours', {
      token: awardee,
      body: { contractId, plieId: 'bordeaux', month: '2025-05', hours: 7, mode: 'geiq' },
    });
    expect(typed.status).toBe(403);
    const byBuyer = await declare(procurement, {
      contractId,
      month: '2025-05',
      lines: [{ description: 'x', hours: 7, mode: 'geiq' }],
    });
    expect(byBuyer.status).toBe(403);
    const stranger = await awardeeToken(OTHER);
    expect((await api.call('GET', `/api/statements/${id}`, { token: stranger })).status).toBe(404);
    const theirs = await api.call('GET', '/api/statements', { token: stranger });
    expect(theirs.body.items).toEqual([]);
  });
});

describe('a facilitator', () => {
  it('rejects a line with its reason; the awardee corrects; validation logs exactly the hours', async () => {
    const fundingBefore = await api.call('GET', '/api/funding?year=2025', { token: procurement });
    const submitted = await declare(awardee, {
      contractId,
      month: '2025-03',
      lines: [
        { participantRef: 'BX-001', hours: 70, mode: 'direct-hire' },
        { participantRef: 'BX-002', hours: 300 / 2, mode: 'geiq' },
        { description: 'aide-maçon, embauché le 10', hours: 12.5, mode: 'direct-hire' },
      ],
    });
    expect(submitted.status).toBe(201);
    const waiting = await api.call('GET', '/api/statements?status=submitted', {
      token: procurement,
    });
    expect(waiting.body.items.map((s: { id: string }) => s.id)).toContain(submitted.body.id);

    const rejected = await api.call('POST', `/api/statements/${submitted.body.id}/reject`, {
      token: procurement,
      body: { reason: 'BX-002 était en formation ce mois-là : 35 h au plus', lines: [2] },
    });
    expect(rejected.status).toBe(200);
    // Decided: no longer among those waiting.
    const stillWaiting = await api.call('GET', '/api/statements?status=submitted', {
      token: procurement,
    });
    expect(stillWaiting.body.items.map((s: { id: string }) => s.id)).not.toContain(
      submitted.body.id,
    );
    const seen = await api.call('GET', `/api/statements/${submitted.body.id}`, { token: awardee });
    expect(seen.body.status).toBe('rejected');
    expect(seen.body.declaredLines.map((l: { rejection: string | null }) => l.rejection)).toEqual([
      null,
      'BX-002 était en formation ce mois-là : 35 h au plus',
      null,
    ]);
    expect(
      (
        await api.call('POST', `/api/statements/${submitted.body.id}/validate`, {
          token: procurement,
        })
      ).status,
    ).toBe(409);

    const corrected = await declare(awardee, {
      contractId,
      month: '2025-03',
      replaces: submitted.body.id,
      lines: [
        { participantRef: 'BX-001', hours: 70, mode: 'direct-hire' },
        { participantRef: 'BX-002', hours: 35, mode: 'geiq' },
        { description: 'aide-maçon, embauché le 10', hours: 12.5, mode: 'direct-hire' },
      ],
    });
    expect(corrected.status).toBe(201);
    const old = await api.call('GET', `/api/statements/${submitted.body.id}`, { token: awardee });
    expect(old.body.replacedBy).toBe(corrected.body.id);

    const validated = await api.call('POST', `/api/statements/${corrected.body.id}/validate`, {
      token: procurement,
    });
    expect(validated.status, JSON.stringify(validated.body)).toBe(200);
    expect(validated.body.status).toBe('validated');
    const declaredHours = corrected.body.declaredLines.reduce(
      (sum: number, line: { hours: number }) => sum + line.hours,
      0,
    );
    const contract = await api.call('GET', `/api/contracts/${contractId}`, { token: awardee });
    expect(contract.body.hoursLogged).toBe(declaredHours);
    const lines = await api.call('GET', `/api/hours?contractId=${contractId}`, {
      token: procurement,
    });
    expect(lines.body.items).toHaveLength(3);
    expect(new Set(lines.body.items.map((l: { statementId: string }) => l.statementId))).toEqual(
      new Set([corrected.body.id]),
    );
    const fundingAfter = await api.call('GET', '/api/funding?year=2025', { token: procurement });
    const rowOf = (funding: {
      body: { plies: { plieId: string; hours: number; total: number }[] };
    }) =>
      funding.body.plies.find((p) => p.plieId === 'bordeaux') as { hours: number; total: number };
    expect(rowOf(fundingAfter).hours - rowOf(fundingBefore).hours).toBe(declaredHours);
    // The convention's variable part: 2.50 € per validated hour, and not a cent more.
    expect(rowOf(fundingAfter).total - rowOf(fundingBefore).total).toBe(declaredHours * 2.5);

    // Validated twice: nothing more.
    const twice = await api.call('POST', `/api/statements/${corrected.body.id}/validate`, {
      token: procurement,
    });
    expect(twice.status).toBe(409);
    const history = await api.call(
      'GET',
      `/api/changes?entityType=statement&entityId=${corrected.body.id}`,
      { token: procurement },
    );
    expect(history.body.items.map((c: { action: string }) => c.action).sort()).toEqual([
      'submit',
      'validated',
    ]);
  });

  it('cannot validate a statement naming someone unknown to the PLIE: 422 by line, nothing logged', async () => {
    const submitted = await declare(awardee, {
      contractId,
      month: '2025-02',
      lines: [
        { participantRef: 'BX-001', hours: 10, mode: 'direct-hire' },
        { participantRef: 'INCONNU-9', hours: 10, mode: 'direct-hire' },
      ],
    });
    const refused = await api.call('POST', `/api/statements/${submitted.body.id}/validate`, {
      token: procurement,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ line: 2, column: 'participantRef' }),
    ]);
    const lines = await api.call('GET', `/api/hours?contractId=${contractId}&month=2025-02`, {
      token: procurement,
    });
    expect(lines.body.items).toEqual([]);
    const whole = await api.call('POST', `/api/statements/${submitted.body.id}/reject`, {
      token: procurement,
      body: { reason: 'Référence inconnue : voyez avec le PLIE' },
    });
    expect(whole.body.declaredLines.every((l: { rejection: string }) => l.rejection !== null)).toBe(
      true,
    );
  });
});

describe('a validation cut off half-way', () => {
  it('holds the statement until its request must be over, then is undone and may be done again', async () => {
    const submitted = await declare(awardee, {
      contractId,
      month: '2025-04',
      lines: [
        { description: 'maçon', hours: 10, mode: 'direct-hire' },
        { description: 'coffreur', hours: 12, mode: 'direct-hire' },
      ],
    });
    const id = submitted.body.id as string;
    // What a cut leaves: the statement "validating", its first line logged (written here as
    // the validation writes them, with the store's own calls).
    const { newLine } = await import('#shared/domain/hours');
    const { statementLineId } = await import('#shared/domain/statements');
    const { createHash } = await import('node:crypto');
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const at = clock.toISOString();
    const context = { actor: { sub: 'facilitator', role: 'procurement' as const }, at };
    const declared = await api.stores.statements.get(id);
    if (!declared) throw new Error('statement not recorded');
    await api.stores.statements.begin(declared, {
      transition: 'validate',
      at,
      by: 'facilitator',
      from: 'submitted',
      reason: null,
      replacement: null,
      until: changeDeadline(at, REQUEST_LIMIT_MS),
      job: null,
    });
    const line = newLine(
      statementLineId(id, 1, sha),
      {
        contractId,
        plieId: 'bordeaux',
        participantId: null,
        month: '2025-04',
        hours: 10,
        mode: 'direct-hire',
      },
      { at, by: 'facilitator' },
      'statement',
      { statementId: id, statementLine: 1 },
    );
    await api.stores.lineBatches.importLines([line], context);
    const hours = async () =>
      (await api.call('GET', `/api/contracts/${contractId}`, { token: procurement })).body
        .hoursLogged as number;
    const before = await hours();

    // Its request may still be running: a refusal or a second validation waits.
    for (const [verb, body] of [
      ['reject', { reason: 'trop tard' }],
      ['validate', undefined],
    ] as const) {
      const early = await api.call('POST', `/api/statements/${id}/${verb}`, {
        token: procurement,
        ...(body ? { body } : {}),
      });
      expect(early.status).toBe(409);
      expect(early.body.detail).toContain('en cours de validation');
    }

    // Past the time any request runs: the next look undoes it (the 10 h leave), then validates.
    clock = new Date(clock.getTime() + 7 * 60_000);
    const finished = await api.call('POST', `/api/statements/${id}/validate`, {
      token: procurement,
    });
    expect(finished.status, JSON.stringify(finished.body)).toBe(200);
    expect(finished.body).toMatchObject({ status: 'validated', pending: null });
    // 22 h in all, the 10 h of the cut not counted twice.
    expect((await hours()) - before).toBe(12);
    expect((await reconcile(api.doc, api.tableName)).differences).toEqual([]);
    clock = START;
  });
});

describe('a validated statement withdrawn', () => {
  it('voids its lines with the reason, and the hours leave the contract', async () => {
    const submitted = await declare(awardee, {
      contractId,
      month: '2025-02',
      lines: [{ description: 'manœuvre', hours: 8, mode: 'direct-hire' }],
    });
    const before = (await api.call('GET', `/api/contracts/${contractId}`, { token: procurement }))
      .body.hoursLogged;
    await api.call('POST', `/api/statements/${submitted.body.id}/validate`, { token: procurement });
    const withdrawn = await api.call('POST', `/api/statements/${submitted.body.id}/withdraw`, {
      token: procurement,
      body: { reason: 'Validé par erreur : marché d’un autre lot' },
    });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    const after = (await api.call('GET', `/api/contracts/${contractId}`, { token: procurement }))
      .body.hoursLogged;
    expect(after).toBe(before);
    const lines = await api.call('GET', `/api/hours?contractId=${contractId}&month=2025-02`, {
      token: procurement,
    });
    const mine = lines.body.items.filter(
      (l: { statementId: string }) => l.statementId === submitted.body.id,
    );
    expect(
      mine.map((l: { status: string; voidReason: string }) => [l.status, l.voidReason]),
    ).toEqual([['voided', 'Validé par erreur : marché d’un autre lot']]);
  });
});
