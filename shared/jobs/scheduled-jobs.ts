import { isValidMonth, type YearMonth } from '#shared/domain/calendar';
import { isTenantId } from '#shared/domain/tenants';

// The scheduled work, one structure per message: the schedule's dispatcher lists the
// structures and queues one job each (SQS in AWS, this process locally); the report function
// runs one job at a time, so that a structure that fails is retried alone.

/** A structure's monthly report of a month (`force`: resend what was sent; local runs only). */
export interface ReportJob {
  kind: 'report';
  tenant: string;
  month: YearMonth;
  force?: boolean;
}

/**
 * A structure's daily run: finish or undo the statement changes a stopped request left under
 * way, and, when `remind` names a month, remind the awardees late with that month's statement.
 */
export interface DailyJob {
  kind: 'daily';
  tenant: string;
  remind: YearMonth | null;
}

export type ScheduledJob = ReportJob | DailyJob;

/** Where the dispatcher puts the jobs: SQS in AWS, this process locally. */
export interface ScheduledQueue {
  enqueueAll(jobs: readonly ScheduledJob[]): Promise<void>;
}

/**
 * How many times a structure's job is tried before it is given up (SQS's receive count before
 * the dead-letter queue, and locally): SES throttling and timeouts pass within a few tries.
 */
export const SCHEDULED_ATTEMPTS = 5;

/** The report function's limit (Lambda): one structure's month, the biggest with room. */
export const SCHEDULED_TIMEOUT_MINUTES = 5;

/** The run of a month that a structure's reminders, once all sent, are recorded under. */
export const REMINDERS_RUN = 'reminders';

/** What a job is called in logs and messages to people. */
export function describeJob(job: ScheduledJob): string {
  return job.kind === 'report'
    ? `rapport ${job.month} de ${job.tenant}`
    : `tâches quotidiennes de ${job.tenant}${job.remind ? ` (relances ${job.remind})` : ''}`;
}

/** The job an SQS message carries, checked: a message that is not one is refused. */
export function scheduledJobOfMessage(body: string): ScheduledJob {
  const refuse = () => new Error(`Not a scheduled job message: ${body.slice(0, 200)}`);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw refuse();
  }
  const { kind, tenant } = parsed;
  if (typeof tenant !== 'string' || !isTenantId(tenant)) throw refuse();
  const isMonth = (value: unknown): value is YearMonth =>
    typeof value === 'string' && isValidMonth(value);
  if (kind === 'report' && isMonth(parsed.month)) {
    // `force` never comes from a message: only a person at the machine resends (npm run report).
    return { kind, tenant, month: parsed.month };
  }
  if (kind === 'daily' && (parsed.remind === null || isMonth(parsed.remind))) {
    return { kind, tenant, remind: parsed.remind };
  }
  throw refuse();
}
