import { Logger } from '@aws-lambda-powertools/logger';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import { isValidMonth, lastParisMonth } from '#shared/domain/calendar';
import { DEFAULT_RETENTION_YEARS } from '#shared/domain/retention';
import { SesSender } from '#shared/mail/senders';
import { leftToSend } from '#shared/services/exactly-once';
import { remindLateAwardees } from '#shared/services/reminders';
import { assertComplete, deliverMonthlyReports } from '#shared/services/report-delivery';
import { settleInterruptedStatements } from '#shared/services/statement-changes';
import { createDocumentClient } from '#shared/store/client';
import { createStores } from '#shared/store/index';
import { upgradeIndexes } from '#shared/store/upgrades';

// The monthly-report function: EventBridge Scheduler invokes it on the 1st at 07:00 Paris time
// for the month that just ended, or with {"month": "YYYY-MM"}; and every day at 08:00 with
// {"task": "reminders"} for the awardees late with their statement. Each message goes out once:
// a retried invocation sends only what is missing, and fails while something is.

const env = z
  .object({
    TABLE_NAME: z.string().min(3),
    SENDER_ADDRESS: z.email(),
    REPORT_RECIPIENTS: z.string().default(''),
    APP_URL: z.url().optional(),
    PARTICIPANT_RETENTION_YEARS: z.coerce
      .number()
      .int()
      .min(1)
      .max(50)
      .default(DEFAULT_RETENTION_YEARS),
  })
  .parse(process.env);

const logger = new Logger({ serviceName: 'clause-tracker-monthly-report' });
const stores = createStores(createDocumentClient(), env.TABLE_NAME);
const sender = new SesSender(new SESv2Client({}));
const recipients = env.REPORT_RECIPIENTS.split(',')
  .map((s) => s.trim())
  .filter(Boolean);

export async function handler(event: unknown) {
  if ((event as { task?: unknown } | null)?.task === 'reminders') return reminders();
  const requested = (event as { month?: unknown } | null)?.month;
  if (requested !== undefined && (typeof requested !== 'string' || !isValidMonth(requested))) {
    throw new Error(`month must be YYYY-MM, got ${JSON.stringify(requested)}`);
  }
  const month = (requested as string | undefined) ?? lastParisMonth(new Date());
  // A table holding data of an earlier version gets the indexes it lacks, once (two reads after).
  await upgradeIndexes(stores, new Date().toISOString());
  const summary = await deliverMonthlyReports(
    { stores, now: () => new Date() },
    {
      month,
      sender,
      from: env.SENDER_ADDRESS,
      appUrl: env.APP_URL,
      reportRecipients: recipients,
      retentionYears: env.PARTICIPANT_RETENTION_YEARS,
      log: (event, details) =>
        event === 'report-sent' ? logger.info(event, details) : logger.error(event, details),
    },
  );
  logger.info('monthly report done', {
    month,
    sent: summary.sent.length,
    alreadySent: summary.alreadySent,
    failed: summary.failed.length,
    retentionErased: summary.retention?.erasedNow ?? 0,
  });
  return assertComplete(summary);
}

/**
 * The daily run: finishes or undoes the statements' changes that a stopped request left under
 * way (the pages do it too, as soon as someone looks at one), then reminds the late awardees
 * when the administrator's day has come.
 */
async function reminders() {
  const settled = await settleInterruptedStatements({ stores, now: () => new Date() });
  if (settled.finished || settled.undone) logger.warn('interrupted statement changes', settled);
  const run = await remindLateAwardees(
    { stores, now: () => new Date() },
    {
      sender,
      from: env.SENDER_ADDRESS,
      appUrl: env.APP_URL,
      log: (event, details) =>
        event === 'reminder-sent' ? logger.info(event, details) : logger.error(event, details),
    },
  );
  logger.info('reminders done', {
    month: run.month,
    due: run.due,
    sent: run.sent.length,
    alreadySent: run.alreadySent,
    failed: run.failed.length,
  });
  if (leftToSend(run)) {
    throw new Error(`Relances ${run.month} : des envois restent à faire`);
  }
  return run;
}
