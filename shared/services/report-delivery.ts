import type { YearMonth } from '#shared/domain/calendar';
import { retentionNote as noteOf } from '#shared/domain/retention';
import { composeReportMessage } from '#shared/mail/compose';
import type { MailSender } from '#shared/mail/senders';
import { buildReport } from '#shared/report/build';
import { renderHtml } from '#shared/report/render-html';
import type { ServiceDeps } from './deps';
import { leftToSend, sendEachOnce } from './exactly-once';
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

/**
 * Sends the month's report, exactly once per recipient and scope (services/exactly-once.ts):
 * the full report to the report recipients, each PLIE's report to its coordinators.
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
  const retentionNote = retention ? noteOf(retention) : undefined;
  const [plies, ownRecipients] = await Promise.all([
    deps.stores.plies.list(),
    deps.stores.settings.reportRecipients(),
  ]);
  const withCoordinators = plies.filter((p) => p.coordinatorEmails.length > 0);
  const data = await loadReportData(
    deps,
    options.month,
    withCoordinators.map((p) => p.id),
  );
  const messages = [
    // The deployment's recipients (the structure `default`'s) and the structure's own.
    ...[...new Set([...options.reportRecipients, ...ownRecipients])].map((recipient) => ({
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

  const noteFor = (plieId: string | null) => (plieId === null ? retentionNote : undefined);
  const sent = await sendEachOnce(
    deps,
    { ...options, kind: 'report', log },
    messages.map(({ recipient, scope, plieId }) => ({
      recipient,
      scope,
      compose: () =>
        composeReportMessage({
          from: options.from,
          appUrl: options.appUrl,
          to: recipient,
          report: reportFor(plieId),
          note: noteFor(plieId),
        }),
    })),
  );
  // What each audience received, kept for the report page (« Envoyé le … »): the figures of
  // the day it left, whatever is corrected afterwards.
  const sentTo = new Map<string, string[]>();
  for (const { scope, recipient } of sent.sent)
    sentTo.set(scope, [...(sentTo.get(scope) ?? []), recipient]);
  for (const [scope, recipients] of sentTo) {
    const plieId = messages.find((m) => m.scope === scope)?.plieId ?? null;
    const report = reportFor(plieId);
    const note = noteFor(plieId);
    await deps.stores.deliveries.keepSentReport(options.month, scope, {
      at: deps.now().toISOString(),
      recipients,
      html: renderHtml(report, {
        ...(options.appUrl ? { appUrl: options.appUrl } : {}),
        ...(note ? { note } : {}),
      }),
    });
  }
  return { month: options.month, ...sent, retention };
}

/** Throws when something is left to send, so that Lambda or the scheduler retries the run. */
export function assertComplete(summary: DeliverySummary): DeliverySummary {
  if (leftToSend(summary)) {
    throw new DeliveryIncompleteError(summary);
  }
  return summary;
}
