import type { YearMonth } from '#shared/domain/calendar';
import { type MailSender, PermanentSendError } from '#shared/mail/senders';
import type { ServiceDeps } from './deps';

// Messages that must leave once, and only once, per month, recipient and scope (the monthly
// reports, the reminders): a record per message is claimed before sending and marked sent
// after, so that a second run, or a retried one after a failure half-way, sends only what is
// missing. A permanent refusal is recorded and does not stop the others.

export interface OnceMessage {
  recipient: string;
  scope: string;
  compose: () => Promise<Buffer>;
}

export interface OnceSummary {
  sent: { recipient: string; scope: string; bytes: number }[];
  alreadySent: number;
  inProgressElsewhere: number;
  failed: { recipient: string; scope: string; error: string; permanent: boolean }[];
}

/** Something is left to send (a failure that may pass, or a send under way elsewhere). */
export function leftToSend(summary: OnceSummary): boolean {
  return summary.inProgressElsewhere > 0 || summary.failed.some((f) => !f.permanent);
}

/** While a message is being sent, other runs leave it alone for this long. */
const LEASE_MS = 5 * 60_000;

export async function sendEachOnce(
  deps: ServiceDeps,
  options: {
    month: YearMonth;
    sender: MailSender;
    from: string;
    /** Resend even what was already sent. */
    force?: boolean | undefined;
    /** What the log calls these messages (`report`, `reminder`). */
    kind: string;
    log?: ((event: string, details: Record<string, unknown>) => void) | undefined;
  },
  messages: readonly OnceMessage[],
): Promise<OnceSummary> {
  const log = options.log ?? (() => {});
  const { deliveries } = deps.stores;
  const summary: OnceSummary = { sent: [], alreadySent: 0, inProgressElsewhere: 0, failed: [] };
  for (const { recipient, scope, compose } of messages) {
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
      const raw = await compose();
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
      log(`${options.kind}-sent`, {
        month: options.month,
        recipient,
        scope,
        bytes: raw.length,
        messageId,
      });
    } catch (error) {
      const permanent = error instanceof PermanentSendError;
      const message = error instanceof Error ? error.message : String(error);
      await deliveries.markFailed(options.month, recipient, scope, message);
      summary.failed.push({ recipient, scope, error: message, permanent });
      log(permanent ? `${options.kind}-refused` : `${options.kind}-failed`, {
        month: options.month,
        recipient,
        scope,
        error: message,
      });
    }
  }
  return summary;
}
