import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Role } from '#shared/domain/access';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import { createApp } from '#shared/http/app';
import { devTokenClaims, signDevToken } from '#shared/http/auth';
import type { ContractCreateInput } from '#shared/schemas/contracts';
import type { ImportJobsSetup } from '#shared/services/deps';
import { createDocumentClient, localDynamoConfig } from '#shared/store/client';
import { createStoreRegistry, type StoreRegistry } from '#shared/store/index';
import { createTableInput } from '#shared/store/table';
import { upgradeIndexes } from '#shared/store/upgrades';
import { startDynamoLocal } from '../infra/local/dynamodb-local';
import { freePort } from '../infra/local/ports';

export { freePort };

/** A large works contract for 2025 onwards: the benchmarks only vary its reference, end and allocation. */
export function benchContract(
  reference: string,
  overrides: Partial<ContractCreateInput> = {},
): ContractCreateInput {
  return {
    reference,
    title: 'Benchmark',
    buyer: { name: 'Bordeaux Métropole' },
    awardee: { name: 'Titulaire', siret: '41234567800012' },
    kind: 'works',
    amount: 1_000_000,
    notifiedOn: '2025-01-02',
    startsOn: '2025-01-02',
    endsOn: '2025-12-31',
    targetHours: 50_000,
    allocation: { mode: 'shared' },
    socialConsiderations: ['social-clause'],
    ...overrides,
  };
}

/** DynamoDB Local in memory, a fresh table, and the app on it: what every benchmark starts from. */
export async function benchEnvironment(
  tableName = 'bench',
  options: {
    imports?: (registry: StoreRegistry) => ImportJobsSetup;
    maxImportBytes?: number;
  } = {},
) {
  const dynamo = await startDynamoLocal({ port: await freePort(), dataDir: null });
  const client = new DynamoDBClient(localDynamoConfig(dynamo.endpoint));
  await client.send(new CreateTableCommand(createTableInput(tableName)));
  client.destroy();
  const doc = createDocumentClient(localDynamoConfig(dynamo.endpoint));
  const registry = createStoreRegistry(doc, tableName);
  const stores = registry.of(DEFAULT_TENANT);
  await upgradeIndexes(stores, new Date().toISOString(), { freshTable: true });
  const secret = 'bench';
  const app = createApp({
    stores: registry,
    authenticator: devTokenClaims(secret),
    logError: (e) => console.error(e),
    imports: options.imports?.(registry),
    maxImportBytes: options.maxImportBytes,
  });
  /** A local token: a role, in a structure (none: `default`; the platform's roles: none). */
  const token = async (role: Role, tenant?: string) =>
    signDevToken(secret, { role, tenant }, new Date());
  const call = async (
    method: string,
    path: string,
    token: string,
    body?: unknown,
    contentType = 'application/json',
  ) => {
    const response = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      ...(body !== undefined
        ? { body: typeof body === 'string' ? body : JSON.stringify(body) }
        : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return {
    dynamo,
    doc,
    registry,
    stores,
    app,
    tableName,
    token,
    call,
    close: () => dynamo.stop(),
  };
}

/**
 * The bench's PLIEs are of long standing, on purpose (`activeFrom: null`, active since always):
 * a PLIE registered without a start starts on its registration day, and the benchmarks log
 * hours in 2025.
 */
async function putBenchPlie(
  env: Awaited<ReturnType<typeof benchEnvironment>>,
  admin: string,
  id: string,
  name: string,
): Promise<void> {
  const put = await env.call('PUT', `/api/plies/${id}`, admin, { name, activeFrom: null });
  if (put.status !== 200 && put.status !== 201) throw new Error(JSON.stringify(put.body));
}

/** One PLIE (Bordeaux) and one contract of its own: what the per-request benchmarks read and write. */
export async function seedOneContract(
  env: Awaited<ReturnType<typeof benchEnvironment>>,
  reference: string,
  overrides: Partial<ContractCreateInput> = {},
): Promise<string> {
  const admin = await env.token('admin');
  await putBenchPlie(env, admin, 'bordeaux', 'PLIE de Bordeaux');
  const contract = await env.call(
    'POST',
    '/api/contracts',
    admin,
    benchContract(reference, { allocation: { mode: 'single', plieId: 'bordeaux' }, ...overrides }),
  );
  if (contract.status !== 201) throw new Error(JSON.stringify(contract.body));
  return contract.body.id as string;
}

/**
 * What the statement benchmarks import into: 6 PLIEs × 4 shared contracts (`<prefix>-1`…), so
 * that each transaction holds about 40 lines.
 */
export async function seedStatementBench(
  env: Awaited<ReturnType<typeof benchEnvironment>>,
  prefix: string,
) {
  const admin = await env.token('admin');
  const procurement = await env.token('procurement');
  const plies = [
    'bordeaux',
    'graves',
    'hauts-de-garonne',
    'adsi-technowest',
    'portes-du-sud',
    'sources',
  ];
  for (const id of plies) await putBenchPlie(env, admin, id, `PLIE ${id}`);
  const references = [1, 2, 3, 4].map((n) => `${prefix}-${n}`);
  for (const reference of references) {
    await env.call('POST', '/api/contracts', procurement, benchContract(reference));
  }
  return { procurement, plies, references };
}

/** The machine's load as `uptime` says it: other work slows the figures down. */
export function uptime(): string {
  return execFileSync('uptime', { encoding: 'utf8' }).trim();
}

export function machine(): string {
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Median and a percentile of a list of numbers. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const ms = (n: number) => `${n.toFixed(1)} ms`;
