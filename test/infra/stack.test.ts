import { App, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { INDEXES, TTL_ATTRIBUTE } from '#shared/store/table';
import { ClauseTrackerStack } from '../../infra/aws/stack';

// The stack's template, without bundling (the real functions, their code not built): fast.
// The bundles themselves are tested in bundles.test.ts.

const props = {
  stage: 'test',
  senderAddress: 'rapports@metropole.example',
  reportRecipients: ['achats@metropole.example'],
  alarmEmail: 'exploitation@metropole.example',
  authDomainPrefix: 'clause-tracker-test',
  extraCallbackUrls: ['http://localhost:3000/'],
  logRetention: logs.RetentionDays.THREE_MONTHS,
  env: { account: '123456789012', region: 'eu-west-3' },
};

function newApp() {
  return new App({
    context: { 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  } as never);
}

let template: Template;
beforeAll(() => {
  const app = newApp();
  template = Template.fromStack(new ClauseTrackerStack(app, 'Test', props));
});

describe('the CDK stack', () => {
  it('keeps the data: one on-demand table, PITR, deletion protection, retained, AWS-managed encryption', () => {
    template.resourceCountIs('AWS::DynamoDB::Table', 1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: Object.entries(INDEXES).map(([IndexName, keys]) =>
          Match.objectLike({
            IndexName,
            KeySchema: [
              { AttributeName: keys.partitionKey, KeyType: 'HASH' },
              { AttributeName: keys.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ),
      },
    });
  });

  it('runs the four functions on Node 24, arm64, with source maps, Powertools settings and their own log group', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    expect(Object.keys(functions)).toHaveLength(4);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: fn.Properties.Description.includes('imports') ? 2048 : 1024,
        LoggingConfig: { LogGroup: { Ref: expect.any(String) } },
        Environment: {
          Variables: expect.objectContaining({
            POWERTOOLS_SERVICE_NAME: expect.stringMatching(/^clause-tracker-/),
            TABLE_NAME: { Ref: expect.any(String) },
          }),
        },
      });
      // Source maps are read when an error is logged (functions/source-stack.ts), not by Node
      // at every load: --enable-source-maps cost the API 13 ms of cold start.
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBeUndefined();
    }
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 300,
      Environment: {
        Variables: Match.objectLike({
          SENDER_ADDRESS: 'rapports@metropole.example',
          REPORT_RECIPIENTS: 'achats@metropole.example',
          // The emails link back to the pages, at the API's own address.
          APP_URL: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
        }),
      },
    });
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup', { RetentionInDays: 90 }, 5);
  });

  it('keeps big uploads private and short-lived, and hands their jobs to a worker through SQS', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({ ExpirationInDays: 7, Status: 'Enabled' }),
          // A structure's export (its personal data): a day.
          Match.objectLike({ ExpirationInDays: 1, Prefix: 'exports/', Status: 'Enabled' }),
        ],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 960,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: {
          'Fn::GetAtt': [Match.stringLikeRegexp('ImportsDeadLetters'), 'Arn'],
        },
        maxReceiveCount: 3,
      },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: 900,
      Environment: {
        Variables: Match.objectLike({
          UPLOAD_BUCKET: { Ref: Match.stringLikeRegexp('ImportsUploads') },
          IMPORT_QUEUE_URL: { Ref: Match.stringLikeRegexp('ImportsJobs') },
        }),
      },
    });
    // The API puts (and checks an upload arrived), the worker gets and deletes (and puts a DECP
    // file's refused records beside it): on the uploads' prefix only. Exports the other way round: the worker puts, the API gets (signs the
    // download) and deletes one expired, on the exports' prefix only.
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const s3 = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
    const onPrefix = (prefix: string) =>
      s3
        .filter((s) => JSON.stringify(s.Resource).includes(prefix))
        .map((s) => s.Action)
        .sort();
    expect(onPrefix('/imports/*')).toEqual([
      ['s3:GetObject', 's3:DeleteObject', 's3:PutObject'],
      ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'],
    ]);
    expect(onPrefix('/exports/*')).toEqual([['s3:GetObject', 's3:DeleteObject'], 's3:PutObject']);
    expect(s3).toHaveLength(4);
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: ['PUT'],
            AllowedOrigins: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ApiHttp'), 'ApiEndpoint'] }],
          }),
        ],
      },
    });
    for (const statement of s3)
      expect(JSON.stringify(statement.Resource)).toMatch(/\/(imports|exports)\/\*/);
  });

  it('grants the least: no managed policy, the table and its named indexes only, SES on the sender only', () => {
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (p) =>
        p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    );
    const text = JSON.stringify(statements);
    expect(text).not.toContain('index/*');
    expect(text).not.toMatch(/"Resource":"\*"/);
    const dynamo = statements.filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('dynamodb:')),
    );
    // The API, report and import functions' (on the table and its indexes), and the
    // dispatcher's: two read actions on the table alone.
    expect(dynamo).toHaveLength(4);
    for (const statement of dynamo) {
      expect([statement.Action].flat()).not.toContain('dynamodb:Scan');
      if (JSON.stringify(statement.Action) === '["dynamodb:GetItem","dynamodb:Query"]') continue;
      expect(JSON.stringify(statement.Resource)).toContain('/index/gsi1');
      expect(JSON.stringify(statement.Resource)).toContain('/index/gsi2');
    }
    expect(dynamo.filter((s) => !JSON.stringify(s.Resource).includes('/index/'))).toHaveLength(1);
    const ses = statements.find((s) => [s.Action].flat().includes('ses:SendEmail'));
    expect(JSON.stringify(ses?.Resource)).toMatch(/:identity\/"?,\{"Ref":"Sender/);
    // The report function deletes only for the retention rule, which it runs: it is told how long.
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PARTICIPANT_RETENTION_YEARS: '5' }) },
    });
  });

  it('puts /api/* behind the Cognito JWT authorizer and leaves only data-free routes public', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: Match.stringLikeRegexp('IdentityUsersWeb') }],
        Issuer: Match.anyValue(),
      },
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties,
    );
    const byKey = new Map(routes.map((r) => [r.RouteKey as string, r]));
    expect(byKey.get('ANY /api/{proxy+}')).toMatchObject({ AuthorizationType: 'JWT' });
    for (const key of [
      'GET /health',
      'GET /openapi.json',
      'GET /docs',
      'GET /',
      'GET /assets/{proxy+}',
      // The open data structures published: read by anyone, with no token.
      'GET /open-data/{proxy+}',
    ]) {
      expect(byKey.get(key)?.AuthorizationType ?? 'NONE').toBe('NONE');
    }
    expect([...byKey.keys()].some((key) => key.includes('/dev'))).toBe(false);
    // The throttled /api routes are routes of their own, behind the same authorizer.
    const throttledApiRoutes = [
      'POST /api/hours/import',
      'POST /api/contracts/import/decp',
      'POST /api/imports',
      'GET /api/reports/monthly/{month}',
    ];
    for (const key of throttledApiRoutes)
      expect(byKey.get(key)).toMatchObject({ AuthorizationType: 'JWT' });
    expect(byKey.size).toBe(9 + throttledApiRoutes.length);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('requestId'),
      },
      DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
    });
  });

  it('throttles sign-in, imports and reports tighter than the rest, route by route', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    const settings = stage?.Properties.RouteSettings as Record<
      string,
      { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }
    >;
    expect(Object.keys(settings).sort()).toEqual([
      'GET /api/reports/monthly/{month}',
      'POST /api/contracts/import/decp',
      'POST /api/hours/import',
      'POST /api/imports',
      'POST /auth/token',
    ]);
    for (const limit of Object.values(settings)) {
      expect(limit.ThrottlingRateLimit).toBeLessThan(100);
      expect(limit.ThrottlingBurstLimit).toBeLessThan(200);
    }
    // Every route a setting names exists before the stage is deployed.
    const routeIds = Object.keys(template.findResources('AWS::ApiGatewayV2::Route'));
    const dependsOn = (stage?.DependsOn ?? []) as string[];
    const routeKeys = new Map(
      Object.entries(template.findResources('AWS::ApiGatewayV2::Route')).map(([id, r]) => [
        r.Properties.RouteKey as string,
        id,
      ]),
    );
    for (const key of Object.keys(settings)) {
      const id = routeKeys.get(key);
      expect(id, key).toBeDefined();
      expect(routeIds).toContain(id);
      expect(dependsOn).toContain(id);
    }
  });

  it('puts AWS WAF before the sign-in: the managed common rules and a rate limit per address', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Statement: {
            ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' },
          },
        }),
        Match.objectLike({
          Action: { Block: {} },
          Statement: { RateBasedStatement: Match.objectLike({ AggregateKeyType: 'IP' }) },
        }),
      ]),
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('IdentityUsers'), 'Arn'] },
    });
  });

  it('keeps the logs when the stack goes, for their retention period', () => {
    const groups = template.findResources('AWS::Logs::LogGroup');
    expect(Object.keys(groups).length).toBeGreaterThanOrEqual(4);
    for (const group of Object.values(groups)) {
      expect(group.DeletionPolicy).toBe('Retain');
      expect(group.UpdateReplacePolicy).toBe('Retain');
      expect(group.Properties.RetentionInDays).toBe(90);
    }
  });

  it('identifies users with Cognito: strong passwords, MFA required, a group per role, the structure in the token, code + PKCE client', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'ON',
      EnabledMfas: ['SOFTWARE_TOKEN_MFA'],
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      Policies: { PasswordPolicy: Match.objectLike({ MinimumLength: 14, RequireSymbols: true }) },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'plieId', AttributeDataType: 'String', Mutable: true }),
        Match.objectLike({ Name: 'siret', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties.GroupName,
    );
    expect(groups.sort()).toEqual([
      'admin',
      'awardee',
      'observer',
      'operator',
      'plie-coordinator',
      'procurement',
    ]);
    // The structure a person works in: set at creation, never changed, read by the pages.
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'tenant', Mutable: false, AttributeDataType: 'String' }),
      ]),
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ReadAttributes: Match.arrayWith(['custom:tenant']),
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthScopes: Match.arrayWith(['openid']),
      CallbackURLs: Match.arrayWith(['http://localhost:3000/']),
    });
    template.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
  });

  it('sends the report on the 1st at 07:00 Paris time, retried, with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 1 * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReportDispatcher'), 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
    // The dispatcher is invoked asynchronously: its failures, after Lambda's retries, are kept.
    const invokeConfigs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'));
    expect(invokeConfigs).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          FunctionName: { Ref: expect.stringMatching(/^ReportDispatcher/) },
          MaximumRetryAttempts: 2,
          DestinationConfig: { OnFailure: { Destination: expect.anything() } },
        }),
      }),
    ]);
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'rapports@metropole.example',
    });
  });

  it('fans the schedules out: one job per structure on a queue the report function takes one at a time, retried alone, then kept', () => {
    const functions = template.findResources('AWS::Lambda::Function');
    const [reportId] = Object.keys(functions).filter((id) => id.startsWith('ReportFunction'));
    const [, dispatcher] = Object.entries(functions).find(([id]) =>
      id.startsWith('ReportDispatcher'),
    ) as [string, { Properties: { Environment: { Variables: Record<string, unknown> } } }];
    const queues = template.findResources('AWS::SQS::Queue');
    const [queueId] = Object.keys(queues).filter((id) => /^ScheduledJobsQueue/.test(id));
    expect(queueId).toBeDefined();
    expect(queues[queueId as string]?.Properties).toMatchObject({
      // The report function's 5 minutes, and one more.
      VisibilityTimeout: 360,
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: {
          'Fn::GetAtt': [expect.stringMatching(/^ScheduledJobsDeadLetters/), 'Arn'],
        },
        maxReceiveCount: 5,
      },
    });
    expect(dispatcher.Properties.Environment.Variables.SCHEDULE_QUEUE_URL).toEqual({
      Ref: queueId,
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
      FunctionName: { Ref: reportId },
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    // The dispatcher reads the table (no index, no write) and sends to its queue: nothing else
    // (but what Lambda does on its behalf: a failed invocation to the schedule's dead letters).
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('"ReportDispatcherRole'))
      .flatMap(
        (p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
      )
      .filter((s) => !JSON.stringify(s.Resource).includes('ReportScheduleDeadLetters'));
    expect(statements.map((s) => s.Action)).toEqual([
      ['logs:CreateLogStream', 'logs:PutLogEvents'],
      ['dynamodb:GetItem', 'dynamodb:Query'],
      'sqs:SendMessage',
    ]);
    expect(statements[1]?.Resource).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^DataTable/), 'Arn'],
    });
    expect(statements[2]?.Resource).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
  });

  it('reminds late awardees every morning at 08:00 Paris time, through the dispatcher', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 8 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Paris',
      Target: Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ReportDispatcher'), 'Arn'] },
        Input: Match.serializedJson(Match.objectLike({ task: 'reminders' })),
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 21600 },
        DeadLetterConfig: { Arn: Match.anyValue() },
      }),
    });
  });

  it('lets the API create invited awardees in the user pool, and nothing else of Cognito', () => {
    const api = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('ApiFunction'),
    )?.[1];
    expect(api?.Properties.Environment.Variables.USER_POOL_ID).toEqual({
      Ref: expect.stringMatching(/^IdentityUsers/),
    });
    const cognito = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap(
        (p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
      )
      .filter((statement) => JSON.stringify(statement.Action).includes('cognito-idp:'));
    expect(cognito).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'cognito-idp:AdminCreateUser',
          'cognito-idp:AdminGetUser',
          'cognito-idp:AdminAddUserToGroup',
        ],
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^IdentityUsers/), 'Arn'] },
      },
    ]);
  });

  it('raises alarms to an encrypted topic: API 5xx and 4xx, refusals, function errors and throttles, DynamoDB throttling, dead letters', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties,
    );
    expect(alarms).toHaveLength(15);
    for (const alarm of alarms)
      expect(alarm.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmsTopic/) }]);
    expect(alarms.map((a) => a.MetricName ?? 'expression').sort()).toEqual([
      '4xx',
      '5xx',
      'ApproximateNumberOfMessagesVisible',
      'ApproximateNumberOfMessagesVisible',
      'ApproximateNumberOfMessagesVisible',
      'AuthRefusals',
      'Errors',
      'Errors',
      'Errors',
      'Errors',
      'Throttles',
      'Throttles',
      'Throttles',
      'Throttles',
      'expression',
    ]);
    // DynamoDB throttling: reads and writes of the table, added up.
    const throttling = alarms.find((a) => a.Metrics);
    expect(JSON.stringify(throttling?.Metrics)).toMatch(/ReadThrottleEvents.*WriteThrottleEvents/s);
    // Refusals are counted from the API's access logs.
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: Match.stringLikeRegexp('401.*403'),
      MetricTransformations: [Match.objectLike({ MetricName: 'AuthRefusals', MetricValue: '1' })],
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'exploitation@metropole.example',
    });
  });

  it('gives the outputs an operator needs', () => {
    for (const name of [
      'ApiUrl',
      'UserPoolId',
      'WebClientId',
      'SignInDomain',
      'TableName',
      'DeadLetterQueue',
      'ScheduledJobDeadLetterQueue',
      'ImportDeadLetterQueue',
      'UploadBucket',
    ]) {
      template.hasOutput(name, Match.anyValue());
    }
  });

  it('passes the cdk-nag AWS Solutions checks', () => {
    const app = newApp();
    new ClauseTrackerStack(app, 'Nag', props);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).not.toThrow();
  });

  it('would fail the synth on an unexplained finding (the checks do run)', () => {
    const app = newApp();
    const stack = new ClauseTrackerStack(app, 'Nag', props);
    new sqs.Queue(stack, 'Careless');
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    expect(() => app.synth()).toThrow();
  });
});
