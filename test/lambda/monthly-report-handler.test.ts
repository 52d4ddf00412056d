import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import PostalMime from 'postal-mime';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { seededApi, type TestApi } from '../support/api';

// The schedules as Lambda runs them: EventBridge Scheduler events to the dispatcher, which
// queues one job per structure (SQS mocked: the messages it sends are kept), then each message
// to the report function as an SQS event; settings from the environment, DynamoDB Local
// through AWS_ENDPOINT_URL_DYNAMODB, SES mocked (the refusals and timeouts it can give are what
// the test needs). Two structures: `default` and Isère.

type Records = { messageId: string; body: string }[];
type Dispatcher = (
  event: unknown,
) => Promise<{ month?: string; queued: number; tenants: string[] }>;
type Worker = (event: unknown) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
let dispatcher: Dispatcher;
let worker: Worker;
let api: TestApi;
const ses = mockClient(SESv2Client);
const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.eu-west-3.amazonaws.com/123456789012/scheduled-jobs';
const ISERE = 'isere';

const schedulerEvent = {
  version: '0',
  id: 'c5d9b0e3-8f2d-4a47-9d5e-3f3c7ad2b7a1',
  'detail-type': 'Scheduled Event',
  source: 'aws.scheduler',
  account: '123456789012',
  time: '2025-11-01T06:00:00Z',
  region: 'eu-west-3',
  resources: [
    'arn:aws:scheduler:eu-west-3:123456789012:schedule/default/clause-tracker-monthly-report',
  ],
  detail: {},
};

let sentMessages = 0;
/** Runs the dispatcher on `event` and returns the SQS records it queued, as SQS hands them on. */
async function dispatch(event: unknown): Promise<{ result: unknown; records: Records }> {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).callsFake((input) => ({
    Successful: input.Entries.map((e: { Id: string }) => ({ Id: e.Id, MessageId: 'x' })),
    Failed: [],
  }));
  const result = await dispatcher(event);
  const records = sqs.commandCalls(SendMessageBatchCommand).flatMap((call) => {
    expect(call.args[0].input.QueueUrl).toBe(QUEUE_URL);
    return (call.args[0].input.Entries ?? []).map((entry) => ({
      messageId: `m-${++sentMessages}`,
      body: entry.MessageBody as string,
    }));
  });
  return { result, records };
}

const recipientsOf = () =>
  ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input.Destination?.ToAddresses?.[0]);
const tenantOf = (record: { body: string }) => JSON.parse(record.body).tenant as string;

beforeAll(async () => {
  let admin: string;
  ({ api, admin } = await seededApi());
  await api.call('PUT', '/api/plies/graves', {
    token: admin,
    body: { name: 'PLIE des Graves', coordinatorEmails: ['coord@graves.example'] },
  });
  // A second structure, with a PLIE of its own and its coordinator.
  await api.registry.tenants.create({
    id: ISERE,
    name: 'Isère',
    createdAt: '2025-01-01T00:00:00Z',
    createdBy: 'test',
  });
  const isereAdmin = await api.call('POST', '/dev/token', {
    body: { role: 'admin', tenant: ISERE },
  });
  const put = await api.call('PUT', '/api/plies/grenoble', {
    token: isereAdmin.body.token,
    body: { name: 'PLIE de Grenoble', coordinatorEmails: ['coord@grenoble.example'] },
  });
  expect(put.status).toBe(201);
  // Its reminders on the 12th; the structure `default` keeps the default day (the 5th).
  const day = await api.call('PUT', '/api/settings/reminders', {
    token: isereAdmin.body.token,
    body: { day: 12 },
  });
  expect(day.status).toBe(200);
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

afterEach(() => {
  vi.useRealTimers();
});

describe('the monthly report, fanned out per structure', () => {
  it('queues one job per structure; each structure’s messages go once, even when its job runs again', async () => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const { result, records } = await dispatch({ month: '2025-10' });
    expect(result).toMatchObject({ month: '2025-10', queued: 2 });
    expect(records.map((r) => JSON.parse(r.body))).toEqual([
      { kind: 'report', tenant: 'default', month: '2025-10' },
      { kind: 'report', tenant: ISERE, month: '2025-10' },
    ]);
    for (const record of records) {
      expect(await worker({ Records: [record] })).toEqual({ batchItemFailures: [] });
    }
    expect(recipientsOf().sort()).toEqual([
      'achats@metropole.example',
      'coord@graves.example',
      'coord@grenoble.example',
    ]);
    const isere = ses
      .commandCalls(SendEmailCommand)
      .find((c) => c.args[0].input.Destination?.ToAddresses?.[0] === 'coord@grenoble.example');
    const message = await PostalMime.parse(isere?.args[0].input.Content?.Raw?.Data as Uint8Array);
    expect(message.subject).toBe('Rapport mensuel — octobre 2025 — PLIE de Grenoble');
    expect(message.html).not.toContain('PLIE des Graves');

    // SQS delivers at least once, and the schedule may dispatch twice: nothing goes twice.
    const again = await dispatch({ month: '2025-10' });
    expect(await worker({ Records: [...records, ...again.records] })).toEqual({
      batchItemFailures: [],
    });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
  });

  it('when SES refuses one structure’s recipient, only that structure’s job fails and is retried; the other’s messages are not sent twice', async () => {
    ses.reset();
    const paused = () =>
      Object.assign(new Error('Sending paused for this account.'), {
        name: 'SendingPausedException',
      });
    let refusing = true;
    ses.on(SendEmailCommand).callsFake((input) => {
      if (refusing && input.Destination?.ToAddresses?.[0] === 'coord@grenoble.example') {
        throw paused();
      }
      return { MessageId: `ses-${Math.random()}` };
    });
    const { records } = await dispatch({ month: '2025-09' });
    const [ours, theirs] = [
      records.find((r) => tenantOf(r) === 'default'),
      records.find((r) => tenantOf(r) === ISERE),
    ] as [Records[number], Records[number]];
    // One invocation per message, as the event source mapping does (batch size 1).
    expect(await worker({ Records: [ours] })).toEqual({ batchItemFailures: [] });
    expect(await worker({ Records: [theirs] })).toEqual({
      batchItemFailures: [{ itemIdentifier: theirs.messageId }],
    });
    // The sender tried Isère's coordinator five times (backoff), the others once each.
    expect(recipientsOf().sort()).toEqual([
      'achats@metropole.example',
      'coord@graves.example',
      ...Array(5).fill('coord@grenoble.example'),
    ]);

    // SQS hands the failed message back later; SES accepts again.
    refusing = false;
    expect(await worker({ Records: [theirs] })).toEqual({ batchItemFailures: [] });
    // And a redelivery of the structure that went through sends nothing.
    expect(await worker({ Records: [ours] })).toEqual({ batchItemFailures: [] });
    const delivered = recipientsOf().slice(7);
    expect(delivered).toEqual(['coord@grenoble.example']);
  }, 30_000);

  it('takes the month that just ended from a Scheduler event, in Paris', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      // 1 January 2027, 00:30 in Paris, still 31 December in UTC: the month ended is December.
      vi.setSystemTime(new Date('2026-12-31T23:30:00Z'));
      const { result, records } = await dispatch(schedulerEvent);
      expect(result).toMatchObject({ month: '2026-12', queued: 2 });
      expect(records.map((r) => JSON.parse(r.body).month)).toEqual(['2026-12', '2026-12']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a malformed month; the report function refuses what is not a job', async () => {
    await expect(dispatcher({ month: '2025-13' })).rejects.toThrow(/YYYY-MM/);
    await expect(worker({ month: '2025-13' })).rejects.toThrow(/YYYY-MM/);
    expect(
      await worker({ Records: [{ messageId: 'bad', body: '{"kind":"report","tenant":"x"}' }] }),
    ).toEqual({ batchItemFailures: [{ itemIdentifier: 'bad' }] });
  });
});

describe('the report function invoked directly, as the deployed functions’ contract says', () => {
  it('reports {"month"} for every structure itself, once; invoked again, sends nothing more', async () => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-direct' });
    const first = await worker({ month: '2025-06' });
    expect(first).toMatchObject({ month: '2025-06', tenants: ['default', ISERE], sent: 3 });
    expect(recipientsOf().sort()).toEqual([
      'achats@metropole.example',
      'coord@graves.example',
      'coord@grenoble.example',
    ]);
    expect(await worker({ month: '2025-06' })).toMatchObject({ sent: 0 });
    expect(recipientsOf()).toHaveLength(3);
  });

  it('fails while one structure’s message is refused, and its retry sends only that one', async () => {
    ses.reset();
    ses.on(SendEmailCommand).callsFake((input) => {
      if (input.Destination?.ToAddresses?.[0] === 'coord@grenoble.example') {
        throw Object.assign(new Error('throttled'), { name: 'TooManyRequestsException' });
      }
      return { MessageId: 'ses-ok' };
    });
    await expect(worker({ month: '2025-08' })).rejects.toThrow(new RegExp(ISERE));
    const before = recipientsOf().filter((r) => r !== 'coord@grenoble.example');
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-retry' });
    expect(await worker({ month: '2025-08' })).toMatchObject({ sent: 1 });
    expect(recipientsOf()).toEqual(['coord@grenoble.example']);
    expect(before.sort()).toEqual(['achats@metropole.example', 'coord@graves.example']);
  }, 30_000);
});

describe('the daily run, fanned out per structure', () => {
  it('queues only the structures whose reminder day it is, until their reminders are done', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // 5 November, 08:00 Paris: the structure `default`'s day (the 5th), not Isère's (the 12th).
    vi.setSystemTime(new Date('2025-11-05T07:00:00Z'));
    const fifth = await dispatch({ source: 'clause-tracker.schedule', task: 'reminders' });
    expect(fifth.records.map((r) => JSON.parse(r.body))).toEqual([
      { kind: 'daily', tenant: 'default', remind: '2025-10' },
    ]);
    expect(await worker({ Records: fifth.records })).toEqual({ batchItemFailures: [] });

    // The next day: its reminders are done for the month, and Isère's day has not come.
    vi.setSystemTime(new Date('2025-11-06T07:00:00Z'));
    expect((await dispatch({ task: 'reminders' })).records).toEqual([]);

    // The 12th: Isère's day; and, its job not run, the 13th again (a missed day catches up).
    vi.setSystemTime(new Date('2025-11-12T07:00:00Z'));
    const twelfth = await dispatch({ task: 'reminders' });
    expect(twelfth.records.map((r) => JSON.parse(r.body))).toEqual([
      { kind: 'daily', tenant: ISERE, remind: '2025-10' },
    ]);
    vi.setSystemTime(new Date('2025-11-13T07:00:00Z'));
    const thirteenth = await dispatch({ task: 'reminders' });
    expect(thirteenth.records.map(tenantOf)).toEqual([ISERE]);
    expect(await worker({ Records: thirteenth.records })).toEqual({ batchItemFailures: [] });
    vi.setSystemTime(new Date('2025-11-14T07:00:00Z'));
    expect((await dispatch({ task: 'reminders' })).records).toEqual([]);
  });
});
