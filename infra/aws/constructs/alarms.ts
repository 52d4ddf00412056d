import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SCHEDULED_ATTEMPTS } from '#shared/jobs/scheduled-jobs';

export interface AlarmsProps {
  readonly alarmEmail: string;
  readonly api: apigwv2.HttpApi;
  /** The API's access logs (JSON), where refusals (401, 403) are counted. */
  readonly accessLogs: logs.ILogGroup;
  readonly table: dynamodb.ITable;
  readonly functions: readonly lambda.Function[];
  readonly deadLetters: sqs.IQueue;
  /** A structure's scheduled job (its report, its reminders) given up after its retries. */
  readonly scheduledDeadLetters: sqs.IQueue;
  readonly importDeadLetters: sqs.IQueue;
}

/**
 * What wakes someone up: API 5xx, spikes of 4xx and of refusals, function errors and throttles,
 * DynamoDB throttling, a report or an import that could not go.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const key = new kms.Key(this, 'TopicKey', {
      enableKeyRotation: true,
      description: 'clause-tracker — chiffrement des alertes',
    });
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'clause-tracker — alertes',
      masterKey: key,
      enforceSSL: true,
    });
    // CloudWatch must be able to publish to the encrypted topic.
    key.grantEncryptDecrypt(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
    this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    const notify = new actions.SnsAction(this.topic);
    const alarm = (
      name: string,
      metric: cloudwatch.IMetric,
      description: string,
      threshold = 1,
    ) => {
      const created = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(notify);
      return created;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };
    alarm(
      'Api5xx',
      props.api.metricServerError(fiveMinutes),
      'L’API a répondu des erreurs 5xx.',
      5,
    );
    for (const fn of props.functions) {
      const name = fn.node.id;
      alarm(`${name}Errors`, fn.metricErrors(fiveMinutes), `La fonction ${name} a échoué.`);
      alarm(
        `${name}Throttles`,
        fn.metricThrottles(fiveMinutes),
        `La fonction ${name} a été limitée (throttling).`,
      );
    }
    // Someone probing: many refusals, or many client errors, in five minutes.
    alarm(
      'Api4xx',
      props.api.metricClientError(fiveMinutes),
      'Pic d’erreurs 4xx sur l’API (plus de 200 en 5 minutes) : client défaillant ou sondage.',
      200,
    );
    const refusals = new logs.MetricFilter(this, 'AuthRefusals', {
      logGroup: props.accessLogs,
      metricNamespace: 'clause-tracker',
      metricName: 'AuthRefusals',
      filterPattern: logs.FilterPattern.any(
        logs.FilterPattern.stringValue('$.status', '=', '401'),
        logs.FilterPattern.stringValue('$.status', '=', '403'),
      ),
      metricValue: '1',
      defaultValue: 0,
    });
    alarm(
      'AuthRefusalsSpike',
      refusals.metric(fiveMinutes),
      'Pic de refus 401/403 (plus de 50 en 5 minutes) : jetons volés ou essais d’accès.',
      50,
    );
    alarm(
      'TableThrottles',
      new cloudwatch.MathExpression({
        expression: 'reads + writes',
        usingMetrics: {
          reads: props.table.metric('ReadThrottleEvents', fiveMinutes),
          writes: props.table.metric('WriteThrottleEvents', fiveMinutes),
        },
        period: Duration.minutes(5),
        label: 'Requêtes DynamoDB limitées',
      }),
      'DynamoDB a limité des lectures ou des écritures (throttling) : des saisies ont pu être refusées puis rejouées.',
    );
    alarm(
      'DeadLetters',
      props.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      'Un déclenchement du rapport mensuel a échoué : voir la file des messages en échec.',
    );
    alarm(
      'ScheduledJobDeadLetters',
      props.scheduledDeadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      `Le rapport mensuel ou les relances d’une structure ont échoué ${SCHEDULED_ATTEMPTS} fois : voir la file des tâches planifiées en échec (le message nomme la structure) et le journal de la fonction du rapport.`,
    );
    alarm(
      'ImportDeadLetters',
      props.importDeadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      'Un import de gros fichier a échoué trois fois : voir la file des imports en échec et le journal du worker.',
    );
  }
}
