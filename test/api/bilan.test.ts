import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, createTestApi, sampleCriteria, type TestApi } from '../support/api';

// GET /api/bilans/{year} on DynamoDB Local: test/domain/bilan.test.ts's bilan of 2025, made
// through the API (contracts, people with sex and age band, lines — one voided, one of 2024 —
// exits, an erasure), read back as JSON, CSV and XLSX; who may read it; another structure's
// buyer or PLIE is unknown. The business clock is February 2026: 2025 has ended.
//
// The one difference with the domain test: the shared contract B's key comes from the
// criteria of 2025 (sampleCriteria: populations 300,000 and 100,000, the other criteria alike),
// so Bordeaux's share is (0.75 + 4 × ½) ÷ 5 = 0.55 and Graves' 0.45: of 800 h, 440 and 360 h.
// Required in 2025 (184 of its 365 days): Bordeaux 440 × 184/365 = 221.81 h, Graves
// 360 × 184/365 = 181.48 h (221.81 + 181.48 = 403.29 h, the contract's).

const BM = '24330031600011';
const GH = '27330001500016';
const BS = { name: 'Bâtiment Solidaire', siret: '41234567800012' };
const PP = { name: 'Propreté Plus', siret: '52345678900016' };

let api: TestApi;
let admin: string;
let procurement: string;
const ids: Record<string, string> = {};

async function ok(promise: Promise<{ status: number; body: any }>, status = 201) {
  const answer = await promise;
  if (answer.status !== status) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

beforeAll(async () => {
  api = await createTestApi(() => new Date('2026-02-10T10:00:00Z'));
  admin = await api.token('admin');
  procurement = await api.token('procurement');
  for (const [id, name] of [
    ['bordeaux', 'PLIE de Bordeaux'],
    ['graves', 'PLIE des Graves'],
  ] as const) {
    await ok(
      api.call('PUT', `/api/plies/${id}`, {
        token: admin,
        body: { name, activeFrom: '2020-01-01' },
      }),
    );
  }
  for (const [id, population] of [
    ['bordeaux', 300_000],
    ['graves', 100_000],
  ] as const) {
    await ok(
      api.call('PUT', `/api/plies/${id}/criteria/2025`, {
        token: admin,
        body: sampleCriteria(population),
      }),
      200,
    );
  }
  const contract = async (name: string, overrides: Parameters<typeof contractInput>[0]) => {
    ids[name] = (
      await ok(
        api.call('POST', '/api/contracts', {
          token: procurement,
          body: contractInput({ reference: name, title: `Marché ${name}`, ...overrides }),
        }),
      )
    ).id;
  };
  const base = {
    buyer: { name: 'Bordeaux Métropole', siret: BM },
    awardee: BS,
    notifiedOn: '2024-12-01',
    startsOn: '2025-01-01',
    endsOn: '2025-12-31',
  };
  await contract('A', { ...base, kind: 'works', cpv: '45233140-2', targetHours: 1000 });
  await contract('B', {
    ...base,
    awardee: PP,
    kind: 'services',
    cpv: '90910000-9',
    notifiedOn: '2025-05-15',
    startsOn: '2025-07-01',
    endsOn: '2026-06-30',
    targetHours: 800,
    allocation: { mode: 'shared' },
    socialConsiderations: ['social-clause', 'social-criterion'],
  });
  await contract('C', {
    ...base,
    buyer: { name: 'Gironde Habitat', siret: GH },
    notifiedOn: '2023-11-20',
    startsOn: '2024-01-01',
    endsOn: '2026-12-31',
    targetHours: 300,
    allocation: { mode: 'single', plieId: 'graves' },
    socialConsiderations: ['reserved'],
  });
  await contract('D', {
    ...base,
    awardee: PP,
    kind: 'services',
    notifiedOn: '2025-03-01',
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    targetHours: 500,
    socialConsiderations: [],
  });

  const person = async (name: string, plieId: string, body: Record<string, unknown>) => {
    ids[name] = (
      await ok(
        api.call('POST', '/api/participants', {
          token: procurement,
          body: { plieId, ref: `REF-${name}`, enteredOn: '2024-01-02', ...body },
        }),
      )
    ).id;
  };
  await person('p1', 'bordeaux', { eligibility: ['RSA', 'QPV'], sex: 'F', ageBand: 'under-26' });
  await person('p2', 'bordeaux', { eligibility: ['DELD'], sex: 'M', ageBand: '50-plus' });
  await person('p3', 'graves', { eligibility: ['QPV'], sex: 'F' });
  // Erased below: her eligibility, sex and age band go, her hours and exit stay.
  await person('p4', 'graves', { eligibility: ['RSA'], sex: 'F', ageBand: '26-49' });
  await person('p5', 'bordeaux', { eligibility: ['TH'], sex: 'M', ageBand: '26-49' });

  const line = async (
    contractName: string,
    plieId: string,
    personName: string | null,
    month: string,
    hours: number,
    mode: string,
  ) =>
    ok(
      api.call('POST', '/api/hours', {
        token: procurement,
        body: {
          contractId: ids[contractName],
          plieId,
          ...(personName ? { participantId: ids[personName] } : {}),
          month,
          hours,
          mode,
        },
      }),
    );
  await line('A', 'bordeaux', 'p1', '2025-03', 100, 'direct-hire');
  await line('A', 'bordeaux', 'p2', '2025-03', 50.5, 'temporary-work');
  await line('A', 'bordeaux', null, '2025-04', 20.25, 'direct-hire');
  await line('B', 'bordeaux', 'p1', '2025-09', 151.67, 'direct-hire');
  await line('B', 'graves', 'p3', '2025-09', 40, 'geiq');
  await line('C', 'graves', 'p3', '2025-10', 30, 'siae-subcontracting');
  await line('C', 'graves', 'p4', '2025-11', 10, 'training');
  await line('C', 'graves', null, '2025-11', 5, 'training');
  await line('C', 'graves', 'p3', '2024-06', 70, 'geiq');
  const voided = await line('A', 'bordeaux', 'p2', '2025-05', 99, 'direct-hire');
  await ok(
    api.call('POST', `/api/hours/${voided.id}/void`, {
      token: procurement,
      body: { reason: 'Saisie en double' },
    }),
    200,
  );

  for (const [name, outcome, exitedOn] of [
    ['p1', 'cdi', '2025-12-01'],
    ['p2', 'cdd-under-6m', '2025-12-05'],
    ['p3', 'qualifying-training', '2025-12-10'],
    ['p4', 'moved', '2025-12-12'],
    ['p5', 'job-seeking', '2025-06-30'],
  ] as const) {
    await ok(
      api.call('POST', `/api/participants/${ids[name]}/exit`, {
        token: procurement,
        body: { outcome, exitedOn },
      }),
      200,
    );
  }
  await ok(
    api.call('DELETE', `/api/participants/${ids.p4}`, {
      token: admin,
      body: { reason: 'Demande de la personne, 05/01/2026' },
    }),
    204,
  );
});

const bilanOf = async (query = '', token = procurement) => {
  const answer = await api.call('GET', `/api/bilans/2025${query}`, { token });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body;
};

const hoursOf = (rows: { key: string; hours: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.key, r.hours]));
const peopleOf = (rows: { key: string; people: number; hours: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.key, [r.people, r.hours]]));

describe('GET /api/bilans/{year}', () => {
  it('the structure’s bilan: the hand-computed figures', async () => {
    const bilan = await bilanOf();
    expect(bilan.hours).toMatchObject({ realised: 407.42, required: 1503.2, fte: 0.3 });
    expect(hoursOf(bilan.hours.byMode)).toEqual({
      'direct-hire': 271.92,
      'temporary-work': 50.5,
      geiq: 40,
      'ai-provision': 0,
      'siae-subcontracting': 30,
      training: 15,
    });
    expect(hoursOf(bilan.hours.byKind)).toEqual({ works: 215.75, supplies: 0, services: 191.67 });
    expect(hoursOf(bilan.hours.byBuyer)).toEqual({ [BM]: 362.42, [GH]: 45 });
    expect(hoursOf(bilan.hours.byAwardee)).toEqual({ [BS.siret]: 215.75, [PP.siret]: 191.67 });
    expect(hoursOf(bilan.hours.byCpvDivision)).toEqual({ '90': 191.67, '45': 170.75, unknown: 45 });
    expect(hoursOf(bilan.hours.byPlie)).toEqual({ bordeaux: 322.42, graves: 85 });
    expect(bilan.hours.byMonth[8]).toMatchObject({
      month: '2025-09',
      hours: 191.67,
      byMode: { 'direct-hire': 151.67, geiq: 40 },
    });
    expect(bilan.people).toMatchObject({
      count: 4,
      hours: 382.17,
      linesWithoutParticipant: { hours: 25.25, lines: 2 },
      qpv: { people: 2, hours: 321.67, share: 0.5 },
    });
    // p4 was erased: her criteria, sex and age band are "non renseigné" now.
    expect(peopleOf(bilan.people.byEligibility)).toEqual({
      RSA: [1, 251.67],
      DELD: [1, 50.5],
      QPV: [2, 321.67],
      unknown: [1, 10],
    });
    expect(peopleOf(bilan.people.bySex)).toEqual({
      F: [2, 321.67],
      M: [1, 50.5],
      unknown: [1, 10],
    });
    expect(peopleOf(bilan.people.byAgeBand)).toEqual({
      'under-26': [1, 251.67],
      '26-49': [0, 0],
      '50-plus': [1, 50.5],
      unknown: [2, 80],
    });
    const { rows, ...counts } = bilan.contracts;
    expect(counts).toEqual({
      running: 3,
      withHours: 3,
      withClause: 2,
      withCriterion: 1,
      reserved: 1,
      withSocialConsideration: { contracts: 1, notified: 2, share: 0.5 },
      companies: 2,
      buyers: 2,
      realised: 407.42,
      required: 1503.2,
      realisedRate: 40742 / 150320,
    });
    expect(rows.map((r: any) => [r.reference, r.required, r.realised])).toEqual([
      ['A', 1000, 170.75],
      ['B', 403.29, 191.67],
      ['C', 99.91, 45],
    ]);
    expect(bilan.outcomes).toMatchObject({ exits: 5, neutral: 1, positive: 2, positiveRate: 0.5 });
    expect(bilan.outcomes.byGroup.map((g: any) => g.exits)).toEqual([1, 1, 1, 1, 1]);
  });

  it('a buyer’s bilan reads its contracts’ lines; a PLIE’s its part of the shared contract', async () => {
    const buyer = await bilanOf(`?buyerSiret=${BM}`);
    expect(buyer.scope).toEqual({
      buyerSiret: BM,
      buyerName: 'Bordeaux Métropole',
      plieId: null,
      plieName: null,
    });
    expect(buyer.hours).toMatchObject({ realised: 362.42, required: 1403.29 });
    expect(hoursOf(buyer.hours.byMode)).toMatchObject({ 'direct-hire': 271.92, geiq: 40 });
    expect(buyer.people).toMatchObject({
      count: 3,
      hours: 342.17,
      linesWithoutParticipant: { hours: 20.25, lines: 1 },
    });
    expect(buyer.outcomes).toMatchObject({ exits: 3, positive: 2, neutral: 0 });

    const graves = await bilanOf('?plieId=graves');
    expect(graves.scope.plieName).toBe('PLIE des Graves');
    // B's Graves hours 40 + C 45; required: Graves' 360 h of B over 184/365 + C 99.91
    expect(graves.hours).toMatchObject({ realised: 85, required: 281.39 });
    expect(graves.contracts.rows.map((r: any) => [r.reference, r.required, r.realised])).toEqual([
      ['B', 181.48, 40],
      ['C', 99.91, 45],
    ]);
    expect(graves.people).toMatchObject({
      count: 2,
      hours: 80,
      linesWithoutParticipant: { hours: 5, lines: 1 },
    });
    expect(graves.outcomes).toMatchObject({ exits: 2, neutral: 1, positive: 1, positiveRate: 1 });
    const bordeaux = await bilanOf('?plieId=bordeaux');
    expect(bordeaux.hours).toMatchObject({ realised: 322.42, required: 1221.81 });
  });

  it('a coordinator gets her PLIE’s, whatever she asks; others may not read it', async () => {
    const coordinator = await api.token('plie-coordinator', 'graves');
    for (const query of ['', '?plieId=bordeaux', '?plieId=graves']) {
      const bilan = await bilanOf(query, coordinator);
      expect(bilan.scope.plieId).toBe('graves');
      expect(bilan.hours.realised).toBe(85);
    }
    expect((await bilanOf('', admin)).hours.realised).toBe(407.42);
    for (const role of ['observer', 'operator'] as const) {
      const token = await api.token(role);
      expect((await api.call('GET', '/api/bilans/2025', { token })).status).toBe(403);
    }
    const awardee = await api.call('POST', '/dev/token', {
      body: { role: 'awardee', siret: BS.siret },
    });
    expect((await api.call('GET', '/api/bilans/2025', { token: awardee.body.token })).status).toBe(
      403,
    );
    expect((await api.call('GET', '/api/bilans/2025')).status).toBe(401);
    expect((await api.call('GET', '/api/bilans/20x5', { token: admin })).status).toBe(400);
  });

  it('another structure’s buyer or PLIE is unknown: 404, and its bilan is its own', async () => {
    const operator = await api.token('operator');
    await ok(
      api.call('POST', '/api/tenants', {
        token: operator,
        body: { id: 'grenoble-alpes', name: 'Grenoble-Alpes Métropole' },
      }),
    );
    const tokenOf = async (body: Record<string, unknown>) =>
      (await ok(api.call('POST', '/dev/token', { body }), 200)).token as string;
    const adminB = await tokenOf({ role: 'admin', tenant: 'grenoble-alpes' });
    await ok(
      api.call('PUT', '/api/plies/centre', {
        token: adminB,
        body: { name: 'PLIE Centre', activeFrom: '2020-01-01' },
      }),
    );
    const theirs = await ok(
      api.call('POST', '/api/contracts', {
        token: adminB,
        body: contractInput({ allocation: { mode: 'single', plieId: 'centre' } }),
      }),
    );
    await ok(
      api.call('POST', '/api/hours', {
        token: adminB,
        body: {
          contractId: theirs.id,
          plieId: 'centre',
          month: '2025-04',
          hours: 12,
          mode: 'direct-hire',
        },
      }),
    );
    for (const query of ['?plieId=graves', `?buyerSiret=${GH}`]) {
      const answer = await api.call('GET', `/api/bilans/2025${query}`, { token: adminB });
      expect(answer.status).toBe(404);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await bilanOf('', adminB)).hours.realised).toBe(12);
    expect((await bilanOf('')).hours.realised).toBe(407.42);
    // A buyer the structure has no contract of, and a PLIE it does not have.
    const noBuyer = await api.call('GET', `/api/bilans/2025?buyerSiret=${PP.siret}`, {
      token: procurement,
    });
    expect(noBuyer.status).toBe(404);
    const noPlie = await api.call('GET', '/api/bilans/2025?plieId=centre', { token: procurement });
    expect(noPlie.status).toBe(404);
  });

  it('the CSV and the workbook carry the JSON’s figures', async () => {
    for (const query of ['', `?buyerSiret=${BM}`, '?plieId=graves']) {
      const json = await bilanOf(query);
      const sep = query ? '&' : '?';
      const csv = await api.call('GET', `/api/bilans/2025${query}${sep}format=csv`, {
        token: procurement,
      });
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      expect(csv.headers.get('content-disposition')).toMatch(/filename="bilan-2025.*\.csv"/);
      const xlsx = await api.call('GET', `/api/bilans/2025${query}${sep}format=xlsx`, {
        token: procurement,
      });
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers.get('content-disposition')).toMatch(/\.xlsx"/);
      const fromCsv = figures(
        csvTables(new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes)),
      );
      const fromXlsx = figures(xlsxTables(xlsx.bytes));
      expect(fromCsv).toEqual(figures(expectedTables(json)));
      expect(fromXlsx).toEqual(fromCsv);
    }
  });
});

type Tables = Map<string, (string | number)[][]>;

/** The CSV's sections: a title line, a header line, rows; numbers read back as numbers. */
function csvTables(text: string): Tables {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const tables: Tables = new Map();
  const sections = text.slice(1).trimEnd().split('\r\n\r\n').slice(1);
  for (const section of sections) {
    const [title, , ...rows] = section.split('\r\n');
    tables.set(
      title as string,
      rows.map((row) =>
        csvCells(row).map((cell) =>
          // A SIRET stays text; other digits are numbers with a decimal comma.
          /^-?\d+(,\d+)?$/.test(cell) && !/^\d{14}$/.test(cell)
            ? Number(cell.replace(',', '.'))
            : cell,
        ),
      ),
    );
  }
  return tables;
}

/** One CSV line's cells: `;` apart, a quoted cell's `""` a quote. */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ';' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** The workbook's sheets, by name: inline strings as text, values as numbers (header row out). */
function xlsxTables(bytes: Uint8Array): Tables {
  const parts = unzipSync(bytes);
  const text = (name: string) => strFromU8(parts[name] as Uint8Array);
  const xmlText = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  const names = [...text('xl/workbook.xml').matchAll(/<sheet name="([^"]*)"/g)].map((m) =>
    xmlText(m[1] as string),
  );
  const tables: Tables = new Map();
  names.forEach((name, i) => {
    const rows = [...text(`xl/worksheets/sheet${i + 1}.xml`).matchAll(/<row [^>]*>(.*?)<\/row>/g)];
    tables.set(
      name,
      rows
        .slice(1)
        .map((row) =>
          [
            ...(row[1] as string).matchAll(
              /<c [^>]*?(?:t="inlineStr")?>(?:<is><t[^>]*>(.*?)<\/t><\/is>|<v>(.*?)<\/v>)<\/c>/g,
            ),
          ].map((cell) => (cell[2] !== undefined ? Number(cell[2]) : xmlText(cell[1] ?? ''))),
        ),
    );
  });
  return tables;
}

/** The figures every file must carry, as the JSON gives them, in the tables' words. */
function expectedTables(bilan: any): Tables {
  const pairs = (rows: { label: string; hours: number }[]) => rows.map((r) => [r.label, r.hours]);
  const people = (rows: { label: string; people: number; hours: number }[]) =>
    rows.map((r) => [r.label, r.people, r.hours]);
  return new Map<string, (string | number)[][]>([
    [
      'Synthèse',
      [
        ['Heures réalisées', bilan.hours.realised],
        ['Heures exigées dans l’année (au prorata)', bilan.hours.required],
        ['Équivalents temps plein (heures ÷ 1 607)', bilan.hours.fte],
        ['Participants (personnes distinctes)', bilan.people.count],
        ['Heures sans participant nommé', bilan.people.linesWithoutParticipant.hours],
        ['Lignes sans participant nommé', bilan.people.linesWithoutParticipant.lines],
        ['Marchés avec des heures', bilan.contracts.withHours],
        ['Sorties positives', bilan.outcomes.positive],
        ['Taux de sorties positives (%)', Math.round(bilan.outcomes.positiveRate * 1000) / 10],
      ],
    ],
    ['Par modalité', pairs(bilan.hours.byMode)],
    ['Par type de marché', pairs(bilan.hours.byKind)],
    ['Par division CPV', pairs(bilan.hours.byCpvDivision)],
    ['Par PLIE', pairs(bilan.hours.byPlie)],
    ['Par acheteur', bilan.hours.byBuyer.map((r: any) => [r.label, r.key, r.hours])],
    ['Par entreprise', bilan.hours.byAwardee.map((r: any) => [r.label, r.key, r.hours])],
    ['Par critère d’éligibilité', people(bilan.people.byEligibility)],
    ['Par sexe', people(bilan.people.bySex)],
    ['Par tranche d’âge', people(bilan.people.byAgeBand)],
    ['Marchés', bilan.contracts.rows.map((r: any) => [r.reference, r.required, r.realised])],
    ['Sorties', bilan.outcomes.byGroup.map((g: any) => [g.label, g.exits])],
    [
      'Heures par mois',
      [[Math.round(bilan.hours.byMonth.reduce((s: number, m: any) => s + m.hours, 0) * 100) / 100]],
    ],
  ]);
}

/**
 * What is compared: the Synthèse's named figures, each breakdown's rows, the contracts'
 * reference, required and realised hours, and the months' hours added up.
 */
function figures(tables: Tables): Record<string, unknown> {
  const table = (name: string) => {
    const rows = tables.get(name);
    if (!rows) throw new Error(`no table ${name}`);
    return rows;
  };
  const wanted = new Set([
    'Heures réalisées',
    'Heures exigées dans l’année (au prorata)',
    'Équivalents temps plein (heures ÷ 1 607)',
    'Participants (personnes distinctes)',
    'Heures sans participant nommé',
    'Lignes sans participant nommé',
    'Marchés avec des heures',
    'Sorties positives',
    'Taux de sorties positives (%)',
  ]);
  const months = table('Heures par mois');
  return {
    synthesis: table('Synthèse').filter((r) => wanted.has(r[0] as string)),
    breakdowns: [
      'Par modalité',
      'Par type de marché',
      'Par division CPV',
      'Par PLIE',
      'Par acheteur',
      'Par entreprise',
      'Par critère d’éligibilité',
      'Par sexe',
      'Par tranche d’âge',
      'Sorties',
    ].map((name) => [name, table(name)]),
    contracts: table('Marchés').map((r) => (r.length === 3 ? r : [r[0], r[5], r[6]])),
    months:
      months.length === 1 && months[0]?.length === 1
        ? months[0][0]
        : Math.round(months.reduce((s, r) => s + Number(r[1]), 0) * 100) / 100,
  };
}
