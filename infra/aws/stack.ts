import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import { SCHEDULED_TIMEOUT_MINUTES } from '#shared/jobs/scheduled-jobs';
import { Alarms } from './constructs/alarms';
import { Api } from './constructs/api';
import { AppFunction } from './constructs/app-function';
import { DataTable } from './constructs/data';
import { Identity } from './constructs/identity';
import { ImportJobs } from './constructs/imports';
import { ReportSchedule } from './constructs/report-schedule';
import { ScheduledJobs } from './constructs/scheduled-jobs';
import { SignInFirewall } from './constructs/sign-in-firewall';

export interface ClauseTrackerStackProps extends StackProps {
  /** Short name of the deployment (`prod`, `recette`…), part of resource names. */
  readonly stage: string;
  /** The monthly report's sender; SES verifies it as an email identity. */
  readonly senderAddress: string;
  /** Addresses that receive the full monthly report. */
  readonly reportRecipients: readonly string[];
  /** Who receives the alarms. */
  readonly alarmEmail: string;
  /** Prefix of the Cognito hosted sign-in domain; unique in the region. */
  readonly authDomainPrefix: string;
  /** Extra sign-in callback URLs (e.g. http://localhost:3000/ for development). */
  readonly extraCallbackUrls: readonly string[];
  /** Log retention of the functions and the API. */
  readonly logRetention: logs.RetentionDays;
  /** Participants who left more than this many years ago are erased by the monthly job (5). */
  readonly participantRetentionYears?: number;
}

/** The whole product in one stack: table, functions, API, identity, schedule, mail, alarms. */
export class ClauseTrackerStack extends Stack {
  constructor(scope: Construct, id: string, props: ClauseTrackerStackProps) {
    super(scope, id, props);
    const { table } = new DataTable(this, 'Data');

    const apiFunction = new AppFunction(this, 'ApiFunction', {
      entry: 'functions/api/index.ts',
      description: 'clause-tracker — API HTTP',
      serviceName: 'clause-tracker-api',
      environment: { TABLE_NAME: table.tableName },
      // API Gateway gives up after 30 s; bigger imports run as jobs (constructs/imports.ts).
      timeout: Duration.seconds(29),
      memorySize: 1024,
      logRetention: props.logRetention,
      withPages: true,
    });
    apiFunction.grantTableAccess(table, 'readWrite');

    const sender = new ses.EmailIdentity(this, 'Sender', {
      identity: ses.Identity.email(props.senderAddress),
    });
    const reportFunction = new AppFunction(this, 'ReportFunction', {
      entry: 'functions/monthly-report/index.ts',
      description: 'clause-tracker — rapport mensuel par courriel',
      serviceName: 'clause-tracker-monthly-report',
      environment: {
        TABLE_NAME: table.tableName,
        SENDER_ADDRESS: props.senderAddress,
        REPORT_RECIPIENTS: props.reportRecipients.join(','),
        PARTICIPANT_RETENTION_YEARS: String(props.participantRetentionYears ?? 5),
      },
      // One structure's job a run (constructs/scheduled-jobs.ts).
      timeout: Duration.minutes(SCHEDULED_TIMEOUT_MINUTES),
      memorySize: 1024,
      logRetention: props.logRetention,
    });
    // The report claims each delivery and marks it sent; first, the retention rule erases the
    // participants who left long ago, which deletes their reference's uniqueness item: the one
    // DeleteItem it needs.
    reportFunction.grantTableAccess(table, 'readWrite');
    // Sending is granted on the sender's identity only.
    reportFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail', 'ses:SendRawEmail'],
        resources: [
          this.formatArn({
            service: 'ses',
            resource: 'identity',
            resourceName: sender.emailIdentityName,
          }),
        ],
      }),
    );

    const api = new Api(this, 'Api', {
      logRetention: props.logRetention,
      throttle: { rateLimit: 100, burstLimit: 200 },
      // Tighter where a request costs more (imports, reports) or guesses at secrets (sign-in).
      routeThrottles: {
        'POST /auth/token': { rateLimit: 5, burstLimit: 10 },
        'POST /api/hours/import': { rateLimit: 2, burstLimit: 5 },
        'POST /api/contracts/import/decp': { rateLimit: 2, burstLimit: 5 },
        'POST /api/imports': { rateLimit: 2, burstLimit: 5 },
        'GET /api/reports/monthly/{month}': { rateLimit: 5, burstLimit: 10 },
      },
    });
    const identity = new Identity(this, 'Identity', {
      domainPrefix: props.authDomainPrefix,
      callbackUrls: [api.url, ...props.extraCallbackUrls],
    });
    api.route(apiFunction, identity);
    // The pages sign users in through the hosted sign-in and come back to the API's own URL.
    apiFunction.addEnvironment('COGNITO_DOMAIN', identity.domain.baseUrl());
    apiFunction.addEnvironment('COGNITO_CLIENT_ID', identity.webClient.userPoolClientId);
    apiFunction.addEnvironment('PAGES_URL', api.url);
    // Facilitators invite awardees' contacts: an account in the pool, in the awardee group.
    apiFunction.addEnvironment('USER_POOL_ID', identity.userPool.userPoolId);
    apiFunction.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminAddUserToGroup',
        ],
        resources: [identity.userPool.userPoolArn],
      }),
    );
    // Each report links back to the pages.
    reportFunction.addEnvironment('APP_URL', api.url);
    const scheduled = new ScheduledJobs(this, 'ScheduledJobs', {
      table,
      reportFunction,
      logRetention: props.logRetention,
    });
    const schedule = new ReportSchedule(this, 'ReportSchedule', {
      dispatcher: scheduled.dispatcher,
    });
    const imports = new ImportJobs(this, 'Imports', {
      table,
      apiFunction,
      logRetention: props.logRetention,
      pagesOrigin: api.httpApi.apiEndpoint,
    });
    new SignInFirewall(this, 'SignInFirewall', { userPool: identity.userPool });
    new Alarms(this, 'Alarms', {
      alarmEmail: props.alarmEmail,
      api: api.httpApi,
      accessLogs: api.accessLogs,
      table,
      functions: [apiFunction, reportFunction, imports.worker, scheduled.dispatcher],
      deadLetters: schedule.deadLetters,
      scheduledDeadLetters: scheduled.deadLetters,
      importDeadLetters: imports.deadLetters,
    });

    new CfnOutput(this, 'ApiUrl', {
      value: api.httpApi.apiEndpoint,
      description: 'URL de l’API et des pages',
    });
    new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });
    new CfnOutput(this, 'WebClientId', { value: identity.webClient.userPoolClientId });
    new CfnOutput(this, 'SignInDomain', { value: identity.domain.baseUrl() });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'DeadLetterQueue', { value: schedule.deadLetters.queueUrl });
    new CfnOutput(this, 'ScheduledJobDeadLetterQueue', {
      value: scheduled.deadLetters.queueUrl,
    });
    new CfnOutput(this, 'ImportDeadLetterQueue', { value: imports.deadLetters.queueUrl });
    new CfnOutput(this, 'UploadBucket', { value: imports.bucket.bucketName });
  }
}
