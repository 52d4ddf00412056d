import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ABANDONED_MESSAGE, JOB_TRANSITIONS } from '#shared/domain/import-job-lifecycle';
import {
  GRANT_TTL_SECONDS,
  IMPORT_FORMATS,
  IMPORT_KINDS,
  type ImportJobRecord,
  JOB_TTL_SECONDS,
  jobFromItem,
  MAX_JOB_ERRORS,
  type UploadGrant,
} from './import-job-item';
import { readItem } from './item';
import type { Keys } from './keys';
import { type Page, queryPage } from './pagination';
import { cancellationReasons, isConditionFailure } from './sdk-errors';
import { stateCondition } from './state-condition';
import { TTL_ATTRIBUTE } from './table';
import { transactWrite } from './transact';

export {
  IMPORT_FORMATS,
  IMPORT_KINDS,
  type ImportFormat,
  type ImportJobOptions,
  type ImportJobRecord,
  type ImportKind,
  JOB_STATUSES,
  type JobStatus,
  MAX_JOB_ERRORS,
  type UploadGrant,
} from './import-job-item';

// A big import runs as a job: the upload is kept aside (S3 or a folder), a worker applies it,
// and this record says where it stands, for the pages to follow and the worker to resume.

export class ImportJobStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  private jobItem(job: ImportJobRecord) {
    return {
      ...this.keys.importJob(job.id),
      gsi1pk: this.keys.importJobsIndex,
      gsi1sk: `${job.createdAt}#${job.id}`,
      _type: 'import-job',
      [TTL_ATTRIBUTE]: Math.floor(Date.parse(job.createdAt) / 1000) + JOB_TTL_SECONDS,
      ...job,
    };
  }

  async create(job: ImportJobRecord): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: this.jobItem(job),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /**
   * Records the job of a prepared upload and takes its grant away, in one transaction: only
   * its preparer starts it, once; after, nobody may send its file again. False when the grant
   * is not the caller's, or is gone (started meanwhile).
   */
  async createFromGrant(job: ImportJobRecord): Promise<boolean> {
    try {
      await transactWrite(this.doc, [
        {
          Put: {
            TableName: this.tableName,
            Item: this.jobItem(job),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Delete: {
            TableName: this.tableName,
            Key: this.keys.uploadGrant(job.id),
            ConditionExpression: '#sub = :sub',
            ExpressionAttributeNames: { '#sub': 'sub' },
            ExpressionAttributeValues: { ':sub': job.actor.sub },
          },
        },
      ]);
      return true;
    } catch (error) {
      if (cancellationReasons(error)?.some((r) => r.Code === 'ConditionalCheckFailed')) {
        return false;
      }
      throw error;
    }
  }

  async grantUpload(grant: UploadGrant, at: string): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...this.keys.uploadGrant(grant.jobId),
          _type: 'upload-grant',
          [TTL_ATTRIBUTE]: Math.floor(Date.parse(at) / 1000) + GRANT_TTL_SECONDS,
          ...grant,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async uploadGrant(jobId: string): Promise<UploadGrant | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.uploadGrant(jobId),
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const read = readItem(Item, 'upload grant');
    return {
      jobId: read.string('jobId'),
      sub: read.string('sub'),
      kind: read.oneOf('kind', IMPORT_KINDS),
      format: read.oneOf('format', IMPORT_FORMATS),
      bytes: read.nullableNumber('bytes'),
    };
  }

  async get(jobId: string): Promise<ImportJobRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.importJob(jobId),
        ConsistentRead: true,
      }),
    );
    return Item ? jobFromItem(Item) : null;
  }

  /**
   * Takes a queued job, or one a worker left running (it stopped or timed out: the import is
   * resumable); null when it is already finished.
   */
  async start(jobId: string, at: string): Promise<ImportJobRecord | null> {
    const start = stateCondition(JOB_TRANSITIONS.start.from);
    try {
      const { Attributes } = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.keys.importJob(jobId),
          UpdateExpression: 'SET #status = :to, attempts = attempts + :one, updatedAt = :at',
          ConditionExpression: `attribute_exists(pk) AND ${start.expression}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ...start.values,
            ':to': JOB_TRANSITIONS.start.to,
            ':one': 1,
            ':at': at,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? jobFromItem(Attributes) : null;
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  /** Best effort: a job another worker has finished meanwhile keeps its end. */
  async progress(jobId: string, done: number, total: number, at: string): Promise<void> {
    const running = stateCondition(JOB_TRANSITIONS.progress.from);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.keys.importJob(jobId),
          UpdateExpression: 'SET done = :done, #total = :total, updatedAt = :at',
          ConditionExpression: running.expression,
          ExpressionAttributeNames: { '#status': 'status', '#total': 'total' },
          ExpressionAttributeValues: {
            ':done': done,
            ':total': total,
            ':at': at,
            ...running.values,
          },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  /** Ends a running job: done with its result, or failed with its errors. */
  async finish(
    jobId: string,
    end:
      | {
          status: 'done';
          result: Record<string, unknown>;
          /** Records the result reports as refused, when it keeps only the first ones. */
          errorCount: number;
          done: number;
          total: number;
        }
      | { status: 'failed'; message: string; errors: ImportJobRecord['errors'] },
    at: string,
  ): Promise<void> {
    const transition = JOB_TRANSITIONS[end.status === 'done' ? 'succeed' : 'fail'];
    const running = stateCondition(transition.from);
    const values =
      end.status === 'done'
        ? {
            ':result': end.result,
            ':message': null,
            ':errors': [],
            ':count': end.errorCount,
            ':done': end.done,
            ':total': end.total,
          }
        : {
            ':result': null,
            ':message': end.message,
            ':errors': end.errors.slice(0, MAX_JOB_ERRORS),
            ':count': end.errors.length,
          };
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.keys.importJob(jobId),
        UpdateExpression: `SET #status = :status, #result = :result, message = :message, #errors = :errors, errorCount = :count, updatedAt = :at${end.status === 'done' ? ', done = :done, #total = :total' : ''}`,
        ConditionExpression: running.expression,
        ExpressionAttributeNames: {
          '#status': 'status',
          '#result': 'result',
          '#errors': 'errors',
          ...(end.status === 'done' ? { '#total': 'total' } : {}),
        },
        ExpressionAttributeValues: {
          ...values,
          ':status': transition.to,
          ':at': at,
          ...running.values,
        },
      }),
    );
  }

  /**
   * Ends as failed a job that has not moved since `seen` (its `updatedAt`): no worker has it
   * any more. False when it moved meanwhile (a worker took it, or it ended).
   */
  async abandon(jobId: string, seen: string, at: string): Promise<boolean> {
    const unfinished = stateCondition(JOB_TRANSITIONS.abandon.from);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.keys.importJob(jobId),
          UpdateExpression:
            'SET #status = :to, message = :message, #errors = :none, errorCount = :zero, updatedAt = :at',
          ConditionExpression: `${unfinished.expression} AND updatedAt = :seen`,
          ExpressionAttributeNames: { '#status': 'status', '#errors': 'errors' },
          ExpressionAttributeValues: {
            ':to': JOB_TRANSITIONS.abandon.to,
            ':message': ABANDONED_MESSAGE,
            ':none': [],
            ':zero': 0,
            ':at': at,
            ...unfinished.values,
            ':seen': seen,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Jobs, newest first. */
  async list(page: { limit: number; cursor?: string | undefined }): Promise<Page<ImportJobRecord>> {
    const found = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': this.keys.importJobsIndex },
        ScanIndexForward: false,
      },
      {
        ...page,
        keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
        partition: { attribute: 'gsi1pk', value: this.keys.importJobsIndex },
      },
    );
    return { items: found.items.map(jobFromItem), nextCursor: found.nextCursor };
  }
}
