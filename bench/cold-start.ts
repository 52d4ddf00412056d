import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from '../infra/aws/bundle/bundle.mjs';
import { DEFAULT_TENANT } from '../shared/domain/tenants';
import { tenantKeys } from '../shared/store/keys';
import { httpApiEvent, lambdaContext } from '../test/support/lambda-events';
import { benchEnvironment, machine, ms, percentile, seedOneContract } from './support';

// Cold start as a user waits for it: a fresh Node process imports the deployable bundle (what
// Lambda does at init) and answers its first request — GET /api/contracts/{id} as an API
// Gateway v2 event, against DynamoDB Local. The floor: a bundle holding only the DynamoDB
// document client and a trivial handler, importing and sending one GetItem for the same
// contract. Both are bundled the same way and run in turns; the median of the pairs is kept,
// with each process's peak RSS. Target: ≤ 1.3 × the floor, in time and in memory.

const PAIRS = Number(process.env.BENCH_PAIRS ?? 31);

/** Runs in the fresh process: import, then the first request; prints time and peak RSS. */
const CHILD = `
const started = process.hrtime.bigint();
const { handler } = await import(process.env.BUNDLE);
const imported = process.hrtime.bigint();
handler(JSON.parse(process.env.EVENT), JSON.parse(process.env.CONTEXT)).then((response) => {
  const done = process.hrtime.bigint();
  if (response.statusCode !== 200) throw new Error('status ' + response.statusCode + ' ' + response.body);
  process.stdout.write(JSON.stringify({
    importMs: Number(imported - started) / 1e6,
    totalMs: Number(done - started) / 1e6,
    rssKb: process.resourceUsage().maxRSS,
    cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  }));
  process.exit(0);
});
`;

interface Run {
  importMs: number;
  totalMs: number;
  rssKb: number;
  /** CPU time of the whole process (Node's start-up included): what a busy machine inflates least. */
  cpuMs?: number;
}

function coldRun(
  child: string,
  bundleFile: string,
  event: unknown,
  env: Record<string, string>,
): Run {
  const result = spawnSync(process.execPath, [child], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      ...env,
      BUNDLE: bundleFile,
      EVENT: JSON.stringify(event),
      CONTEXT: JSON.stringify({ ...lambdaContext, getRemainingTimeInMillis: undefined }),
    },
  });
  if (result.status !== 0) throw new Error(result.stderr.slice(0, 800));
  return JSON.parse(result.stdout) as Run;
}

/**
 * A bundle's code: what its init compiles (`index.mjs` and the chunks it imports statically)
 * and all of it (the chunks imported on demand too; side modules apart).
 */
function bundleBytes(dir: string) {
  const files = readdirSync(dir).filter((f) => /^(index|chunk-\w+)\.mjs$/.test(f));
  const size = (f: string) => statSync(join(dir, f)).size;
  const atInit = new Set<string>();
  const visit = (file: string) => {
    if (atInit.has(file)) return;
    atInit.add(file);
    const code = readFileSync(join(dir, file), 'utf8');
    // esbuild's static imports of chunks: `import{…}from"./chunk-X.mjs"` or `import"./chunk-X.mjs"`.
    for (const [, chunk] of code.matchAll(
      /import(?:[^"'()]*?from)?\s*["']\.\/(chunk-\w+\.mjs)["']/g,
    ))
      visit(chunk as string);
  };
  visit('index.mjs');
  return {
    bytes: [...atInit].reduce((sum, f) => sum + size(f), 0),
    // Each file is resolved, read, compiled and linked apart (≈ 0.2 ms here): issue 26.
    files: atInit.size,
    allBytes: files.reduce((sum, f) => sum + size(f), 0),
  };
}

export async function coldStartBenchmark(entry = 'functions/api/index.ts') {
  const env = await benchEnvironment('cold');
  try {
    const id = await seedOneContract(env, 'COLD-1');

    const dir = mkdtempSync(join(tmpdir(), 'cold-'));
    await bundle(entry, join(dir, 'api'));
    await bundle('bench/floor/handler.ts', join(dir, 'floor'));
    await bundle('bench/floor/web-handler.ts', join(dir, 'web-floor'));
    // Imported as Lambda's runtime imports an ES module handler: by its file URL.
    const api = pathToFileURL(join(dir, 'api', 'index.mjs')).href;
    const floor = pathToFileURL(join(dir, 'floor', 'index.mjs')).href;
    const webFloor = pathToFileURL(join(dir, 'web-floor', 'index.mjs')).href;
    const child = join(dir, 'child.mjs');
    writeFileSync(child, CHILD);
    const processEnv = {
      TABLE_NAME: env.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: env.dynamo.endpoint,
      AWS_REGION: 'eu-west-3',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const apiEvent = httpApiEvent({
      method: 'GET',
      path: `/api/contracts/${id}`,
      claims: { sub: 'bench-user', 'cognito:groups': '[procurement]' },
    });
    const floorEvent = {
      get: { TableName: env.tableName, Key: tenantKeys(DEFAULT_TENANT).contract(id) },
    };

    // In turns, so that the machine's drift touches both alike; one of each first, unmeasured.
    coldRun(child, floor, floorEvent, processEnv);
    coldRun(child, api, apiEvent, processEnv);
    const apiRuns: Run[] = [];
    const floorRuns: Run[] = [];
    const webFloorRuns: Run[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      floorRuns.push(coldRun(child, floor, floorEvent, processEnv));
      apiRuns.push(coldRun(child, api, apiEvent, processEnv));
      webFloorRuns.push(coldRun(child, webFloor, floorEvent, processEnv));
    }
    const median = (runs: Run[], field: keyof Run) =>
      percentile(
        runs.map((r) => r[field] ?? 0),
        50,
      );
    const result = {
      pairs: PAIRS,
      api: {
        importMs: median(apiRuns, 'importMs'),
        totalMs: median(apiRuns, 'totalMs'),
        rssMb: median(apiRuns, 'rssKb') / 1024,
        cpuMs: median(apiRuns, 'cpuMs'),
        ...bundleBytes(join(dir, 'api')),
      },
      webFloor: {
        totalMs: median(webFloorRuns, 'totalMs'),
        rssMb: median(webFloorRuns, 'rssKb') / 1024,
      },
      floor: {
        importMs: median(floorRuns, 'importMs'),
        totalMs: median(floorRuns, 'totalMs'),
        rssMb: median(floorRuns, 'rssKb') / 1024,
        cpuMs: median(floorRuns, 'cpuMs'),
        ...bundleBytes(join(dir, 'floor')),
      },
      target: 1.3,
    };
    return {
      ...result,
      ratio: result.api.totalMs / result.floor.totalMs,
      rssRatio: result.api.rssMb / result.floor.rssMb,
      webRatio: result.api.totalMs / result.webFloor.totalMs,
    };
  } finally {
    await env.close();
  }
}

/** Runs in the fresh process: the import alone (the function's init), time and peak RSS. */
const IMPORT_ONLY = `
const started = process.hrtime.bigint();
await import(process.env.BUNDLE);
process.stdout.write(JSON.stringify({
  importMs: Number(process.hrtime.bigint() - started) / 1e6,
  totalMs: 0,
  rssKb: process.resourceUsage().maxRSS,
}));
process.exit(0);
`;

/**
 * The other functions' cold start, without a target: the monthly report's and the import
 * worker's init (a fresh process importing the deployable bundle), median of 11 runs. Their
 * first event needs SES, S3 and SQS, which have no stand-in here: the init is what is measured.
 */
export async function otherColdStarts() {
  const dir = mkdtempSync(join(tmpdir(), 'cold-others-'));
  const child = join(dir, 'child.mjs');
  writeFileSync(child, IMPORT_ONLY);
  const functions: { name: string; entry: string; env: Record<string, string> }[] = [
    {
      name: 'monthly report',
      entry: 'functions/monthly-report/index.ts',
      env: { SENDER_ADDRESS: 'rapports@metropole.example' },
    },
    {
      name: 'import worker',
      entry: 'functions/import-worker/index.ts',
      env: {
        UPLOAD_BUCKET: 'uploads',
        IMPORT_QUEUE_URL: 'https://sqs.eu-west-3.amazonaws.com/1/q',
      },
    },
  ];
  const results = [];
  for (const fn of functions) {
    const out = join(dir, fn.name.replace(' ', '-'));
    await bundle(fn.entry, out);
    const file = pathToFileURL(join(out, 'index.mjs')).href;
    const env = { TABLE_NAME: 'cold-table', AWS_REGION: 'eu-west-3', ...fn.env };
    const runs = Array.from({ length: 11 }, () => coldRun(child, file, {}, env));
    results.push({
      name: fn.name,
      importMs: percentile(
        runs.map((r) => r.importMs),
        50,
      ),
      rssMb:
        percentile(
          runs.map((r) => r.rssKb),
          50,
        ) / 1024,
      ...bundleBytes(out),
    });
  }
  return results;
}

export function describeOtherColdStarts(r: Awaited<ReturnType<typeof otherColdStarts>>): string {
  return r
    .map(
      (f) =>
        `     ${f.name} function: init ${ms(f.importMs)}, peak RSS ${f.rssMb.toFixed(1)} MB, ${kb(f.bytes)} at init of ${kb(f.allBytes)} (no target)`,
    )
    .join('\n');
}

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

export function describeColdStart(r: Awaited<ReturnType<typeof coldStartBenchmark>>): string {
  const met = (ratio: number) => (ratio <= r.target ? 'met' : 'NOT met');
  return [
    `cold start (import + first GET /api/contracts/{id}, median of ${r.pairs} pairs): API bundle ${ms(r.api.totalMs)} (import ${ms(r.api.importMs)}, ${kb(r.api.bytes)} in ${r.api.files} files at init of ${kb(r.api.allBytes)}) vs floor ${ms(r.floor.totalMs)} (import ${ms(r.floor.importMs)}, one GetItem, ${kb(r.floor.bytes)} in ${r.floor.files} files) → ratio ${r.ratio.toFixed(2)} (target ≤ ${r.target}: ${met(r.ratio)})`,
    `     peak RSS: API ${r.api.rssMb.toFixed(1)} MB vs floor ${r.floor.rssMb.toFixed(1)} MB → ratio ${r.rssRatio.toFixed(2)} (target ≤ ${r.target}: ${met(r.rssRatio)})`,
    `     CPU time (the process's, start-up included; a busy machine inflates it least): API ${ms(r.api.cpuMs)} vs floor ${ms(r.floor.cpuMs)} → ratio ${(r.api.cpuMs / r.floor.cpuMs).toFixed(2)} (no target)`,
    `     floor with web Request/Response (what a Hono function must load, undici): ${ms(r.webFloor.totalMs)}, peak RSS ${r.webFloor.rssMb.toFixed(1)} MB → API / it: ${r.webRatio.toFixed(2)} (no target)`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  console.log(describeColdStart(await coldStartBenchmark(process.argv[2])));
  console.log(describeOtherColdStarts(await otherColdStarts()));
  process.exit(0);
}
