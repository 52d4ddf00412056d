import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

// A facilitator's file names the PLIE as she writes it, not by its code.

let api: TestApi;
let procurement: string;
let contractId: string;
const header = 'Référence du marché;PLIE;Participant;Mois;Heures;Modalité';

const upload = (lines: string[]) =>
  api.call('POST', '/api/hours/import', {
    token: procurement,
    raw: [header, ...lines].join('\r\n'),
    headers: { 'content-type': 'text/csv; charset=utf-8' },
  });

const plieHours = async () => {
  const lines = await api.call(
    'GET',
    `/api/hours?contractId=${contractId}&month=2025-03&limit=500`,
    {
      token: procurement,
    },
  );
  const byPlie: Record<string, number> = {};
  for (const line of lines.body.items as { plieId: string; hours: number }[]) {
    byPlie[line.plieId] = (byPlie[line.plieId] ?? 0) + line.hours;
  }
  return byPlie;
};

beforeAll(async () => {
  let admin: string;
  ({ api, admin, procurement } = await seededApi());
  for (const [id, name] of [
    ['hauts-de-garonne', 'PLIE des Hauts de Garonne'],
    ['nord', 'PLIE du Nord'],
    ['plie-nord', 'PLIE Nord'],
  ] as const) {
    const put = await api.call('PUT', `/api/plies/${id}`, {
      token: admin,
      body: { name, activeFrom: null },
    });
    expect(put.status).toBe(201);
  }
  const contract = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'PN-1',
      notifiedOn: '2025-01-01',
      startsOn: '2025-01-01',
      endsOn: '2025-12-31',
      allocation: { mode: 'shared' },
    }),
  });
  expect(contract.status).toBe(201);
  contractId = contract.body.id;
});

describe('a statement names its PLIEs as people write them', () => {
  it('lands "PLIE de Bordeaux", "plie des hauts de garonne" and "bordeaux" on the right PLIE', async () => {
    const response = await upload([
      'PN-1;PLIE de Bordeaux;;03/2025;10;Embauche directe',
      'PN-1;plie des hauts de garonne;;03/2025;7;Embauche directe',
      'PN-1;bordeaux;;03/2025;5;Embauche directe',
      'PN-1;Graves;;03/2025;2;Embauche directe',
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ imported: 4 });
    expect(await plieHours()).toEqual({ bordeaux: 15, 'hauts-de-garonne': 7, graves: 2 });
  });

  it('refuses an unknown or ambiguous PLIE line by line, naming both PLIEs, writing nothing', async () => {
    const count = await itemCount(api);
    const response = await upload([
      'PN-1;PLIE de Bordeaux;;04/2025;10;Embauche directe',
      'PN-1;PLIE de Lyon;;04/2025;10;Embauche directe',
      'PN-1;plie nord;;04/2025;10;Embauche directe',
      'PN-404;PLIE de Lyon;;04/2025;10;Embauche directe',
    ]);
    expect(response.status).toBe(422);
    const errors = response.body.errors as { line: number; column: string; message: string }[];
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'PLIE'],
      [4, 'PLIE'],
      [5, 'PLIE'],
      [5, 'Référence du marché'],
    ]);
    expect(errors[0]?.message).toMatch(/^PLIE inconnu : « PLIE de Lyon »/);
    expect(errors[1]?.message).toMatch(/^PLIE ambigu : « plie nord »/);
    expect(errors[1]?.message).toContain('« PLIE du Nord » (nord)');
    expect(errors[1]?.message).toContain('« PLIE Nord » (plie-nord)');
    expect(errors[3]?.message).toBe('Marché inconnu : « PN-404 »');
    expect(await itemCount(api)).toBe(count);
  });
});
