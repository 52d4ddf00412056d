import type { QueuedJob } from '#shared/services/deps';
import { IMPORT_ATTEMPTS } from './limits';

/**
 * Jobs run in the same process, after the call that queued them has returned: the local
 * stand-in for SQS and its worker function, retried like SQS would (`attempts` times). Import
 * jobs by default; the schedules' jobs too (shared/jobs/local-schedule.ts).
 */
export class InProcessQueue<J = QueuedJob> {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly run: (job: J, lastAttempt: boolean) => Promise<unknown>,
    private readonly onFailure: (job: J, error: unknown) => void,
    private readonly attempts = IMPORT_ATTEMPTS,
  ) {}

  async enqueue(queued: J): Promise<void> {
    const job: Promise<void> = this.attempt(queued, 1).finally(() => this.running.delete(job));
    this.running.add(job);
  }

  private async attempt(queued: J, attempt: number): Promise<void> {
    await new Promise((next) => setImmediate(next));
    try {
      await this.run(queued, attempt >= this.attempts);
    } catch (error) {
      if (attempt < this.attempts) return this.attempt(queued, attempt + 1);
      this.onFailure(queued, error);
    }
  }

  /** Resolves once no job is under way (tests, a clean shutdown). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}
