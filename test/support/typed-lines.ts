import { expect } from 'vitest';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import type { ServiceDeps } from '#shared/services/deps';
import { createStoreRegistry } from '#shared/store/index';
import type { TestApi } from './api';

// Typing hour lines through the API in the duplicate markers' tests: a line of the file's
// defaults (read when it is sent, once the file's beforeAll made its contract and people), with
// what the test changes, and the stores of a new process, which knows nothing of the upgrades.

export type Logged = { id: string; possibleDuplicates: { lineId: string; source: string }[] };

export function typedLines(
  context: () => { api: TestApi; token: string; line: Record<string, unknown> },
) {
  const post = (overrides: Record<string, unknown> = {}, headers?: Record<string, string>) => {
    const { api, token, line } = context();
    return api.call('POST', '/api/hours', {
      token,
      body: { ...line, ...overrides },
      ...(headers ? { headers } : {}),
    });
  };
  /** Logs a line that must be accepted (201), and answers what the API said of it. */
  const log = async (overrides: Record<string, unknown> = {}): Promise<Logged> => {
    const logged = await post(overrides);
    expect(logged.status, JSON.stringify(logged.body)).toBe(201);
    return logged.body as Logged;
  };
  return { post, log };
}

/** A structure's stores as a new process makes them: nothing known of the upgrades yet. */
export function freshStores(api: TestApi, now: () => Date, tenant = DEFAULT_TENANT): ServiceDeps {
  return { stores: createStoreRegistry(api.doc, api.tableName).of(tenant), now };
}
