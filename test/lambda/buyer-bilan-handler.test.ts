import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { strFromU8, unzipSync } from 'fflate';
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { XLSX_TYPE } from '#shared/imports/file-types';
import { contractInput, seededApi, type TestApi } from '../support/api';

// The buyers' bilans in January, as Lambda runs them: the dispatcher queues December's report,
// one job per structure (SQS mocked), and the report function, given each job, sends each buyer
// with an address its bilan of the year — HTML, text and the workbook attached — through SES
// (mocked: the raw MIME it is handed is parsed back). Two structures: `default`, with two
// buyers, one with two addresses and one with none, and Isère with one buyer and one address.
// Settings from the environment, DynamoDB Local through AWS_ENDPOINT_URL_DYNAMODB.

type Records = { messageId: string; body: string }[];
type Dispatcher = (event: unknown) => Promise<{ month?: string; queued: number }>;
type Worker = (event: unknown) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
let dispatcher: Dispatcher;
let worker: Worker;
let api: TestApi;
let procurement: string;
let isereProcurement: string;
const ses = mockClient(SESv2Client);
const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.eu-west-3.amazonaws.com/123456789012/scheduled-jobs';
const ISERE = 'isere';
const BM = { name: 'Bordeaux Métropole', siret: '24330031600011' };
const GH = { name: 'Gironde Habitat', siret: '27330001500016' };
const GAM = { name: 'Grenoble-Alpes Métropole', siret: '20004285300016' };
const BM_CONTACTS = ['clauses@bordeaux-metropole.example', 'achats@bordeaux-metropole.example'];
const GAM_CONTACT = 'clauses@grenoble-alpes.example';

let sentMessages = 0;
async function dispatch(event: unknown): Promise<Records> {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input) => ({
    Successful: input.Entries.map((e: { Id: string }) => ({ Id: e.Id, MessageId: 'x' })),
    Failed: [],
  }));
  await dispatcher(event);
  return sqs.commandCalls(SendMessageBatchCommand).flatMap((call) =>
    (call.args[0].input.Entries ?? []).map((entry) => ({
      messageId: `m-${++sentMessages}`,
      body: entry.MessageBody as string,
    })),
  );
}

/** What SES accepted (a refused call is not a message sent), as the fakes below record it. */
let delivered: { to: string; raw: Uint8Array }[] = [];
const accept = (input: {
  Destination?: { ToAddresses?: string[] };
  Content?: { Raw?: { Data?: Uint8Array } };
}) => {
  delivered.push({
    to: input.Destination?.ToAddresses?.[0] as string,
    raw: input.Content?.Raw?.Data as Uint8Array,
  });
  return { MessageId: `ses-${delivered.length}` };
};

/** The bilans SES accepted: recipient and parsed MIME (the monthly reports set apart). */
async function bilansSent() {
  const sent = [];
  for (const { to, raw } of delivered) {
    const message = await PostalMime.parse(raw);
    if (message.headers.some((h) => h.key === 'x-clause-tracker-bilan')) sent.push({ to, message });
  }
  return sent;
}

async function ok(promise: Promise<{ status: number; body: any }>, status = 201) {
  const answer = await promise;
  if (answer.status !== status) throw new Error(`${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

beforeAll(async () => {
  let admin: string;
  ({ api, admin, procurement } = await seededApi());
  await api.registry.tenants.create({
    id: ISERE,
    name: 'Isère',
    createdAt: '2024-01-01T00:00:00Z',
    createdBy: 'test',
  });
  const tokenOf = async (role: string) =>
    (await ok(api.call('POST', '/dev/token', { body: { role, tenant: ISERE } }), 200)).token;
  const isereAdmin = await tokenOf('admin');
  isereProcurement = await tokenOf('procurement');
  await ok(
    api.call('PUT', '/api/plies/grenoble', {
      token: isereAdmin,
      body: { name: 'PLIE de Grenoble', activeFrom: null },
    }),
  );

  // Contracts running over 2024 and 2025, with hours in both years.
  const contract = async (token: string, reference: string, buyer: typeof BM, plieId: string) =>
    (
      await ok(
        api.call('POST', '/api/contracts', {
          token,
          body: contractInput({
            reference,
            title: `Marché ${reference}`,
            buyer,
            notifiedOn: '2023-12-01',
            startsOn: '2024-01-01',
            endsOn: '2025-12-31',
            targetHours: 1200,
            allocation: { mode: 'single', plieId },
          }),
        }),
      )
    ).id as string;
  const hours = async (
    token: string,
    contractId: string,
    plieId: string,
    month: string,
    h: number,
  ) =>
    ok(
      api.call('POST', '/api/hours', {
        token,
        body: { contractId, plieId, month, hours: h, mode: 'direct-hire' },
      }),
    );
  const bm1 = await contract(procurement, 'BM-1', BM, 'bordeaux');
  const bm2 = await contract(procurement, 'BM-2', BM, 'graves');
  const gh = await contract(procurement, 'GH-1', GH, 'bordeaux');
  const gam = await contract(isereProcurement, 'GAM-1', GAM, 'grenoble');
  for (const month of ['2024-03', '2025-03', '2025-10']) {
    await hours(procurement, bm1, 'bordeaux', month, 120.5);
    await hours(procurement, bm2, 'graves', month, 35);
    await hours(procurement, gh, 'bordeaux', month, 60);
    await hours(isereProcurement, gam, 'grenoble', month, 80.25);
  }
  // Gironde Habitat has no address: it gets nothing.
  await ok(
    api.call('PUT', '/api/settings/buyer-contacts', {
      token: admin,
      body: { items: [{ siret: BM.siret, emails: BM_CONTACTS }] },
    }),
    200,
  );
  await ok(
    api.call('PUT', '/api/settings/buyer-contacts', {
      token: isereAdmin,
      body: { items: [{ siret: GAM.siret, emails: [GAM_CONTACT] }] },
    }),
    200,
  );

  vi.stubEnv('TABLE_NAME', api.tableName);
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', api.endpoint);
  vi.stubEnv('AWS_REGION', 'eu-west-3');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  vi.stubEnv('SENDER_ADDRESS', 'rapports@metropole.example');
  vi.stubEnv('REPORT_RECIPIENTS', 'achats@metropole.example');
  vi.stubEnv('SCHEDULE_QUEUE_URL', QUEUE_URL);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  ({ handler: dispatcher } = (await import(
    '../../functions/report-dispatcher/index'
  )) as unknown as {
    handler: Dispatcher;
  });
  ({ handler: worker } = (await import('../../functions/monthly-report/index')) as unknown as {
    handler: Worker;
  });
});

type Sheets = Map<string, (string | number)[][]>;

/** A workbook's sheets by name, each row's cells as text or numbers (the writer's inline strings). */
function sheetsOf(bytes: Uint8Array): Sheets {
  const parts = unzipSync(bytes);
  const text = (name: string) => strFromU8(parts[name] as Uint8Array);
  const unescaped = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
  const names = [...text('xl/workbook.xml').matchAll(/<sheet name="([^"]*)"/g)].map((m) =>
    unescaped(m[1] as string),
  );
  return new Map(
    names.map((name, i) => [
      name,
      [...text(`xl/worksheets/sheet${i + 1}.xml`).matchAll(/<row [^>]*>(.*?)<\/row>/g)].map((row) =>
        [
          ...(row[1] as string).matchAll(
            /<c [^>]*?(?:t="inlineStr")?>(?:<is><t[^>]*>(.*?)<\/t><\/is>|<v>(.*?)<\/v>)<\/c>/g,
          ),
        ].map((cell) => (cell[2] !== undefined ? Number(cell[2]) : unescaped(cell[1] ?? ''))),
      ),
    ]),
  );
}

describe('the buyers’ bilans, in January', () => {
  it('December’s run sends each buyer with an address its bilan of the year, once, in each structure', async () => {
    ses.reset();
    delivered = [];
    ses.on(SendEmailCommand).callsFake(accept);
    // The run of 1 November (October's report) sends no bilan.
    for (const record of await dispatch({ month: '2025-10' }))
      expect(await worker({ Records: [record] })).toEqual({ batchItemFailures: [] });
    expect(await bilansSent()).toEqual([]);

    const records = await dispatch({ month: '2025-12' });
    expect(records.map((r) => JSON.parse(r.body))).toEqual([
      { kind: 'report', tenant: 'default', month: '2025-12' },
      { kind: 'report', tenant: ISERE, month: '2025-12' },
    ]);
    for (const record of records)
      expect(await worker({ Records: [record] })).toEqual({ batchItemFailures: [] });
    const sent = await bilansSent();
    expect(sent.map((s) => s.to).sort()).toEqual([...BM_CONTACTS, GAM_CONTACT].sort());

    // Each message: the buyer's bilan in HTML and text, its workbook attached, equal to the API's.
    for (const [siret, token, to] of [
      [BM.siret, procurement, BM_CONTACTS[0]],
      [GAM.siret, isereProcurement, GAM_CONTACT],
    ] as const) {
      const { message } = sent.find((s) => s.to === to) as (typeof sent)[number];
      const json = await ok(
        api.call('GET', `/api/bilans/2025?buyerSiret=${siret}`, { token }),
        200,
      );
      expect(message.subject).toBe(
        `Bilan 2025 des clauses sociales — ${json.scope.buyerName} — ${siret === BM.siret ? 'Structure par défaut' : 'Isère'}`,
      );
      expect(message.text).toContain('Heures d’insertion réalisées');
      expect(message.html).toContain(json.contracts.rows[0].reference);
      expect(message.attachments).toHaveLength(1);
      const [attachment] = message.attachments;
      expect(attachment?.filename).toBe(`bilan-2025-acheteur-${siret}.xlsx`);
      expect(attachment?.mimeType).toBe(XLSX_TYPE);
      const attached = sheetsOf(new Uint8Array(attachment?.content as ArrayBuffer));
      const fromApi = await api.call('GET', `/api/bilans/2025?buyerSiret=${siret}&format=xlsx`, {
        token,
      });
      expect(attached).toEqual(sheetsOf(fromApi.bytes));
      const summary = new Map(
        (attached.get('Synthèse') ?? []).map(([label, value]) => [label, value]),
      );
      expect(summary.get('Heures réalisées')).toBe(json.hours.realised);
      expect(summary.get('Heures exigées dans l’année (au prorata)')).toBe(json.hours.required);
      expect(summary.get('Marchés en cours')).toBe(json.contracts.running);
    }
    // Bordeaux Métropole's: its two contracts' 2025 hours, not Gironde Habitat's.
    const bm = sent.find((s) => s.to === BM_CONTACTS[0]);
    expect(bm?.message.text).toContain('BM-1');
    expect(bm?.message.text).not.toContain('GH-1');

    // SQS delivers at least once; the schedule may run twice: no bilan goes twice.
    const calls = ses.commandCalls(SendEmailCommand).length;
    expect(delivered).toHaveLength(calls);
    expect(await worker({ Records: records })).toEqual({ batchItemFailures: [] });
    for (const record of await dispatch({ month: '2025-12' }))
      expect(await worker({ Records: [record] })).toEqual({ batchItemFailures: [] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(calls);
  }, 60_000);

  it('when SES refuses one recipient for now, the retried job sends that one only', async () => {
    ses.reset();
    delivered = [];
    let refusing = true;
    ses.on(SendEmailCommand).callsFake((input) => {
      if (refusing && input.Destination?.ToAddresses?.[0] === BM_CONTACTS[1]) {
        throw Object.assign(new Error('Maximum sending rate exceeded.'), {
          name: 'TooManyRequestsException',
        });
      }
      return accept(input);
    });
    // The bilans of 2024, on December 2024's run.
    const records = await dispatch({ month: '2024-12' });
    const ours = records.find((r) => JSON.parse(r.body).tenant === 'default') as Records[number];
    const theirs = records.find((r) => JSON.parse(r.body).tenant === ISERE) as Records[number];
    expect(await worker({ Records: [ours] })).toEqual({
      batchItemFailures: [{ itemIdentifier: ours.messageId }],
    });
    expect(await worker({ Records: [theirs] })).toEqual({ batchItemFailures: [] });
    const before = delivered.length;
    expect((await bilansSent()).map((s) => s.to).sort()).toEqual(
      [BM_CONTACTS[0], GAM_CONTACT].sort(),
    );

    // SQS hands the structure's job back; SES accepts again: the one missing goes, alone.
    refusing = false;
    expect(await worker({ Records: [ours] })).toEqual({ batchItemFailures: [] });
    expect(delivered.slice(before).map((d) => d.to)).toEqual([BM_CONTACTS[1]]);
    const sent = await bilansSent();
    const late = sent.find((s) => s.to === BM_CONTACTS[1]);
    expect(late?.message.subject).toContain('Bilan 2024');
  }, 60_000);
});
