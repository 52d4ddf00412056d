import type { YearMonth } from '#shared/domain/calendar';
import { composeReportMessage } from '#shared/mail/compose';
import { type MailSender, PermanentSendError } from '#shared/mail/senders';
import { buildReport } from '#shared/report/build';
import type { ServiceDeps } from './deps';
import { loadReportData } from './report-data';
import { applyRetention, type RetentionResult } from './retention';

export interface DeliveryOptions {
  month: YearMonth;
  sender: MailSender;
  from: string;
  /** The product's address, linked from each message. */
  appUrl?: string | undefined;
  /** Addresses that receive the full report. */
  reportRecipients: readonly string[];
  /** Resend even what was already sent. */
  force?: boolean;
  /** Erase, first, the participants who left more than this many years ago (none if absent). */
  retentionYears?: number | undefined;
  log?: (event: string, details: Record<string, unknown>) => void;
}

export interface DeliverySummary {
  month: YearMonth;
  sent: { recipient: string; scope: string; bytes: number }[];
  alreadySent: number;
  inProgressElsewhere: number;
  failed: { recipient: string; scope: string; error: string; permanent: boolean }[];
  retention: RetentionResult | null;
}

/** Some messages could not be sent for now: the caller (Lambda, scheduler) should retry. */
export class DeliveryIncompleteError extends Error {
  constructor(readonly summary: DeliverySummary) {
    super(
      `Rapport ${summary.month} : ${summary.failed.filter((f) => !f.permanent).length} envoi(s) à reprendre, ${summary.inProgressElsewhere} en cours ailleurs.`,
    );
  }
}

/** While a message is being sent, other runs leave it alone for this long. */
const LEASE_MS = 5 * 60_000;

/**
 * Sends the month's report, exactly once per recipient and scope: the full report to the report
 * recipients, each PLIE's report to its coordinators. A record per message is claimed before
 * sending and marked sent after, so a second run, or a retried one after a failure half-way,
 * sends only what is missing. A permanent refusal is logged and does not stop the others.
 */
export async function deliverMonthlyReports(
  deps: ServiceDeps,
  options: DeliveryOptions,
): Promise<DeliverySummary> {
  const log = options.log ?? (() => {});
  // The retention rule first, so that the month's reports are built on what is kept.
  const retention = options.retentionYears
    ? await applyRetention(deps, options.retentionYears)
    : null;
  if (retention?.erasedNow) log('retention-erased', { ...retention });
  // Said in the full report only: the PLIEs' copies are about their own figures.
  const retentionNote = retention
    ? `Conservation des données : ${retention.erasedThisMonth} participant(s) sorti(s) depuis plus de ${retention.years} ans effacé(s) ce mois-ci (référence et critères ; leurs heures et leur sortie restent, anonymes).`
    : undefined;
  const plies = await deps.stores.plies.list();
  const withCoordinators = plies.filter((p) => p.coordinatorEmails.length > 0);
  const data = await loadReportData(
    deps,
    options.month,
    withCoordinators.map((p) => p.id),
  );
  const messages = [
    ...[...new Set(options.reportRecipients)].map((recipient) => ({
      recipient,
      scope: 'all',
      plieId: null,
    })),
    ...withCoordinators.flatMap((p) =>
      [...new Set(p.coordinatorEmails)].map((recipient) => ({
        recipient,
        scope: `plie-${p.id}`,
        plieId: p.id,
      })),
    ),
  ];
  const reports = new Map<string | null, ReturnType<typeof buildReport>>();
  const reportFor = (plieId: string | null) => {
    let report = reports.get(plieId);
    if (!report) {
      report = buildReport(data, plieId);
      reports.set(plieId, report);
    }
    return report;
  };

  const summary: DeliverySummary = {
    month: options.month,
    sent: [],
    alreadySent: 0,
    inProgressElsewhere: 0,
    failed: [],
    retention,
  };
  const { deliveries } = deps.stores;
  for (const { recipient, scope, plieId } of messages) {
    const claimed = await deliveries.claim(
      options.month,
      recipient,
      scope,
      Date.now(),
      LEASE_MS,
      options.force,
    );
    if (!claimed) {
      const record = await deliveries.get(options.month, recipient, scope);
      if (record?.status === 'sent') summary.alreadySent += 1;
      else summary.inProgressElsewhere += 1;
      continue;
    }
    try {
      const raw = await composeReportMessage({
        from: options.from,
        appUrl: options.appUrl,
        to: recipient,
        report: reportFor(plieId),
        note: plieId === null ? retentionNote : undefined,
      });
      const { messageId } = await options.sender.send({
        from: options.from,
        to: recipient,
        raw,
        month: options.month,
        scope,
      });
      await deliveries.markSent(options.month, recipient, scope, {
        at: deps.now().toISOString(),
        messageId,
        bytes: raw.length,
      });
      summary.sent.push({ recipient, scope, bytes: raw.length });
      log('report-sent', { month: options.month, recipient, scope, bytes: raw.length, messageId });
    } catch (error) {
      const permanent = error instanceof PermanentSendError;
      const message = error instanceof Error ? error.message : String(error);
      await deliveries.markFailed(options.month, recipient, scope, message);
      summary.failed.push({ recipient, scope, error: message, permanent });
      log(permanent ? 'report-refused' : 'report-failed', {
        month: options.month,
        recipient,
        scope,
        error: message,
      });
    }
  }
  return summary;
}

/** Throws when something is left to send, so that Lambda or the scheduler retries the run. */
export function assertComplete(summary: DeliverySummary): DeliverySummary {
  if (summary.inProgressElsewhere > 0 || summary.failed.some((f) => !f.permanent)) {
    throw new DeliveryIncompleteError(summary);
  }
  return summary;
}
