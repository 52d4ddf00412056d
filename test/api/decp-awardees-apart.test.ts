import { beforeAll, describe, expect, it } from 'vitest';
import { decpParts } from '#shared/imports/decp-apart';
import { isFrameworkAgreement } from '#shared/services/decp-find';
import { decpFixture, REAL_DECP_RECORD } from '../fixtures/decp/records';
import { seededApi, type TestApi } from '../support/api';

// Separate awardees of one framework agreement in a single record, and names completed from
// the structure's known buyers, through the API on DynamoDB Local. Records are those of
// test/fixtures/decp/ (see its README). No DECP 2.0 record with several awardees could be
// copied here (the data.gouv.fr files were not reachable): the Pays d'Iroise's transport
// agreement (published-records.json, 9), two awardees in one 1.x record, is read as 2.0
// would publish it, with the field 2.0 adds (`typeGroupementOperateurs`), nothing else changed.

let api: TestApi;
let procurement: string;

type Raw = Record<string, unknown>;
const published = (file: string, i: number) =>
  structuredClone((decpFixture(file) as { marches: Raw[] }).marches[i]) as Raw;

const importDecp = (body: unknown) =>
  api.call('POST', '/api/contracts/import/decp', { token: procurement, body });

interface Listed {
  id: string;
  reference: string;
  buyer: { name: string; siret: string };
  awardee: { name: string; siret?: string };
  coAwardees?: { name: string; siret?: string }[];
  toComplete?: string[];
}

async function contractsOf(buyer: string): Promise<Listed[]> {
  const list = await api.call('GET', `/api/contracts?limit=200&buyerSiret=${buyer}`, {
    token: procurement,
  });
  return (list.body.items as Listed[]).sort((a, b) => a.reference.localeCompare(b.reference));
}

beforeAll(async () => {
  ({ api, procurement } = await seededApi());
});

describe('several awardees of one framework agreement in one record', () => {
  const iroise = '24290007400178';
  const agreement = () => ({
    ...published('published-records.json', 9),
    typeGroupementOperateurs: 'Pas de groupement',
  });

  it('makes one contract per awardee when they are no group (« Pas de groupement »)', async () => {
    // The preview foresees both contracts under the references the import gives them.
    const foreseen = await api.call('POST', '/api/contracts/import/decp?dryRun=true', {
      token: procurement,
      body: { marches: [agreement()] },
    });
    expect(foreseen.body).toMatchObject({ created: 2, errors: [] });
    expect((foreseen.body.preview as { reference: string }[]).map((p) => p.reference)).toEqual([
      '2019A18-0600',
      '2019A18-0600-39434093900013',
    ]);
    const first = await importDecp({ marches: [agreement()] });
    expect(first.body).toMatchObject({ created: 2, updated: 0, skipped: 0, errors: [] });
    const contracts = await contractsOf(iroise);
    expect(
      contracts.map((c) => [c.reference, c.awardee.name, c.awardee.siret, c.coAwardees ?? []]),
    ).toEqual([
      ['2019A18-0600', 'CARS DE L ELORN', '33782802400014', []],
      ['2019A18-0600-39434093900013', 'CARS LE ROUX', '39434093900013', []],
    ]);
    // Again, or one awardee's record published alone: nothing changes, no awardee is swapped.
    expect((await importDecp({ marches: [agreement()] })).body).toMatchObject({
      created: 0,
      updated: 0,
      skipped: 2,
    });
    const roux = published('published-records.json', 9);
    roux.titulaires = [(roux.titulaires as Raw[])[1]];
    expect((await importDecp({ marches: [roux] })).body).toMatchObject({
      created: 0,
      updated: 0,
      skipped: 1,
    });
    expect(await contractsOf(iroise)).toHaveLength(2);
  });

  it('keeps a group (« Solidaire ») as the awardee and its co-contractors', async () => {
    const group = {
      ...published('published-modifications.json', 2),
      typeGroupementOperateurs: 'Solidaire',
    };
    expect((await importDecp({ marches: [group] })).body).toMatchObject({ created: 1 });
    const [contract] = await contractsOf('22440002800011');
    expect(contract).toMatchObject({
      reference: '2019I4450000',
      awardee: { name: 'EXPLOSITION' },
      coAwardees: [{ name: 'CL DESIGN' }, { name: 'DECORAL' }],
    });
  });

  it('reads apart only a framework agreement saying « Pas de groupement » and naming several', () => {
    const parts = (raw: Raw) => decpParts(raw, isFrameworkAgreement(raw));
    const record = published('published-records.json', 9);
    expect(parts(record)).toHaveLength(1);
    for (const type of ['Conjoint', 'Solidaire', '']) {
      expect(parts({ ...record, typeGroupementOperateurs: type })).toHaveLength(1);
    }
    expect(parts({ ...record, typeGroupementOperateurs: 'pas de groupement' })).toHaveLength(2);
    // Lyon's design team of ten, a plain contract with « Pas de groupement »: one contract.
    const lyon = (decpFixture('recent-modifications.json') as { marches: { marche: Raw[] } })
      .marches.marche[1] as Raw;
    expect(lyon).toMatchObject({ id: '2019K1209', typeGroupementOperateurs: 'Pas de groupement' });
    expect(parts(lyon)).toHaveLength(1);
    // The official 2.0 example, a framework agreement: a single awardee is one record.
    const example = (
      decpFixture('marches_avec_modifications.json') as { marches: { marche: Raw[] } }
    ).marches.marche[0] as Raw;
    const [only] = parts(example);
    expect(only).toMatchObject({ raw: example, apart: false });
    // New awardees a modification names cannot be given to one of them: said, left aside.
    const two = parts({
      ...example,
      titulaires: [...(example.titulaires as Raw[]), { titulaire: { id: '39434093900013' } }],
    });
    expect(two).toHaveLength(2);
    expect(two[0]?.repairs).toEqual([
      'modification n° 1 : nouveaux titulaires d’un accord-cadre à plusieurs titulaires (sans groupement) non repris',
    ]);
    const modification = ((two[1] as { raw: Raw }).raw.modifications as Raw[])[0] as Raw;
    expect(modification.modification).not.toHaveProperty('titulaires');
    expect(modification.modification).toMatchObject({ montant: 123457.87 });
  });
});

describe('names completed from the structure’s known buyers and companies', () => {
  it('takes a buyer’s name from another of its contracts, an awardee’s from its SIRET', async () => {
    // Loire-Atlantique's contract above named its buyer « BUDGET PRINCIPAL ».
    const unnamed = {
      ...REAL_DECP_RECORD,
      id: 'LA-2024-1',
      acheteur: { id: '22440002800011' },
      titulaires: [{ titulaire: { id: '48118566800045', typeIdentifiant: 'SIRET' } }],
    };
    const stranger = { ...REAL_DECP_RECORD, id: 'XX-2024-1', acheteur: { id: '21500222100012' } };
    const result = await importDecp({ marches: { marche: [unnamed, stranger] } });
    expect(result.body).toMatchObject({ created: 2, errors: [] });
    const [, named] = await contractsOf('22440002800011');
    expect(named).toMatchObject({
      reference: 'LA-2024-1',
      buyer: { name: 'BUDGET PRINCIPAL', siret: '22440002800011' },
      awardee: { name: 'CL DESIGN', siret: '48118566800045' },
      toComplete: [],
    });
    // Nobody knows this buyer or company: left to complete, never made up.
    const [unknown] = await contractsOf('21500222100012');
    expect(unknown).toMatchObject({
      buyer: { name: '' },
      awardee: { name: '' },
      toComplete: ['awardeeName', 'buyerName'],
    });
  });
});
