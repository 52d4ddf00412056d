import { describe, expect, it } from 'vitest';
import { contractInput, seededApi } from '../support/api';
import { allItems } from '../support/items';

describe('DELETE /api/participants/{id} (GDPR erasure)', () => {
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

    const graves = await api.token('plie-coordinator', 'graves');
    expect((await api.call('DELETE', `/api/participants/${id}`, { token: graves })).status).toBe(
      403,
    );
    const erased = await api.call('DELETE', `/api/participants/${id}`, { token: admin });
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

    expect((await api.call('DELETE', `/api/participants/${id}`, { token: admin })).status).toBe(
      409,
    );
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
