import { statementCsv } from '../test/support/statements';
import { benchEnvironment, machine, seedStatementBench } from './support';

// Import of a 10,000-line monthly statement through the API (in process), on DynamoDB Local:
// 6 PLIEs × 4 contracts, so each transaction holds about 40 lines. Target: under 30 s.

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
    const started = performance.now();
    const response = await env.call('POST', '/api/hours/import', procurement, csv, 'text/csv');
    const seconds = (performance.now() - started) / 1000;
    if (response.status !== 200 || response.body.imported !== LINES) {
      throw new Error(`import failed: ${JSON.stringify(response.body).slice(0, 500)}`);
    }
    const again = performance.now();
    const replay = await env.call('POST', '/api/hours/import', procurement, csv, 'text/csv');
    const replaySeconds = (performance.now() - again) / 1000;
    return {
      name: 'import',
      lines: LINES,
      seconds,
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
  return `import: a ${result.lines.toLocaleString('en')}-line statement through the API in ${result.seconds.toFixed(1)} s (target < ${result.target} s: ${result.met ? 'met' : 'NOT met'}); posting it again: ${result.replaySeconds.toFixed(1)} s, ${result.replayImported} imported`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  console.log(describeImport(await importBenchmark()));
}
