import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The document client every store uses. In AWS the SDK's standard configuration applies
 * (region, credentials, `AWS_ENDPOINT_URL_DYNAMODB`); the local server passes its endpoint.
 */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}

/** Settings for DynamoDB Local: any credentials will do, it never checks them. */
export function localDynamoConfig(endpoint: string): DynamoDBClientConfig {
  // The SDK warns on Node 20, which it supports until early 2027 (README, "Node version"):
  // said once in the README rather than at every local start.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return {
    endpoint,
    region: 'eu-west-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}
