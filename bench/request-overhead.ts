import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { bundle } from '../infra/aws/bundle/bundle.mjs';
import { httpApiEvent, lambdaContext } from '../test/support/lambda-events';
import { benchEnvironment, machine, ms, percentile, seedOneContract } from './support';

// Request overhead: logging one hour line through the deployable Lambda handler (API Gateway v2
// event, authorizer claims, validation, the transaction), against DynamoDB Local, compared with
// sending the very TransactWriteItems that line needs straight from the SDK. Target: ≤ 1.10 (issue 15).

const WARMUP = 50;
const RUNS = 400;

export async function requestOverheadBenchmark() {
  const env = await benchEnvironment();
  try {
    const contractId = await seedOneContract(env, 'BENCH-1', { endsOn: '2026-12-31' });

    // The deployable handler, loaded as Lambda loads it, pointed at DynamoDB Local.
    const dir = mkdtempSync(join(tmpdir(), 'overhead-'));
    await bundle('functions/api/index.ts', dir);
    Object.assign(process.env, {
      TABLE_NAME: env.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: env.dynamo.endpoint,
      AWS_REGION: 'eu-west-3',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    const { handler } = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
      handler: (event: unknown, context: unknown) => Promise<{ statusCode: number; body: string }>;
    };

    // What the handler sends for one line, captured once, then replayed raw with fresh ids.
    let captured: TransactWriteCommandInput | undefined;
    env.doc.middlewareStack.add(
      (next, context) => async (args) => {
        if (/TransactWrite/.test(context.commandName ?? '') && !captured)
          captured = structuredClone(args.input as TransactWriteCommandInput);
        return next(args);
      },
      { step: 'initialize', name: 'capture' },
    );

    const claims = { sub: 'bench-user', 'cognito:groups': '[procurement]' };
    let n = 0;
    const viaHandler = async () => {
      n += 1;
      const started = performance.now();
      const body = JSON.stringify({
        contractId: contractId,
        plieId: 'bordeaux',
        month: '2025-06',
        // Hours of its own: a typical line repeats none (a possible duplicate also reads the
        // line it repeats and who logged it, to say so).
        hours: 1 + n / 100,
        mode: 'direct-hire',
      });
      // Headers as API Gateway passes them, content-length included.
      const headers = {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
        'idempotency-key': `bench-${n}`,
      };
      const response = await handler(
        httpApiEvent({ method: 'POST', path: '/api/hours', headers, body, claims }),
        lambdaContext,
      );
      const elapsed = performance.now() - started;
      if (response.statusCode !== 201) throw new Error(response.body);
      return elapsed;
    };
    await viaHandler();
    // The same transaction through the store's client, to capture its exact items.
    await env.stores.hours.log(
      {
        id: 'CAPTURE0000000000000000000',
        contractId: contractId,
        plieId: 'bordeaux',
        participantId: null,
        month: '2025-06',
        // Hours no line of the handler's has (theirs are 1.01 and more): a typical line
        // repeats none, so its transaction is the usual one, markers checked and written.
        hours: 0.5,
        mode: 'direct-hire',
        status: 'active',
        createdAt: new Date().toISOString(),
        createdBy: 'bench-user',
        voidedAt: null,
        voidedBy: null,
        voidReason: null,
        source: 'api',
        statementId: null,
        statementLine: null,
      },
      { actor: { sub: 'bench-user', role: 'procurement' }, at: new Date().toISOString() },
      {
        sub: 'bench-user',
        key: 'capture-key',
        requestHash: 'x',
        response: { status: 201, body: {} },
      },
    );
    // The line's duplicate-key marker (shared/store/duplicate-markers.ts) is Put on the
    // condition that it is new, as each of the handler's lines (hours of their own) finds it:
    // each replay names its own, as it names its own line and idempotency key.
    const marker = captured?.TransactItems?.find((item) => item.Put?.Item?._type === 'line-key')
      ?.Put?.Item?.pk as string | undefined;
    if (!marker) throw new Error('the captured transaction has no duplicate-key marker');
    const template = JSON.stringify(captured);
    // The baseline is the floor bundle of the cold-start benchmark: the same SDK, bundled the same
    // way and configured from the environment, sending the transaction and nothing else.
    const floorDir = mkdtempSync(join(tmpdir(), 'floor-'));
    await bundle('bench/floor/handler.ts', floorDir);
    const floor = (await import(pathToFileURL(join(floorDir, 'index.mjs')).href)) as {
      handler: (event: { items: unknown[] }) => Promise<unknown>;
    };
    let m = 0;
    const raw = async () => {
      m += 1;
      const input = JSON.parse(
        template
          .replaceAll('CAPTURE0000000000000000000', `RAW${String(m).padStart(23, '0')}`)
          .replaceAll('capture-key', `raw-${m}`)
          .replaceAll(`"${marker}"`, `"${marker}#RAW${m}"`),
      ) as TransactWriteCommandInput;
      const started = performance.now();
      await floor.handler({ items: input.TransactItems ?? [] });
      return performance.now() - started;
    };

    for (let i = 0; i < WARMUP; i++) {
      await viaHandler();
      await raw();
    }
    const handlerTimes: number[] = [];
    const rawTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      handlerTimes.push(await viaHandler());
      rawTimes.push(await raw());
    }
    return {
      handler: { p50: percentile(handlerTimes, 50), p99: percentile(handlerTimes, 99) },
      raw: { p50: percentile(rawTimes, 50), p99: percentile(rawTimes, 99) },
      items: captured?.TransactItems?.length ?? 0,
      target: 1.1,
    };
  } finally {
    await env.close();
  }
}

export function describeRequestOverhead(
  r: Awaited<ReturnType<typeof requestOverheadBenchmark>>,
): string {
  const ratio = r.handler.p50 / r.raw.p50;
  return `request overhead: log one line via the Lambda handler p50 ${ms(r.handler.p50)} / p99 ${ms(r.handler.p99)} vs raw TransactWriteItems (${r.items} items) p50 ${ms(r.raw.p50)} / p99 ${ms(r.raw.p99)} → p50 ratio ${ratio.toFixed(2)} (target ≤ ${r.target}: ${ratio <= r.target ? 'met' : 'NOT met'})`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  console.log(describeRequestOverhead(await requestOverheadBenchmark()));
}
