import { describe, expect, it } from 'vitest';
import { reconcile } from '#shared/store/reconcile';
import { createContracts, seededApi } from '../support/api';

/** Runs `tasks` with at most `width` of them in flight. */
async function pool<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

describe('concurrent logging', () => {
  it('1,000 lines sent concurrently, many twice or thrice under the same key: every total equals its lines', async () => {
    const { api, procurement } = await seededApi();
    const contracts = await createContracts(api, procurement, 3, {
      allocation: { mode: 'shared' },
    });
    const lines = Array.from({ length: 1000 }, (_, i) => ({
      key: `load-${i}`,
      body: {
        contractId: contracts[i % 3],
        plieId: i % 2 ? 'bordeaux' : 'graves',
        month: `2025-${String((i % 9) + 2).padStart(2, '0')}`,
        hours: ((i % 40) + 1) / 4,
        mode: ['direct-hire', 'temporary-work', 'geiq'][i % 3],
      },
    }));
    // Each line is sent once, a third of them twice and a tenth three times, all interleaved:
    // retries of the same key race each other as a client's timeouts would make them.
    const sends = lines.flatMap((line, i) => [
      line,
      ...(i % 3 === 0 ? [line] : []),
      ...(i % 10 === 0 ? [line] : []),
    ]);
    sends.sort(
      (a, b) =>
        ((a.key.length * 7919 + Number(a.key.slice(5)) * 104729) % 1009) -
        ((b.key.length * 7919 + Number(b.key.slice(5)) * 104729) % 1009),
    );
    const responses = await pool(
      sends.map((line) => async () => {
        const response = await api.call('POST', '/api/hours', {
          token: procurement,
          body: line.body,
          headers: { 'Idempotency-Key': line.key },
        });
        return { key: line.key, status: response.status, id: response.body?.id as string };
      }),
      48,
    );

    expect(responses.filter((r) => r.status !== 201)).toEqual([]);
    const idsByKey = new Map<string, Set<string>>();
    for (const r of responses) idsByKey.set(r.key, (idsByKey.get(r.key) ?? new Set()).add(r.id));
    expect(idsByKey.size).toBe(1000);
    expect([...idsByKey.values()].every((ids) => ids.size === 1)).toBe(true);

    const report = await reconcile(api.doc, api.tableName);
    expect(report.lines).toBe(1000);
    expect(report.differences).toEqual([]);

    const expected = lines.reduce((sum, line) => sum + line.body.hours, 0);
    let logged = 0;
    for (const id of contracts) {
      logged += (await api.call('GET', `/api/contracts/${id}`, { token: procurement })).body
        .hoursLogged;
    }
    expect(logged).toBe(expected);
  }, 120_000);
});
