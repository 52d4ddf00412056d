import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localImportJobs } from '#shared/jobs/local-jobs';
import type { ImportJobRecord } from '#shared/store/import-jobs';
import { decpFixture } from '../test/fixtures/decp/records';
import { statementCsv } from '../test/support/statements';
import { benchEnvironment, seedStatementBench } from './support';

// Big imports as jobs, as `npm start` runs them (upload in a folder, worker in the process):
// a 50,000-line statement and a 20 MB DECP file, each posted (202), then followed to the end.
// Reported: the time from the post to the job's end, how many progress steps were seen, and
// the process's peak memory (the worker runs here; DynamoDB Local is another process).

const STATEMENT_LINES = 50_000;
const DECP_BYTES = 20 * 1024 * 1024;

/** The published records, again and again under other ids, up to `bytes` of JSON. */
function bigDecp(bytes: number): string {
  const published = (
    decpFixture('published-records.json') as { marches: Record<string, unknown>[] }
  ).marches;
  const marches: Record<string, unknown>[] = [];
  let size = 20;
  for (let copy = 0; size < bytes; copy++) {
    for (const record of published) {
      const next = { ...record, id: `${String(record.id)}-${copy}` };
      size += JSON.stringify(next).length + 1;
      marches.push(next);
    }
  }
  return JSON.stringify({ marches });
}

async function followJob(
  get: () => Promise<ImportJobRecord | null>,
): Promise<{ job: ImportJobRecord; steps: number; peakRss: number }> {
  const seen = new Set<number>();
  let peakRss = process.memoryUsage().rss;
  const giveUpAt = Date.now() + 20 * 60_000;
  for (;;) {
    if (Date.now() > giveUpAt) throw new Error('import job still not finished after 20 min');
    const job = await get();
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (job) seen.add(job.done);
    if (job && (job.status === 'done' || job.status === 'failed'))
      return { job, steps: seen.size, peakRss };
    await new Promise((next) => setTimeout(next, 200));
  }
}

export async function importJobsBenchmark() {
  const uploads = mkdtempSync(join(tmpdir(), 'bench-uploads-'));
  const env = await benchEnvironment('bench-jobs', {
    imports: (registry) => localImportJobs(registry, uploads),
    maxImportBytes: 100 * 1024 * 1024,
  });
  try {
    const { procurement, plies, references } = await seedStatementBench(env, 'J');
    const { csv } = statementCsv({
      count: STATEMENT_LINES,
      contracts: references,
      plies,
      months: ['2025-10'],
    });
    const results = [];
    for (const [name, path, body, type] of [
      ['statement', '/api/hours/import', csv, 'text/csv'],
      ['decp', '/api/contracts/import/decp', bigDecp(DECP_BYTES), 'application/json'],
    ] as const) {
      const started = performance.now();
      const accepted = await env.call('POST', path, procurement, body, type);
      const answeredMs = performance.now() - started;
      if (accepted.status !== 202)
        throw new Error(`${name}: ${JSON.stringify(accepted.body).slice(0, 300)}`);
      const { job, steps, peakRss } = await followJob(() =>
        env.stores.importJobs.get(accepted.body.jobId),
      );
      results.push({
        name,
        megabytes: Buffer.byteLength(body) / 1024 / 1024,
        answeredMs,
        seconds: (performance.now() - started) / 1000,
        status: job.status,
        total: job.total,
        result: job.result,
        errorCount: job.errorCount,
        steps,
        peakRssMb: peakRss / 1024 / 1024,
      });
    }
    return results;
  } finally {
    await env.close();
    rmSync(uploads, { recursive: true, force: true });
  }
}

export function describeImportJobs(
  results: Awaited<ReturnType<typeof importJobsBenchmark>>,
): string {
  return results
    .map((r) => {
      const what =
        r.name === 'statement'
          ? `a ${r.total.toLocaleString('en')}-line statement (${r.megabytes.toFixed(1)} MB)`
          : `a ${r.megabytes.toFixed(1)} MB DECP file (${r.total.toLocaleString('en')} records; ${String(r.result?.created)} created, ${r.errorCount} refused)`;
      return `import job: ${what} answered 202 in ${r.answeredMs.toFixed(0)} ms, ${r.status} after ${r.seconds.toFixed(1)} s, ${r.steps} progress steps seen, peak RSS ${r.peakRssMb.toFixed(0)} MB`;
    })
    .join('\n');
}
