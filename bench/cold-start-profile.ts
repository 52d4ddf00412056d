import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundle } from '../infra/aws/bundle/bundle.mjs';
import { httpApiEvent, lambdaContext } from '../test/support/lambda-events';
import { benchEnvironment, seedOneContract } from './support';

// What the API's cold start is made of: a fresh process imports the bundle, answers the first
// GET /api/contracts/{id}, then the same request twice more. The first request's extra time
// over the third is what the first request builds lazily (routes, schemas, clients); a CPU
// profile of the whole (`--cpu-prof`) says which packages and folders of ours take it, through
// the bundle's source maps. Not part of `npm run bench`.

const CHILD = `
const t0 = process.hrtime.bigint();
const { handler } = await import(process.env.BUNDLE);
const t1 = process.hrtime.bigint();
const event = JSON.parse(process.env.EVENT);
const context = JSON.parse(process.env.CONTEXT);
const times = [];
for (let i = 0; i < 3; i++) {
  const s = process.hrtime.bigint();
  const r = await handler(event, context);
  if (r.statusCode !== 200) throw new Error('status ' + r.statusCode);
  times.push(Number(process.hrtime.bigint() - s) / 1e6);
}
process.stdout.write(JSON.stringify({ importMs: Number(t1 - t0) / 1e6, requests: times }));
process.exit(0);
`;

const env = await benchEnvironment('coldprof');
try {
  const id = await seedOneContract(env, 'COLD-1');
  const dir = mkdtempSync(join(tmpdir(), 'coldprof-'));
  await bundle('functions/api/index.ts', join(dir, 'api'));
  const child = join(dir, 'child.mjs');
  writeFileSync(child, CHILD);
  const event = httpApiEvent({
    method: 'GET',
    path: `/api/contracts/${id}`,
    claims: { sub: 'bench-user', 'cognito:groups': '[procurement]' },
  });
  const run = (args: string[]) => {
    const result = spawnSync(process.execPath, [...args, child], {
      encoding: 'utf8',
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        TABLE_NAME: env.tableName,
        AWS_ENDPOINT_URL_DYNAMODB: env.dynamo.endpoint,
        AWS_REGION: 'eu-west-3',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        BUNDLE: pathToFileURL(join(dir, 'api', 'index.mjs')).href,
        EVENT: JSON.stringify(event),
        CONTEXT: JSON.stringify({ ...lambdaContext, getRemainingTimeInMillis: undefined }),
      },
    });
    if (result.status !== 0) throw new Error(result.stderr.slice(0, 800));
    return JSON.parse(result.stdout) as { importMs: number; requests: number[] };
  };
  const runs = Array.from({ length: Number(process.env.RUNS ?? 9) }, () => run([]));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.log(
    `import ${median(runs.map((r) => r.importMs)).toFixed(1)} ms; requests 1st ${median(runs.map((r) => r.requests[0] ?? 0)).toFixed(1)} ms, 2nd ${median(runs.map((r) => r.requests[1] ?? 0)).toFixed(1)} ms, 3rd ${median(runs.map((r) => r.requests[2] ?? 0)).toFixed(1)} ms (median of ${runs.length})`,
  );
  run(['--cpu-prof', '--cpu-prof-interval', '100']);
  const profile = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (profile) {
    console.log(`profile: ${join(dir, profile)}`);
    summarise(JSON.parse(readFileSync(join(dir, profile), 'utf8')));
  }
} finally {
  await env.close();
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

/**
 * Where a frame's code comes from, through the bundle's source maps: a package
 * (`@smithy/core`), a folder of ours (`shared/store`), or Node's own (`node:…`, V8's compiler,
 * the garbage collector). The chunks' names say nothing since their modules share chunks.
 */
function sourceNamer() {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (url: string) => {
    if (!url.startsWith('file:')) return null;
    if (!maps.has(url)) {
      const file = `${fileURLToPath(url)}.map`;
      maps.set(
        url,
        existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : null,
      );
    }
    return maps.get(url) ?? null;
  };
  return ({ url, lineNumber, columnNumber, functionName }: ProfileNode['callFrame']) => {
    const entry = mapOf(url)?.findEntry(lineNumber, columnNumber);
    const source = entry && 'originalSource' in entry ? entry.originalSource : undefined;
    // V8's own entries ("(program)", "(garbage collector)") and native functions have no URL;
    // a bundle's frame without a mapping is its chunk's top level (the modules' evaluation).
    if (!source && url.startsWith('file:')) return 'bundle (top level of a chunk)';
    if (!source) return url ? `node:${url.replace(/^node:/, '')}` : functionName || '(native)';
    const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
    if (inPackage) return inPackage[1] as string;
    return source.split('/').slice(0, 2).join('/');
  };
}

/**
 * Self time by origin (what runs), and time by origin with what it calls (a package's share
 * including Node's work on its behalf), the heaviest first.
 */
function summarise(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const nameOf = sourceNamer();
  const origin = new Map<number, string>();
  const originOf = (id: number) => {
    let name = origin.get(id);
    if (name === undefined) {
      const node = byId.get(id);
      name = node ? nameOf(node.callFrame) : '?';
      origin.set(id, name);
    }
    return name;
  };
  const self = new Map<string, number>();
  const within = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, us: number) =>
    map.set(key, (map.get(key) ?? 0) + us);
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    add(self, originOf(id), us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      seen.add(originOf(at));
    for (const name of seen) add(within, name, us);
  });
  const show = (title: string, map: Map<string, number>) => {
    console.log(title);
    for (const [key, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, 20))
      console.log(`${(us / 1000).toFixed(1).padStart(7)} ms  ${key}`);
  };
  show('self time by origin:', self);
  show('with what it calls:', within);
}
