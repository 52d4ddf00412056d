import { Logger } from '@aws-lambda-powertools/logger';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import { isValidMonth, lastParisMonth } from '#shared/domain/calendar';
import { DEFAULT_RETENTION_YEARS } from '#shared/domain/retention';
import { dailyJobs, monthlyReportJobs } from '#shared/jobs/schedule-dispatch';
import {
  describeJob,
  REMINDERS_RUN,
  type ScheduledJob,
  scheduledJobOfMessage,
} from '#shared/jobs/scheduled-jobs';
import { runScheduledJob, type ScheduledOutcome } from '#shared/jobs/scheduled-runner';
import { SesSender } from '#shared/mail/senders';
import { createDocumentClient } from '#shared/store/client';
import { createStoreRegistry } from '#shared/store/index';
import { mappingThrownStacks, withSourceStack } from '../source-stack';

// The monthly-report function: SQS hands it one structure's job at a time, queued by the
// schedules' dispatcher (functions/report-dispatcher): a month's report, or the daily run
// (statement changes left under way, and the reminders on the structure's day). Each message
// goes out once: a job that fails, with something left to send, is reported to SQS, which
// tries that structure again (it sends only what is missing) and, after SCHEDULED_ATTEMPTS,
// moves it to the dead-letter queue; the other structures' jobs are not touched.

const env = z
  .object({
    TABLE_NAME: z.string().min(3),
    SENDER_ADDRESS: z.email(),
    REPORT_RECIPIENTS: z.string().default(''),
    APP_URL: z.url().optional(),
    DEFAULT_TENANT_NAME: z.string().trim().min(2).max(120).default('Structure par défaut'),
    PARTICIPANT_RETENTION_YEARS: z.coerce
      .number()
      .int()
      .min(1)
      .max(50)
      .default(DEFAULT_RETENTION_YEARS),
  })
  .parse(process.env);

const logger = new Logger({ serviceName: 'clause-tracker-monthly-report' });
const registry = createStoreRegistry(createDocumentClient(), env.TABLE_NAME);
const sender = new SesSender(new SESv2Client({}));
const setup = {
  senderOf: () => sender,
  from: env.SENDER_ADDRESS,
  appUrl: env.APP_URL,
  reportRecipients: env.REPORT_RECIPIENTS.split(',')
    .map((s) => s.trim())
    .filter(Boolean),
  retentionYears: env.PARTICIPANT_RETENTION_YEARS,
  defaultTenantName: env.DEFAULT_TENANT_NAME,
  now: () => new Date(),
  log: (event: string, details: Record<string, unknown>) =>
    /-(failed|refused)$/.test(event) ? logger.error(event, details) : logger.info(event, details),
};

interface SqsEvent {
  Records?: { messageId: string; body: string }[];
}

/** What the runtime calls; an error it throws reaches the log with its stack mapped. */
export const handler = mappingThrownStacks(handle);

async function handle(event: SqsEvent & { month?: unknown; task?: unknown }) {
  if (!Array.isArray(event?.Records)) return runDirectly(event ?? {});
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      logOutcome(await runScheduledJob(registry, scheduledJobOfMessage(record.body), setup));
    } catch (error) {
      logger.error('scheduled job failed, to be retried', {
        messageId: record.messageId,
        error: withSourceStack(error),
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

/**
 * Invoked directly — a Scheduler event, or `{"month": "YYYY-MM"}` as the deployed functions'
 * contract says (docs/api: "Deployed functions") — it runs every structure's job itself, one
 * after another, instead of through the queue: what the dispatcher would queue, run here. A
 * structure that fails does not stop the others; the invocation then fails, and its retry sends
 * only what is missing (each message's exactly-once record).
 */
async function runDirectly(event: { month?: unknown; task?: unknown }) {
  let jobs: ScheduledJob[];
  let month: string | undefined;
  if (event.task === REMINDERS_RUN) {
    jobs = await dailyJobs(registry, new Date());
  } else {
    if (
      event.month !== undefined &&
      (typeof event.month !== 'string' || !isValidMonth(event.month))
    ) {
      throw new Error(`month must be YYYY-MM, got ${JSON.stringify(event.month)}`);
    }
    month = (event.month as string | undefined) ?? lastParisMonth(new Date());
    jobs = await monthlyReportJobs(registry, month);
  }
  const failed: string[] = [];
  let sent = 0;
  for (const job of jobs) {
    try {
      const outcome = await runScheduledJob(registry, job, setup);
      logOutcome(outcome);
      sent += 'summary' in outcome ? outcome.summary.sent.length : 0;
    } catch (error) {
      logger.error('scheduled job failed', {
        job: describeJob(job),
        error: withSourceStack(error),
      });
      failed.push(job.tenant);
    }
  }
  if (failed.length) {
    throw new Error(`scheduled jobs failed for ${failed.join(', ')}: invoke again to finish`);
  }
  return {
    ...(month ? { month } : { task: REMINDERS_RUN }),
    tenants: jobs.map((j) => j.tenant),
    sent,
  };
}

function logOutcome(outcome: ScheduledOutcome) {
  const tenant = outcome.job.tenant;
  if ('summary' in outcome) {
    const { summary } = outcome;
    logger.info('monthly report done', {
      tenant,
      month: summary.month,
      sent: summary.sent.length,
      alreadySent: summary.alreadySent,
      failed: summary.failed.length,
      retentionErased: summary.retention?.erasedNow ?? 0,
    });
    return;
  }
  const { settled, reminders } = outcome.daily;
  if (settled.finished || settled.undone) {
    logger.warn('interrupted statement changes', { tenant, ...settled });
  }
  logger.info('daily run done', {
    job: describeJob(outcome.job),
    tenant,
    sent: reminders?.sent.length ?? 0,
    alreadySent: reminders?.alreadySent ?? 0,
    failed: reminders?.failed.length ?? 0,
  });
}
