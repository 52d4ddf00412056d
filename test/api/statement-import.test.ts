import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '#shared/http/app';
import { devTokenClaims, signDevToken } from '#shared/http/auth';
import { createDocumentClient, localDynamoConfig } from '#shared/store/client';
import { createStoreRegistry } from '#shared/store/index';
import { reconcile } from '#shared/store/reconcile';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { excelWorkbook } from '../support/excel';
import { itemCount } from '../support/items';
import { statementCsv } from '../support/statements';

let api: TestApi;
let procurement: string;
const header = 'contract_reference;plie_id;participant_ref;month;hours;mode';

const upload = (csv: string, contentType = 'text/csv; charset=utf-8', token = procurement) =>
  api.call('POST', '/api/hours/import', {
    token,
    raw: csv,
    headers: { 'content-type': contentType },
  });

const contractHours = async (reference: string) => {
  const list = await api.call('GET', '/api/contracts?limit=500', { token: procurement });
  return list.body.items.find((c: { reference: string }) => c.reference === reference)
    .hoursLogged as number;
};

beforeAll(async () => {
  ({ api, procurement } = await seededApi());
  for (const reference of ['ST-1', 'ST-2', 'ST-BIG', 'ST-FR']) {
    await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        reference,
        notifiedOn: '2025-01-01',
        startsOn: '2025-01-01',
        endsOn: '2025-12-31',
        allocation: { mode: 'shared' },
      }),
    });
  }
  await api.call('POST', '/api/participants', {
    token: procurement,
    body: { plieId: 'bordeaux', ref: 'BX-7', eligibility: ['RSA'], enteredOn: '2024-11-02' },
  });
});

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const uploadBytes = (bytes: Uint8Array, contentType: string) =>
  api.call('POST', '/api/hours/import', {
    token: procurement,
    raw: bytes,
    headers: { 'content-type': contentType },
  });

describe('statements as French offices send them', () => {
  it('imports the CSV French Excel writes: Windows-1252, `;`, French headers, labels and months', async () => {
    const text = [
      'Référence du marché;PLIE;Participant;Mois;Heures;Modalité',
      'ST-FR;bordeaux;BX-7;04/2025;35,5;Embauche directe',
      'ST-FR;graves;;avr-25;1,25;Intérim d’insertion (ETTI)',
      'ST-FR;Graves;;01/04/2025;2;Mise à disposition GEIQ',
    ].join('\r\n');
    // Excel's "CSV (séparateur : point-virgule)" is Windows-1252: é is one byte, ’ is 0x92.
    const bytes = Uint8Array.from(
      [...text].map((ch) => (ch === '’' ? 0x92 : (ch.codePointAt(0) as number))),
    );
    const before = await contractHours('ST-FR');
    const response = await uploadBytes(bytes, 'application/vnd.ms-excel');
    expect(response.body).toMatchObject({ imported: 3, alreadyImported: 0 });
    expect((await contractHours('ST-FR')) - before).toBeCloseTo(38.75);
  });

  it('imports the first sheet of a workbook, title lines and date-typed months included', async () => {
    const bytes = excelWorkbook([
      ['Relevé mensuel — mai 2025', null, null, null, null, null],
      ['Référence du marché', 'PLIE', 'Participant', 'Mois', 'Heures', 'Modalité'],
      [
        'ST-FR',
        'bordeaux',
        'BX-7',
        { date: '2025-05-01', format: 'month' },
        20,
        'Embauche directe',
      ],
      ['ST-FR', 'graves', null, { date: '2025-05-31', format: 'day' }, 7.25, 'geiq'],
    ]);
    const before = await contractHours('ST-FR');
    const first = await uploadBytes(bytes, XLSX);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ imported: 2, lines: 2 });
    expect((await contractHours('ST-FR')) - before).toBeCloseTo(27.25);
    // The same workbook again is the same statement; sent as a bare file, it is still read.
    const again = await uploadBytes(bytes, 'application/octet-stream');
    expect(again.body).toMatchObject({ imported: 0, alreadyImported: 2 });
  });

  it('reports every error of a workbook line, by the header as written', async () => {
    const bytes = excelWorkbook([
      ['Marché', 'Plie', 'Participant', 'Mois', 'Heures', 'Modalité'],
      ['NOPE-1', 'bordeaux', null, 'Mois 13', 'beaucoup', 'bénévolat'],
    ]);
    const response = await uploadBytes(bytes, XLSX);
    expect(response.status).toBe(422);
    expect(
      response.body.errors.map((e: { line: number; column: string }) => [e.line, e.column]),
    ).toEqual([
      [2, 'Heures'],
      [2, 'Marché'],
      [2, 'Modalité'],
      [2, 'Mois'],
    ]);
    expect(response.body.errors[1].message).toBe('Marché inconnu : « NOPE-1 »');
  });

  it('hands out a template, in CSV and in Excel, that reads back as a statement', async () => {
    const csv = await api.call('GET', '/api/statements/template?format=csv', {
      token: procurement,
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('modele-releve-mensuel.csv');
    expect(csv.bytes.slice(0, 3)).toEqual(Uint8Array.from([0xef, 0xbb, 0xbf]));
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(csv.bytes);
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFRéférence du marché;PLIE;Participant;Mois;Heures;Modalité',
    );
    // The example lines name the structure's PLIEs as people write them.
    expect(text.split('\r\n')[1]).toMatch(/^EXEMPLE-2026-001;PLIE de Bordeaux;P-0001;/);
    expect(text.split('\r\n')[2]).toMatch(/^EXEMPLE-2026-001;PLIE des Graves;P-0002;/);
    const xlsx = await api.call('GET', '/api/statements/template?format=xlsx', {
      token: procurement,
    });
    expect(xlsx.headers.get('content-type')).toBe(XLSX);
    // Its help sheet lists each PLIE of the structure with its code.
    const sheets = unzipSync(xlsx.bytes, { filter: (f) => f.name.startsWith('xl/worksheets/') });
    const help = new TextDecoder().decode(sheets['xl/worksheets/sheet2.xml']);
    for (const text of [
      'Code du PLIE',
      'bordeaux',
      'PLIE de Bordeaux',
      'graves',
      'PLIE des Graves',
    ])
      expect(help).toContain(`>${text}</t>`);
    // Both templates are read as statements: every field is right, PLIEs included; only the
    // example contract and the example people are unknown.
    for (const [bytes, type] of [
      [csv.bytes, 'text/csv'],
      [xlsx.bytes, XLSX],
    ] as const) {
      const response = await uploadBytes(bytes, type);
      expect(response.status).toBe(422);
      const columns = new Set(response.body.errors.map((e: { column: string }) => e.column));
      expect([...columns].sort()).toEqual(['Participant', 'Référence du marché']);
      expect(response.body.errors).toHaveLength(12);
    }
    const coordinator = await api.token('plie-coordinator', 'bordeaux');
    const refused = await api.call('GET', '/api/statements/template', { token: coordinator });
    expect(refused.status).toBe(403);
  });

  it('refuses a file that is neither CSV nor a workbook', async () => {
    const response = await uploadBytes(new TextEncoder().encode('%PDF-1.7'), 'application/pdf');
    expect(response.status).toBe(415);
    const broken = await uploadBytes(new TextEncoder().encode('not a zip'), XLSX);
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toContain('Classeur Excel illisible');
  });
});

describe('POST /api/hours/import', () => {
  it('imports a statement with `;`, a BOM and decimal commas, and nothing the second time', async () => {
    const csv = `\uFEFF${header}\r\nST-1;bordeaux;BX-7;2025-03;35,5;direct-hire\r\nST-1;graves;;2025-03;12,25;geiq\r\n`;
    const first = await upload(csv);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      statementId: expect.stringMatching(/^ST[0-9A-F]{30}$/),
      imported: 2,
      alreadyImported: 0,
      lines: 2,
      duplicates: [],
      leftOut: [],
    });
    expect(await contractHours('ST-1')).toBe(47.75);
    const count = await itemCount(api);
    const second = await upload(csv);
    expect(second.body).toEqual({
      statementId: first.body.statementId,
      imported: 0,
      alreadyImported: 2,
      lines: 2,
      duplicates: [],
      leftOut: [],
    });
    expect(await itemCount(api)).toBe(count);
    expect(await contractHours('ST-1')).toBe(47.75);
  });

  it('reads `,` too, and counts identical lines of one file once each', async () => {
    const csv =
      'contract_reference,plie_id,participant_ref,month,hours,mode\nST-2,graves,,2025-04,8,training\nST-2,graves,,2025-04,8,training\n';
    expect((await upload(csv)).body).toMatchObject({ imported: 2, alreadyImported: 0, lines: 2 });
    expect(await contractHours('ST-2')).toBe(16);
  });

  it('refuses the whole file when any line is wrong, naming each line and column, writing nothing', async () => {
    const count = await itemCount(api);
    const csv = [
      header,
      'ST-1;bordeaux;BX-7;2025-05;10;direct-hire',
      'ST-404;bordeaux;;2025-05;10;direct-hire',
      'ST-1;nowhere;;2025-05;10;direct-hire',
      'ST-1;graves;BX-7;2025-05;10;direct-hire',
      'ST-1;bordeaux;;2026-02;10;direct-hire',
      'ST-1;bordeaux;;2025-05;-3;direct-hire',
      'ST-1;bordeaux;;2025-05;10;bénévolat',
    ].join('\n');
    const response = await upload(csv);
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(
      response.body.errors.map((e: { line: number; column: string }) => [e.line, e.column]),
    ).toEqual([
      [3, 'contract_reference'],
      [4, 'plie_id'],
      [5, 'participant_ref'],
      [6, 'month'],
      [7, 'hours'],
      [8, 'mode'],
    ]);
    expect(response.body.errors[0].message).toContain('ST-404');
    expect(await itemCount(api)).toBe(count);
  });

  it('refuses what is not CSV (415), and coordinators (403)', async () => {
    expect((await upload(header, 'application/json')).status).toBe(415);
    const coordinator = await api.token('plie-coordinator', 'bordeaux');
    expect(
      (await upload(`${header}\nST-1;bordeaux;;2025-05;1;geiq`, 'text/csv', coordinator)).status,
    ).toBe(403);
  });

  it('imports a 10,000-line statement; totals stay equal to lines', async () => {
    const { csv, totalHours } = statementCsv({
      count: 10_000,
      contracts: ['ST-BIG'],
      plies: ['bordeaux', 'graves'],
      months: ['2025-06', '2025-07', '2025-08'],
    });
    const before = await contractHours('ST-BIG');
    const response = await upload(csv);
    expect(response.status).toBe(200);
    expect(response.body.imported + response.body.alreadyImported).toBe(10_000);
    expect(await contractHours('ST-BIG')).toBe(before + totalHours);
    expect((await reconcile(api.doc, api.tableName)).differences).toEqual([]);
  }, 120_000);
});

describe('a crash half-way through an import', () => {
  it('leaves nothing counted twice, and posting the file again finishes the job', async () => {
    const { csv, totalHours } = statementCsv({
      count: 600,
      contracts: ['ST-2'],
      plies: ['bordeaux', 'graves'],
      months: ['2025-09', '2025-10'],
    });
    const before = await contractHours('ST-2');

    // The same app and table, but the 4th transaction dies as a Lambda timeout would kill it.
    const secret = 'crash-test';
    const mockedDoc = createDocumentClient(localDynamoConfig(api.endpoint));
    const mock = mockClient(mockedDoc);
    const pass = <C extends new (input: any) => any>(Command: C) =>
      mock.on(Command as any).callsFake((input: any) => api.doc.send(new Command(input)));
    pass(GetCommand);
    pass(QueryCommand);
    pass(BatchGetCommand);
    let transactions = 0;
    mock.on(TransactWriteCommand).callsFake((input) => {
      transactions += 1;
      if (transactions === 4) throw new Error('Task timed out after 29.00 seconds');
      return api.doc.send(new TransactWriteCommand(input));
    });
    const crashing = createApp({
      stores: createStoreRegistry(mockedDoc, api.tableName),
      authenticator: devTokenClaims(secret),
      logError: () => {},
    });
    const token = await signDevToken(secret, { role: 'procurement' }, new Date());
    const crashed = await crashing.request('/api/hours/import', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(crashed.status).toBe(500);
    mock.restore();

    const partial = await contractHours('ST-2');
    expect(partial).toBeGreaterThan(before);
    expect(partial).toBeLessThan(before + totalHours);
    expect((await reconcile(api.doc, api.tableName)).differences).toEqual([]);

    const resumed = await upload(csv);
    expect(resumed.status).toBe(200);
    expect(resumed.body.alreadyImported).toBeGreaterThan(0);
    expect(resumed.body.imported + resumed.body.alreadyImported).toBe(600);
    expect(await contractHours('ST-2')).toBe(before + totalHours);
    const report = await reconcile(api.doc, api.tableName);
    expect(report.differences).toEqual([]);
  }, 60_000);
});
