import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from '../infra/aws/bundle/bundle.mjs';
import { DEFAULT_TENANT } from '../shared/domain/tenants';
import { tenantKeys } from '../shared/store/keys';
import { httpApiEvent, lambdaContext } from '../test/support/lambda-events';
import { benchEnvironment, machine, ms, percentile, seedOneContract, uptime } from './support';

// Node 24's module compile cache as a cold-start lever (issue 26): can a cache built at bundle
// time ship with the function? The API bundle is built as `cdk synth` builds it (bundle.mjs,
// pages included), copied, and the copy run once with NODE_COMPILE_CACHE pointing into it (the
// build step that would make the cache); the copy is then moved elsewhere (Lambda unpacks the
// code in /var/task, not where it was built: the cache is made "portable", keyed by paths
// relative to it) and run as an unprivileged user that cannot write to it (Lambda's code
// directory is read-only). Import + first GET /api/contracts/{id}, in turns with the floor and
// the bundle without cache, median of the pairs, as bench/cold-start.ts measures.
//
//   npx tsx bench/compile-cache.ts        (BENCH_PAIRS=31 by default)

const PAIRS = Number(process.env.BENCH_PAIRS ?? 31);

const CHILD = `
const started = process.hrtime.bigint();
const { handler } = await import(process.env.BUNDLE);
const imported = process.hrtime.bigint();
handler(JSON.parse(process.env.EVENT), JSON.parse(process.env.CONTEXT)).then(async (response) => {
  const done = process.hrtime.bigint();
  if (response.statusCode !== 200) throw new Error('status ' + response.statusCode + ' ' + response.body);
  const { getCompileCacheDir } = await import('node:module');
  process.stdout.write(JSON.stringify({
    importMs: Number(imported - started) / 1e6,
    totalMs: Number(done - started) / 1e6,
    rssKb: process.resourceUsage().maxRSS,
    cacheDir: getCompileCacheDir() ?? null,
  }));
  process.exit(0);
});
`;

interface Run {
  importMs: number;
  totalMs: number;
  rssKb: number;
  cacheDir: string | null;
}

/** The files under a directory with their sizes and times: to see that a run wrote nothing. */
function listing(dir: string): string {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else out.push(`${p} ${s.size} ${s.mtimeMs}`);
    }
  };
  walk(dir);
  return out.sort().join('\n');
}

export async function compileCacheBenchmark() {
  const env = await benchEnvironment('compile-cache');
  try {
    const id = await seedOneContract(env, 'CACHE-1');
    const dir = mkdtempSync(join(tmpdir(), 'compile-cache-'));
    const built = join(dir, 'build', 'api');
    await bundle('functions/api/index.ts', built, undefined, true);
    await bundle('bench/floor/handler.ts', join(dir, 'floor'));
    const child = join(dir, 'child.mjs');
    writeFileSync(child, CHILD);
    const base = {
      PATH: process.env.PATH ?? '',
      TABLE_NAME: env.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: env.dynamo.endpoint,
      AWS_REGION: 'eu-west-3',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      CONTEXT: JSON.stringify({ ...lambdaContext, getRemainingTimeInMillis: undefined }),
    };
    const apiEvent = JSON.stringify(
      httpApiEvent({
        method: 'GET',
        path: `/api/contracts/${id}`,
        claims: { sub: 'bench-user', 'cognito:groups': '[procurement]' },
      }),
    );
    const floorEvent = JSON.stringify({
      get: { TableName: env.tableName, Key: tenantKeys(DEFAULT_TENANT).contract(id) },
    });
    const run = (file: string, event: string, extra: Record<string, string>, asNobody = false) => {
      const args = [child];
      const command = asNobody ? 'setpriv' : process.execPath;
      const argv = asNobody
        ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, ...args]
        : args;
      const result = spawnSync(command, argv, {
        encoding: 'utf8',
        cwd: dir,
        env: { ...base, ...extra, BUNDLE: pathToFileURL(file).href, EVENT: event },
      });
      if (result.status !== 0) throw new Error(result.stderr.slice(0, 800));
      return JSON.parse(result.stdout) as Run;
    };

    // The build step: the bundle run once (import and one request: the route group's chunk is
    // compiled too), writing its cache inside the bundle directory. Node 24 names the cache's
    // folder by its version, architecture, V8 flags and the user id that wrote it
    // (`v24.21.0-x64-964aae3f-0`), and the process that reads it looks for its own: a cache built
    // by root (CDK's bundling here) and one built by the user who runs it are both measured.
    const cacheEnv = (bundleDir: string) => ({
      NODE_COMPILE_CACHE: join(bundleDir, '.node-compile-cache'),
      NODE_COMPILE_CACHE_PORTABLE: '1',
    });
    const plain = join(dir, 'plain');
    cpSync(built, plain, { recursive: true });
    run(join(built, 'index.mjs'), apiEvent, cacheEnv(built));
    const sameUser = join(dir, 'build', 'same-user');
    cpSync(plain, sameUser, { recursive: true });
    spawnSync('chmod', ['-R', 'a+rwX', dir]);
    run(join(sameUser, 'index.mjs'), apiEvent, cacheEnv(sameUser), true);
    // "Deployed": the same files elsewhere, read-only to the process that runs them.
    const deployed = join(dir, 'task');
    cpSync(built, deployed, { recursive: true });
    const deployedSame = join(dir, 'task-same-user');
    cpSync(sameUser, deployedSame, { recursive: true });
    spawnSync('chmod', ['-R', 'a+rX,a-w', dir]);
    const cacheFiles = listing(join(deployed, '.node-compile-cache'));
    const sameFiles = listing(join(deployedSame, '.node-compile-cache'));
    const cacheBytes = cacheFiles
      .split('\n')
      .reduce((sum, line) => sum + Number(line.split(' ').at(-2) ?? 0), 0);

    const apiPlain = join(plain, 'index.mjs');
    const apiCached = join(deployed, 'index.mjs');
    const apiSame = join(deployedSame, 'index.mjs');
    const floor = join(dir, 'floor', 'index.mjs');
    run(floor, floorEvent, {}, true);
    run(apiPlain, apiEvent, {}, true);
    const first = run(apiCached, apiEvent, cacheEnv(deployed), true);
    const firstSame = run(apiSame, apiEvent, cacheEnv(deployedSame), true);
    const runs = { floor: [] as Run[], plain: [] as Run[], cached: [] as Run[], same: [] as Run[] };
    for (let pair = 0; pair < PAIRS; pair++) {
      runs.floor.push(run(floor, floorEvent, {}, true));
      runs.plain.push(run(apiPlain, apiEvent, {}, true));
      runs.cached.push(run(apiCached, apiEvent, cacheEnv(deployed), true));
      runs.same.push(run(apiSame, apiEvent, cacheEnv(deployedSame), true));
    }
    const unchanged =
      listing(join(deployed, '.node-compile-cache')) === cacheFiles &&
      listing(join(deployedSame, '.node-compile-cache')) === sameFiles;
    const median = (list: Run[], field: 'importMs' | 'totalMs' | 'rssKb') =>
      percentile(
        list.map((r) => r[field]),
        50,
      );
    const figures = (list: Run[]) => ({
      importMs: median(list, 'importMs'),
      totalMs: median(list, 'totalMs'),
      rssMb: median(list, 'rssKb') / 1024,
    });
    const result = {
      pairs: PAIRS,
      floor: figures(runs.floor),
      plain: figures(runs.plain),
      cached: figures(runs.cached),
      same: figures(runs.same),
      cacheDir: first.cacheDir,
      sameCacheDir: firstSame.cacheDir,
      cacheFolders: [
        ...new Set(
          `${cacheFiles}\n${sameFiles}`
            .split('\n')
            .map((l) => l.split('.node-compile-cache/')[1]?.split('/')[0]),
        ),
      ],
      cacheEntries: cacheFiles.split('\n').length,
      cacheBytes,
      unchanged,
    };
    return {
      ...result,
      plainRatio: result.plain.totalMs / result.floor.totalMs,
      cachedRatio: result.cached.totalMs / result.floor.totalMs,
      sameRatio: result.same.totalMs / result.floor.totalMs,
    };
  } finally {
    await env.close();
  }
}

export function describeCompileCache(r: Awaited<ReturnType<typeof compileCacheBenchmark>>) {
  const line = (name: string, f: { importMs: number; totalMs: number; rssMb: number }) =>
    `${name}: ${ms(f.totalMs)} (import ${ms(f.importMs)}), peak RSS ${f.rssMb.toFixed(1)} MB`;
  return [
    `compile cache (import + first GET /api/contracts/{id}, median of ${r.pairs} rounds of the four in turns, run as nobody on read-only files):`,
    `     ${line('floor', r.floor)}`,
    `     ${line('API bundle, no cache', r.plain)} → ratio ${r.plainRatio.toFixed(2)}`,
    `     ${line('API bundle, cache built at bundle time by root', r.cached)} → ratio ${r.cachedRatio.toFixed(2)}; cache in use: ${r.cacheDir ?? 'no'}`,
    `     ${line('API bundle, cache built by the user who runs it', r.same)} → ratio ${r.sameRatio.toFixed(2)}; cache in use: ${r.sameCacheDir ?? 'no'}`,
    `     cache: ${r.cacheEntries} files, ${Math.round(r.cacheBytes / 1024)} KB; folders ${r.cacheFolders.join(', ')}; left unchanged by the runs: ${r.unchanged}`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  console.log(`load before: ${uptime()}`);
  console.log(describeCompileCache(await compileCacheBenchmark()));
  console.log(`load after: ${uptime()}`);
  process.exit(0);
}
