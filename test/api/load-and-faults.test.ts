import {
  ProvisionedThroughputExceededException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createApp } from '#shared/http/app';
import { devTokenClaims, signDevToken } from '#shared/http/auth';
import { seededRandom } from '#shared/random';
import { createDocumentClient, localDynamoConfig } from '#shared/store/client';
import { createStoreRegistry } from '#shared/store/index';
import { reconcile } from '#shared/store/reconcile';
import { createContracts, seededApi } from '../support/api';
import { allItems } from '../support/items';

// Many clients log lines at once, retrying with the same idempotency keys, while a share of
// DynamoDB calls fail: throttled, cancelled by a conflicting transaction, or — the worst case —
// committed but with the answer lost on the way back. Afterwards every total equals its lines,
// every acknowledged line is stored once, and nothing is counted twice.

const throttled = () =>
  new ProvisionedThroughputExceededException({
    message: 'Rate of requests exceeds the allowed throughput.',
    $metadata: {},
  });
const conflict = (items: number) =>
  new TransactionCanceledException({
    message:
      'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
    $metadata: {},
    CancellationReasons: Array.from({ length: items }, (_, i) => ({
      Code: i === 1 ? 'TransactionConflict' : 'None',
    })),
  });
const lostResponse = () => Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });

describe('load with faults', () => {
  it('600 lines from 32 concurrent clients with retries, 25 % of writes failing: totals equal lines, each acknowledged line once', async () => {
    const { api, procurement } = await seededApi();
    const contracts = await createContracts(api, procurement, 3, {
      allocation: { mode: 'shared' },
    });

    const next = seededRandom(42);
    const faulty = createDocumentClient(localDynamoConfig(api.endpoint));
    const mock = mockClient(faulty);
    const injected = { throttled: 0, conflicts: 0, lost: 0 };
    for (const Command of [GetCommand, QueryCommand, BatchGetCommand, ScanCommand]) {
      mock.on(Command as never).callsFake((input: any) => {
        if (next() < 0.05) {
          injected.throttled += 1;
          throw throttled();
        }
        return api.doc.send(new (Command as any)(input));
      });
    }
    mock.on(TransactWriteCommand).callsFake(async (input) => {
      const roll = next();
      if (roll < 0.1) {
        injected.throttled += 1;
        throw throttled();
      }
      if (roll < 0.18) {
        injected.conflicts += 1;
        throw conflict(input.TransactItems?.length ?? 2);
      }
      const result = await api.doc.send(new TransactWriteCommand(input));
      if (roll < 0.25) {
        // Committed, but the caller never hears it.
        injected.lost += 1;
        throw lostResponse();
      }
      return result;
    });
    const secret = 'faults';
    const app = createApp({
      stores: createStoreRegistry(faulty, api.tableName),
      authenticator: devTokenClaims(secret),
      logError: () => {},
    });
    const token = await signDevToken(
      secret,
      { role: 'procurement', sub: 'load-client' },
      new Date(),
    );

    const lines = Array.from({ length: 600 }, (_, i) => ({
      key: `fault-${i}`,
      body: {
        contractId: contracts[i % 3],
        plieId: i % 2 ? 'bordeaux' : 'graves',
        month: `2025-${String((i % 10) + 2).padStart(2, '0')}`,
        hours: ((i % 16) + 1) / 4,
        mode: 'geiq',
      },
    }));
    const acknowledged = new Map<string, { id: string; hours: number }>();
    const statuses = new Map<number, number>();
    let queue = [...lines, ...lines.filter((_, i) => i % 5 === 0)];
    const client = async () => {
      while (queue.length) {
        const line = queue.shift() as (typeof lines)[number];
        // A client retries failures (5xx, and the 409 a retry meets while the first try is in flight).
        for (let attempt = 1; attempt <= 20; attempt++) {
          const response = await app.request('/api/hours', {
            method: 'POST',
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'idempotency-key': line.key,
            },
            body: JSON.stringify(line.body),
          });
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const body = (await response.json()) as { id?: string; detail?: string };
          expect(JSON.stringify(body)).not.toMatch(/socket|Exception|at .*\.ts/);
          if (response.status === 201) {
            const earlier = acknowledged.get(line.key);
            if (earlier) expect(body.id).toBe(earlier.id);
            acknowledged.set(line.key, { id: body.id as string, hours: line.body.hours });
            break;
          }
          expect([409, 500, 503]).toContain(response.status);
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, client));
    queue = [];
    mock.restore();

    expect(injected.throttled + injected.conflicts + injected.lost).toBeGreaterThan(100);
    expect(injected.lost).toBeGreaterThan(20);
    expect(acknowledged.size).toBe(600);

    const stored = (await allItems(api)).filter((item) => item._type === 'hours-line');
    expect(stored).toHaveLength(600);
    expect(new Set(stored.map((l) => l.id))).toEqual(
      new Set([...acknowledged.values()].map((a) => a.id)),
    );
    const report = await reconcile(api.doc, api.tableName);
    expect(report.differences).toEqual([]);
    let logged = 0;
    for (const id of contracts)
      logged += (await api.call('GET', `/api/contracts/${id}`, { token: procurement })).body
        .hoursLogged;
    expect(logged).toBe(lines.reduce((sum, l) => sum + l.body.hours, 0));
  }, 120_000);
});
