import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { localImportJobs } from '#shared/jobs/local-jobs';
import type { ImportJobRecord } from '#shared/store/import-jobs';
import { decpFixture } from '../test/fixtures/decp/records';
import { benchEnvironment, machine, uptime } from './support';

// A national yearly DECP file, as a metropolis imports its own contracts out of it (issue 30):
// at least 100 MB made by repeating the 28 published records of the fixtures, ids varied, each
// copy under other buyers but one in 50, which keeps its buyers. Imported as a job with a buyer
// filter (the buyer of 4 of the 28 records: a few hundred kept), as `npm start` runs jobs: the
// file put where the browser's direct upload puts it, the worker in this process, DynamoDB
// Local in another. Reported: the worker's peak RSS (the process's own high-water mark, and the
// samples taken while the job ran), the time from the start to the end, and the counts.
// `npm run bench:decp-national` (not part of `npm test` nor of `npm run bench`).

const TARGET_BYTES = Number(process.env.DECP_BENCH_MB ?? 100) * 1024 * 1024;
const BUYER = '24450046800040';
/** One copy in KEEP_EVERY keeps its published buyers: the others are someone else's. */
const KEEP_EVERY = 50;

/** Writes the file a record at a time: the bench itself never holds it (that would be counted). */
async function writeNationalFile(path: string): Promise<{ bytes: number; records: number }> {
  const published = (
    decpFixture('published-records.json') as { marches: Record<string, unknown>[] }
  ).marches;
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let bytes = 0;
  let records = 0;
  await write('{"marches":{"marche":[');
  for (let copy = 0; bytes < TARGET_BYTES; copy++) {
    for (const record of published) {
      const buyer = record.acheteur as Record<string, unknown> | undefined;
      const next = {
        ...record,
        id: `${String(record.id)}-${copy}`,
        ...(copy % KEEP_EVERY === 0 || !buyer
          ? {}
          : { acheteur: { ...buyer, id: `2${String(copy).padStart(13, '0')}` } }),
      };
      const text = `${records ? ',' : ''}${JSON.stringify(next)}`;
      await write(text);
      bytes += Buffer.byteLength(text);
      records += 1;
    }
  }
  await write(']}}');
  out.end();
  await once(out, 'finish');
  return { bytes: statSync(path).size, records };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'bench-decp-national-'));
  const uploads = join(work, 'uploads');
  const env = await benchEnvironment('bench-decp-national', {
    imports: (registry) => localImportJobs(registry, uploads),
  });
  try {
    const file = join(work, 'decp-national.json');
    const written = await writeNationalFile(file);
    const procurement = await env.token('procurement');
    // As a browser sends a big file: where to put it, the file put there, then the start.
    const prepared = await env.call('POST', '/api/imports', procurement, {
      kind: 'decp',
      format: 'json',
      bytes: written.bytes,
    });
    if (prepared.status !== 201) throw new Error(JSON.stringify(prepared.body));
    const jobId = prepared.body.jobId as string;
    const key = join(uploads, `imports/${jobId}.json`);
    mkdirSync(dirname(key), { recursive: true });
    copyFileSync(file, key);
    global.gc?.();
    const before = process.memoryUsage().rss;
    const highWaterBefore = process.resourceUsage().maxRSS * 1024;
    const started = performance.now();
    const start = await env.call('POST', `/api/imports/${jobId}/start`, procurement, {
      kind: 'decp',
      format: 'json',
      fileName: 'decp-national.json',
      buyerSirets: [BUYER],
    });
    if (start.status !== 202) throw new Error(JSON.stringify(start.body));
    let sampled = before;
    let job: ImportJobRecord | null = null;
    for (;;) {
      job = await env.stores.importJobs.get(jobId);
      sampled = Math.max(sampled, process.memoryUsage().rss);
      if (job?.status === 'done' || job?.status === 'failed') break;
      await new Promise((next) => setTimeout(next, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const highWater = process.resourceUsage().maxRSS * 1024;
    const result = job.result ?? {};
    console.log(machine());
    console.log(uptime());
    console.log(
      `DECP national file: ${mb(written.bytes)} (${written.records.toLocaleString('en')} records, the 28 published ones repeated), buyer filter ${BUYER}: ${job.status} in ${seconds.toFixed(1)} s; created ${String(result.created)}, updated ${String(result.updated)}, skipped ${String(result.skipped)}, refused ${job.errorCount}, other buyers ${String(result.filteredOut)}`,
    );
    console.log(
      `worker process RSS: ${mb(before)} before the start, peak ${mb(sampled)} sampled every 100 ms while it ran; high-water mark ${mb(highWater)} (${mb(highWaterBefore)} before the start, the file written and the app loaded)`,
    );
    // For comparison, what the worker did before streaming: the whole file read and parsed.
    const whole = execFileSync(
      process.execPath,
      [
        '-e',
        "const t=Date.now();JSON.parse(require('fs').readFileSync(process.argv[1],'utf8'));console.log(process.resourceUsage().maxRSS*1024, Date.now()-t)",
        file,
      ],
      { encoding: 'utf8' },
    )
      .trim()
      .split(' ')
      .map(Number);
    console.log(
      `for comparison, the file read whole and JSON.parse'd in a fresh Node process (the worker before streaming): high-water mark ${mb(whole[0] ?? 0)}, ${((whole[1] ?? 0) / 1000).toFixed(1)} s`,
    );
    if (job.status !== 'done') throw new Error(job.message ?? 'job failed');
  } finally {
    await env.close();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
