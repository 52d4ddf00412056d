import { readFileSync } from 'node:fs';
import { type Measured, type Operation, USE, usd } from './cost';
import type { StructureProfile } from './structures-profile';

// The monthly bill of one structure, and of the country as the sum of its structures: the
// per-operation costs bench/cost.ts measures on a metropolis (lines typed, imported, voided,
// contracts registered, storage per line), with the reads each structure's own pages and
// reports were measured to make (bench/structures-scale.ts), and the schedules' jobs: a report
// job and a daily job per structure a month (SQS: sent in batches of ten, received, deleted),
// the dispatcher's 31 runs.

/** What the bill needs of bench/cost.ts's measures: prices, the writing operations, storage. */
export type OperationCosts = Pick<Measured, 'prices' | 'bytesPerLine'> & {
  operations: Pick<Measured['operations'], 'logLine' | 'voidLine' | 'register' | 'importStatement'>;
  /** Where the figures come from. */
  source: string;
};

/**
 * The writing operations as `npm run bench` last measured them (bench/RESULTS.md, run of
 * 2 December 2026, 15:28 UTC), for this benchmark run alone; `npm run bench` passes the
 * figures its cost run has just measured.
 */
export function recordedCosts(): OperationCosts {
  const op = (rru: number, wru: number, ms: number): Operation => ({
    rru,
    wru,
    items: 0,
    ms,
    requests: 1,
  });
  return {
    prices: JSON.parse(
      readFileSync(new URL('./prices-eu-west-3.json', import.meta.url), 'utf8'),
    ) as Measured['prices'],
    operations: {
      logLine: op(0, 12, 18),
      voidLine: op(1, 12, 23),
      register: op(0.5, 12, 21),
      importStatement: op(6, 3656, 26_721),
    },
    bytesPerLine: 3215,
    source: 'recorded: bench/RESULTS.md, run of 2026-12-02',
  };
}

/** What one read-only view cost when measured: capacity units, items, calls, time. */
export interface Read {
  /** The median time of the runs; `bestMs` the fastest (the least disturbed by other work). */
  ms: number;
  bestMs: number;
  rru: number;
  items: number;
  calls: number;
  lines: number;
}

export interface Bill {
  profile: StructureProfile;
  reads: number;
  writes: number;
  storage: number;
  lambda: number;
  httpApi: number;
  sqs: number;
  ses: number;
  total: number;
  dashboardRru: number;
  dashboards: number;
}

/** The function's memory (1024 MB, the API's and the report function's): GB-seconds per ms. */
const GB = 1;
/** Jobs a structure gets a month: its report, and its daily run on its reminder day. */
const JOBS_PER_MONTH = 2;
/** SQS requests per job: a tenth of a batched send, a receive, a delete. */
const SQS_PER_JOB = 2.1;

const asOperation = (read: Read, requests: number): Operation => ({
  rru: read.rru,
  wru: 0,
  items: read.items,
  ms: read.ms,
  requests,
});

export function structureBill(
  measured: OperationCosts,
  s: StructureProfile,
  views: { dashboard: Read; report: Read; plie: Read },
): Bill {
  const { prices, operations: op } = measured;
  const lines = s.lines / 12;
  const perLineImport: Operation = {
    rru: op.importStatement.rru / 10_000,
    wru: op.importStatement.wru / 10_000,
    items: 0,
    ms: op.importStatement.ms / 10_000,
    requests: 1 / 2_000,
  };
  const dashboard = asOperation(views.dashboard, 2);
  const viewsCount = s.users * USE.viewsPerUser;
  // Through the API (HTTP API requests) or run by the report function (no API request).
  const uses: [Operation, number, boolean][] = [
    [op.logLine, lines * USE.typedShare, true],
    [perLineImport, lines * (1 - USE.typedShare), true],
    [op.voidLine, lines * USE.voidShare, true],
    [op.register, s.contracts / 12, true],
    [asOperation(views.report, 1), 1, false],
    [asOperation(views.plie, 0), s.plies.length, false],
    [dashboard, viewsCount, true],
  ];
  let rru = 0;
  let wru = 0;
  let gbSeconds = 0;
  let apiRequests = 0;
  for (const [o, count, api] of uses) {
    rru += o.rru * count;
    wru += o.wru * count;
    gbSeconds += (o.ms / 1000) * GB * count;
    if (api) apiRequests += o.requests * count;
  }
  const invocations = apiRequests + JOBS_PER_MONTH;
  const storageGb = (s.lines * USE.yearsKept * measured.bytesPerLine) / 2 ** 30;
  const bill = {
    reads: (rru / 1e6) * prices.dynamodb.readRequestUnitsPerMillion,
    writes: (wru / 1e6) * prices.dynamodb.writeRequestUnitsPerMillion,
    storage: storageGb * (prices.dynamodb.storageGbMonth + prices.dynamodb.pitrGbMonth),
    lambda:
      gbSeconds * prices.lambda.gbSecondArm64 +
      (invocations / 1e6) * prices.lambda.requestsPerMillion,
    httpApi: (apiRequests / 1e6) * prices.httpApi.requestsPerMillion,
    sqs: ((JOBS_PER_MONTH * SQS_PER_JOB) / 1e6) * sqsPrice(measured),
    // The full report to the structure's recipients, each PLIE's to its coordinator.
    ses: ((1 + s.plies.length) / 1000) * prices.ses.emailsPerThousand,
  };
  return {
    profile: s,
    ...bill,
    total: Object.values(bill).reduce((a, b) => a + b, 0),
    dashboardRru: dashboard.rru * viewsCount,
    dashboards: (dashboard.rru * viewsCount * prices.dynamodb.readRequestUnitsPerMillion) / 1e6,
  };
}

const sqsPrice = (measured: OperationCosts) =>
  (measured.prices as { sqs?: { requestsPerMillion: number } }).sqs?.requestsPerMillion ?? 0.4;

/**
 * Lambda's SQS pollers long-poll an idle queue (20 s) with a few connections: about 3 requests
 * a minute each, five pollers a queue — an estimate from AWS's description, not a measure.
 */
const POLL_REQUESTS_PER_QUEUE = 5 * 3 * 60 * 24 * 30;

/** The country: every structure's bill, the dispatcher's runs, the queues' polling (fixed). */
export function sumBills(
  measured: OperationCosts,
  bills: readonly Bill[],
  dispatch: { monthly: Read; daily: Read },
) {
  const { prices } = measured;
  const dispatcherRru = dispatch.monthly.rru + 30 * dispatch.daily.rru;
  const dispatcherSeconds = (dispatch.monthly.ms + 30 * dispatch.daily.ms) / 1000;
  const dispatcherReads = (dispatcherRru / 1e6) * prices.dynamodb.readRequestUnitsPerMillion;
  const dispatcherLambda =
    dispatcherSeconds * GB * prices.lambda.gbSecondArm64 +
    (31 / 1e6) * prices.lambda.requestsPerMillion;
  const sum = (pick: (b: Bill) => number) => bills.reduce((total, b) => total + pick(b), 0);
  const bill = {
    reads: sum((b) => b.reads) + dispatcherReads,
    writes: sum((b) => b.writes),
    storage: sum((b) => b.storage),
    lambda: sum((b) => b.lambda) + dispatcherLambda,
    httpApi: sum((b) => b.httpApi),
    sqs: sum((b) => b.sqs),
    ses: sum((b) => b.ses),
  };
  const pollRequests = 2 * POLL_REQUESTS_PER_QUEUE;
  return {
    bill: {
      profile: bills[0]?.profile as StructureProfile,
      ...bill,
      total: Object.values(bill).reduce((a, b) => a + b, 0),
      dashboardRru: sum((b) => b.dashboardRru),
      dashboards: sum((b) => b.dashboards),
    },
    dashboards: sum((b) => b.dashboards),
    dashboardRru: sum((b) => b.dashboardRru),
    dispatcher: dispatcherReads + dispatcherLambda,
    pollRequests,
    polling: (pollRequests / 1e6) * sqsPrice(measured),
    usd,
  };
}
