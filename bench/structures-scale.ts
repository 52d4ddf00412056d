import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dailyJobs, monthlyReportJobs } from '#shared/jobs/schedule-dispatch';
import {
  type Bill,
  type OperationCosts,
  type Read,
  recordedCosts,
  structureBill,
  sumBills,
} from './structures-bill';
import {
  MONTH,
  type StructureProfile,
  seedStructure,
  structureProfiles,
  YEAR,
} from './structures-profile';
import { benchEnvironment, machine, percentile, uptime } from './support';

// The national profile as ~300 structures (bench/structures-profile.ts): what one structure's
// pages read — a facilitator's dashboard, the structure's full report — against the country's
// data (target: under 1 % of its items, under 1 s here, and not one hour line), what the
// observer's consolidation of a year reads (each structure's totals, never a line), what the
// schedules' dispatcher reads, and the monthly bill recomputed structure by structure
// (bench/structures-bill.ts; targets: the country under $20 variable, a metropolis under $0.20).
//   npx tsx bench/structures-scale.ts [scale]    (scale < 1: a quick trial on fewer items)

const READS = /^(Get|BatchGet|Query|Scan)/;
/** Keys of hour lines (a line, or an index of lines): a read that names one reads lines. */
const LINE_KEYS = /(^|#|")LINES?#/;

/** Counts each read's capacity units and items (scanned, as billed), and those of hour lines. */
function readMeter(doc: DynamoDBDocumentClient) {
  const counter = { rru: 0, items: 0, calls: 0, lines: 0 };
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const read = READS.test(context.commandName ?? '');
      const input = args.input as Record<string, unknown>;
      if (read) input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      if (!read) return result;
      const output = result.output as {
        ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
        Items?: { _type?: unknown }[];
        ScannedCount?: number;
        Item?: { _type?: unknown };
        Responses?: Record<string, { _type?: unknown }[]>;
      };
      const returned = [
        ...(output.Items ?? []),
        ...(output.Item ? [output.Item] : []),
        ...Object.values(output.Responses ?? {}).flat(),
      ];
      const items = output.ScannedCount ?? returned.length;
      counter.calls += 1;
      counter.items += items;
      counter.rru += [output.ConsumedCapacity ?? []]
        .flat()
        .reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      const named = JSON.stringify([
        input.ExpressionAttributeValues,
        input.Key,
        input.RequestItems,
      ]);
      if (LINE_KEYS.test(named) || returned.some((item) => item._type === 'hours-line'))
        counter.lines += items;
      return result;
    },
    { step: 'initialize', name: 'readMeter', priority: 'high' },
  );
  return counter;
}

type Env = Awaited<ReturnType<typeof benchEnvironment>>;

export async function structuresBenchmark(
  options: {
    scale?: number;
    log?: (message: string) => void;
    /** The writing operations' costs: bench/cost.ts's of this run, or those last recorded. */
    costs?: OperationCosts;
  } = {},
) {
  const log = options.log ?? console.log;
  const profiles = structureProfiles(options.scale ?? 1);
  const env = await benchEnvironment('structures');
  let seeded: Awaited<ReturnType<typeof measureAll>>;
  let stored = 0;
  const started = performance.now();
  try {
    for (const s of profiles) {
      stored += await seedStructure(env.doc, env.tableName, s);
      if (s.rank % 50 === 0 || s.rank === 1)
        log(
          `  structure ${s.rank} of ${profiles.length} written (${stored.toLocaleString('en')} items, ${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
    }
    seeded = await measureAll(env, profiles, log);
  } finally {
    await env.close();
  }
  const measured = options.costs ?? recordedCosts();
  const bills = profiles.map((s) => {
    const reads = seeded.perStructure.get(s.id) as { dashboard: Read; report: Read; plie: Read };
    return structureBill(measured, s, reads);
  });
  return {
    profiles,
    stored,
    seedSeconds: (seeded.startedAt - started) / 1000,
    ...seeded,
    bills,
    country: sumBills(measured, bills, seeded.dispatch),
    measured,
  };
}

async function measureAll(env: Env, profiles: StructureProfile[], log: (m: string) => void) {
  const startedAt = performance.now();
  const reads = readMeter(env.doc);
  /** Runs `run` `times` times: the reads of one run, the median time. */
  const measure = async (run: () => Promise<unknown>, times = 1): Promise<Read> => {
    const durations: number[] = [];
    let before = { ...reads };
    for (let i = 0; i < times; i++) {
      before = { ...reads };
      const t = performance.now();
      await run();
      durations.push(performance.now() - t);
    }
    return {
      ms: percentile(durations, 50),
      bestMs: Math.min(...durations),
      rru: reads.rru - before.rru,
      items: reads.items - before.items,
      calls: reads.calls - before.calls,
      lines: reads.lines - before.lines,
    };
  };
  const ok = async (token: string, path: string) => {
    const answer = await env.call('GET', path, token);
    if (answer.status !== 200)
      throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
    return answer.body;
  };
  const report = `/api/reports/monthly/${MONTH}`;
  const highlighted = new Set([1, Math.ceil(profiles.length / 2), profiles.length]);
  const perStructure = new Map<string, { dashboard: Read; report: Read; plie: Read }>();
  // Warm first (the route groups imported, the code compiled, as in a function that has
  // served a while: the cold start is bench/cold-start.ts's): else the first structure
  // measured, the largest, would pay for it.
  for (const s of [profiles[0], profiles.at(-1)] as StructureProfile[]) {
    const procurement = await env.token('procurement', s.id);
    const admin = await env.token('admin', s.id);
    for (let i = 0; i < 3; i++) {
      await ok(procurement, report);
      await ok(procurement, '/api/statements?status=submitted&limit=1');
      await ok(admin, `${report}?plieId=${s.plies[0]}`);
    }
  }
  for (const s of profiles) {
    const procurement = await env.token('procurement', s.id);
    const admin = await env.token('admin', s.id);
    const times = highlighted.has(s.rank) ? 5 : 1;
    perStructure.set(s.id, {
      // The dashboard page's two requests, sent together as the page does.
      dashboard: await measure(
        () =>
          Promise.all([
            ok(procurement, report),
            ok(procurement, '/api/statements?status=submitted&limit=1'),
          ]),
        times,
      ),
      report: await measure(() => ok(procurement, report), times),
      plie: await measure(() => ok(admin, `${report}?plieId=${s.plies[0]}`), times),
    });
    if (s.rank % 100 === 0) log(`  ${s.rank} structures' dashboards and reports read`);
  }
  const observer = await env.token('observer');
  let published: { tenants: unknown[]; totals: { hours?: number } } | undefined;
  const consolidation = await measure(async () => {
    published = (await ok(observer, `/api/consolidation?year=${YEAR}`)) as typeof published;
  }, 3);
  const dispatch = {
    monthly: await measure(() => monthlyReportJobs(env.registry, MONTH)),
    daily: await measure(() => dailyJobs(env.registry, new Date(`${YEAR}-11-05T07:00:00Z`))),
  };
  return {
    startedAt,
    perStructure,
    consolidation,
    consolidationTenants: published?.tenants.length ?? 0,
    consolidationHours: published?.totals.hours ?? 0,
    dispatch,
  };
}

type Result = Awaited<ReturnType<typeof structuresBenchmark>>;

const n = (x: number) => Math.round(x).toLocaleString('en');
const pct = (part: number, whole: number) => {
  const share = (100 * part) / whole;
  return `${share.toFixed(share < 0.1 ? 3 : 2)} %`;
};

export function describeStructures(r: Result, load: string): string {
  const sizes = r.profiles.map((s) => s.contracts);
  const all = r.profiles.map((s) => r.perStructure.get(s.id) as { dashboard: Read; report: Read });
  const countryDashboards = all.reduce((sum, x) => sum + x.dashboard.items, 0);
  const linesRead = all.reduce((sum, x) => sum + x.dashboard.lines + x.report.lines, 0);
  const total = (pick: (s: StructureProfile) => number) =>
    r.profiles.reduce((sum, s) => sum + pick(s), 0);
  const view = (s: StructureProfile, label: string) => {
    const x = r.perStructure.get(s.id) as { dashboard: Read; report: Read };
    const line = (name: string, v: Read) =>
      `       ${name}: ${(v.ms / 1000).toFixed(2)} s, median of 5 (target < 1 s: ${v.ms < 1000 ? 'met' : 'NOT met'}; best ${(v.bestMs / 1000).toFixed(2)} s), ${n(v.items)} items read in ${v.calls} calls = ${pct(v.items, r.stored)} of the country's ${n(r.stored)} items (target < 1 %: ${v.items < r.stored / 100 ? 'met' : 'NOT met'}), ${v.lines} hour lines; ${pct(v.items, countryDashboards)} of what all ${r.profiles.length} structures' dashboards read`;
    return [
      `     ${label} (${s.id}: ${n(s.contracts)} contracts, ${s.plies.length} PLIE${s.plies.length > 1 ? 's' : ''}, ${n(s.lines)} lines a year, ${s.users} user${s.users > 1 ? 's' : ''}):`,
      line("facilitator's dashboard (report + statements waiting)", x.dashboard),
      line('its full report', x.report),
    ];
  };
  const [largest, median, smallest] = [
    r.profiles[0],
    r.profiles[Math.ceil(r.profiles.length / 2) - 1],
    r.profiles.at(-1),
  ] as [StructureProfile, StructureProfile, StructureProfile];
  const slowest = Math.max(...all.map((x) => x.dashboard.ms));
  const c = r.consolidation;
  const d = r.dispatch;
  return [
    `structures at national scale: ${r.profiles.length} structures (${n(total((s) => s.contracts))} contracts, ${n(total((s) => s.lines))} hour lines, ${n(total((s) => s.participants))} participants, ${n(total((s) => s.users))} users; contracts per structure ${Math.max(...sizes)} largest, ${percentile(sizes, 50)} median, ${Math.min(...sizes)} smallest; ${total((s) => s.plies.length)} PLIE records), ${n(r.stored)} items written in ${r.seedSeconds.toFixed(0)} s; ${load}`,
    ...view(largest, 'the largest metropolis'),
    ...view(median, 'a median structure'),
    ...view(smallest, 'the smallest structure'),
    `     all ${r.profiles.length} dashboards: ${n(countryDashboards)} items read in all, the slowest ${(slowest / 1000).toFixed(2)} s; hour lines read by any dashboard or report: ${linesRead}`,
    `observer's consolidation of ${YEAR}: ${r.consolidationTenants} structures, ${n(c.items)} items read in ${c.calls} calls (${c.rru.toFixed(0)} RRU; each structure's PLIE × month, contract × year and person × year totals and its exits), ${c.lines} of the ${n(total((s) => s.lines))} hour lines; ${(c.ms / 1000).toFixed(2)} s (median of 3); ${n(r.consolidationHours)} h published`,
    `schedules' dispatcher (its reads; the SQS sends apart): the monthly report's ${r.profiles.length} jobs from ${n(d.monthly.items)} items in ${d.monthly.calls} call(s), ${(d.monthly.ms / 1000).toFixed(2)} s; the daily run's ${d.daily.calls} calls (the register, then each structure's reminder day, its month's mark, its changes under way: ${n(d.daily.items)} items, ${d.daily.rru.toFixed(0)} RRU) in ${(d.daily.ms / 1000).toFixed(2)} s`,
    ...describeBills(r),
  ].join('\n');
}

function describeBills(r: Result): string[] {
  const { usd } = r.country;
  const bill = (label: string, b: Bill, target: number) =>
    `monthly bill, ${label}: variable ${usd(b.total)} (DynamoDB reads ${usd(b.reads)}, writes ${usd(b.writes)}, storage ${usd(b.storage)}; Lambda ${usd(b.lambda)}; HTTP API ${usd(b.httpApi)}; SQS ${usd(b.sqs)}; SES ${usd(b.ses)}) — target < ${usd(target)}: ${b.total < target ? 'met' : 'NOT met'}`;
  const largest = r.bills[0] as Bill;
  const metropolis = r.bills.find((b) => b.profile.contracts <= 300) as Bill;
  return [
    bill(
      `country as ${r.profiles.length} structures (each dashboard reads its own structure's report)`,
      r.country.bill,
      20,
    ),
    `     writing operations and storage per line: ${r.measured.source}; of which dashboard views ${usd(r.country.dashboards)} (${n(r.country.dashboardRru)} RRU); the dispatcher ${usd(r.country.dispatcher)}; fixed costs as bench/cost.ts counts them, plus the SQS long polling of the two queues' event source mappings (an estimate, not measured: ~${n(r.country.pollRequests)} requests a month, ${usd(r.country.polling)})`,
    bill(
      `the largest metropolis (${largest.profile.contracts} contracts, ${largest.profile.lines.toLocaleString('en')} lines a year, ${largest.profile.users} users)`,
      largest,
      0.2,
    ),
    bill(
      `a metropolis of ${metropolis.profile.contracts} contracts (${metropolis.profile.id}, ${metropolis.profile.lines.toLocaleString('en')} lines a year, ${metropolis.profile.users} users)`,
      metropolis,
      0.2,
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const before = uptime();
  console.log(`machine: ${machine()} · ${new Date().toISOString().slice(0, 16)} UTC`);
  console.log(`load before: ${before}`);
  const result = await structuresBenchmark({ scale: Number(process.argv[2] ?? 1) });
  console.log(describeStructures(result, `load before ${before}; after ${uptime()}`));
  process.exit(0);
}
