import { join } from 'node:path';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import type { ScheduledOutcome, ScheduledRunSetup } from '#shared/jobs/scheduled-runner';
import { OutboxSender } from '#shared/mail/senders';
import type { LocalConfig } from './config';

// The schedules' per-structure jobs on this machine (`npm start`, `npm run report`): what they
// need from the local config, and what they print.

/**
 * Each structure's messages in a folder of its own (the structure `default`'s where they were
 * before structures): one person may receive two structures' reports.
 */
export function outboxOf(config: LocalConfig, tenant: string): string {
  return tenant === DEFAULT_TENANT ? config.outboxDir : join(config.outboxDir, tenant);
}

/** The jobs' setup from the local config: the outbox instead of SES. */
export function localScheduledSetup(config: LocalConfig, now: () => Date): ScheduledRunSetup {
  return {
    senderOf: (tenant) => new OutboxSender(outboxOf(config, tenant)),
    from: config.reportSender,
    appUrl: config.appUrl,
    reportRecipients: config.reportRecipients,
    retentionYears: config.retentionYears,
    defaultTenantName: config.defaultTenantName,
    now,
  };
}

/** What a job did, in French, one line and one per message written; nothing if it wrote none. */
export function outcomeLines(config: LocalConfig, outcome: ScheduledOutcome): string[] {
  const folder = outboxOf(config, outcome.job.tenant);
  if ('summary' in outcome) {
    const { summary, job } = outcome;
    return [
      `${job.tenant} — rapport ${summary.month} : ${summary.sent.length} message(s) écrit(s) dans ${folder}/${summary.month}/, ${summary.alreadySent} déjà envoyé(s).`,
      ...summary.sent.map(
        (sent) => `  ${sent.scope} → ${sent.recipient} (${Math.round(sent.bytes / 1024)} Ko)`,
      ),
      ...summary.failed.map(
        (failed) => `  ÉCHEC ${failed.scope} → ${failed.recipient} : ${failed.error}`,
      ),
    ];
  }
  const { settled, reminders } = outcome.daily;
  return [
    ...(settled.finished || settled.undone
      ? [
          `${outcome.job.tenant} — relevés interrompus : ${settled.finished} retrait(s) terminé(s), ${settled.undone} remplacement(s) ou validation(s) annulé(s).`,
        ]
      : []),
    ...(reminders?.sent.length
      ? [
          `${outcome.job.tenant} — relances ${reminders.month} : ${reminders.sent.length} message(s) dans ${folder}/${reminders.month}/`,
        ]
      : []),
  ];
}
