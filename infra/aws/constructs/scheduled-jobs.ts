import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambdaEvents from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCHEDULED_ATTEMPTS, SCHEDULED_TIMEOUT_MINUTES } from '#shared/jobs/scheduled-jobs';
import { AppFunction } from './app-function';
import { deadLetterQueue } from './dead-letters';

export interface ScheduledJobsProps {
  readonly table: dynamodb.ITable;
  /** Runs one structure's job per message (its report of a month, its daily run). */
  readonly reportFunction: AppFunction;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The schedules fan out per structure: the dispatcher function (what the schedules invoke)
 * lists the structures and sends one message each to the queue, which triggers the report
 * function one job at a time; a job that fails is retried alone, then kept in the dead-letter
 * queue (with its alarm). The dispatcher reads the table and sends messages, nothing else.
 */
export class ScheduledJobs extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetters: sqs.Queue;
  readonly dispatcher: AppFunction;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'the structures’ scheduled jobs');
    this.queue = new sqs.Queue(this, 'Queue', {
      // At least the function's timeout, so that a job is not handed to a second run meanwhile.
      visibilityTimeout: Duration.minutes(SCHEDULED_TIMEOUT_MINUTES + 1),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetters, maxReceiveCount: SCHEDULED_ATTEMPTS },
    });
    props.reportFunction.addEventSource(
      new lambdaEvents.SqsEventSource(this.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        // A few structures at a time: SES's sending rate and the table are shared by all.
        maxConcurrency: 5,
      }),
    );

    this.dispatcher = new AppFunction(scope, 'ReportDispatcher', {
      entry: 'functions/report-dispatcher/index.ts',
      description: 'clause-tracker — planification : une tâche par structure',
      serviceName: 'clause-tracker-report-dispatcher',
      environment: {
        TABLE_NAME: props.table.tableName,
        SCHEDULE_QUEUE_URL: this.queue.queueUrl,
      },
      timeout: Duration.minutes(1),
      memorySize: 1024,
      logRetention: props.logRetention,
    });
    // Reads only, on the table alone (no index): the register of structures, each one's
    // reminder day, the marks of runs done and of statement changes under way. Its bundle holds
    // the stores' writing code too, which it never calls: not granted.
    this.dispatcher.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:Query'],
        resources: [props.table.tableArn],
      }),
    );
    // SendMessage only (SendMessageBatch is authorised as it): the queue's URL is given.
    this.dispatcher.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }),
    );
  }
}
