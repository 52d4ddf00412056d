import { exportBytes } from '#shared/jobs/export-runner';
import { collectStructure } from '#shared/services/structure-export';
import { loadDemoData } from '../infra/local/demo-data';
import { statementCsv } from '../test/support/statements';
import { benchEnvironment, machine, seedStatementBench } from './support';

// A structure's export (issue 27), on DynamoDB Local in memory: the demo data (Bordeaux
// Métropole), then a structure of 50,000 statement lines (each with its change record): how
// long reading it all takes, and how big the JSON document and the zip of CSVs are — against
// what a request could carry (API Gateway: 29 s, a Lambda answer: 6 MB). Not part of `npm run
// bench`: `npx tsx bench/structure-export.ts` (about 5 minutes on a 2-CPU machine).

const LINES = 50_000;
const PER_IMPORT = 10_000;

async function measure(env: Awaited<ReturnType<typeof benchEnvironment>>, label: string) {
  const deps = { stores: env.stores, now: () => new Date() };
  const started = performance.now();
  const data = await collectStructure(deps, { sub: 'bench' });
  const read = (performance.now() - started) / 1000;
  const heap = Math.round(process.memoryUsage().heapUsed / 1024 / 1024);
  const sizes: string[] = [];
  for (const format of ['json', 'csv'] as const) {
    const at = performance.now();
    const bytes = exportBytes(format, data);
    const size =
      bytes.length < 1024 * 1024
        ? `${Math.round(bytes.length / 1024)} KB`
        : `${(bytes.length / 1024 / 1024).toFixed(1)} MB`;
    sizes.push(`${format} ${size} in ${((performance.now() - at) / 1000).toFixed(2)} s`);
  }
  const rss = Math.round(process.resourceUsage().maxRSS / 1024);
  return `${label}: ${data.counts.hourLines?.toLocaleString('en')} lines, ${data.counts.changes?.toLocaleString('en')} change records, ${data.counts.contracts} contracts — read in ${read.toFixed(1)} s (heap ${heap} MB once read); written ${sizes.join(', ')}; peak RSS ${rss} MB`;
}

export async function structureExportBenchmark(
  report: (line: string) => void = console.log,
): Promise<string[]> {
  const results: string[] = [];
  const demo = await benchEnvironment('bench-export-demo');
  try {
    await loadDemoData({ stores: demo.stores, now: () => new Date() });
    results.push(await measure(demo, 'demo data (Bordeaux Métropole)'));
    report(results[0] as string);
  } finally {
    await demo.close();
  }
  const env = await benchEnvironment('bench-export-50k');
  try {
    const { procurement, plies, references } = await seedStatementBench(env, 'EXP');
    // Open since before the lines' months (a PLIE created today is active from today).
    const admin = await env.token('admin');
    for (const id of plies)
      await env.call('PUT', `/api/plies/${id}`, admin, {
        name: `PLIE ${id}`,
        activeFrom: '2020-01-01',
      });
    const seeding = performance.now();
    for (let i = 0; i < LINES / PER_IMPORT; i++) {
      const { csv } = statementCsv({
        count: PER_IMPORT,
        contracts: references,
        plies,
        months: [`2025-0${i + 3}`],
      });
      const response = await env.call('POST', '/api/hours/import', procurement, csv, 'text/csv');
      if (response.status !== 200) throw new Error(JSON.stringify(response.body).slice(0, 300));
    }
    console.log(
      `  ${LINES.toLocaleString('en')} lines imported in ${((performance.now() - seeding) / 1000).toFixed(0)} s`,
    );
    results.push(await measure(env, `${LINES.toLocaleString('en')}-line structure`));
    report(results[1] as string);
  } finally {
    await env.close();
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  await structureExportBenchmark();
}
