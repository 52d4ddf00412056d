// Awardees late with last month's statement are reminded, once a month each.
import { remindersDue } from '#shared/domain/awardees';
import {
  dayNumberOf,
  frenchMonth,
  lastParisMonth,
  parisDate,
  type YearMonth,
} from '#shared/domain/calendar';
import { composeReminderMessage } from '#shared/mail/compose';
import type { MailSender } from '#shared/mail/senders';
import type { ServiceDeps } from './deps';
import { type OnceSummary, sendEachOnce } from './exactly-once';
import { missingStatements } from './missing-statements';

export interface ReminderRun extends OnceSummary {
  month: YearMonth;
  /** False when today is before the administrator's reminder day: nothing was looked at. */
  due: boolean;
}

/**
 * Reminds the contacts of every late company, once a month each, on the administrator's day of
 * the month (or after it, to catch up a day the job did not run): last month's statement.
 */
export async function remindLateAwardees(
  deps: ServiceDeps,
  options: {
    sender: MailSender;
    from: string;
    appUrl?: string | undefined;
    /** A month other than the one that just ended (tests, catching up by hand). */
    month?: YearMonth | undefined;
    log?: (event: string, details: Record<string, unknown>) => void;
  },
): Promise<ReminderRun> {
  const now = deps.now();
  const month = options.month ?? lastParisMonth(now);
  const day = dayNumberOf(parisDate(now));
  const due =
    options.month !== undefined || remindersDue(day, await deps.stores.settings.reminderDay());
  if (!due) return { month, due, sent: [], alreadySent: 0, inProgressElsewhere: 0, failed: [] };
  const late = await missingStatements(deps, month);
  const sent = await sendEachOnce(
    deps,
    { month, sender: options.sender, from: options.from, kind: 'reminder', log: options.log },
    late.flatMap((company) =>
      company.contacts.map((contact) => ({
        recipient: contact.email,
        scope: `reminder-${company.siren}`,
        compose: () =>
          composeReminderMessage({
            from: options.from,
            to: contact.email,
            appUrl: options.appUrl,
            at: now,
            reminder: {
              month,
              monthLabel: frenchMonth(month),
              contracts: company.contracts.map((c) => ({
                reference: c.reference,
                title: c.title,
                buyer: c.buyer.name,
              })),
            },
          }),
      })),
    ),
  );
  return { month, due, ...sent };
}
