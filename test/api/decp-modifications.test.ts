import { beforeAll, describe, expect, it } from 'vitest';
import { decpFixture } from '../fixtures/decp/records';
import { seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

// DECP `modifications` become amendments, the 2019 convention of an id with a modification
// number is one contract, and of two versions of a record the most recently published wins.
// Records are those of test/fixtures/decp/published-modifications.json (see its README).

let api: TestApi;
let procurement: string;

type Raw = Record<string, unknown>;
const records = (decpFixture('published-modifications.json') as { marches: Raw[] }).marches;
const record = (i: number) => structuredClone(records[i]) as Raw;

const importDecp = (body: unknown, query = '') =>
  api.call('POST', `/api/contracts/import/decp${query}`, { token: procurement, body });

interface Amendment {
  effectiveOn: string;
  reason: string;
  changes: Record<string, unknown>;
  before: Record<string, unknown>;
  source?: { kind: string; publishedId: string; publishedOn: string | null };
}

async function contractsOf(buyer: string) {
  const list = await api.call('GET', '/api/contracts?limit=200', { token: procurement });
  const mine = (list.body.items as { id: string; buyer: { siret: string } }[]).filter(
    (c) => c.buyer.siret === buyer,
  );
  return Promise.all(
    mine.map(
      async (c) =>
        (await api.call('GET', `/api/contracts/${c.id}`, { token: procurement })).body as {
          reference: string;
          title: string;
          amount: number;
          endsOn: string;
          awardee: { name: string; siret: string };
          coAwardees?: { siret?: string }[];
          amendments: Amendment[];
          decp?: { publishedId: string; publishedOn: string | null; sequence: number | null };
        },
    ),
  );
}

beforeAll(async () => {
  ({ api, procurement } = await seededApi());
});

describe('DECP modifications and versions', () => {
  it('reads …00 then …01 (Irigny, 2019) as one contract amended once, each time once', async () => {
    const first = await importDecp({ marches: [record(0)] });
    expect(first.body).toMatchObject({ created: 1, updated: 0, skipped: 0, errors: [] });
    const [initial] = await contractsOf('21690100900011');
    expect(initial).toMatchObject({ reference: '20181800', amount: 8800, amendments: [] });

    // Republished with one more modification, as the next record: only that one is added.
    const second = await importDecp({ marches: [record(1)] });
    expect(second.body).toMatchObject({ created: 0, updated: 1, skipped: 0, errors: [] });
    const contracts = await contractsOf('21690100900011');
    expect(contracts).toHaveLength(1);
    const [amended] = contracts;
    expect(amended).toMatchObject({
      reference: '20181800',
      amount: 10_072,
      endsOn: '2019-12-21',
      decp: { publishedId: '20181801', sequence: 1, publishedOn: '2018-12-21' },
    });
    expect(amended?.amendments).toEqual([
      expect.objectContaining({
        effectiveOn: '2019-02-28',
        reason: expect.stringContaining('Ajout de prestations'),
        changes: { amount: 10_072 },
        before: { amount: 8800 },
        source: expect.objectContaining({
          kind: 'decp',
          publishedId: '20181801',
          publishedOn: '2019-02-28',
        }),
      }),
    ]);

    // The same file again adds nothing; the initial record again is older and changes nothing.
    const count = await itemCount(api);
    expect((await importDecp({ marches: [record(1)] })).body).toMatchObject({
      created: 0,
      updated: 0,
      skipped: 1,
    });
    const older = await importDecp({ marches: [record(0)] });
    expect(older.body).toMatchObject({ created: 0, updated: 0, skipped: 1 });
    expect(older.body.notices).toEqual([
      {
        index: 0,
        id: '20181800',
        message:
          'enregistrement initial, sans modification : plus ancien que la version importée (modification n° 1), qui est gardée',
      },
    ]);
    expect(await itemCount(api)).toBe(count);
    expect((await contractsOf('21690100900011'))[0]?.amount).toBe(10_072);
  });

  it('takes both versions from one file (Loire-Atlantique, PES feed), the dry run foreseeing it', async () => {
    const file = { marches: [record(2), record(3)] };
    const dry = await importDecp(file, '?dryRun=true');
    expect(dry.body).toMatchObject({ created: 1, updated: 1, skipped: 0, errors: [] });
    const done = await importDecp(file);
    expect(done.body).toMatchObject({ created: 1, updated: 1, skipped: 0, errors: [] });
    const [contract, ...others] = await contractsOf('22440002800011');
    expect(others).toHaveLength(0);
    expect(contract).toMatchObject({ reference: '2019I4450000', amount: 88_000 });
    expect(contract?.amendments).toHaveLength(1);
    expect(contract?.amendments[0]).toMatchObject({ effectiveOn: '2019-03-01' });
  });

  it('applies three modifications in order; the initial record after them changes nothing', async () => {
    const result = await importDecp({ marches: [record(4), record(5)] });
    expect(result.body).toMatchObject({ created: 1, updated: 0, skipped: 1, errors: [] });
    expect(result.body.notices).toEqual([expect.objectContaining({ index: 1, id: '2019007000' })]);
    const [contract, ...others] = await contractsOf('27560003900018');
    expect(others).toHaveLength(0);
    // 1,127 € at award, 108 € after the modifications; its awardee, one company.
    expect(contract).toMatchObject({ reference: '2019007003', amount: 108, endsOn: '2021-01-23' });
    expect(contract?.amendments.map((a) => [a.before.amount, a.changes.amount])).toEqual([
      [1127, 108],
      [108, 108],
      [108, 108],
    ]);
    expect(contract?.coAwardees ?? []).toHaveLength(0);
  });

  it('changes the awardee when a modification names another (Villeneuve d’Ascq)', async () => {
    await importDecp({ marches: [record(6)] });
    const [contract] = await contractsOf('21590009300018');
    expect(contract?.awardee).toMatchObject({ name: 'CUBE SOLUTION', siret: '83230711000011' });
    expect(contract?.amendments[0]).toMatchObject({
      reason: 'Nom et Siret du titulaire',
      effectiveOn: '2019-01-07',
      changes: { awardee: { siret: '83230711000011' } },
      before: { awardee: { siret: '82377178700012' } },
    });
  });

  it('moves the end with a new duration (Valros: 3 months, then 36)', async () => {
    await importDecp({ marches: [record(7)] });
    const [contract] = await contractsOf('21340325600018');
    expect(contract).toMatchObject({ amount: 7240, endsOn: '2021-10-22' });
    expect(contract?.amendments[0]).toMatchObject({
      changes: { endsOn: '2021-10-22' },
      before: { endsOn: '2019-01-22' },
    });
  });

  it('keeps two contracts when ids differ by two digits but not their object (Orléans)', async () => {
    const result = await importDecp({ marches: [record(8), record(9)] });
    expect(result.body).toMatchObject({ created: 2, updated: 0, errors: [] });
    const references = (await contractsOf('24450046800040')).map((c) => c.reference).sort();
    expect(references).toEqual(['2018M18414GR00', '2018M18414GR01']);
  });

  it('lets the newer of two feeds win, whichever comes first (Orléans, PES and marches-publics.info)', async () => {
    const older = record(11); // marches-publics.info, published 2019-01-16: 40,800 €
    const newer = record(10); // PES, published 2019-02-28: 48,800 €
    expect((await importDecp({ marches: [older] })).body).toMatchObject({ created: 1 });
    const byId = async () =>
      (await contractsOf('24450046800040')).find((c) => c.reference === '2019M1900200');
    expect(await byId()).toMatchObject({ amount: 40_800 });

    expect((await importDecp({ marches: [newer] })).body).toMatchObject({ updated: 1 });
    expect(await byId()).toMatchObject({
      amount: 48_800,
      title: expect.stringMatching(/^REALISATION DE DEUX INVENTAIRES/),
      decp: { publishedOn: '2019-02-28' },
    });

    const again = await importDecp({ marches: [older] });
    expect(again.body).toMatchObject({ created: 0, updated: 0, skipped: 1 });
    expect(again.body.notices[0].message).toBe(
      'publié le 16 janvier 2019 : plus ancien que la version importée (publiée le 28 février 2019), qui est gardée',
    );
    expect(await byId()).toMatchObject({ amount: 48_800 });
  });

  it('keeps one contract per awardee of a framework agreement published once per awardee', async () => {
    const file = { marches: [record(12), record(13)] };
    expect((await importDecp(file)).body).toMatchObject({ created: 2, updated: 0, errors: [] });
    const agreements = (await contractsOf('21590009300018'))
      .filter((c) => c.reference.startsWith('201818001700'))
      .map((c) => [c.reference, c.awardee.siret])
      .sort();
    expect(agreements).toEqual([
      ['201818001700', '34807290100021'],
      ['201818001700-39337406100025', '39337406100025'],
    ]);
    // Again, or the second awardee's record alone: nothing changes, no awardee is swapped.
    expect((await importDecp(file)).body).toMatchObject({ created: 0, updated: 0, skipped: 2 });
    expect((await importDecp({ marches: [record(13)] })).body).toMatchObject({
      created: 0,
      updated: 0,
      skipped: 1,
    });
  });

  it('reads the official 2.0.3 example: amount and duration amended, from the notification', async () => {
    const file = decpFixture('marches_avec_modifications.json') as {
      marches: { marche: Raw[] };
    };
    await importDecp({ marches: { marche: file.marches.marche.slice(0, 1) } });
    const [contract] = await contractsOf('21750001630066');
    // Modification 1 (id 1) said notified on 2022-10-18, before the contract: from the contract.
    expect(contract).toMatchObject({ amount: 123_457.87, endsOn: '2025-05-15' });
    expect(contract?.amendments).toEqual([
      expect.objectContaining({
        effectiveOn: '2024-05-15',
        source: expect.objectContaining({ key: 'id:1', publishedOn: '2022-10-20' }),
      }),
    ]);
    const again = await importDecp({ marches: { marche: file.marches.marche.slice(0, 1) } });
    expect(again.body).toMatchObject({ created: 0, updated: 0, skipped: 1 });
  });
});
