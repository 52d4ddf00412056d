import { beforeAll, describe, expect, it } from 'vitest';
import { decpFixture, REAL_DECP_RECORD } from '../fixtures/decp/records';
import { seededApi, type TestApi } from '../support/api';

// Awardees as published, placeholders and names, through the API on DynamoDB Local: each
// awardee form of test/fixtures/decp/awardee-forms.json imports with its identifier, the
// repairs are in the import's answer, a contract « à compléter » says what it lacks until a
// user completes it, and names come from what the structure knows or stay empty.

let api: TestApi;
let procurement: string;
let admin: string;

type Listed = Record<string, unknown> & { id: string; reference: string };

const importDecp = (body: unknown) =>
  api.call('POST', '/api/contracts/import/decp', { token: procurement, body });

async function contract(reference: string): Promise<Listed> {
  const list = await api.call('GET', '/api/contracts?limit=200', { token: procurement });
  const found = (list.body.items as Listed[]).find((c) => c.reference === reference);
  if (!found) throw new Error(`${reference} not listed`);
  return found;
}

beforeAll(async () => {
  ({ api, procurement } = await seededApi());
  admin = await api.token('admin');
});

describe('DECP awardees as published', () => {
  it('imports every awardee form, saying each repair; only a record without a date is refused', async () => {
    const result = await importDecp(decpFixture('awardee-forms.json'));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ created: 12, updated: 0, skipped: 0 });
    expect(result.body.errors).toEqual([
      { index: 12, id: '2018om5Wzvjcva00', message: 'dateNotification : champ absent' },
    ]);
    const repairs = result.body.repairs as { index: number; id: string; message: string }[];
    expect(repairs.map((r) => [r.index, r.id])).toEqual([
      [2, '201919005a00'],
      [3, '20182600'],
      [4, '201800600'],
      [5, '201818S002700'],
      [6, '2018S4200'],
      [8, '201818313900'],
      [9, '2018hGtTThiRky00'],
      [10, '20182zR3mTiocf00'],
    ]);
    expect(repairs[0]?.message).toContain('lu 30198456300678');

    expect(await contract('2018T0400')).toMatchObject({
      awardee: { name: 'CMP BAYLE', siren: '614500585' },
    });
    expect((await contract('2018T0400')).awardee).not.toHaveProperty('siret');
    expect(await contract('2018J144500')).toMatchObject({
      awardee: { identifier: 'HORS-UE USCOLUMBIAARTISTSM' },
    });
    expect(await contract('2018hGtTThiRky00')).toMatchObject({
      awardee: { name: 'SQUARE', siren: '507567493' },
    });
    expect(await contract('201800600')).toMatchObject({ awardee: { siret: '49341497300039' } });
    expect(await contract('2018S4200')).toMatchObject({
      awardee: { identifier: 'SIRET 0000000000000000' },
      toComplete: ['awardeeId'],
    });
  });

  it('gives a foreign awardee no access, and asks the SIRET of one published by its SIREN', async () => {
    const foreign = await contract('2018J144500');
    const refused = await api.call('POST', `/api/contracts/${foreign.id}/invitations`, {
      token: procurement,
      body: { email: 'columbia@example.com' },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('HORS-UE USCOLUMBIAARTISTSM');
    expect(refused.body.detail).toContain('ne peut recevoir d’accès');

    const bayle = await contract('2018T0400');
    const noSiret = await api.call('POST', `/api/contracts/${bayle.id}/invitations`, {
      token: procurement,
      body: { email: 'bayle@example.com' },
    });
    expect(noSiret.status).toBe(422);
    expect(noSiret.body.detail).toContain('SIREN (614500585)');
    // Any establishment of the company (its SIREN) may be invited; another company may not.
    const invited = await api.call('POST', `/api/contracts/${bayle.id}/invitations`, {
      token: procurement,
      body: { email: 'bayle@example.com', siret: '61450058500011' },
    });
    expect(invited.status).toBe(201);
    const stranger = await api.call('POST', `/api/contracts/${bayle.id}/invitations`, {
      token: procurement,
      body: { email: 'autre@example.com', siret: '49341497300039' },
    });
    expect(stranger.status).toBe(422);
    // The company reaches the contract by its SIREN.
    const token = (
      await api.call('POST', '/dev/token', { body: { role: 'awardee', siret: '61450058500011' } })
    ).body.token as string;
    const own = await api.call('GET', '/api/contracts', { token });
    expect((own.body.items as Listed[]).map((c) => c.reference)).toEqual(['2018T0400']);
  });
});

describe('DECP placeholders « à compléter »', () => {
  const placeholder = {
    ...REAL_DECP_RECORD,
    id: 'NC-2022-01',
    acheteur: { id: '21500222100012', nom: 'Commune de Montbéliard' },
    codeCPV: '00000000-1',
    dureeMois: 'NC',
    titulaires: [{ titulaire: { id: '91824625700011', typeIdentifiant: 'SIRET' } }],
  };

  it('imports the record naming what is missing, until a user completes it', async () => {
    const result = await importDecp([placeholder]);
    expect(result.body).toMatchObject({ created: 1, errors: [] });
    const imported = await contract('NC-2022-01');
    expect(imported).toMatchObject({
      toComplete: ['cpv', 'duration', 'awardeeName'],
      awardee: { name: '', siret: '91824625700011' },
    });
    // A known end changes by an amendment; a missing one is completed.
    const patched = await api.call('PATCH', `/api/contracts/${imported.id}`, {
      token: procurement,
      body: { cpv: '45223220-4', endsOn: '2023-09-19', awardee: { name: 'Carrelages du Doubs' } },
    });
    expect(patched.status).toBe(200);
    const completed = await contract('NC-2022-01');
    expect(completed).toMatchObject({
      kind: 'works',
      cpv: '45223220-4',
      endsOn: '2023-09-19',
      awardee: { name: 'Carrelages du Doubs', siret: '91824625700011' },
      toComplete: [],
    });
    const again = await api.call('PATCH', `/api/contracts/${imported.id}`, {
      token: procurement,
      body: { endsOn: '2024-01-31' },
    });
    expect(again.status).toBe(409);

    // The same placeholders published again take back nothing the user completed.
    const reimport = await importDecp([placeholder]);
    expect(reimport.body).toMatchObject({ created: 0, updated: 0, skipped: 1 });
    expect(await contract('NC-2022-01')).toMatchObject({
      kind: 'works',
      endsOn: '2023-09-19',
      awardee: { name: 'Carrelages du Doubs' },
      toComplete: [],
    });
  });
});

describe('names the 2024 format does not give', () => {
  it('takes them from the structure’s buyers and companies, or leaves them to complete', async () => {
    // The official 2.0 examples name no one: nobody knows these buyers and companies yet.
    const first = await importDecp(decpFixture('marches_avec_modifications.json'));
    expect(first.body).toMatchObject({ created: 2, errors: [] });
    expect(await contract('TEST2022Bis')).toMatchObject({
      buyer: { name: '', siret: '21750001630040' },
      awardee: { name: '' },
      toComplete: ['awardeeName', 'buyerName'],
    });

    // The administrator names the buyer; the company of 91824625700011 was named by a user
    // on NC-2022-01 above.
    const put = await api.call('PUT', '/api/settings/buyer-contacts', {
      token: admin,
      body: {
        items: [{ siret: '21750001630040', name: 'Ville de Paris', emails: ['dae@paris.example'] }],
      },
    });
    expect(put.status).toBe(200);
    const later = await importDecp([
      { ...REAL_DECP_RECORD, id: 'PARIS-2', acheteur: { id: '21750001630040' } },
      {
        ...REAL_DECP_RECORD,
        id: 'PARIS-3',
        acheteur: { id: '21750001630040' },
        titulaires: [{ titulaire: { id: '55204599900869', typeIdentifiant: 'SIRET' } }],
      },
    ]);
    expect(later.body).toMatchObject({ created: 2, errors: [] });
    expect(await contract('PARIS-2')).toMatchObject({
      buyer: { name: 'Ville de Paris' },
      awardee: { name: 'Carrelages du Doubs', siret: '91824625700011' },
      toComplete: [],
    });
    expect(await contract('PARIS-3')).toMatchObject({
      buyer: { name: 'Ville de Paris' },
      awardee: { name: '' },
      toComplete: ['awardeeName'],
    });
    // Published again, the earlier record takes the buyer's name now known.
    const again = await importDecp(decpFixture('marches_avec_modifications.json'));
    expect(again.body).toMatchObject({ created: 0, updated: 1 });
    expect(await contract('TEST2022Bis')).toMatchObject({
      buyer: { name: 'Ville de Paris' },
      toComplete: ['awardeeName'],
    });
    expect(await contract('TEST2022')).toMatchObject({ buyer: { name: '' } });
  });
});
