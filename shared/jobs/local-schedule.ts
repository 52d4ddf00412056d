import type { StoreRegistry } from '#shared/store/index';
import { InProcessQueue } from './in-process-queue';
import {
  describeJob,
  SCHEDULED_ATTEMPTS,
  type ScheduledJob,
  type ScheduledQueue,
} from './scheduled-jobs';
import { runScheduledJob, type ScheduledOutcome, type ScheduledRunSetup } from './scheduled-runner';

/**
 * The schedules' jobs on one machine (`npm start`, `npm run report`, tests): queued in this
 * process and run by the very code the report function runs on its SQS messages, one
 * structure a job, each retried alone as SQS would.
 */
export function localScheduledJobs(
  registry: StoreRegistry,
  setup: ScheduledRunSetup,
  options: {
    onDone?: (outcome: ScheduledOutcome) => void;
    onFailure?: (job: ScheduledJob, error: unknown) => void;
    attempts?: number;
  } = {},
): ScheduledQueue & { idle(): Promise<void> } {
  const queue = new InProcessQueue<ScheduledJob>(
    async (job) => {
      const outcome = await runScheduledJob(registry, job, setup);
      options.onDone?.(outcome);
    },
    options.onFailure ??
      ((job, error) =>
        console.error(
          `Échec : ${describeJob(job)} — ${error instanceof Error ? error.message : error}`,
        )),
    options.attempts ?? SCHEDULED_ATTEMPTS,
  );
  return {
    async enqueueAll(jobs) {
      for (const job of jobs) await queue.enqueue(job);
    },
    idle: () => queue.idle(),
  };
}
