import { writeFileSync } from 'node:fs';
import { dynamoLocalRelease } from '../infra/local/dynamodb-local';
import {
  coldStartBenchmark,
  describeColdStart,
  describeOtherColdStarts,
  otherColdStarts,
} from './cold-start';
import { costBenchmark, describeCost, type Measured, type NationalReports } from './cost';
import { describeImport, importBenchmark } from './import';
import { describeImportJobs, importJobsBenchmark } from './import-jobs';
import { describeReportScale, reportScaleBenchmark } from './report-scale';
import { describeRequestOverhead, requestOverheadBenchmark } from './request-overhead';
import { describeStructures, structuresBenchmark } from './structures-scale';
import { machine, uptime } from './support';

// `npm run bench`: the benchmarks, one after the other on this machine, each printed with
// the floor or target it is measured against; bench/RESULTS.md is rewritten with the figures.

const started = new Date();
const header = `machine: ${machine()} · ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC · DynamoDB Local of ${dynamoLocalRelease()}, in memory`;
console.log(header);
const sections: string[] = [];
/** The national reports' figures, handed from the report-scale run to the cost model. */
let national: NationalReports | undefined;
/** The cost run's per-operation figures, handed on to the structures' bill. */
let costs: Measured | undefined;
for (const [name, run] of [
  [
    'cold start',
    async () =>
      `${describeColdStart(await coldStartBenchmark())}\n${describeOtherColdStarts(await otherColdStarts())}`,
  ],
  ['request overhead', async () => describeRequestOverhead(await requestOverheadBenchmark())],
  ['import', async () => describeImport(await importBenchmark())],
  ['import jobs', async () => describeImportJobs(await importJobsBenchmark())],
  [
    'report at scale',
    async () => {
      const result = await reportScaleBenchmark((m) => console.log(m));
      const last = result.steps.at(-1);
      if (last) {
        national = {
          fullItems: last.full.items,
          fullSeconds: last.full.seconds,
          plieItems: last.plie.items,
          plieSeconds: last.plie.seconds,
          source: 'this run',
        };
      }
      return describeReportScale(result);
    },
  ],
  [
    'cost',
    async () => {
      costs = await costBenchmark(national);
      return describeCost(costs);
    },
  ],
  [
    'structures at national scale',
    async () => {
      const before = uptime();
      const result = await structuresBenchmark({
        log: (m) => console.log(m),
        ...(costs ? { costs: { ...costs, source: 'this run' } } : {}),
      });
      return describeStructures(result, `load ${before} before, ${uptime()} after`);
    },
  ],
] as const) {
  console.log(`… ${name}`);
  const line = await run();
  console.log(line);
  sections.push(line);
}

writeFileSync(
  new URL('./RESULTS.md', import.meta.url),
  `# Benchmark results

Written by \`npm run bench\` (not part of \`npm test\`); the last run:

${header}

\`\`\`
${sections.join('\n')}
\`\`\`

What each measures:

- **cold start** — what a user waits for: a fresh Node process imports the deployable API bundle
  and answers its first request (\`GET /api/contracts/{id}\` as an API Gateway v2 event, against
  DynamoDB Local), against a floor bundle holding only the DynamoDB document client and a trivial
  handler that imports and sends one GetItem for the same contract; bundled alike, run in turns,
  median of 31 pairs, with each process's peak RSS (\`bench/cold-start.ts\`). Target ≤ 1.3 × the
  floor in time and in memory. Beneath it, without a target: the same floor answering through a
  web \`Request\`/\`Response\` as Hono's Lambda adapter does (Node loads its fetch implementation,
  undici, on their first use: a cost any Hono function pays), and the monthly-report and
  import-worker functions' init (the import of their bundle in a fresh process, median of 11).
  "At init" is the code a bundle's import compiles (\`index.mjs\` and the chunks it imports
  statically); the rest are chunks imported on demand (the API's route groups, the XLSX code…).
- **request overhead** — p50 / p99 of logging one hour line through the deployable Lambda
  handler (API Gateway v2 event with authorizer claims, validation, the transaction) against
  DynamoDB Local, against sending the same TransactWriteItems through the floor bundle
  (\`bench/request-overhead.ts\`). Target ratio ≤ 1.10.
- **import** — a 10,000-line monthly statement through the API (\`bench/import.ts\`). Target < 30 s,
  and ≤ 1.25 × its floor: the very writes it sent, sent again raw at the same concurrency into a
  copy of the table as it was before (\`bench/write-replay.ts\`).
- **import jobs** — a 50,000-line statement and a 20 MB DECP file (the published records of
  \`test/fixtures/decp\` under other ids) posted to the API, which answers 202, then imported by
  the in-process worker \`npm start\` uses; time to the job's end, progress steps seen, peak
  memory of the process (\`bench/import-jobs.ts\`).
- **report at scale** — 20,000 contracts, 100 PLIEs in 25 territories (a tenth of the contracts
  shared within one), then 10,000, 100,000 and 1,000,000 hour lines with their totals and
  indexes, written through the store's batch path; the full monthly report and one PLIE's, with
  the items they read, counted as DynamoDB bills them (a Query's items scanned)
  (\`bench/report-scale.ts\`). Targets: full report < 10 s; items read must not grow with lines;
  one PLIE's report < 2 % of the full report's items.
- **cost** — each operation's DynamoDB read and write units as DynamoDB Local reports them
  (\`ReturnConsumedCapacity: INDEXES\`: the secondary indexes' writes count), the handler's time
  (Lambda GB-seconds at the API function's memory, read from the synthesized stack) and API
  requests, on a metropolis' data; multiplied by the price table \`bench/prices-eu-west-3.json\`
  (kept as data, with its date and source) into a monthly bill for a metropolis and for the
  country, fixed costs (KMS keys, alarms, WAF, counted in the template) apart; the national
  reports are priced by the items \`report at scale\` reads (\`bench/cost.ts\`). Targets: variable
  cost < $0.50 a month for a metropolis, < $50 for the country.
- **structures at national scale** — the same country as ~300 structures of unequal sizes (a
  Zipf-like law: a few metropolises of 400 to 950 contracts, some 210 small structures under 50;
  1,000 users), written through the store's batch path (\`bench/structures-profile.ts\`); every
  structure's dashboard (its month's report and the statements waiting), full report and one
  PLIE's report through the app, with the items they read and whether any is an hour line; the
  observer's consolidation of a year; the schedules' dispatcher; the monthly bill summed
  structure by structure with the reads measured (\`bench/structures-scale.ts\`,
  \`bench/structures-bill.ts\`). Targets: a structure's dashboard and full report < 1 % of the
  country's items and < 1 s, no line read; the country < $20 a month variable, a metropolis < $0.20.
`,
);
console.log('bench/RESULTS.md written.');
process.exit(0);
