import { beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '#shared/store/reconcile';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { excelWorkbook } from '../support/excel';

// Hours to the hundredth (issue 28): a payslip's full-time month is 151.67 h (35 h × 52 ÷ 12).
// Three of them make 455.01 h, and the contract's total, the PLIE's months, the report and the
// funding say 455.01 exactly; lines of 0.1 h and 0.2 h in one statement make 0.3 h, not
// JavaScript's 0.30000000000000004 (which DynamoDB would keep for ever in a total). The business
// clock is mid-June 2025.

const NOW = new Date('2025-06-15T10:00:00Z');
const COMPANY = '41234567800012'; // contractInput()'s awardee
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

let api: TestApi;
let admin: string;
let procurement: string;
let contractId: string;
let smallId: string;

const upload = (raw: string | Uint8Array, contentType = 'text/csv; charset=utf-8') =>
  api.call('POST', '/api/hours/import', {
    token: procurement,
    raw,
    headers: { 'content-type': contentType },
  });

const contract = async (id: string) =>
  (await api.call('GET', `/api/contracts/${id}`, { token: procurement })).body;

beforeAll(async () => {
  ({ api, admin, procurement } = await seededApi(() => NOW));
  const created = await api.call('POST', '/api/contracts', {
    token: procurement,
    // A target to the hundredth: three payslip months.
    body: contractInput({ reference: 'PAIE-1', targetHours: 455.01 }),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  contractId = created.body.id;
  const small = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ reference: 'PAIE-2', allocation: { mode: 'single', plieId: 'graves' } }),
  });
  smallId = small.body.id;
  for (const ref of ['BX-1', 'BX-2', 'BX-3']) {
    const person = await api.call('POST', '/api/participants', {
      token: admin,
      body: { plieId: 'bordeaux', ref, eligibility: ['RSA'], enteredOn: '2025-01-02' },
    });
    expect(person.status).toBe(201);
  }
  const convention = await api.call('PUT', '/api/funding-conventions/2025', {
    token: admin,
    body: { fixedPerPlie: 5000, perHour: 1.1 },
  });
  expect(convention.status).toBe(200);
});

describe('hours to the hundredth', () => {
  it('takes a payslip’s 151.67 h from the form’s API, a CSV and a workbook', async () => {
    const line = await api.call('POST', '/api/hours', {
      token: procurement,
      body: {
        contractId,
        plieId: 'bordeaux',
        participantId: (
          await api.call('GET', '/api/participants?plieId=bordeaux', { token: procurement })
        ).body.items.find((p: { ref: string }) => p.ref === 'BX-1').id,
        month: '2025-03',
        hours: 151.67,
        mode: 'direct-hire',
      },
    });
    expect(line.status, JSON.stringify(line.body)).toBe(201);
    expect(line.body.hours).toBe(151.67);
    const csv = await upload(
      'Référence du marché;PLIE;Participant;Mois;Heures;Modalité\r\nPAIE-1;bordeaux;BX-2;03/2025;151,67;Embauche directe\r\n',
    );
    expect(csv.status, JSON.stringify(csv.body)).toBe(200);
    const workbook = await upload(
      excelWorkbook([
        ['Référence du marché', 'PLIE', 'Participant', 'Mois', 'Heures', 'Modalité'],
        ['PAIE-1', 'bordeaux', 'BX-3', '2025-03', 151.67, 'Embauche directe'],
      ]),
      XLSX,
    );
    expect(workbook.status, JSON.stringify(workbook.body)).toBe(200);
    expect((await contract(contractId)).hoursLogged).toBe(455.01);
  });

  it('refuses finer than the hundredth, saying so in French', async () => {
    const line = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId, plieId: 'bordeaux', month: '2025-03', hours: 7.125, mode: 'geiq' },
    });
    expect(line.status).toBe(400);
    expect(line.body.errors).toEqual([
      expect.objectContaining({ path: 'hours', message: 'Heures au centième près (ex. 151,67)' }),
    ]);
    const csv = await upload(
      'contract_reference;plie_id;participant_ref;month;hours;mode\nPAIE-1;bordeaux;;2025-03;7,125;geiq\n',
    );
    expect(csv.status).toBe(422);
    expect(csv.body.errors[0]).toMatchObject({ line: 2, column: 'hours' });
  });

  it('adds 0.1 h and 0.2 h of one statement into 0.3 h, in every total', async () => {
    const csv = await upload(
      [
        'contract_reference;plie_id;participant_ref;month;hours;mode',
        'PAIE-2;graves;;2025-04;0,1;geiq',
        'PAIE-2;graves;;2025-04;0,2;geiq',
      ].join('\n'),
    );
    expect(csv.status, JSON.stringify(csv.body)).toBe(200);
    expect(csv.body.imported).toBe(2);
    expect((await contract(smallId)).hoursLogged).toBe(0.3);
    const months = await api.call('GET', '/api/plies/graves/months/2025', { token: procurement });
    const april = months.body.months.find((m: { month: string }) => m.month === '2025-04');
    expect(april).toMatchObject({ hours: 0.3, byMode: { geiq: 0.3 } });
    const statement = await api.call('GET', `/api/statements/${csv.body.statementId}`, {
      token: procurement,
    });
    expect(statement.body.hours).toBe(0.3);
    const report = await reconcile(api.doc, api.tableName);
    expect(report.differences).toEqual([]);
  });

  it('shows 455.01 h in the report, and money from it to the cent', async () => {
    const report = await api.call('GET', '/api/reports/monthly/2025-04', { token: procurement });
    expect(report.status).toBe(200);
    expect(report.body.summary).toMatchObject({ hoursMonth: 0.3, hoursYearToDate: 455.31 });
    const row = report.body.contracts.find((c: { reference: string }) => c.reference === 'PAIE-1');
    expect(row).toMatchObject({ hoursYearToDate: 455.01, hoursToDate: 455.01, progress: 1 });
    // 455.01 h × 1.10 € = 500.511 € → 500.51 €; 0.3 h × 1.10 € = 0.33 €.
    const funding = Object.fromEntries(
      report.body.funding.rows.map((r: { plieId: string }) => [r.plieId, r]),
    );
    expect(funding.bordeaux).toMatchObject({ hours: 455.01, variable: 500.51, total: 5500.51 });
    expect(funding.graves).toMatchObject({ hours: 0.3, variable: 0.33, total: 5000.33 });
    expect(report.body.funding.totals).toEqual({
      hours: 455.31,
      fixed: 10_000,
      variable: 500.84,
      total: 10_500.84,
    });
    const year = await api.call('GET', '/api/funding?year=2025', { token: procurement });
    expect(year.body.totals).toEqual(report.body.funding.totals);
    const csv = await api.call('GET', '/api/reports/monthly/2025-03?format=csv', {
      token: procurement,
    });
    expect(new TextDecoder().decode(csv.bytes)).toContain(
      'PAIE-1;Réhabilitation du gymnase;455,01;455,01;455,01;455,01',
    );
  });

  it('takes 151.67 h in an awardee’s declaration', async () => {
    const token = (
      await api.call('POST', '/dev/token', { body: { role: 'awardee', siret: COMPANY } })
    ).body.token;
    const declared = await api.call('POST', '/api/statements', {
      token,
      body: {
        contractId: smallId,
        month: '2025-05',
        lines: [
          { description: 'coffreur', plieId: 'graves', hours: 151.67, mode: 'direct-hire' },
          { description: 'manœuvre', plieId: 'graves', hours: 0.1, mode: 'geiq' },
          { description: 'manœuvre', plieId: 'graves', hours: 0.2, mode: 'geiq' },
        ],
      },
    });
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    expect(declared.body.hours).toBe(151.97);
  });
});
