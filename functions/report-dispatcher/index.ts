import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { isValidMonth, lastParisMonth } from '#shared/domain/calendar';
import { dailyJobs, monthlyReportJobs } from '#shared/jobs/schedule-dispatch';
import { SqsScheduledQueue } from '#shared/jobs/sqs-scheduled-queue';
import { createDocumentClient } from '#shared/store/client';
import { createStoreRegistry } from '#shared/store/index';
import { mappingThrownStacks } from '../source-stack';

// The schedules' dispatcher: EventBridge Scheduler invokes it on the 1st at 07:00 Paris time
// for the month that just ended (or with {"month": "YYYY-MM"}), and every day at 08:00 with
// {"task": "reminders"}. It lists the structures and queues one job per structure that has
// work (SQS); the report function runs each job on its own, so that ~300 structures never
// share one invocation's timeout and a failure retries only its structure. It reads a few
// items per structure, and sends nothing itself.

const env = z
  .object({
    TABLE_NAME: z.string().min(3),
    SCHEDULE_QUEUE_URL: z.string().min(3),
  })
  .parse(process.env);

const logger = new Logger({ serviceName: 'clause-tracker-report-dispatcher' });
const registry = createStoreRegistry(createDocumentClient(), env.TABLE_NAME);
const queue = new SqsScheduledQueue(env.SCHEDULE_QUEUE_URL);

/** What the runtime calls; an error it throws reaches the log with its stack mapped. */
export const handler = mappingThrownStacks(async (event: unknown) => {
  const fields = (event ?? {}) as { task?: unknown; month?: unknown };
  if (fields.task === 'reminders') {
    const jobs = await dailyJobs(registry, new Date());
    await queue.enqueueAll(jobs);
    const reminding = jobs.filter((job) => job.remind !== null).length;
    logger.info('daily jobs queued', { queued: jobs.length, reminding });
    return { task: 'reminders', queued: jobs.length, tenants: jobs.map((job) => job.tenant) };
  }
  if (
    fields.month !== undefined &&
    (typeof fields.month !== 'string' || !isValidMonth(fields.month))
  ) {
    throw new Error(`month must be YYYY-MM, got ${JSON.stringify(fields.month)}`);
  }
  const month = (fields.month as string | undefined) ?? lastParisMonth(new Date());
  const jobs = await monthlyReportJobs(registry, month);
  await queue.enqueueAll(jobs);
  logger.info('monthly report jobs queued', { month, queued: jobs.length });
  return { month, queued: jobs.length, tenants: jobs.map((job) => job.tenant) };
});
