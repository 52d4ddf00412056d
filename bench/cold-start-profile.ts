import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundle } from '../infra/aws/bundle/bundle.mjs';
import { httpApiEvent, lambdaContext } from '../test/support/lambda-events';
import { benchEnvironment, seedOneContract } from './support';

// What the API's cold start is made of: a fresh process imports the bundle, answers the first
// GET /api/contracts/{id}, then the same request twice more. The first request's extra time
// over the third is what the first request builds lazily (routes, schemas, clients); a CPU
// profile of the whole (`--cpu-prof`) says which functions take it. Not part of `npm run bench`.

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
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Self time by source file of the bundle and by function, the heaviest first. */
function summarise(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byFunction = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.split('/').slice(-1)[0]}:${lineNumber}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const top = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [key, us] of top) console.log(`${(us / 1000).toFixed(1).padStart(7)} ms  ${key}`);
}
