import { DEFAULT_TENANT, isTenantId } from '#shared/domain/tenants';
import type { JobQueue, QueuedJob } from '#shared/services/deps';

/** Jobs handed to the worker function through SQS. */
export class SqsJobQueue implements JobQueue {
  constructor(private readonly queueUrl: string) {}

  async enqueue(job: QueuedJob): Promise<void> {
    const { sendMessage } = await import('#shared/jobs/aws-clients');
    await sendMessage(this.queueUrl, JSON.stringify(job));
  }
}

/**
 * The job a worker's SQS message names. A message sent before structures names no structure:
 * its job is the `default` structure's.
 */
export function jobOfMessage(body: string): QueuedJob {
  const parsed = JSON.parse(body) as { jobId?: unknown; tenant?: unknown };
  const tenant = parsed.tenant ?? DEFAULT_TENANT;
  if (
    typeof parsed.jobId !== 'string' ||
    !/^[A-Za-z0-9_-]{1,64}$/.test(parsed.jobId) ||
    typeof tenant !== 'string' ||
    !isTenantId(tenant)
  ) {
    throw new Error(`Not an import job message: ${body.slice(0, 200)}`);
  }
  return { tenant, jobId: parsed.jobId };
}
