import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda';

/** An API Gateway HTTP API (payload 2.0) event, as the JWT authorizer hands it over. */
export function httpApiEvent(options: {
  method: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string;
  claims?: Record<string, string | number | boolean | string[]> | null;
}): LambdaEvent {
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: `${options.method} ${options.path}`,
    rawPath: options.path,
    rawQueryString: options.query ?? '',
    headers: { host: 'abc123.execute-api.eu-west-3.amazonaws.com', ...options.headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authentication: null,
      ...(options.claims ? { authorizer: { jwt: { claims: options.claims, scopes: null } } } : {}),
      domainName: 'abc123.execute-api.eu-west-3.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method: options.method,
        path: options.path,
        protocol: 'HTTP/1.1',
        sourceIp: '192.0.2.10',
        userAgent: 'vitest',
      },
      requestId: `req-${now}`,
      routeKey: `${options.method} ${options.path}`,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: false,
  } as unknown as LambdaEvent;
}

export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'clause-tracker-api',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-3:123456789012:function:clause-tracker-api',
  memoryLimitInMB: '1024',
  awsRequestId: 'test-request',
  logGroupName: '/aws/lambda/clause-tracker-api',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 30_000,
} as LambdaContext;
