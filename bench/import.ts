import { statementCsv } from '../test/support/statements';
import { benchEnvironment, machine, seedStatementBench } from './support';
import { captureWrites, copyTable, replayWrites } from './write-replay';

// Import of a 10,000-line monthly statement through the API (in process), on DynamoDB Local:
// 6 PLIEs × 4 contracts, so each transaction holds about 40 lines. Target: under 30 s, and
// ≤ 1.25 × its floor: the same writes sent raw, at the same concurrency, into a copy of the
// table as it was before the import (bench/write-replay.ts).

const LINES = 10_000;

export async function importBenchmark() {
  const env = await benchEnvironment();
  try {
    const { procurement, plies, references } = await seedStatementBench(env, 'B');
    const { csv } = statementCsv({
      count: LINES,
      contracts: references,
      plies,
      months: ['2025-10'],
    });
    await copyTable(env.doc, env.tableName, `${env.tableName}-floor`);
    const capture = captureWrites(env.doc);
    capture.start();
    const started = performance.now();
    const response = await env.call('POST', '/api/hours/import', procurement, csv, 'text/csv');
    const seconds = (performance.now() - started) / 1000;
    const { writes, maxInFlight } = capture.stop();
    if (response.status !== 200 || response.body.imported !== LINES) {
      throw new Error(`import failed: ${JSON.stringify(response.body).slice(0, 500)}`);
    }
    const floor = await replayWrites(env.doc, writes, `${env.tableName}-floor`);
    if (floor.refused) throw new Error(`the floor's replay had ${floor.refused} writes refused`);
    const floorSeconds = floor.ms / 1000;
    const again = performance.now();
    const replay = await env.call('POST', '/api/hours/import', procurement, csv, 'text/csv');
    const replaySeconds = (performance.now() - again) / 1000;
    return {
      name: 'import',
      lines: LINES,
      seconds,
      floorSeconds,
      writes: writes.length,
      maxInFlight,
      ratio: seconds / floorSeconds,
      ratioTarget: 1.25,
      replaySeconds,
      replayImported: replay.body.imported,
      target: 30,
      met: seconds < 30,
    };
  } finally {
    await env.close();
  }
}

export function describeImport(result: Awaited<ReturnType<typeof importBenchmark>>): string {
  const ratioMet = result.ratio <= result.ratioTarget;
  return `import: a ${result.lines.toLocaleString('en')}-line statement through the API in ${result.seconds.toFixed(1)} s (target < ${result.target} s: ${result.met ? 'met' : 'NOT met'}) vs its ${result.writes} writes sent raw at the same concurrency (up to ${result.maxInFlight} at once) in ${result.floorSeconds.toFixed(1)} s → ratio ${result.ratio.toFixed(2)} (target ≤ ${result.ratioTarget}: ${ratioMet ? 'met' : 'NOT met'}); posting it again: ${result.replaySeconds.toFixed(1)} s, ${result.replayImported} imported`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  console.log(describeImport(await importBenchmark()));
}
