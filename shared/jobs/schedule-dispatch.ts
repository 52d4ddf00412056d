import { remindersDue } from '#shared/domain/awardees';
import { dayNumberOf, lastParisMonth, parisDate, type YearMonth } from '#shared/domain/calendar';
import { limiter } from '#shared/limit';
import { forEachTenant } from '#shared/services/tenants';
import type { StoreRegistry } from '#shared/store/index';
import { type DailyJob, REMINDERS_RUN, type ReportJob } from './scheduled-jobs';

// The dispatcher's half of the schedules: which structures have work, read from a few items
// each (never their lines); the work itself is the report function's, one structure a job.

/** A few hundred structures: their reads a few at a time, not hundreds at once. */
const READS_AT_ONCE = 16;

async function tenantIds(registry: StoreRegistry): Promise<string[]> {
  return forEachTenant(registry, async (_stores, tenant) => tenant.id);
}

/** The month's report: one job per structure. */
export async function monthlyReportJobs(
  registry: StoreRegistry,
  month: YearMonth,
): Promise<ReportJob[]> {
  return (await tenantIds(registry)).map((tenant) => ({ kind: 'report', tenant, month }));
}

/**
 * Today's jobs: the structures whose reminder day has come (each its own setting) and whose
 * reminders of last month are not done yet — on their day, or the days after when a run
 * failed or the machine slept — and those with a statement change left under way. The others
 * get no job.
 */
export async function dailyJobs(registry: StoreRegistry, now: Date): Promise<DailyJob[]> {
  const month = lastParisMonth(now);
  const today = dayNumberOf(parisDate(now));
  const limit = limiter(READS_AT_ONCE);
  const jobs = await Promise.all(
    (await tenantIds(registry)).map((tenant) =>
      limit(async (): Promise<DailyJob | null> => {
        const stores = registry.of(tenant);
        const [reminderDay, reminded, underWay] = await Promise.all([
          stores.settings.reminderDay(),
          stores.deliveries.runDone(month, REMINDERS_RUN),
          stores.statements.changesBegunBefore(now.toISOString()),
        ]);
        const remind = remindersDue(today, reminderDay) && !reminded ? month : null;
        return remind || underWay.length > 0 ? { kind: 'daily', tenant, remind } : null;
      }),
    ),
  );
  return jobs.filter((job) => job !== null);
}
