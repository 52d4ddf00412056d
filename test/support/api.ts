import type { Role } from '#shared/domain/access';
import { createApp } from '#shared/http/app';
import { devTokenClaims } from '#shared/http/auth';
import type { ContractCreateInput } from '#shared/schemas/contracts';
import type { ImportJobsSetup } from '#shared/services/deps';
import { createTestTable, type TestTable } from './dynamo';
import { type ResponseChecker, responseChecker } from './openapi-check';

/** The local secret the test apps sign their tokens with. */
export const TEST_TOKEN_SECRET = 'test-secret-not-for-production';
const SECRET = TEST_TOKEN_SECRET;

export interface TestApi extends TestTable {
  app: ReturnType<typeof createApp>;
  token(role: Role, plieId?: string, sub?: string): Promise<string>;
  call(
    method: string,
    path: string,
    options?: {
      token?: string;
      body?: unknown;
      raw?: string | Uint8Array;
      headers?: Record<string, string>;
    },
  ): Promise<{ status: number; body: any; headers: Headers; bytes: Uint8Array }>;
}

/** The real app on a fresh DynamoDB Local table, called in-process through `app.request()`. */
export async function createTestApi(
  now?: () => Date,
  imports?: (registry: TestTable['registry']) => ImportJobsSetup,
): Promise<TestApi> {
  const table = await createTestTable();
  const app = createApp({
    stores: table.registry,
    imports: imports?.(table.registry),
    authenticator: devTokenClaims(SECRET),
    devTokenSecret: SECRET,
    ...(now ? { now } : {}),
    logError: () => {},
  });
  const call: TestApi['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Blob | undefined;
    if (options.raw !== undefined) {
      body = typeof options.raw === 'string' ? options.raw : new Blob([options.raw.slice()]);
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await app.request(path, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {}
    // Every answer checked against the document the app serves (test/support/openapi-check.ts).
    if (path !== '/openapi.json') {
      checker ??= responseChecker(
        (await (await app.request('/openapi.json')).json()) as Record<string, unknown>,
      );
      checker.check(
        method,
        path,
        response.status,
        response.headers.get('content-type') ?? '',
        parsed,
      );
    }
    return { status: response.status, body: parsed, headers: response.headers, bytes };
  };
  let checker: ResponseChecker | undefined;
  const token: TestApi['token'] = async (role, plieId, sub) => {
    const result = await call('POST', '/dev/token', { body: { role, plieId, sub } });
    if (result.status !== 200) throw new Error(`token: ${JSON.stringify(result.body)}`);
    return result.body.token;
  };
  return { ...table, app, call, token };
}

/**
 * A valid contract body. A contract cannot start before its notification: when only the
 * notification date is overridden past the default start, the contract starts that day.
 */
export function contractInput(overrides: Partial<ContractCreateInput> = {}): ContractCreateInput {
  const notifiedOn = overrides.notifiedOn ?? '2025-01-15';
  const startsOn = overrides.startsOn ?? (notifiedOn > '2025-02-01' ? notifiedOn : '2025-02-01');
  const input: ContractCreateInput = {
    reference: `REF-${Math.random().toString(36).slice(2, 10)}`,
    title: 'Réhabilitation du gymnase',
    buyer: { name: 'Bordeaux Métropole', siret: '24330031600011' },
    awardee: { name: 'Bâtiment Solidaire', siret: '41234567800012' },
    kind: 'works',
    amount: 1_000_000,
    notifiedOn: '2025-01-15',
    startsOn: '2025-02-01',
    endsOn: '2025-12-31',
    targetHours: 800,
    allocation: { mode: 'single', plieId: 'bordeaux' },
    socialConsiderations: ['social-clause'],
    ...overrides,
  };
  return { ...input, notifiedOn, startsOn };
}

/**
 * A PLIE's allocation criteria for a year, all alike but the population: with equal weights,
 * a PLIE's key is (its population share + 4 × 1/n) / 5 over n PLIEs, easy to work out by hand.
 */
export const sampleCriteria = (population: number) => ({
  population,
  socialHousingRate: 0.2,
  qpvResidents: 10_000,
  qpvShare: 0.1,
  unemploymentRate: 0.1,
});

/** Creates `count` contracts through the API and returns their ids, failing loudly on refusal. */
export async function createContracts(
  api: TestApi,
  token: string,
  count: number,
  overrides: Partial<ContractCreateInput> = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await api.call('POST', '/api/contracts', {
      token,
      body: contractInput(overrides),
    });
    if (created.status !== 201) throw new Error(`seed contract: ${JSON.stringify(created.body)}`);
    ids.push(created.body.id);
  }
  return ids;
}

/**
 * Two PLIEs, an admin and a procurement token: the usual starting point. The PLIEs are of long
 * standing (active since always, on purpose): tests log hours in past years.
 */
export async function seededApi(
  now?: () => Date,
  imports?: (registry: TestTable['registry']) => ImportJobsSetup,
) {
  const api = await createTestApi(now, imports);
  const admin = await api.token('admin');
  for (const [id, name] of [
    ['bordeaux', 'PLIE de Bordeaux'],
    ['graves', 'PLIE des Graves'],
  ]) {
    const put = await api.call('PUT', `/api/plies/${id}`, {
      token: admin,
      body: { name, activeFrom: null },
    });
    if (put.status !== 201) throw new Error(`seed PLIE: ${JSON.stringify(put.body)}`);
  }
  const procurement = await api.token('procurement');
  return { api, admin, procurement };
}
