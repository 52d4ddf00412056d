import { describe, expect, it, vi } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { allItems } from '../support/items';

describe('DELETE /api/participants/{id} (GDPR erasure)', () => {
  it('is done by the person’s own PLIE too, and by no other', async () => {
    const { api } = await seededApi();
    const person = await api.call('POST', '/api/participants', {
      token: await api.token('admin'),
      body: { plieId: 'graves', ref: 'GR-ERASE-1', eligibility: ['RSA'], enteredOn: '2025-01-02' },
    });
    const reason = 'Demande de la personne au conseiller, 03/11/2026';
    const bordeaux = await api.token('plie-coordinator', 'bordeaux');
    const graves = await api.token('plie-coordinator', 'graves');
    const path = `/api/participants/${person.body.id}`;
    expect((await api.call('DELETE', path, { token: bordeaux, body: { reason } })).status).toBe(
      403,
    );
    expect((await api.call('DELETE', path, { token: graves, body: { reason } })).status).toBe(204);
  });

  it('forgets the reference, eligibility, sex and age band everywhere, keeps the hours and the exit', async () => {
    const { api, admin, procurement } = await seededApi();
    const contract = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput(),
    });
    const person = await api.call('POST', '/api/participants', {
      token: procurement,
      body: {
        plieId: 'bordeaux',
        ref: 'BX-DUPONT-77',
        eligibility: ['RSA', 'TH'],
        enteredOn: '2025-01-02',
        sex: 'F',
      },
    });
    const id = person.body.id;
    // The age band recorded later: a change record of its own.
    const described = await api.call('PATCH', `/api/participants/${id}`, {
      token: procurement,
      body: { ageBand: '50-plus' },
    });
    expect(described.body).toMatchObject({ sex: 'F', ageBand: '50-plus' });
    await api.call('POST', '/api/hours', {
      token: procurement,
      body: {
        contractId: contract.body.id,
        plieId: 'bordeaux',
        participantId: id,
        month: '2025-04',
        hours: 30,
        mode: 'direct-hire',
      },
    });
    await api.call('POST', `/api/participants/${id}/exit`, {
      token: procurement,
      body: { exitedOn: '2025-06-30', outcome: 'cdi' },
    });
    const outcomesBefore = await api.call('GET', '/api/outcomes?year=2025', { token: admin });
    const contractBefore = await api.call('GET', `/api/contracts/${contract.body.id}`, {
      token: admin,
    });

    // Asked of the person's own PLIE or an administrator, never of procurement or another PLIE;
    // who asked, and when, is required and kept.
    const reason = 'Demande de la personne, courriel du 12/11/2026';
    const erase = (token: string, body: unknown) =>
      api.call('DELETE', `/api/participants/${id}`, { token, body });
    const graves = await api.token('plie-coordinator', 'graves');
    expect((await erase(graves, { reason })).status).toBe(403);
    const refused = await erase(procurement, { reason });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain('effacer un participant');
    const noReason = await erase(admin, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('reason');
    const erased = await erase(admin, { reason });
    expect(erased.status).toBe(204);

    const read = await api.call('GET', `/api/participants/${id}`, { token: admin });
    expect(read.body).toMatchObject({
      ref: 'effacé',
      eligibility: [],
      sex: null,
      ageBand: null,
      exitedOn: '2025-06-30',
      outcome: 'cdi',
    });
    // Nothing of the table holds them any more: the participant, nor any change record.
    expect(JSON.stringify(await allItems(api))).not.toMatch(
      /BX-DUPONT-77|"TH"|"sex"|"ageBand"|50-plus/,
    );
    expect((await api.call('GET', '/api/outcomes?year=2025', { token: admin })).body).toEqual(
      outcomesBefore.body,
    );
    expect(
      (await api.call('GET', `/api/contracts/${contract.body.id}`, { token: admin })).body
        .hoursLogged,
    ).toBe(contractBefore.body.hoursLogged);
    const history = await api.call('GET', `/api/changes?entityType=participant&entityId=${id}`, {
      token: admin,
    });
    expect(history.body.items.map((c: { action: string }) => c.action)).toEqual([
      'create',
      'update',
      'exit',
      'erase',
    ]);
    expect(history.body.items[3].reason).toBe(reason);
    // Erased, the person can be described no more.
    const after = await api.call('PATCH', `/api/participants/${id}`, {
      token: admin,
      body: { sex: 'M' },
    });
    expect(after.status).toBe(409);

    expect((await erase(admin, { reason })).status).toBe(409);
    // The reference is free again.
    const again = await api.call('POST', '/api/participants', {
      token: procurement,
      body: {
        plieId: 'bordeaux',
        ref: 'BX-DUPONT-77',
        eligibility: ['RSA'],
        enteredOn: '2025-09-01',
      },
    });
    expect(again.status).toBe(201);
  });
});

// Issue 25: the person's reference leaves everything that held it — awardees' statements that
// declared them, free text that named them, the change records of all of these — and the table
// is searched whole to prove it. The business clock is mid-June 2025: May has ended.

const COMPANY = '41234567800012'; // contractInput()'s awardee
const REF = 'BX-EFF-01';
/** Someone else of the same PLIE, whose reference begins with the erased one: it stays. */
const NEIGHBOUR = 'BX-EFF-010';
/** The erased reference as a word, in any case (not inside NEIGHBOUR). */
const NAMED = /BX-EFF-01(?![0-9])/i;
const header = 'contract_reference;plie_id;participant_ref;month;hours;mode';

/**
 * A person and a neighbour, named everywhere a reference goes: a refused then corrected and
 * validated awardee's statement (with a description of the person), an uploaded statement, a
 * withdrawn one whose reason names them, a line logged and voided with their name in the
 * reason, an exit corrected with it.
 */
async function namedEverywhere(api: TestApi, procurement: string, admin: string) {
  const reference = `ER-${Math.random().toString(36).slice(2, 8)}`;
  const contract = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ reference }),
  });
  const person = async (ref: string) =>
    (
      await api.call('POST', '/api/participants', {
        token: admin,
        body: { plieId: 'bordeaux', ref, eligibility: ['RSA'], enteredOn: '2025-01-02' },
      })
    ).body.id as string;
  const id = await person(REF);
  await person(NEIGHBOUR);
  const awardee = (
    await api.call('POST', '/dev/token', { body: { role: 'awardee', siret: COMPANY } })
  ).body.token as string;
  const lines = (hours: number) => [
    { participantRef: REF, description: 'manœuvre, embauchée le 3', hours, mode: 'direct-hire' },
    { participantRef: NEIGHBOUR, hours: 10, mode: 'geiq' },
  ];
  const submitted = await api.call('POST', '/api/statements', {
    token: awardee,
    body: { contractId: contract.body.id, month: '2025-03', lines: lines(25) },
  });
  expect(submitted.status).toBe(201);
  const refused = await api.call('POST', `/api/statements/${submitted.body.id}/reject`, {
    token: procurement,
    body: { reason: `${REF} : 20 h ce mois-là, pas 25`, lines: [1] },
  });
  expect(refused.status).toBe(200);
  const corrected = await api.call('POST', '/api/statements', {
    token: awardee,
    body: {
      contractId: contract.body.id,
      month: '2025-03',
      replaces: submitted.body.id,
      lines: lines(20),
    },
  });
  const validated = await api.call('POST', `/api/statements/${corrected.body.id}/validate`, {
    token: procurement,
  });
  expect(validated.status, JSON.stringify(validated.body)).toBe(200);

  const upload = (csv: string) =>
    api.call('POST', '/api/hours/import', {
      token: procurement,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
  const uploaded = await upload(
    `${header}\n${reference};bordeaux;${REF};2025-04;15;direct-hire\n${reference};bordeaux;${NEIGHBOUR};2025-04;5;geiq\n`,
  );
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
  const mistaken = await upload(
    `${header}\n${reference};bordeaux;${REF};2025-02;3;geiq\n${reference};bordeaux;${NEIGHBOUR};2025-02;4;geiq\n`,
  );
  const withdrawn = await api.call(
    'POST',
    `/api/statements/${mistaken.body.statementId}/withdraw`,
    { token: procurement, body: { reason: `Heures de ${REF} déjà déclarées par le titulaire` } },
  );
  expect(withdrawn.status).toBe(200);

  const logged = await api.call('POST', '/api/hours', {
    token: procurement,
    body: {
      contractId: contract.body.id,
      plieId: 'bordeaux',
      participantId: id,
      month: '2025-05',
      hours: 7,
      mode: 'direct-hire',
    },
  });
  expect(logged.status).toBe(201);
  const voided = await api.call('POST', `/api/hours/${logged.body.id}/void`, {
    token: procurement,
    body: { reason: `Saisie en double pour ${REF.toLowerCase()}.` },
  });
  expect(voided.status).toBe(200);

  await api.call('POST', `/api/participants/${id}/exit`, {
    token: admin,
    body: { exitedOn: '2025-06-30', outcome: 'cdi' },
  });
  const exitCorrected = await api.call('PUT', `/api/participants/${id}/exit`, {
    token: admin,
    body: { exitedOn: '2025-06-20', outcome: 'cdi', reason: `Date donnée par ${REF}` },
  });
  expect(exitCorrected.status).toBe(200);
  return {
    id,
    contractId: contract.body.id as string,
    statements: {
      refused: submitted.body.id as string,
      validated: corrected.body.id as string,
      uploaded: uploaded.body.statementId as string,
      withdrawn: mistaken.body.statementId as string,
    },
    lineId: logged.body.id as string,
  };
}

/**
 * Items that still hold the participant's id where the design keeps it: the participant itself
 * (reference "effacé", no eligibility: the tombstone that keeps the exit for outcome rates),
 * its hour lines, the totals they feed and the markers of their duplicate keys (which name the
 * id as the line's own duplicate key does: shared/store/duplicate-markers.ts), and the change
 * records of it and of its lines. The
 * id is random (newId), derived from nothing about the person, and once the reference is gone
 * no item ties it to one: hours and exit stay, anonymous, as the erasure promises.
 */
function keepsIdByDesign(item: Record<string, unknown>, id: string): boolean {
  const kept = [
    'participant',
    'hours-line',
    'line-key',
    'total:contract-participant',
    'total:participant-month',
    'total:participant-year',
  ];
  if (kept.includes(item._type as string)) return true;
  return (
    item._type === 'change' &&
    ((item.entityType === 'participant' && item.entityId === id) ||
      item.entityType === 'hours-line')
  );
}

async function expectForgotten(api: TestApi, id: string) {
  const items = await allItems(api);
  expect(items.filter((item) => NAMED.test(JSON.stringify(item)))).toEqual([]);
  expect(
    items.filter((item) => JSON.stringify(item).includes(id) && !keepsIdByDesign(item, id)),
  ).toEqual([]);
  // Not by scrubbing too much: the neighbour's reference is where it was.
  expect(
    items.some((item) => item._type === 'statement' && JSON.stringify(item).includes(NEIGHBOUR)),
  ).toBe(true);
}

describe('erasure is complete (issue 25)', () => {
  it('leaves the reference nowhere: statements, their history, reasons, the person’s own', async () => {
    const { api, admin, procurement } = await seededApi(() => new Date('2025-06-15T10:00:00Z'));
    const named = await namedEverywhere(api, procurement, admin);
    const { id, statements } = named;
    const statement = (statementId: string) =>
      api.call('GET', `/api/statements/${statementId}`, { token: procurement });
    const history = (entityType: string, entityId: string) =>
      api.call('GET', `/api/changes?entityType=${entityType}&entityId=${entityId}`, {
        token: admin,
      });
    const validatedBefore = (await statement(statements.validated)).body;
    expect(JSON.stringify(validatedBefore)).toMatch(NAMED);
    expect(JSON.stringify((await history('statement', statements.validated)).body)).toMatch(NAMED);
    const hoursBefore = (
      await api.call('GET', `/api/contracts/${named.contractId}`, { token: admin })
    ).body.hoursLogged;

    const erased = await api.call('DELETE', `/api/participants/${id}`, {
      token: admin,
      body: { reason: `Demande de ${REF}, courriel du 12/06/2025` },
    });
    expect(erased.status).toBe(204);
    await expectForgotten(api, id);

    // The statements as anyone reads them: the person's line says "effacé", the neighbour's
    // is untouched, a refusal's reason no longer names the person.
    const validated = (await statement(statements.validated)).body;
    expect(validated.declaredLines).toMatchObject([
      { line: 1, participantRef: 'effacé', description: null, hours: 20 },
      { line: 2, participantRef: NEIGHBOUR, hours: 10 },
    ]);
    expect(validated.status).toBe('validated');
    // The declaration's fingerprint hashed the reference: it no longer does.
    expect(validated.fileHash).not.toBe(validatedBefore.fileHash);
    const refused = (await statement(statements.refused)).body;
    expect(refused.declaredLines[0].rejection).toBe('effacé : 20 h ce mois-là, pas 25');
    expect((await statement(statements.withdrawn)).body.reason).toBe(
      'Heures de effacé déjà déclarées par le titulaire',
    );
    for (const statementId of Object.values(statements)) {
      const read = await history('statement', statementId);
      expect(read.status).toBe(200);
      expect(read.body.items.length).toBeGreaterThan(0);
      expect(JSON.stringify(read.body)).not.toMatch(NAMED);
    }
    const own = (await history('participant', id)).body.items;
    expect(own.map((c: { action: string }) => c.action)).toEqual([
      'create',
      'exit',
      'correct-exit',
      'erase',
    ]);
    expect(own[2].reason).toBe('Date donnée par effacé');
    expect(own[3].reason).toBe('Demande de effacé, courriel du 12/06/2025');
    const line = await api.call('GET', `/api/hours/${named.lineId}`, { token: admin });
    expect(line.body).toMatchObject({
      status: 'voided',
      voidReason: 'Saisie en double pour effacé.',
    });
    const lineHistory = await api.call('GET', `/api/hours/${named.lineId}/history`, {
      token: admin,
    });
    expect(JSON.stringify(lineHistory.body)).not.toMatch(NAMED);
    // The hours stay.
    expect(
      (await api.call('GET', `/api/contracts/${named.contractId}`, { token: admin })).body
        .hoursLogged,
    ).toBe(hoursBefore);
  });

  it('a refusal racing the erasure cannot write the scrubbed reference back', async () => {
    const { api, admin, procurement } = await seededApi(() => new Date('2025-06-15T10:00:00Z'));
    const contract = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ reference: `ER-RACE-${Math.random().toString(36).slice(2, 6)}` }),
    });
    const person = await api.call('POST', '/api/participants', {
      token: admin,
      body: { plieId: 'bordeaux', ref: REF, eligibility: ['RSA'], enteredOn: '2025-01-02' },
    });
    const awardee = (
      await api.call('POST', '/dev/token', { body: { role: 'awardee', siret: COMPANY } })
    ).body.token as string;
    const submitted = await api.call('POST', '/api/statements', {
      token: awardee,
      body: {
        contractId: contract.body.id,
        month: '2025-03',
        lines: [{ participantRef: REF, hours: 25, mode: 'direct-hire' }],
      },
    });
    expect(submitted.status).toBe(201);

    // The refusal has read the statement (the reference in it); the erasure runs before it writes.
    const statements = api.stores.statements;
    const settle = statements.settle.bind(statements);
    const spy = vi.spyOn(statements, 'settle').mockImplementationOnce(async (...args) => {
      const erased = await api.call('DELETE', `/api/participants/${person.body.id}`, {
        token: admin,
        body: { reason: 'Demande de la personne, courriel du 14/06/2025' },
      });
      expect(erased.status).toBe(204);
      return settle(...args);
    });
    const reject = () =>
      api.call('POST', `/api/statements/${submitted.body.id}/reject`, {
        token: procurement,
        body: { reason: '25 h déclarées, 20 h prévues', lines: [1] },
      });
    const raced = await reject();
    spy.mockRestore();
    expect(raced.status).toBe(409);
    const read = await api.call('GET', `/api/statements/${submitted.body.id}`, {
      token: procurement,
    });
    expect(JSON.stringify(read.body)).not.toMatch(NAMED);
    // Asked again, the refusal goes through on the scrubbed lines.
    expect((await reject()).status).toBe(200);
    const items = await allItems(api);
    expect(items.filter((item) => NAMED.test(JSON.stringify(item)))).toEqual([]);
  });

  it('cut off half-way, finishes when asked again', async () => {
    const { api, admin, procurement } = await seededApi(() => new Date('2025-06-15T10:00:00Z'));
    const { id, statements } = await namedEverywhere(api, procurement, admin);
    const erase = () =>
      api.call('DELETE', `/api/participants/${id}`, {
        token: admin,
        body: { reason: 'Demande de la personne, courriel du 12/06/2025' },
      });
    const ref = async () =>
      (await api.call('GET', `/api/participants/${id}`, { token: admin })).body.ref;

    // Cut off among the statements: the first one scrubbed, the second one fails.
    const store = api.stores.statementScrub;
    const original = store.scrub.bind(store);
    let calls = 0;
    const scrub = vi.spyOn(store, 'scrub').mockImplementation((...args) => {
      calls += 1;
      return calls === 2 ? Promise.reject(new Error('cut off')) : original(...args);
    });
    expect((await erase()).status).toBe(500);
    scrub.mockRestore();
    expect(await ref()).toBe(REF);
    // Of the three statements that name the person, one is scrubbed already.
    const stillNaming = [];
    for (const statementId of [statements.refused, statements.validated, statements.withdrawn]) {
      const read = await api.call('GET', `/api/statements/${statementId}`, { token: procurement });
      if (NAMED.test(JSON.stringify(read.body))) stillNaming.push(statementId);
    }
    expect(stillNaming).toHaveLength(2);

    // Cut off at the very end: everything scrubbed, the participant not yet marked erased.
    const mark = vi
      .spyOn(api.stores.participants, 'erase')
      .mockRejectedValueOnce(new Error('cut off'));
    expect((await erase()).status).toBe(500);
    mark.mockRestore();
    expect(await ref()).toBe(REF);

    expect((await erase()).status).toBe(204);
    expect(await ref()).toBe('effacé');
    await expectForgotten(api, id);
    expect((await erase()).status).toBe(409);
  });
});
