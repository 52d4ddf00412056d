import type { JobQueue } from '#shared/services/deps';

/** Jobs handed to the worker function through SQS. */
export class SqsJobQueue implements JobQueue {
  constructor(private readonly queueUrl: string) {}

  async enqueue(jobId: string): Promise<void> {
    const { sendMessage } = await import('#shared/jobs/aws-clients');
    await sendMessage(this.queueUrl, JSON.stringify({ jobId }));
  }
}

/** The job a worker's SQS message names. */
export function jobIdOfMessage(body: string): string {
  const parsed = JSON.parse(body) as { jobId?: unknown };
  if (typeof parsed.jobId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(parsed.jobId)) {
    throw new Error(`Not an import job message: ${body.slice(0, 200)}`);
  }
  return parsed.jobId;
}
