import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundle } from '../infra/aws/bundle/bundle.mjs';
import { machine, ms, percentile } from './support';

// Cold start: how long the deployable API bundle takes to import in a fresh Node process (what
// Lambda does at init), against a floor bundle holding only a trivial handler and the DynamoDB
// document client, bundled the same way. Target: ratio ≤ 1.3.

const RUNS = 21;

function importTimes(file: string): number[] {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = spawnSync(
      process.execPath,
      [
        '-e',
        `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`,
      ],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          TABLE_NAME: 'clause-tracker',
          AWS_REGION: 'eu-west-3',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      },
    );
    if (result.status !== 0) throw new Error(result.stderr.slice(0, 500));
    times.push(Number(result.stdout));
  }
  return times;
}

export async function coldStartBenchmark() {
  const dir = mkdtempSync(join(tmpdir(), 'cold-'));
  await bundle('functions/api/index.ts', join(dir, 'api'));
  await bundle('bench/floor/handler.ts', join(dir, 'floor'));
  const api = join(dir, 'api', 'index.js');
  const floor = join(dir, 'floor', 'index.js');
  // Interleaved, so that the machine's drift touches both alike.
  const apiTimes: number[] = [];
  const floorTimes: number[] = [];
  for (let round = 0; round < 3; round++) {
    floorTimes.push(...importTimes(floor));
    apiTimes.push(...importTimes(api));
  }
  const apiMedian = percentile(apiTimes, 50);
  const floorMedian = percentile(floorTimes, 50);
  return {
    apiMedian,
    floorMedian,
    ratio: apiMedian / floorMedian,
    apiBytes: statSync(api).size,
    floorBytes: statSync(floor).size,
    target: 1.3,
  };
}

export function describeColdStart(r: Awaited<ReturnType<typeof coldStartBenchmark>>): string {
  return `cold start: API bundle ${ms(r.apiMedian)} (${Math.round(r.apiBytes / 1024)} KB) vs floor ${ms(r.floorMedian)} (${Math.round(r.floorBytes / 1024)} KB) → ratio ${r.ratio.toFixed(2)} (target ≤ ${r.target}: ${r.ratio <= r.target ? 'met' : 'NOT met'})`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  console.log(describeColdStart(await coldStartBenchmark()));
}
