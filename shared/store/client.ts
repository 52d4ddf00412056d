import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * How long one DynamoDB call may take. The SDK waits as long as the server by default (45 s
 * seen when DynamoDB hung), past API Gateway's 29 s: a call now gives up after 1 s without a
 * connection or 3 s without an answer, and is tried twice at most. A dead or silent table thus
 * costs a request about 7 s, then a 503 (shared/http/problem.ts), while DynamoDB answers a
 * healthy call in milliseconds. Throttling gets one SDK retry; the 503 then asks the client to
 * come back, and transactions retry contention themselves (transact.ts).
 */
export const STORE_TIMEOUTS = {
  connectionTimeout: 1_000,
  // Until the answer's headers: without throwOnRequestTimeout the SDK only warns.
  requestTimeout: 3_000,
  throwOnRequestTimeout: true,
  // While the body arrives: a socket silent that long is dead.
  socketTimeout: 3_000,
} as const;
export const STORE_MAX_ATTEMPTS = 2;

/**
 * The document client every store uses. In AWS the SDK's standard configuration applies
 * (region, credentials, `AWS_ENDPOINT_URL_DYNAMODB`); the local server passes its endpoint.
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    maxAttempts: STORE_MAX_ATTEMPTS,
    requestHandler: STORE_TIMEOUTS,
    ...config,
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** Settings for DynamoDB Local: any credentials will do, it never checks them. */
export function localDynamoConfig(endpoint: string): DynamoDBClientConfig {
  return {
    endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    // DynamoDB Local is one JVM on a shared machine (a laptop, CI running tests in parallel):
    // it can pause for seconds where DynamoDB answers in milliseconds. Still bounded.
    requestHandler: { ...STORE_TIMEOUTS, requestTimeout: 10_000, socketTimeout: 10_000 },
  };
}
