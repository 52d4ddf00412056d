import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag';

export interface ApiProps {
  readonly logRetention: logs.RetentionDays;
  /** Steady requests per second, and bursts, across the whole API. */
  readonly throttle: Throttle;
  /** Tighter limits on some routes (`METHOD /path`), each given its own route. */
  readonly routeThrottles?: Readonly<Record<string, Throttle>>;
}

interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * Paths that need no identity: health, the API reference, the pages' static shell, and the
 * open data structures published (aggregates under statistical secrecy, public by their act).
 */
export const PUBLIC_ROUTES = [
  'GET /health',
  'GET /openapi.json',
  'GET /docs',
  'GET /',
  'GET /assets/{proxy+}',
  'GET /app-config.json',
  // Exchanges the sign-in code for tokens (PKCE); it holds no data of its own.
  'POST /auth/token',
  // What a structure's administrator published: its years' aggregate figures, and their index.
  'GET /open-data/{proxy+}',
] as const;

/**
 * The HTTP API: `/api/*` behind a JWT authorizer on the Cognito user pool, the public routes
 * above without it, access logs, and throttling limits on the default stage.
 */
export class Api extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly accessLogs: logs.LogGroup;
  private readonly routeThrottles: Readonly<Record<string, Throttle>>;
  private readonly stage: apigwv2.HttpStage;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.routeThrottles = props.routeThrottles ?? {};
    // Kept when the stack goes, for its retention period: who called what is audit data.
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.httpApi = new apigwv2.HttpApi(this, 'Http', {
      description: 'clause-tracker — API et pages',
      createDefaultStage: false,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            user: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });
    // Per-route limits: the stage's route settings, keyed by route.
    (this.stage.node.defaultChild as apigwv2.CfnStage).routeSettings = Object.fromEntries(
      Object.entries(this.routeThrottles).map(([routeKey, t]) => [
        routeKey,
        { ThrottlingRateLimit: t.rateLimit, ThrottlingBurstLimit: t.burstLimit },
      ]),
    );
  }

  /** The pages' address, where the hosted sign-in sends users back. */
  get url(): string {
    return `${this.httpApi.apiEndpoint}/`;
  }

  /** Routes everything to the app: `/api/*` once the authorizer verified the token. */
  route(
    handler: lambda.IFunction,
    identity: { userPool: cognito.IUserPool; webClient: cognito.IUserPoolClient },
  ) {
    const integration = new HttpLambdaIntegration('App', handler, {
      timeout: Duration.seconds(29),
    });
    const authorizer = new HttpJwtAuthorizer(
      'Cognito',
      `https://cognito-idp.${this.httpApi.stack.region}.amazonaws.com/${identity.userPool.userPoolId}`,
      { jwtAudience: [identity.webClient.userPoolClientId] },
    );
    this.httpApi.addRoutes({
      path: '/api/{proxy+}',
      methods: [apigwv2.HttpMethod.ANY],
      integration,
      authorizer,
    });
    // The throttled /api routes, each its own route (behind the same authorizer) so that the
    // stage can limit it; the most specific route wins over /api/{proxy+}.
    for (const routeKey of Object.keys(this.routeThrottles)) {
      const [method, path] = routeKey.split(' ') as [apigwv2.HttpMethod, string];
      if (path.startsWith('/api/'))
        for (const route of this.httpApi.addRoutes({
          path,
          methods: [method],
          integration,
          authorizer,
        }))
          this.stage.node.addDependency(route);
    }
    for (const routeKey of PUBLIC_ROUTES) {
      const [method, path] = routeKey.split(' ') as [apigwv2.HttpMethod, string];
      for (const route of this.httpApi.addRoutes({ path, methods: [method], integration })) {
        // The stage's route settings name routes: they must exist first.
        this.stage.node.addDependency(route);
        acknowledge(
          route,
          'APIG4',
          'Public by design: health check, API reference, the static shell of the pages and the sign-in code exchange hold no data, and /open-data serves only the aggregate figures a structure published on purpose (statistical secrecy applied); every /api route is behind the Cognito JWT authorizer.',
        );
      }
    }
  }
}
