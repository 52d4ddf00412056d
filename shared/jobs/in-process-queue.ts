import type { JobQueue, QueuedJob } from '#shared/services/deps';
import { IMPORT_ATTEMPTS } from './limits';

/**
 * Jobs run in the same process, after the request that queued them has answered: the local
 * stand-in for SQS and its worker function, retried like SQS would (IMPORT_ATTEMPTS times).
 */
export class InProcessQueue implements JobQueue {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly run: (job: QueuedJob, lastAttempt: boolean) => Promise<unknown>,
    private readonly onFailure: (jobId: string, error: unknown) => void = (jobId, error) =>
      console.error(`Import ${jobId} en échec`, error),
    private readonly attempts = IMPORT_ATTEMPTS,
  ) {}

  async enqueue(queued: QueuedJob): Promise<void> {
    const job: Promise<void> = this.attempt(queued, 1).finally(() => this.running.delete(job));
    this.running.add(job);
  }

  private async attempt(queued: QueuedJob, attempt: number): Promise<void> {
    await new Promise((next) => setImmediate(next));
    try {
      await this.run(queued, attempt >= this.attempts);
    } catch (error) {
      if (attempt < this.attempts) return this.attempt(queued, attempt + 1);
      this.onFailure(queued.jobId, error);
    }
  }

  /** Resolves once no job is under way (tests, a clean shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}
