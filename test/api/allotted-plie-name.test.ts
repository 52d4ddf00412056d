import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';

// A line for another PLIE than the one a contract is allotted to is refused naming that PLIE as
// its users know it, « PLIE de Bordeaux », not by its id « bordeaux » (fresh-eyes pass, finding
// 4): on the form (POST /api/hours) and in a monthly statement's file alike.

let api: TestApi;
let procurement: string;
let contractId: string;

beforeAll(async () => {
  ({ api, procurement } = await seededApi());
  const contract = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'NOM-1',
      notifiedOn: '2025-01-01',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      allocation: { mode: 'single', plieId: 'bordeaux' },
    }),
  });
  expect(contract.status, JSON.stringify(contract.body)).toBe(201);
  contractId = contract.body.id;
});

const SAID =
  'Ce marché est attribué à « PLIE de Bordeaux » : ses heures ne peuvent aller à un autre PLIE.';

describe('a line for another PLIE than the contract’s', () => {
  it('is refused on the form naming the contract’s PLIE by its name, on the PLIE field', async () => {
    const line = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId, plieId: 'graves', month: '2025-03', hours: 10, mode: 'direct-hire' },
    });
    expect(line.status).toBe(422);
    expect(line.body.detail).toContain('« PLIE de Bordeaux »');
    expect(line.body.detail).not.toContain('« bordeaux »');
    expect(line.body.errors).toContainEqual({ path: 'plieId', message: SAID });
  });

  it('is refused in a statement’s file the same way, on its PLIE column', async () => {
    const file = await api.call('POST', '/api/hours/import', {
      token: procurement,
      raw: [
        'Référence du marché;PLIE;Participant;Mois;Heures;Modalité',
        'NOM-1;PLIE des Graves;;03/2025;10;Embauche directe',
      ].join('\r\n'),
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
    expect(file.status).toBe(422);
    expect(file.body.errors).toEqual([
      expect.objectContaining({ line: 2, column: 'PLIE', message: SAID }),
    ]);
  });
});
