import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../infra/local/dynamodb-local';
import { freePort } from '../../infra/local/ports';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    /** Where the global setup writes why DynamoDB Local did not start, if it did not. */
    dynamoFailure: string;
  }
}

/**
 * Starts the real DynamoDB Local, in memory, on a free port, once for the whole run. The tests
 * start without waiting for it: the pure ones and those that run their own (`npm start`) never
 * need it, and a test table waits until it answers (createTestTable in dynamo.ts).
 */
export default async function setup(project: TestProject) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'clause-tracker-dynamo-'));
  const failure = join(dir, 'failure.txt');
  const starting = startDynamoLocal({ port, dataDir: null });
  // Told to every test that waits for it, at once, rather than after its wait.
  starting.catch((error: Error) => writeFileSync(failure, error.message));
  project.provide('dynamoEndpoint', `http://127.0.0.1:${port}`);
  project.provide('dynamoFailure', failure);
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    await (await starting).stop();
  };
}
