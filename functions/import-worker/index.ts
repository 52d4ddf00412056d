import { Logger } from '@aws-lambda-powertools/logger';
import { z } from 'zod';
import { runImportJob } from '#shared/jobs/import-runner';
import { IMPORT_ATTEMPTS } from '#shared/jobs/limits';
import { S3UploadStore } from '#shared/jobs/s3-uploads';
import { jobOfMessage, SqsJobQueue } from '#shared/jobs/sqs-queue';
import type { ServiceDeps } from '#shared/services/deps';
import { createDocumentClient } from '#shared/store/client';
import { createStoreRegistry } from '#shared/store/index';
import { mappingThrownStacks, withSourceStack } from '../source-stack';

// The import worker: SQS hands it one job at a time (a big statement or DECP file the API put
// in the bucket); it runs the same import the API runs inline for small files. A failure that
// is not the file's fault is reported to SQS, which tries again (the import resumes without
// counting twice) and, after IMPORT_ATTEMPTS attempts (the last one marks the job failed), moves the message to the dead-letter queue.

const env = z
  .object({
    TABLE_NAME: z.string().min(3),
    UPLOAD_BUCKET: z.string().min(3),
    IMPORT_QUEUE_URL: z.string().min(3),
  })
  .parse(process.env);

const logger = new Logger({ serviceName: 'clause-tracker-import-worker' });
const registry = createStoreRegistry(createDocumentClient(), env.TABLE_NAME);
const imports = {
  uploads: new S3UploadStore(env.UPLOAD_BUCKET),
  queue: new SqsJobQueue(env.IMPORT_QUEUE_URL),
  inlineMaxBytes: 0,
};
/** A job runs in its own structure: the stores of the structure its message names. */
const depsFor = (tenant: string): ServiceDeps => ({
  stores: registry.of(tenant),
  platform: registry,
  now: () => new Date(),
  imports,
});

interface SqsEvent {
  Records: { messageId: string; body: string; attributes?: { ApproximateReceiveCount?: string } }[];
}

export const handler = mappingThrownStacks(async (event: SqsEvent) => {
  const batchItemFailures: { itemIdentifier: string }[] = [];
  for (const record of event.Records) {
    try {
      const { tenant, jobId } = jobOfMessage(record.body);
      const received = Number(record.attributes?.ApproximateReceiveCount ?? 1);
      const outcome = await runImportJob(depsFor(tenant), jobId, {
        lastAttempt: received >= IMPORT_ATTEMPTS,
      });
      logger.info('import job', { tenant, jobId, outcome });
    } catch (error) {
      logger.error('import job failed, to be retried', {
        messageId: record.messageId,
        error: withSourceStack(error),
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
});
