import { describe, expect, it } from 'vitest';
import { contractInput, seededApi } from '../support/api';
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

  it('forgets the reference and eligibility everywhere, keeps the hours and the exit', async () => {
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
      },
    });
    const id = person.body.id;
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
      exitedOn: '2025-06-30',
      outcome: 'cdi',
    });
    expect(JSON.stringify(await allItems(api))).not.toMatch(/BX-DUPONT-77|"TH"/);
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
      'exit',
      'erase',
    ]);
    expect(history.body.items[2].reason).toBe(reason);

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
