import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaEvents from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  EXPORT_RETENTION_DAYS,
  IMPORT_ATTEMPTS,
  WORKER_TIMEOUT_MINUTES,
} from '#shared/jobs/limits';
import { acknowledge } from '../nag';
import { AppFunction } from './app-function';
import { deadLetterQueue } from './dead-letters';

export interface ImportJobsProps {
  readonly table: dynamodb.ITable;
  /** The API function: it puts big uploads in the bucket and queues their jobs. */
  readonly apiFunction: AppFunction;
  readonly logRetention: logs.RetentionDays;
  /** Where the pages are served: the browser sends big files from there to the bucket. */
  readonly pagesOrigin: string;
}

/** How long an upload waits in the bucket: long enough for every retry, then it goes. */
const UPLOAD_RETENTION_DAYS = 7;
const WORKER_TIMEOUT = Duration.minutes(WORKER_TIMEOUT_MINUTES);

/**
 * Big imports: the uploads bucket (private, encrypted, SSL only, expired after a week), the
 * queue of jobs with its dead-letter queue, and the worker function SQS triggers one job at a
 * time. The API function may put objects and send messages; the worker may read objects. The
 * same worker writes structures' exports (exports/, a day), which the API hands out signed.
 */
export class ImportJobs extends Construct {
  readonly bucket: s3.Bucket;
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly worker: AppFunction;

  constructor(scope: Construct, id: string, props: ImportJobsProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Uploads', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      lifecycleRules: [
        {
          expiration: Duration.days(UPLOAD_RETENTION_DAYS),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        // A structure's export holds its personal data: gone after a day.
        { prefix: 'exports/', expiration: Duration.days(EXPORT_RETENTION_DAYS) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
      // Files over 4 MB go from the browser straight to the bucket, with a URL the API signs.
      cors: [
        {
          allowedMethods: [s3.HttpMethods.PUT],
          allowedOrigins: [props.pagesOrigin],
          allowedHeaders: ['content-type'],
          maxAge: 3600,
        },
      ],
    });
    acknowledge(
      this.bucket,
      'S1',
      "Uploads are transient (deleted after 7 days by the lifecycle rule, exports after 1); each one is recorded as a job with its sender, and an import's lines in the change history.",
    );
    this.deadLetters = deadLetterQueue(this, 'the import jobs');
    this.queue = new sqs.Queue(this, 'Jobs', {
      // At least the worker's timeout, so that a job is not handed to a second worker meanwhile.
      visibilityTimeout: WORKER_TIMEOUT.plus(Duration.minutes(1)),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: IMPORT_ATTEMPTS },
    });

    this.worker = new AppFunction(scope, 'ImportWorker', {
      entry: 'functions/import-worker/index.ts',
      description: 'clause-tracker — imports de gros fichiers (relevés, DECP)',
      serviceName: 'clause-tracker-import-worker',
      environment: {
        TABLE_NAME: props.table.tableName,
        UPLOAD_BUCKET: this.bucket.bucketName,
        IMPORT_QUEUE_URL: this.queue.queueUrl,
      },
      timeout: WORKER_TIMEOUT,
      // A 100 MB statement is read whole; a DECP file is streamed (a national one's peak RSS
      // measured in bench/RESULTS.md), so statements set the size.
      memorySize: 2048,
      logRetention: props.logRetention,
    });
    this.worker.grantTableAccess(props.table, 'readWrite');
    const uploads = this.bucket.arnForObjects('imports/*');
    // Exactly one action each, on the uploads' prefix (grantRead/grantPut add List*, Abort*…).
    // GetObject to read an upload, DeleteObject to remove it once its job has ended, PutObject
    // to write beside it every record a DECP file had refused (imports/<job id>-refus.csv).
    this.worker.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:DeleteObject', 's3:PutObject'],
        resources: [uploads],
      }),
    );
    // A structure's export: the worker writes its file under exports/, the API signs the
    // browser's download of it (GetObject) and deletes it when asked for after it expired.
    const exports = this.bucket.arnForObjects('exports/*');
    this.worker.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [exports] }),
    );
    this.worker.addEventSource(
      new lambdaEvents.SqsEventSource(this.queue, { batchSize: 1, reportBatchItemFailures: true }),
    );

    props.apiFunction.addEnvironment('UPLOAD_BUCKET', this.bucket.bucketName);
    props.apiFunction.addEnvironment('IMPORT_QUEUE_URL', this.queue.queueUrl);
    props.apiFunction.addEnvironment(
      'UPLOAD_ORIGIN',
      `https://${this.bucket.bucketRegionalDomainName}`,
    );
    // PutObject for the files it receives and the URLs it signs; GetObject to see one arrived;
    // DeleteObject for one refused at its start (not the size announced).
    props.apiFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
        resources: [uploads],
      }),
    );
    props.apiFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject', 's3:DeleteObject'],
        resources: [exports],
      }),
    );
    // SendMessage only: the code sends to the queue's URL it is given (grantSendMessages would
    // add GetQueueUrl and GetQueueAttributes, which nothing calls).
    props.apiFunction.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
    const bucketId = Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    for (const fn of [this.worker, props.apiFunction]) {
      acknowledge(
        fn.role as iam.IRole,
        `IAM5[Resource::<${bucketId}.Arn>/imports/*]`,
        'Each upload is an object named by its job (imports/<job id>.<format>), unknown in advance: the prefix is the narrowest resource.',
      );
      acknowledge(
        fn.role as iam.IRole,
        `IAM5[Resource::<${bucketId}.Arn>/exports/*]`,
        'Each structure export is an object named by its job (exports/<job id>.json|zip), unknown in advance: the prefix is the narrowest resource.',
      );
    }
  }
}
