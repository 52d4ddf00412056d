import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { seededApi, type TestApi } from '../support/api';

// The monthly-report function as Lambda runs it: settings from the environment, DynamoDB Local
// through AWS_ENDPOINT_URL_DYNAMODB, SES mocked (the refusals and timeouts it can give are what
// the test needs), invoked with EventBridge Scheduler events.

type Handler = (event: unknown) => Promise<{ month: string; sent: unknown[]; alreadySent: number }>;
let handler: Handler;
let api: TestApi;
const ses = mockClient(SESv2Client);

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

beforeAll(async () => {
  let admin: string;
  ({ api, admin } = await seededApi());
  await api.call('PUT', '/api/plies/graves', {
    token: admin,
    body: { name: 'PLIE des Graves', coordinatorEmails: ['coord@graves.example'] },
  });
  vi.stubEnv('TABLE_NAME', api.tableName);
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', api.endpoint);
  vi.stubEnv('AWS_REGION', 'eu-west-3');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  vi.stubEnv('SENDER_ADDRESS', 'rapports@metropole.example');
  vi.stubEnv('REPORT_RECIPIENTS', 'achats@metropole.example');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  ({ handler } = (await import('../../functions/monthly-report/index')) as unknown as {
    handler: Handler;
  });
});

describe('the monthly-report Lambda handler', () => {
  it('reports on the requested month and sends each message once, even when invoked again', async () => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const first = await handler({ month: '2025-10' });
    expect(first.month).toBe('2025-10');
    expect(first.sent).toHaveLength(2);
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls.map((c) => c.args[0].input.Destination?.ToAddresses?.[0]).sort()).toEqual([
      'achats@metropole.example',
      'coord@graves.example',
    ]);
    const message = await PostalMime.parse(
      calls[0]?.args[0].input.Content?.Raw?.Data as Uint8Array,
    );
    expect(message.subject).toMatch(/^Rapport mensuel — octobre 2025/);

    const retried = await handler({ month: '2025-10' });
    expect(retried.sent).toHaveLength(0);
    expect(retried.alreadySent).toBe(2);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
  });

  it('fails while a message is missing, so that the retry sends only that one', async () => {
    ses.reset();
    ses
      .on(SendEmailCommand)
      .rejectsOnce(
        Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $retryable: {} }),
      )
      .rejectsOnce(
        Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $retryable: {} }),
      )
      .rejectsOnce(
        Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $retryable: {} }),
      )
      .rejectsOnce(
        Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $retryable: {} }),
      )
      .rejectsOnce(
        Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $retryable: {} }),
      )
      .resolves({ MessageId: 'ses-2' });
    await expect(handler({ month: '2025-09' })).rejects.toThrow(/reprendre/);
    const retry = await handler({ month: '2025-09' });
    expect(retry.sent).toHaveLength(1);
    expect(retry.alreadySent).toBe(1);
    // Five timeouts (one message, retried), then the two messages that went through.
    const delivered = ses.commandCalls(SendEmailCommand).slice(5);
    expect(delivered).toHaveLength(2);
  }, 30_000);

  it('takes the month that just ended from a Scheduler event', async () => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-3' });
    const result = await handler(schedulerEvent);
    const [y, m] = new Date().toISOString().slice(0, 7).split('-').map(Number) as [number, number];
    const expected = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
    expect(result.month).toBe(expected);
  });

  it('refuses a malformed month', async () => {
    await expect(handler({ month: '2025-13' })).rejects.toThrow(/YYYY-MM/);
  });
});
