import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';

// The statements list names the file and who sent it (issue 29): a statement's id is its file's
// hash, so the name the page sends (X-File-Name) and the sender's name are kept beside it, at
// import, at replacement and at an awardee's declaration. A file name is user input: checked.

const COMPANY = '41234567800012'; // Bâtiment Solidaire, contractInput()'s awardee

let api: TestApi;
let camille: string;
let contractId: string;
const header = 'Référence du marché;PLIE;Participant;Mois;Heures;Modalité';

const upload = (lines: string[], fileName?: string, path = '/api/hours/import') =>
  api.call('POST', path, {
    token: camille,
    raw: [header, ...lines].join('\r\n'),
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      ...(fileName === undefined ? {} : { 'x-file-name': fileName }),
    },
  });

const listed = async (statementId: string) => {
  const list = await api.call('GET', '/api/statements?limit=100', { token: camille });
  return list.body.items.find((s: { id: string }) => s.id === statementId);
};

beforeAll(async () => {
  ({ api } = await seededApi(() => new Date('2026-11-20T10:00:00Z')));
  const token = await api.call('POST', '/dev/token', {
    body: { role: 'procurement', name: 'Camille Martin' },
  });
  camille = token.body.token;
  const created = await api.call('POST', '/api/contracts', {
    token: camille,
    body: contractInput({
      reference: 'ENV-1',
      notifiedOn: '2026-01-05',
      startsOn: '2026-01-05',
      endsOn: '2026-12-31',
    }),
  });
  expect(created.status).toBe(201);
  contractId = created.body.id;
});

describe('who sent which file', () => {
  it('keeps the file name and the sender’s name of an import, and lists them', async () => {
    const name = 'Relevé octobre 2026 (sous-traitant).csv';
    const response = await upload(
      ['ENV-1;bordeaux;;10/2026;12;Embauche directe'],
      encodeURIComponent(name),
    );
    expect(response.status).toBe(200);
    const statement = await listed(response.body.statementId);
    expect(statement).toMatchObject({ fileName: name, uploadedByName: 'Camille Martin' });
    const read = await api.call('GET', `/api/statements/${response.body.statementId}`, {
      token: camille,
    });
    expect(read.body).toMatchObject({ fileName: name, uploadedByName: 'Camille Martin' });
  });

  it('names the sender of a file sent without its name, and no file name', async () => {
    const response = await upload(['ENV-1;bordeaux;;09/2026;3;Formation']);
    expect(response.status).toBe(200);
    const statement = await listed(response.body.statementId);
    expect(statement.uploadedByName).toBe('Camille Martin');
    expect(statement).not.toHaveProperty('fileName');
  });

  it('keeps the corrected file’s name on the statement that replaces', async () => {
    const first = await upload(['ENV-1;bordeaux;;08/2026;5;Formation'], 'aout.csv');
    const replaced = await upload(
      ['ENV-1;bordeaux;;08/2026;6;Formation'],
      encodeURIComponent('août corrigé.csv'),
      `/api/statements/${first.body.statementId}/replace?reason=${encodeURIComponent('Heures corrigées')}`,
    );
    expect(replaced.status).toBe(200);
    const statement = await listed(replaced.body.statementId);
    expect(statement).toMatchObject({
      fileName: 'août corrigé.csv',
      uploadedByName: 'Camille Martin',
      replaces: first.body.statementId,
    });
  });

  it.each([
    ['a path', encodeURIComponent('../../etc/passwd')],
    ['a control character', encodeURIComponent('releve\u0007.csv')],
    ['a bidirectional override', encodeURIComponent('releve\u202Evsc.exe')],
    ['more than 200 characters', encodeURIComponent(`${'r'.repeat(201)}.csv`)],
    ['a broken encoding', '%E9t%C3'],
  ])('refuses a file name with %s, writing nothing', async (_, fileName) => {
    const before = await api.call('GET', '/api/statements?limit=100', { token: camille });
    const response = await upload(['ENV-1;bordeaux;;07/2026;4;Formation'], fileName);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body.errors[0].path).toBe('x-file-name');
    const after = await api.call('GET', '/api/statements?limit=100', { token: camille });
    expect(after.body.items).toHaveLength(before.body.items.length);
  });

  it('names the company that declared a statement, beside the person', async () => {
    const token = await api.call('POST', '/dev/token', {
      body: { role: 'awardee', siret: COMPANY, name: 'Inès Dupont' },
    });
    const declared = await api.call('POST', '/api/statements', {
      token: token.body.token,
      body: {
        contractId,
        month: '2026-10',
        lines: [{ description: 'manœuvre embauché le 3', hours: 20, mode: 'direct-hire' }],
      },
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    const statement = await listed(declared.body.id);
    expect(statement.uploadedByName).toBe('Inès Dupont (Bâtiment Solidaire)');
    expect(statement).not.toHaveProperty('fileName');
  });
});
