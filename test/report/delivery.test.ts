import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import { localScheduledJobs } from '#shared/jobs/local-schedule';
import { monthlyReportJobs } from '#shared/jobs/schedule-dispatch';
import type { ScheduledJob } from '#shared/jobs/scheduled-jobs';
import type { ScheduledOutcome } from '#shared/jobs/scheduled-runner';
import { type MailSender, OutboxSender, SesSender } from '#shared/mail/senders';
import {
  assertComplete,
  DeliveryIncompleteError,
  deliverMonthlyReports,
} from '#shared/services/report-delivery';
import { contractInput, seededApi, type TestApi } from '../support/api';

let api: TestApi;
const deps = () => ({ stores: api.stores, now: () => new Date('2025-11-01T06:00:00Z') });
const FROM = 'rapports@metropole.example';
const RECIPIENTS = ['achats@metropole.example', 'direction@metropole.example'];

beforeAll(async () => {
  let admin: string;
  let procurement: string;
  ({ api, admin, procurement } = await seededApi());
  await api.call('PUT', '/api/plies/bordeaux', {
    token: admin,
    body: { name: 'PLIE de Bordeaux', coordinatorEmails: ['coord@bordeaux.example'] },
  });
  await api.call('PUT', '/api/plies/graves', {
    token: admin,
    body: { name: 'PLIE des Graves', coordinatorEmails: ['coord@graves.example'] },
  });
  await api.call('PUT', '/api/funding-conventions/2025', {
    token: admin,
    body: { fixedPerPlie: 5000, perHour: 1 },
  });
  const bordeaux = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({ reference: 'BX-VOIRIE', title: 'Voirie de Bordeaux' }),
  });
  const graves = await api.call('POST', '/api/contracts', {
    token: procurement,
    body: contractInput({
      reference: 'GR-ECOLE',
      title: 'École des Graves',
      allocation: { mode: 'single', plieId: 'graves' },
    }),
  });
  for (const [contract, plieId, hours] of [
    [bordeaux, 'bordeaux', 120],
    [graves, 'graves', 80.5],
  ] as const) {
    const logged = await api.call('POST', '/api/hours', {
      token: procurement,
      body: { contractId: contract.body.id, plieId, month: '2025-10', hours, mode: 'direct-hire' },
    });
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
  }
});

async function parse(raw: Buffer) {
  return PostalMime.parse(raw);
}

describe('sending the monthly report', () => {
  it('writes one message per recipient to the outbox; a coordinator’s names only their PLIE’s contracts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const summary = await deliverMonthlyReports(deps(), {
      month: '2025-10',
      sender: new OutboxSender(dir),
      from: FROM,
      reportRecipients: RECIPIENTS,
      appUrl: 'https://clauses.metropole.example/',
    });
    expect(summary.sent.map((s) => `${s.scope} ${s.recipient}`).sort()).toEqual([
      'all achats@metropole.example',
      'all direction@metropole.example',
      'plie-bordeaux coord@bordeaux.example',
      'plie-graves coord@graves.example',
    ]);
    const files = readdirSync(join(dir, '2025-10')).sort();
    expect(files).toHaveLength(4);

    const full = await parse(
      readFileSync(join(dir, '2025-10', 'all__achats@metropole.example.eml')),
    );
    expect(full.subject).toBe('Rapport mensuel — octobre 2025');
    expect(full.from?.address).toBe(FROM);
    expect(full.to?.[0]?.address).toBe('achats@metropole.example');
    expect(full.html).toContain('BX-VOIRIE');
    expect(full.html).toContain('GR-ECOLE');
    expect(full.html).toContain('200,5 h');
    // Its phone layout travels in its head, as read after the MIME's encoding is undone.
    expect(full.html).toMatch(
      /<head>[\s\S]*<style>\s*@media only screen and \(max-width: 480px\)[^<]*td\.cell::before[^<]*<\/style><\/head>/,
    );
    expect(full.html).toContain('<td data-label="Statut"');
    expect(full.text).toContain('Heures du mois : 200,5 h');
    // Each message links back to the same figures in the product.
    expect(full.html).toContain('href="https://clauses.metropole.example/#/?mois=2025-10"');
    expect(full.text).toContain('https://clauses.metropole.example/#/?mois=2025-10');
    expect(full.attachments).toHaveLength(1);
    const csv = full.attachments[0];
    expect(csv?.filename).toBe('rapport-2025-10.csv');
    expect(csv?.mimeType).toBe('text/csv');
    const csvText = new TextDecoder().decode(csv?.content as ArrayBuffer);
    expect(csvText).toContain('BX-VOIRIE;Voirie de Bordeaux;120;120;120;800');

    const graves = await parse(
      readFileSync(join(dir, '2025-10', 'plie-graves__coord@graves.example.eml')),
    );
    expect(graves.subject).toBe('Rapport mensuel — octobre 2025 — PLIE des Graves');
    const everything = `${graves.html}${graves.text}${new TextDecoder().decode(graves.attachments[0]?.content as ArrayBuffer)}`;
    expect(everything).toContain('GR-ECOLE');
    expect(graves.html).toContain('href="https://clauses.metropole.example/#/plie/graves"');
    expect(everything).not.toContain('BX-VOIRIE');
    expect(everything).not.toContain('Voirie de Bordeaux');
    expect(everything).not.toContain('PLIE de Bordeaux');
  });

  it('sends nothing new the second time, everything again with force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const again = await deliverMonthlyReports(deps(), {
      month: '2025-10',
      sender: new OutboxSender(dir),
      from: FROM,
      reportRecipients: RECIPIENTS,
    });
    expect(again.sent).toEqual([]);
    expect(again.alreadySent).toBe(4);
    const forced = await deliverMonthlyReports(deps(), {
      month: '2025-10',
      sender: new OutboxSender(dir),
      from: FROM,
      reportRecipients: RECIPIENTS,
      force: true,
    });
    expect(forced.sent).toHaveLength(4);
  });

  it('after a failure half-way, a retry gives each recipient exactly one message', async () => {
    const received: string[] = [];
    let calls = 0;
    const flaky: MailSender = {
      async send(message) {
        calls += 1;
        if (calls === 2) throw new Error('connection reset');
        received.push(`${message.scope} ${message.to}`);
        return { messageId: String(calls) };
      },
    };
    const first = await deliverMonthlyReports(deps(), {
      month: '2025-09',
      sender: flaky,
      from: FROM,
      reportRecipients: RECIPIENTS,
    });
    expect(first.sent).toHaveLength(3);
    expect(first.failed).toEqual([expect.objectContaining({ permanent: false })]);
    expect(() => assertComplete(first)).toThrow(/reprendre/);
    const retry = await deliverMonthlyReports(deps(), {
      month: '2025-09',
      sender: flaky,
      from: FROM,
      reportRecipients: RECIPIENTS,
    });
    expect(retry.sent).toHaveLength(1);
    expect(retry.alreadySent).toBe(3);
    expect(assertComplete(retry)).toBe(retry);
    expect(received.sort()).toEqual([
      'all achats@metropole.example',
      'all direction@metropole.example',
      'plie-bordeaux coord@bordeaux.example',
      'plie-graves coord@graves.example',
    ]);
  });

  it('retries SES throttling with backoff, and a permanent refusal of one recipient does not block the others', async () => {
    const ses = new SESv2Client({
      region: 'eu-west-3',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const mock = mockClient(ses);
    const throttled = Object.assign(new Error('Maximum sending rate exceeded.'), {
      name: 'TooManyRequestsException',
    });
    const rejected = Object.assign(new Error('Email address is not verified.'), {
      name: 'MessageRejected',
    });
    mock
      .on(SendEmailCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .callsFake((input) => {
        if (input.Destination?.ToAddresses?.[0] === 'direction@metropole.example') throw rejected;
        return { MessageId: `ses-${Math.random()}` };
      });
    const waits: number[] = [];
    const sender = new SesSender(ses, { wait: async (ms) => waits.push(ms) });
    const logs: string[] = [];
    const summary = await deliverMonthlyReports(deps(), {
      month: '2025-08',
      sender,
      from: FROM,
      reportRecipients: RECIPIENTS,
      log: (event, details) => logs.push(`${event} ${details.recipient}`),
    });
    expect(waits).toHaveLength(2);
    expect((waits[1] as number) > 0).toBe(true);
    expect(summary.sent).toHaveLength(3);
    expect(summary.failed).toEqual([
      expect.objectContaining({ recipient: 'direction@metropole.example', permanent: true }),
    ]);
    expect(logs).toContain('report-refused direction@metropole.example');
    // A permanent refusal is logged, not retried forever.
    expect(() => assertComplete(summary)).not.toThrow();
    const raw = mock.commandCalls(SendEmailCommand).at(-1)?.args[0].input.Content?.Raw
      ?.Data as Uint8Array;
    expect((await PostalMime.parse(raw)).subject).toContain('août 2025');
  });
});

describe('each structure’s report as a job of its own (the local queue, the report function’s code)', () => {
  const ISERE = 'isere-delivery';
  beforeAll(async () => {
    await api.registry.tenants.create({
      id: ISERE,
      name: 'Isère',
      createdAt: '2025-01-01T00:00:00Z',
      createdBy: 'test',
    });
    const token = await api.call('POST', '/dev/token', { body: { role: 'admin', tenant: ISERE } });
    const put = await api.call('PUT', '/api/plies/grenoble', {
      token: token.body.token,
      body: { name: 'PLIE de Grenoble', coordinatorEmails: ['coord@grenoble.example'] },
    });
    expect(put.status).toBe(201);
  });

  it('a structure whose sending fails is tried again alone; the other’s messages go once', async () => {
    const received: string[] = [];
    let isereFailures = 2;
    const senderOf = (tenant: string): MailSender => ({
      async send(message) {
        if (tenant === ISERE && isereFailures > 0) {
          isereFailures -= 1;
          throw new Error('connection reset');
        }
        received.push(`${tenant} ${message.scope} ${message.to}`);
        return { messageId: String(received.length) };
      },
    });
    const runs: string[] = [];
    const done: ScheduledOutcome[] = [];
    const failed: ScheduledJob[] = [];
    const queue = localScheduledJobs(
      api.registry,
      {
        senderOf: (tenant) => {
          runs.push(tenant);
          return senderOf(tenant);
        },
        from: FROM,
        reportRecipients: RECIPIENTS,
        defaultTenantName: 'Bordeaux Métropole',
        now: deps().now,
      },
      { onDone: (outcome) => done.push(outcome), onFailure: (job) => failed.push(job) },
    );
    const jobs = await monthlyReportJobs(api.registry, '2025-07');
    expect(jobs.map((job) => job.tenant)).toEqual(['default', ISERE]);
    await queue.enqueueAll(jobs);
    await queue.idle();
    expect(failed).toEqual([]);
    // The structure `default` ran once; Isère three times (two failures, then through).
    expect(runs.filter((t) => t === 'default')).toHaveLength(1);
    expect(runs.filter((t) => t === ISERE)).toHaveLength(3);
    expect(received.sort()).toEqual([
      'default all achats@metropole.example',
      'default all direction@metropole.example',
      'default plie-bordeaux coord@bordeaux.example',
      'default plie-graves coord@graves.example',
      `${ISERE} plie-grenoble coord@grenoble.example`,
    ]);
    expect(
      done.map((o) => ('summary' in o ? `${o.job.tenant} ${o.summary.sent.length}` : '')),
    ).toEqual(expect.arrayContaining(['default 4', `${ISERE} 1`]));
  });

  it('a structure that keeps failing is given up after its attempts, the others done', async () => {
    const failures: unknown[] = [];
    const queue = localScheduledJobs(
      api.registry,
      {
        senderOf: (tenant) => ({
          async send() {
            if (tenant === ISERE) throw new Error('disque plein');
            return { messageId: 'ok' };
          },
        }),
        from: FROM,
        reportRecipients: RECIPIENTS,
        defaultTenantName: 'Bordeaux Métropole',
        now: deps().now,
      },
      { onFailure: (job, error) => failures.push({ tenant: job.tenant, error }), attempts: 3 },
    );
    await queue.enqueueAll(await monthlyReportJobs(api.registry, '2025-06'));
    await queue.idle();
    expect(failures).toEqual([{ tenant: ISERE, error: expect.any(DeliveryIncompleteError) }]);
    const isere = api.registry.of(ISERE).deliveries;
    expect(await isere.get('2025-06', 'coord@grenoble.example', 'plie-grenoble')).toMatchObject({
      status: 'failed',
    });
    expect(
      await api.stores.deliveries.get('2025-06', 'coord@graves.example', 'plie-graves'),
    ).toMatchObject({ status: 'sent' });
  });
});

describe('the report as it was sent', () => {
  it('keeps each audience’s e-mail as sent; a later correction shows in the recomputed one only', async () => {
    const [procurement, graves] = [
      await api.token('procurement'),
      await api.token('plie-coordinator', 'graves'),
    ];
    const contract = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({ reference: 'BX-ENVOYE', title: 'Parc des sports' }),
    });
    const log = (hours: number) =>
      api.call('POST', '/api/hours', {
        token: procurement,
        body: {
          contractId: contract.body.id,
          plieId: 'bordeaux',
          month: '2025-05',
          hours,
          mode: 'direct-hire',
        },
      });
    expect((await log(43.25)).status).toBe(201);
    const sentOf = (token: string) =>
      api.call('GET', '/api/reports/monthly/2025-05/sent', { token });
    // Nothing sent yet: said so, not a recomputed one passed off as sent.
    expect((await sentOf(procurement)).body).toEqual({ month: '2025-05', sent: null });

    await deliverMonthlyReports(deps(), {
      month: '2025-05',
      sender: new OutboxSender(mkdtempSync(join(tmpdir(), 'outbox-'))),
      from: FROM,
      reportRecipients: RECIPIENTS,
    });
    // Corrected after sending: 10 h more in July.
    expect((await log(10)).status).toBe(201);

    const full = await sentOf(procurement);
    expect(full.status).toBe(200);
    expect(full.body.sent).toMatchObject({ sentAt: '2025-11-01T06:00:00.000Z', recipients: 2 });
    expect(full.body.sent.html).toContain('BX-ENVOYE');
    expect(full.body.sent.html).toContain('43,25 h');
    expect(full.body.sent.html).not.toContain('53,25 h');
    const recomputed = await api.call('GET', '/api/reports/monthly/2025-05?format=html', {
      token: procurement,
    });
    expect(recomputed.body).toContain('53,25 h');

    // A coordinator gets her PLIE's copy: one recipient, her contracts only.
    const plie = await sentOf(graves);
    expect(plie.body.sent).toMatchObject({ recipients: 1 });
    expect(plie.body.sent.html).toContain('PLIE des Graves');
    expect(plie.body.sent.html).not.toContain('BX-ENVOYE');

    // Sent again (forced): each address counted once, the HTML the one sent last.
    await deliverMonthlyReports(deps(), {
      month: '2025-05',
      sender: new OutboxSender(mkdtempSync(join(tmpdir(), 'outbox-'))),
      from: FROM,
      reportRecipients: RECIPIENTS,
      force: true,
    });
    const again = await sentOf(procurement);
    expect(again.body.sent.recipients).toBe(2);
    expect(again.body.sent.html).toContain('53,25 h');
  });
});

describe('a report sent before e-mails were kept', () => {
  it('still says when and to how many it was sent, without an e-mail to show', async () => {
    const procurement = await api.token('procurement');
    // What a run of an earlier version left: delivery records, no kept e-mail.
    const { deliveries } = api.stores;
    for (const recipient of RECIPIENTS) {
      expect(await deliveries.claim('2025-04', recipient, 'all', Date.now(), 60_000)).toBe(true);
      await deliveries.markSent('2025-04', recipient, 'all', {
        at: '2025-05-01T05:00:00.000Z',
        messageId: recipient,
        bytes: 1,
      });
    }
    const sent = await api.call('GET', '/api/reports/monthly/2025-04/sent', {
      token: procurement,
    });
    expect(sent.body).toEqual({
      month: '2025-04',
      sent: { sentAt: '2025-05-01T05:00:00.000Z', recipients: 2, html: null },
    });
    // A PLIE's copy was not sent that month.
    const graves = await api.call('GET', '/api/reports/monthly/2025-04/sent', {
      token: await api.token('plie-coordinator', 'graves'),
    });
    expect(graves.body.sent).toBeNull();
  });
});
