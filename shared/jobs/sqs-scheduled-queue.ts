import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ScheduledJob, ScheduledQueue } from './scheduled-jobs';

/** SQS takes at most ten messages a call. */
const BATCH = 10;

/**
 * The schedules' jobs handed to the report function through SQS, ten a call (300 structures:
 * 30 calls). A message SQS refuses fails the dispatch, which the schedule retries: the jobs
 * sent twice then send nothing twice (each message's delivery record).
 */
export class SqsScheduledQueue implements ScheduledQueue {
  constructor(
    private readonly queueUrl: string,
    private readonly client = new SQSClient({}),
  ) {}

  async enqueueAll(jobs: readonly ScheduledJob[]): Promise<void> {
    for (let start = 0; start < jobs.length; start += BATCH) {
      const batch = jobs.slice(start, start + BATCH);
      const { Failed } = await this.client.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((job, i) => ({ Id: String(i), MessageBody: JSON.stringify(job) })),
        }),
      );
      if (Failed?.length) {
        const refused = Failed.map((f) => `${batch[Number(f.Id)]?.tenant}: ${f.Code} ${f.Message}`);
        throw new Error(`SQS a refusé ${Failed.length} message(s) : ${refused.join('; ')}`);
      }
    }
  }
}
