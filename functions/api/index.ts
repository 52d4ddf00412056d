import { Logger } from '@aws-lambda-powertools/logger';
import { handle } from 'hono/aws-lambda';
import { z } from 'zod';
import { createApp } from '../../shared/http/app';
import { authorizerClaims } from '../../shared/http/auth';
import { createDocumentClient } from '../../shared/store/client';
import { createStores } from '../../shared/store/index';

// The API function behind the HTTP API. Clients are built once per execution environment;
// the SDK's standard configuration (AWS_ENDPOINT_URL_DYNAMODB included) decides where they go.

const env = z
  .object({ TABLE_NAME: z.string().min(3) })
  .parse(process.env, { error: () => 'TABLE_NAME manquant' });

const logger = new Logger({ serviceName: 'clause-tracker-api' });
const doc = createDocumentClient();

export const app = createApp({
  stores: createStores(doc, env.TABLE_NAME),
  authenticator: authorizerClaims,
  logError: (error, reference) =>
    logger.error('Unhandled error', { reference, error: error as Error }),
});

export const handler = handle(app);
