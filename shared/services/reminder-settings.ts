import type { Identity } from '#shared/domain/access';
import { type ServiceDeps, writeContext } from './deps';

// A structure's mail settings, apart from the messages themselves (reminders.ts,
// report-delivery.ts): the reminder day and the monthly report's recipients. The API's pages
// read and set them, and need none of the code that writes the messages.

/** The day of the month late awardees are reminded. */
export function reminderDay(deps: ServiceDeps): Promise<number> {
  return deps.stores.settings.reminderDay();
}

/** Who receives the structure's full monthly report, as its administrator set it. */
export function reportRecipients(deps: ServiceDeps): Promise<string[]> {
  return deps.stores.settings.reportRecipients();
}

/** Sets them (lower-cased, each once); in the change log as any setting. */
export async function setReportRecipients(
  deps: ServiceDeps,
  actor: Identity,
  emails: readonly string[],
) {
  const unique = [...new Set(emails.map((email) => email.trim().toLowerCase()))];
  await deps.stores.settings.setReportRecipients(unique, writeContext(deps, actor));
  return { emails: unique };
}

/** Sets that day; in the change log as any setting. */
export async function setReminderDay(deps: ServiceDeps, actor: Identity, day: number) {
  await deps.stores.settings.setReminderDay(day, writeContext(deps, actor));
  return { day };
}
