import { beforeAll, describe, expect, it } from 'vitest';
import { decpFixture } from '../fixtures/decp/records';
import { seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

// Records of the 2022 format (DECP 2.0) as the national consolidation published them in 2025,
// modifications included: test/fixtures/decp/recent-modifications.json (origin in its README).
// 0 202401L04 (an amount lowered, then a modification changing nothing), 1 2019K1209 (Ville de
// Lyon, ten awardees, eight modifications), 2 2020-698182-01 (Haute-Vienne, `"montant": 1` and
// `"dureeMois": 1` filled in), 3 2024CULT05 (Cannes, no modification), 4 202207LOT03.

let api: TestApi;
let procurement: string;

type Raw = Record<string, unknown>;
const file = decpFixture('recent-modifications.json') as { marches: { marche: Raw[] } };
const record = (i: number) => structuredClone(file.marches.marche[i]) as Raw;

const importDecp = (body: unknown) =>
  api.call('POST', '/api/contracts/import/decp', { token: procurement, body });

interface Amendment {
  effectiveOn: string;
  changes: Record<string, unknown>;
  before: Record<string, unknown>;
  source?: { kind: string; key: string; publishedOn: string | null; notifiedOn: string | null };
}

interface Contract {
  reference: string;
  amount: number;
  startsOn: string;
  endsOn: string;
  awardee: { siret?: string };
  coAwardees?: { siret?: string }[];
  amendments: Amendment[];
}

/** The contracts a buyer's record became (one, or one per awardee when they are apart). */
async function contractsOf(buyer: string, id: string): Promise<Contract[]> {
  const list = await api.call('GET', '/api/contracts?limit=200', { token: procurement });
  const mine = (
    list.body.items as { id: string; reference: string; buyer: { siret: string } }[]
  ).filter(
    (c) => c.buyer.siret === buyer && (c.reference === id || c.reference.startsWith(`${id}-`)),
  );
  return Promise.all(
    mine.map(
      async (c) =>
        (await api.call('GET', `/api/contracts/${c.id}`, { token: procurement })).body as Contract,
    ),
  );
}

async function onlyContract(buyer: string, id: string): Promise<Contract> {
  const contracts = await contractsOf(buyer, id);
  expect(contracts).toHaveLength(1);
  return contracts[0] as Contract;
}

const history = (contract: Contract) =>
  contract.amendments.map((a) => [a.effectiveOn, a.source?.key, a.before, a.changes]);

beforeAll(async () => {
  ({ api, procurement } = await seededApi());
});

describe('DECP 2.0 records of 2025 with their modifications', () => {
  let repairs: { index: number; id?: string; message: string }[] = [];

  it('imports every contract of the consolidated file, none taken for a concession', async () => {
    // The consolidation writes `"autoriteConcedante": ""` on its contracts (`_type` « Marché »).
    const result = await importDecp(file);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ skipped: 0, errors: [] });
    expect(result.body.created).toBeGreaterThanOrEqual(5);
    repairs = result.body.repairs ?? [];
    for (const [buyer, id] of [
      ['21030042200016', '202401L04'],
      ['21690123100011', '2019K1209'],
      ['22870851700989', '2020-698182-01'],
      ['21060029200010', '2024CULT05'],
      ['21500222100012', '202207LOT03'],
    ] as const) {
      expect((await contractsOf(buyer, id)).length, id).toBeGreaterThan(0);
    }
  });

  it('lowers an amount, and records a modification that changes nothing (202401L04)', async () => {
    const contract = await onlyContract('21030042200016', '202401L04');
    expect(contract).toMatchObject({
      amount: 124_557.46,
      startsOn: '2024-02-08',
      endsOn: '2025-07-08', // 17 months, untouched
      awardee: { siret: '48794607100015' },
    });
    expect(history(contract)).toEqual([
      ['2025-04-08', 'id:1', { amount: 127_835.12 }, { amount: 124_557.46 }],
      ['2025-04-09', 'id:2', {}, {}],
    ]);
    expect(contract.amendments.map((a) => a.source?.publishedOn)).toEqual([
      '2025-04-08',
      '2025-04-14',
    ]);
  });

  it('raises an amount published in 2024 (202207LOT03)', async () => {
    const contract = await onlyContract('21500222100012', '202207LOT03');
    expect(contract).toMatchObject({ amount: 49_599.25, endsOn: '2023-09-19' });
    expect(history(contract)).toEqual([
      ['2023-12-20', 'id:1', { amount: 44_996.25 }, { amount: 49_599.25 }],
    ]);
  });

  it('leaves out a filled-in 1 € and a duration ending before its own modification (Haute-Vienne)', async () => {
    const contract = await onlyContract('22870851700989', '2020-698182-01');
    // 40 months from 6 February 2020; 23,004 € until the modification of 2025 (22,545 €).
    expect(contract).toMatchObject({ amount: 22_545, endsOn: '2023-06-06' });
    expect(history(contract)).toEqual([
      ['2023-06-07', 'id:1', {}, {}],
      ['2025-04-01', 'id:2', { amount: 23_004 }, { amount: 22_545 }],
    ]);
    const said = repairs.filter((r) => r.id === '2020-698182-01').map((r) => r.message);
    expect(said).toEqual([
      'modification n° 1 : montant de 1 € (valeur de remplissage) : non repris',
      'modification n° 1 : durée de 1 mois : le marché aurait pris fin le 6 mars 2020, avant la modification elle-même — non reprise',
      'modification n° 2 : durée de 1 mois : le marché aurait pris fin le 6 mars 2020, avant la modification elle-même — non reprise',
    ]);
  });

  it('applies eight modifications in order to the ten awardees’ contract (Ville de Lyon)', async () => {
    const contracts = await contractsOf('21690123100011', '2019K1209');
    const awardees = contracts
      .flatMap((c) => [c.awardee, ...(c.coAwardees ?? [])])
      .map((a) => a.siret)
      .sort();
    expect(awardees).toEqual([
      '39210031900038',
      '39210873400063',
      '39830819700035',
      '42473124800060',
      '44775451600022',
      '49291816400020',
      '52356666900025',
      '80312749700029',
      '95039847900085',
      '96650098500033',
    ]);
    for (const contract of contracts) {
      // 49 months, 58 from 23 June 2023; the modification of 24 July 2023 raised the amount and
      // restated 49 months, which would have ended the contract a week before it: not a duration.
      expect(contract).toMatchObject({ amount: 1_214_900, endsOn: '2024-04-17' });
      expect(history(contract)).toEqual([
        ['2020-10-12', 'id:1', {}, {}],
        ['2022-06-15', 'id:2', {}, {}],
        ['2022-06-29', 'id:3', {}, {}],
        ['2022-07-26', 'id:4', {}, {}],
        ['2023-06-23', 'id:5', { endsOn: '2023-07-17' }, { endsOn: '2024-04-17' }],
        ['2023-07-24', 'id:6', { amount: 1_105_000 }, { amount: 1_214_900 }],
        ['2023-08-10', 'id:7', {}, {}],
        ['2025-04-14', 'id:8', {}, {}],
      ]);
    }
    expect(repairs).toContainEqual({
      index: 1,
      id: '2019K1209',
      message:
        'modification n° 6 : durée de 49 mois : le marché aurait pris fin le 17 juillet 2023, avant la modification elle-même — non reprise',
    });
  });

  it('reads a record without modifications whose flags say « NC » (Cannes)', async () => {
    const contract = await onlyContract('21060029200010', '2024CULT05');
    expect(contract).toMatchObject({ amount: 40_000, endsOn: '2026-07-07', amendments: [] });
  });

  it('changes nothing when the same file is imported again', async () => {
    const count = await itemCount(api);
    const again = await importDecp(file);
    expect(again.body).toMatchObject({ created: 0, updated: 0, errors: [] });
    expect(again.body.skipped).toBeGreaterThanOrEqual(5);
    expect(await itemCount(api)).toBe(count);
  });

  it('changes nothing with an earlier state of a record (before its last modifications)', async () => {
    // Derived here, not published as such: each record as a monthly file held it before its
    // last modification (2.0 keeps `datePublicationDonnees` and appends modifications).
    const earlier = (i: number, kept: number) => {
      const raw = record(i);
      raw.modifications = (raw.modifications as unknown[]).slice(0, kept);
      return raw;
    };
    const count = await itemCount(api);
    const older = await importDecp({ marches: { marche: [earlier(0, 1), earlier(4, 0)] } });
    expect(older.body).toMatchObject({ created: 0, updated: 0, skipped: 2, errors: [] });
    expect(await itemCount(api)).toBe(count);
    const lowered = await onlyContract('21030042200016', '202401L04');
    expect(lowered.amount).toBe(124_557.46);
    expect(lowered.amendments).toHaveLength(2);
    const raised = await onlyContract('21500222100012', '202207LOT03');
    expect(raised).toMatchObject({ amount: 49_599.25 });
    expect(raised.amendments).toHaveLength(1);
  });
});
