import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type AppOptions, createApp, securityHeaderList } from '#shared/http/app';
import { authorizerClaims } from '#shared/http/auth';
import { cognitoAdministratorInviter, cognitoInviter } from '#shared/identity/inviters';
import { INLINE_IMPORT_MAX_BYTES } from '#shared/jobs/limits';
import { S3UploadStore } from '#shared/jobs/s3-uploads';
import { SqsJobQueue } from '#shared/jobs/sqs-queue';
import { logJson } from '#shared/log';
import { createDocumentClient } from '#shared/store/client';
import { createStoreRegistry } from '#shared/store/index';
import { withSourceStack } from '../source-stack';
import { handle } from './adapter';

// The API function behind the HTTP API. Clients are built once per execution environment;
// the SDK's standard configuration (AWS_ENDPOINT_URL_DYNAMODB included) decides where they go.

/** The environment the stack sets; read without zod, which stays out of the cold start. */
function readEnv() {
  const text = (name: string, required = false) => {
    const value = process.env[name] || undefined;
    if (required && (!value || value.length < 3)) throw new Error(`${name} manquant`);
    return value;
  };
  const url = (name: string) => {
    const value = text(name);
    if (value !== undefined && !URL.canParse(value)) throw new Error(`${name} : URL invalide`);
    return value;
  };
  return {
    TABLE_NAME: text('TABLE_NAME', true) as string,
    // Set by the stack: the hosted sign-in of the pages (authorization code + PKCE).
    COGNITO_DOMAIN: url('COGNITO_DOMAIN'),
    COGNITO_CLIENT_ID: text('COGNITO_CLIENT_ID'),
    PAGES_URL: url('PAGES_URL'),
    LAMBDA_TASK_ROOT: text('LAMBDA_TASK_ROOT'),
    // Set by the stack: where big imports wait for the worker.
    UPLOAD_BUCKET: text('UPLOAD_BUCKET'),
    IMPORT_QUEUE_URL: text('IMPORT_QUEUE_URL'),
    UPLOAD_ORIGIN: url('UPLOAD_ORIGIN'),
    // Set by the stack: where invited awardees and administrators get their account.
    USER_POOL_ID: text('USER_POOL_ID'),
  };
}

const env = readEnv();

// The bundle carries the built pages in `web/` beside index.js.
const pagesDir = env.LAMBDA_TASK_ROOT ? join(env.LAMBDA_TASK_ROOT, 'web') : undefined;
const pages =
  pagesDir && existsSync(pagesDir) && env.COGNITO_DOMAIN && env.COGNITO_CLIENT_ID && env.PAGES_URL
    ? {
        dir: pagesDir,
        config: {
          mode: 'cognito' as const,
          domain: env.COGNITO_DOMAIN,
          clientId: env.COGNITO_CLIENT_ID,
          redirectUri: env.PAGES_URL,
        },
      }
    : undefined;

const doc = createDocumentClient();

const imports =
  env.UPLOAD_BUCKET && env.IMPORT_QUEUE_URL
    ? {
        uploads: new S3UploadStore(env.UPLOAD_BUCKET),
        queue: new SqsJobQueue(env.IMPORT_QUEUE_URL),
        inlineMaxBytes: INLINE_IMPORT_MAX_BYTES,
      }
    : undefined;

const options: AppOptions = {
  stores: createStoreRegistry(doc, env.TABLE_NAME),
  imports,
  uploadOrigin: env.UPLOAD_ORIGIN,
  inviter: env.USER_POOL_ID ? cognitoInviter(env.USER_POOL_ID) : undefined,
  adminInviter: env.USER_POOL_ID ? cognitoAdministratorInviter(env.USER_POOL_ID) : undefined,
  // Behind API Gateway, which answers HTTPS only.
  httpsOnly: true,
  authenticator: authorizerClaims,
  // The stack in the sources' terms: the function runs without --enable-source-maps.
  logError: (error, reference) =>
    logJson('ERROR', 'Unhandled error', { reference, error: withSourceStack(error) }),
  pages,
};

export const app = createApp(options);

// The adapter writes the app's security headers into each result (functions/api/adapter.ts).
export const handler = handle(app, {
  headers: () => securityHeaderList(options),
  logError: options.logError,
});
