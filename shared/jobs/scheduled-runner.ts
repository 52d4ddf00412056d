import { DEFAULT_TENANT } from '#shared/domain/tenants';
import type { MailSender } from '#shared/mail/senders';
import { bilanYearOfReportMonth, deliverBuyerBilans } from '#shared/services/buyer-bilans';
import { leftToSend } from '#shared/services/exactly-once';
import { type ReminderRun, remindLateAwardees } from '#shared/services/reminders';
import {
  assertComplete,
  type DeliverySummary,
  deliverMonthlyReports,
} from '#shared/services/report-delivery';
import { settleInterruptedStatements } from '#shared/services/statement-changes';
import { registerDefaultTenant } from '#shared/services/tenants';
import type { StoreRegistry } from '#shared/store/index';
import { upgradeIndexes } from '#shared/store/upgrades';
import { type DailyJob, REMINDERS_RUN, type ReportJob, type ScheduledJob } from './scheduled-jobs';

// One structure's scheduled work, as the report function runs it from its SQS message and
// `npm start` / `npm run report` from their in-process queue: the same code in both. It throws
// while something is left to send, so that the queue tries this structure again, and only it;
// what was sent is not sent again (shared/services/exactly-once.ts).

/** What the jobs need from where they run (the Lambda's environment, the local config). */
export interface ScheduledRunSetup {
  /** The structure's mail: SES in AWS, the structure's outbox folder locally. */
  senderOf(tenant: string): MailSender;
  from: string;
  appUrl?: string | undefined;
  /** The deployment's recipients of the full report: the structure `default`'s. */
  reportRecipients: readonly string[];
  /** Erase the participants who left more than this many years ago (none if absent). */
  retentionYears?: number | undefined;
  /** The structure `default`'s name, registered once on an upgraded deployment. */
  defaultTenantName: string;
  now: () => Date;
  log?: ((event: string, details: Record<string, unknown>) => void) | undefined;
}

export interface DailyOutcome {
  settled: { finished: number; undone: number };
  reminders: ReminderRun | null;
}

export type ScheduledOutcome =
  | { job: ReportJob; summary: DeliverySummary }
  | { job: DailyJob; daily: DailyOutcome };

export async function runScheduledJob(
  registry: StoreRegistry,
  job: ScheduledJob,
  setup: ScheduledRunSetup,
): Promise<ScheduledOutcome> {
  return job.kind === 'report'
    ? { job, summary: await runReport(registry, job, setup) }
    : { job, daily: await runDaily(registry, job, setup) };
}

async function runReport(
  registry: StoreRegistry,
  job: ReportJob,
  setup: ScheduledRunSetup,
): Promise<DeliverySummary> {
  const stores = registry.of(job.tenant);
  const at = setup.now().toISOString();
  if (job.tenant === DEFAULT_TENANT) {
    // A table holding data of an earlier version: its structure `default` registered, once.
    await registerDefaultTenant(registry, setup.defaultTenantName, at);
  }
  // The indexes data of an earlier version lacks, written once (two reads after).
  await upgradeIndexes(stores, at);
  const log = setup.log;
  const tenantLog =
    log &&
    ((event: string, details: Record<string, unknown>) =>
      log(event, { tenant: job.tenant, ...details }));
  const deps = { stores, now: setup.now, register: registry.tenants };
  const summary = await deliverMonthlyReports(deps, {
    month: job.month,
    sender: setup.senderOf(job.tenant),
    from: setup.from,
    appUrl: setup.appUrl,
    reportRecipients: job.tenant === DEFAULT_TENANT ? setup.reportRecipients : [],
    retentionYears: setup.retentionYears,
    force: job.force,
    log: tenantLog,
  });
  // December's run, the first in January: each buyer with an address gets its bilan of the
  // year, in the same job (retried with it; what went out does not go again).
  const bilanYear = bilanYearOfReportMonth(job.month);
  if (bilanYear === null) return assertComplete(summary);
  const bilans = await deliverBuyerBilans(deps, {
    year: bilanYear,
    sender: setup.senderOf(job.tenant),
    from: setup.from,
    force: job.force,
    log: tenantLog,
  });
  return assertComplete({
    ...summary,
    sent: [...summary.sent, ...bilans.sent],
    alreadySent: summary.alreadySent + bilans.alreadySent,
    inProgressElsewhere: summary.inProgressElsewhere + bilans.inProgressElsewhere,
    failed: [...summary.failed, ...bilans.failed],
  });
}

async function runDaily(
  registry: StoreRegistry,
  job: DailyJob,
  setup: ScheduledRunSetup,
): Promise<DailyOutcome> {
  const deps = { stores: registry.of(job.tenant), now: setup.now };
  const settled = await settleInterruptedStatements(deps);
  if (!job.remind) return { settled, reminders: null };
  const log = setup.log;
  const reminders = await remindLateAwardees(deps, {
    sender: setup.senderOf(job.tenant),
    from: setup.from,
    appUrl: setup.appUrl,
    month: job.remind,
    log: log && ((event, details) => log(event, { tenant: job.tenant, ...details })),
  });
  if (leftToSend(reminders)) {
    throw new Error(`Relances ${job.remind} de ${job.tenant} : des envois restent à faire`);
  }
  // Done for the month: the next days' dispatch leaves this structure alone.
  await deps.stores.deliveries.markRunDone(job.remind, REMINDERS_RUN, setup.now().toISOString());
  return { settled, reminders };
}
