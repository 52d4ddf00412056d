import { beforeAll, describe, expect, it } from 'vitest';
import { decpFixture, REAL_DECP_RECORD } from '../fixtures/decp/records';
import { seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

let api: TestApi;
let procurement: string;

const fixture = decpFixture;

const real = REAL_DECP_RECORD;

const importDecp = (body: unknown) =>
  api.call('POST', '/api/contracts/import/decp', { token: procurement, body });

beforeAll(async () => {
  ({ api, procurement } = await seededApi());
});

describe('POST /api/contracts/import/decp', () => {
  it('imports the real record of domain.md with its considerations mapped, amount exact', async () => {
    const result = await importDecp({ marches: { marche: [real] } });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ created: 1, updated: 0, skipped: 0, errors: [] });
    const list = await api.call('GET', '/api/contracts?year=2022', { token: procurement });
    const contract = list.body.items.find(
      (c: { reference: string }) => c.reference === '202207LOT03',
    );
    expect(contract).toMatchObject({
      amount: 44996.25,
      kind: 'works',
      notifiedOn: '2022-10-19',
      startsOn: '2022-10-19',
      endsOn: '2023-09-19',
      socialConsiderations: ['social-criterion', 'social-clause'],
      buyer: { siret: '21500222100012' },
      awardee: { siret: '91824625700011' },
      targetHours: null,
      allocation: null,
      reserved: null,
      source: 'decp',
    });
    const detail = await api.call('GET', `/api/contracts/${contract.id}`, { token: procurement });
    expect(detail.body.allocation).toBeNull();
    expect(detail.body.allocationIssue).toContain('PLIE');
  });

  it('creates nothing when the same file comes again, and updates what DECP changed', async () => {
    const count = await itemCount(api);
    const again = await importDecp({ marches: { marche: [real] } });
    expect(again.body).toEqual({ created: 0, updated: 0, skipped: 1, errors: [] });
    expect(await itemCount(api)).toBe(count);
    const amended = await importDecp([
      { ...real, montant: 47_500.1, considerationsSociales: ['Clause sociale', 'Marché réservé'] },
    ]);
    expect(amended.body).toEqual({ created: 0, updated: 1, skipped: 0, errors: [] });
    const list = await api.call('GET', '/api/contracts?year=2022', { token: procurement });
    const contract = list.body.items.find(
      (c: { reference: string }) => c.reference === '202207LOT03',
    );
    expect(contract.amount).toBe(47_500.1);
    expect(contract.socialConsiderations).toEqual([
      'social-criterion',
      'social-clause',
      'reserved',
    ]);
  });

  it('keeps what users completed when DECP changes the record', async () => {
    const list = await api.call('GET', '/api/contracts?year=2022', { token: procurement });
    const contract = list.body.items.find(
      (c: { reference: string }) => c.reference === '202207LOT03',
    );
    await api.call('PATCH', `/api/contracts/${contract.id}`, {
      token: procurement,
      body: { allocation: { mode: 'single', plieId: 'bordeaux' }, targetHours: 120 },
    });
    await importDecp([{ ...real, objet: 'Rénovation de la petite salle — carrelage' }]);
    const after = await api.call('GET', `/api/contracts/${contract.id}`, { token: procurement });
    expect(after.body).toMatchObject({
      title: 'Rénovation de la petite salle — carrelage',
      targetHours: 120,
      allocationMode: { plieId: 'bordeaux' },
    });
  });

  it('imports the official examples, skipping concessions; the same key under two buyers is two contracts', async () => {
    const result = await importDecp(fixture('marches_concessions.json'));
    expect(result.body).toEqual({ created: 2, updated: 0, skipped: 2, errors: [] });
    const again = await importDecp(fixture('marches_avec_modifications.json'));
    expect(again.body).toEqual({ created: 0, updated: 0, skipped: 2, errors: [] });
  });

  it('reports unreadable records by index and imports the others', async () => {
    const result = await importDecp({
      marches: [
        { ...real, id: 'OK-1' },
        { ...real, id: 'BAD-1', dateNotification: '19/10/2022' },
        { ...real, id: 'OK-2', considerationsSociales: ['Pas de considération sociale'] },
        'not a record',
        { ...real, id: 'BAD-2', montant: 'cher' },
      ],
    });
    expect(result.status).toBe(200);
    expect(result.body.created).toBe(2);
    expect(result.body.errors.map((e: { index: number }) => e.index)).toEqual([1, 3, 4]);
    expect(result.body.errors[0].message).toContain('dateNotification');
  });

  it('imports published records with their quirks, counting each lot and each record once', async () => {
    const published = fixture('published-records.json');
    const first = await importDecp(published);
    expect(first.status).toBe(200);
    const errors = first.body.errors as { index: number; id?: string; message: string }[];
    // Indexes are those of the file as sent; each error names the record's id.
    // A foreign awardee (8, 25), a SIREN (19) and the placeholder CPV (9, 10) are imported;
    // without a notification date (23, 24) a record is still refused.
    expect(errors.map((e) => [e.index, e.id])).toEqual([
      [7, '2018J1134A00'],
      [23, '2018COs68fWklM00'],
      [24, '20187YpU6ONK5C00'],
    ]);
    // Messages count records from 1, as people do (index 6 is the 7th).
    expect(errors[0]?.message).toContain("que l'enregistrement n° 7 du fichier");
    expect(errors[0]?.message).toContain('objet');
    expect(errors[1]?.message).toBe('dateNotification : champ absent');
    // 28 records: 3 refused, the contract published three times and 9–10 counted once.
    expect(first.body).toMatchObject({ created: 22, updated: 0, skipped: 3 });

    const contracts = (await api.call('GET', '/api/contracts?limit=200', { token: procurement }))
      .body.items as Record<string, unknown>[];
    const byReference = (reference: string, buyer?: string) =>
      contracts.filter(
        (c) =>
          c.reference === reference && (!buyer || (c.buyer as { siret: string }).siret === buyer),
      );
    // The calendar date as written, never shifted through UTC.
    expect(byReference('2019I1703000')[0]).toMatchObject({
      notifiedOn: '2018-12-17',
      endsOn: '2022-02-17',
    });
    expect(byReference('2018214400')[0]).toMatchObject({ notifiedOn: '2018-11-06' });
    // SIRETs with spaces, numbers as text, one awardee as an object, a CPV's lost zero.
    expect(byReference('2019CHENNVDEUX00')[0]).toMatchObject({
      awardee: { siret: '80268496900016' },
    });
    expect(byReference('20242023F0002600')[0]).toMatchObject({
      amount: 73_500,
      endsOn: '2027-01-22',
      kind: 'supplies',
      awardee: { name: 'SCIC ENERGIES RENOUVELABLES PAYS DE RANCE', siret: '50327243700032' },
    });
    expect(byReference('201818AC0010100')[0]).toMatchObject({ cpv: '03111000' });
    // Co-contractors are kept, the first SIRET being the awardee.
    expect(byReference('20191900600', '20006787400012')[0]).toMatchObject({
      awardee: { siret: '44452352600499' },
      coAwardees: [
        { name: 'ECOSCOP', siret: '42977626300031' },
        { name: 'ATELIER VILLES ET PAYSAGES', siret: '41931522100012' },
      ],
    });
    expect(byReference('2018DS180900')[0]?.coAwardees).toHaveLength(2);
    // A lot and its consultation, published with one id, stay two contracts.
    expect(byReference('2019M1900400-lot2', '24450046800040')[0]).toMatchObject({ lot: '2' });
    expect(byReference('2019M1900400', '24450046800040')[0]).toMatchObject({ lot: null });
    expect(byReference('2019M1900400', '35180897700034')).toHaveLength(1);

    // The same file again changes nothing: no lot flips another.
    const count = await itemCount(api);
    const again = await importDecp(published);
    expect(again.body).toMatchObject({ created: 0, updated: 0, skipped: 25 });
    expect(again.body.errors).toHaveLength(3);
    expect(await itemCount(api)).toBe(count);
  });

  it('says what an import would do without writing anything (dryRun), then does exactly that', async () => {
    // The published file again (imported above), with one amount changed and one record new.
    const records = structuredClone(fixture('published-records.json')) as {
      marches: Record<string, unknown>[];
    };
    const readable = (await importDecp(records)).body.skipped as number;
    expect(readable).toBe(25);
    const [changed, renamed] = records.marches.filter(
      (r) => r.id === '2019I1703000' || r.id === '2018DS180900',
    );
    if (!changed || !renamed) throw new Error('fixture records not found');
    changed.montant = Number(changed.montant) + 1000;
    renamed.id = `${renamed.id}-BIS`;

    const before = await itemCount(api);
    const dry = await api.call('POST', '/api/contracts/import/decp?dryRun=true', {
      token: procurement,
      body: records,
    });
    expect(dry.status).toBe(200);
    expect(await itemCount(api)).toBe(before);
    expect(dry.body).toMatchObject({ created: 1, updated: 1, skipped: 23 });
    expect(dry.body.errors).toHaveLength(3);
    expect(dry.body.preview).toEqual([
      expect.objectContaining({
        action: 'update',
        reference: '2019I1703000',
        changes: ['montant'],
      }),
      expect.objectContaining({ action: 'create', reference: '2018DS180900-BIS', changes: [] }),
    ]);

    const { preview: _, ...foreseen } = dry.body;
    expect((await importDecp(records)).body).toEqual(foreseen);
    // A bigger file's preview is a job (decp-national.test.ts).
  });

  it('counts concessions in the indexes it reports', async () => {
    const concession = { _type: 'Contrat de concession', id: 'C-1', autoriteConcedante: {} };
    const result = await importDecp({
      marches: [concession, { ...real, id: 'IDX-BAD', montant: '12 k€' }],
    });
    expect(result.body.errors).toEqual([
      { index: 1, id: 'IDX-BAD', message: 'montant : nombre attendu, « 12 k€ » reçu' },
    ]);
  });

  it('refuses what is not a DECP document, and coordinators', async () => {
    const response = await importDecp({ contracts: [] });
    expect(response.status).toBe(400);
    const coordinator = await api.token('plie-coordinator', 'bordeaux');
    const refused = await api.call('POST', '/api/contracts/import/decp', {
      token: coordinator,
      body: [real],
    });
    expect(refused.status).toBe(403);
  });
});
