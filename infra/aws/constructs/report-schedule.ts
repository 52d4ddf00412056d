import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';
import { deadLetterQueue } from './dead-letters';

/**
 * The monthly report's trigger: EventBridge Scheduler on the 1st of each month at 07:00 in
 * Europe/Paris, and the daily run every day at 08:00 (each structure's reminders on its own
 * day), both invoking the dispatcher (constructs/scheduled-jobs.ts), which queues one job per
 * structure; retried, with failed events kept in a dead-letter queue. The dispatcher's own
 * failures go to the same queue after Lambda's retries; a structure's job has its own.
 */
export class ReportSchedule extends Construct {
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: { readonly dispatcher: lambda.Function }) {
    super(scope, id);
    this.deadLetters = deadLetterQueue(this, 'the monthly report schedule and its dispatcher');
    // Our own role for the schedule, so that the one finding it carries is explained here.
    const role = new iam.Role(this, 'SchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'),
      description: 'Lets EventBridge Scheduler invoke the monthly report dispatcher',
    });
    const functionId = Stack.of(this).getLogicalId(
      props.dispatcher.node.defaultChild as lambda.CfnFunction,
    );
    acknowledge(
      role,
      `IAM5[Resource::<${functionId}.Arn>:*]`,
      'CDK grants lambda:InvokeFunction on the dispatcher and on its versions and aliases (<arn>:*): one function, nothing else.',
    );
    new scheduler.Schedule(this, 'Monthly', {
      description: 'Rapport mensuel des clauses sociales : le 1er à 7 h, heure de Paris',
      schedule: scheduler.ScheduleExpression.cron({
        minute: '0',
        hour: '7',
        day: '1',
        timeZone: TimeZone.EUROPE_PARIS,
      }),
      target: new targets.LambdaInvoke(props.dispatcher, {
        input: scheduler.ScheduleTargetInput.fromObject({ source: 'clause-tracker.schedule' }),
        retryAttempts: 5,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetters,
        role,
      }),
    });
    // Awardees late with last month's statement: every morning, the dispatcher queues the
    // structures whose administrator's day has come (once a month each, by the delivery
    // records) and those with a statement change left under way.
    new scheduler.Schedule(this, 'DailyReminders', {
      description: 'Relances des titulaires en retard : chaque jour à 8 h, heure de Paris',
      schedule: scheduler.ScheduleExpression.cron({
        minute: '0',
        hour: '8',
        timeZone: TimeZone.EUROPE_PARIS,
      }),
      target: new targets.LambdaInvoke(props.dispatcher, {
        input: scheduler.ScheduleTargetInput.fromObject({
          source: 'clause-tracker.schedule',
          task: 'reminders',
        }),
        retryAttempts: 5,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetters,
        role,
      }),
    });
    props.dispatcher.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new destinations.SqsDestination(this.deadLetters),
    });
  }
}
