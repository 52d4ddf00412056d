import { Logger } from '@aws-lambda-powertools/logger';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { z } from 'zod';
import { isValidMonth, lastParisMonth } from '#shared/domain/calendar';
import { DEFAULT_RETENTION_YEARS } from '#shared/domain/retention';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import { SesSender } from '#shared/mail/senders';
import { leftToSend } from '#shared/services/exactly-once';
import { remindLateAwardees } from '#shared/services/reminders';
import { assertComplete, deliverMonthlyReports } from '#shared/services/report-delivery';
import { settleInterruptedStatements } from '#shared/services/statement-changes';
import { forEachTenant, registerDefaultTenant } from '#shared/services/tenants';
import { createDocumentClient } from '#shared/store/client';
import { createStoreRegistry, type Stores } from '#shared/store/index';
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
const now = () => new Date();
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
  // A table holding data of an earlier version: its structure `default` registered, and the
  // indexes it lacks written, once (two reads after).
  await registerDefaultTenant(registry, env.DEFAULT_TENANT_NAME, now().toISOString());
  // Each structure's reports in turn, each message once per structure and recipient (a retried
  // invocation sends only what is missing).
  const summaries = await forEachTenant(registry, async (stores, tenant) => {
    await upgradeIndexes(stores, now().toISOString());
    const summary = await deliverMonthlyReports(
      { stores, now },
      {
        month,
        sender,
        from: env.SENDER_ADDRESS,
        appUrl: env.APP_URL,
        // The deployment's recipients are the structure `default`'s (its report as before).
        reportRecipients: tenant.id === DEFAULT_TENANT ? recipients : [],
        retentionYears: env.PARTICIPANT_RETENTION_YEARS,
        log: (event, details) =>
          event === 'report-sent'
            ? logger.info(event, { tenant: tenant.id, ...details })
            : logger.error(event, { tenant: tenant.id, ...details }),
      },
    );
    logger.info('monthly report done', {
      tenant: tenant.id,
      month,
      sent: summary.sent.length,
      alreadySent: summary.alreadySent,
      failed: summary.failed.length,
      retentionErased: summary.retention?.erasedNow ?? 0,
    });
    return summary;
  });
  for (const summary of summaries) assertComplete(summary);
  return summaries.length === 1 ? summaries[0] : summaries;
}

/**
 * The daily run: finishes or undoes the statements' changes that a stopped request left under
 * way (the pages do it too, as soon as someone looks at one), then reminds the late awardees
 * when the administrator's day has come.
 */
async function reminders() {
  const runs = await forEachTenant(registry, (stores, tenant) => remindersOf(stores, tenant.id));
  return runs.length === 1 ? runs[0] : runs;
}

async function remindersOf(stores: Stores, tenant: string) {
  const settled = await settleInterruptedStatements({ stores, now });
  if (settled.finished || settled.undone) {
    logger.warn('interrupted statement changes', { tenant, ...settled });
  }
  const run = await remindLateAwardees(
    { stores, now },
    {
      sender,
      from: env.SENDER_ADDRESS,
      appUrl: env.APP_URL,
      log: (event, details) =>
        event === 'reminder-sent' ? logger.info(event, details) : logger.error(event, details),
    },
  );
  logger.info('reminders done', {
    tenant,
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
