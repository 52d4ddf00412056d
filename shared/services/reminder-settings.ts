import type { Identity } from '#shared/domain/access';
import { type ServiceDeps, writeContext } from './deps';

// The administrators' reminder setting, apart from the reminders themselves (reminders.ts):
// the API's pages read and set it, and need none of the code that writes the messages.

/** The day of the month late awardees are reminded. */
export function reminderDay(deps: ServiceDeps): Promise<number> {
  return deps.stores.settings.reminderDay();
}

/** Sets that day; in the change log as any setting. */
export async function setReminderDay(deps: ServiceDeps, actor: Identity, day: number) {
  await deps.stores.settings.setReminderDay(day, writeContext(deps, actor));
  return { day };
}
