import { Duration } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  readonly alarmEmail: string;
  readonly api: apigwv2.HttpApi;
  readonly functions: readonly lambda.Function[];
  readonly deadLetters: sqs.IQueue;
  readonly importDeadLetters: sqs.IQueue;
}

/** What wakes someone up: API 5xx, function errors and throttles, a report or an import that could not go. */
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
    alarm(
      'DeadLetters',
      props.deadLetters.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
      'Un déclenchement du rapport mensuel a échoué : voir la file des messages en échec.',
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
