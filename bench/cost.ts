import { readFileSync } from 'node:fs';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ClauseTrackerStack } from '../infra/aws/stack';
import { statementCsv } from '../test/support/statements';
import {
  checkAtScale,
  DECLARATION_LINES,
  DECLARED_SHARE,
  measureStatements,
} from './cost-statements';
import { benchContract, benchEnvironment, machine, seedStatementBench } from './support';

// The bill, measured: what each operation consumes — DynamoDB read and write units as DynamoDB
// Local reports them (ReturnConsumedCapacity: INDEXES, so the secondary indexes' writes count
// too), the handler's time (billed as Lambda GB-seconds at the API function's memory) and API
// requests — multiplied by a price table kept as data (prices-eu-west-3.json) into a monthly
// bill for a metropolis and for the whole country. Fixed costs (KMS keys, alarms, WAF) come
// from the synthesized stack, apart.

export type Counter = { read: number; write: number; items: number; calls: number };

const READS = /^(Get|BatchGet|Query|Scan|TransactGet)/;

/** Asks every command for its consumed capacity and adds it up, reads and writes apart. */
function meter(doc: DynamoDBDocumentClient): Counter {
  const counter: Counter = { read: 0, write: 0, items: 0, calls: 0 };
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'INDEXES';
      const result = await next(args);
      const output = result.output as {
        ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
        Items?: unknown[];
        ScannedCount?: number;
        Item?: unknown;
        Responses?: Record<string, unknown[]> | unknown[];
      };
      const consumed = [output.ConsumedCapacity ?? []]
        .flat()
        .reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      const read = READS.test(context.commandName ?? '');
      if (read) counter.read += consumed;
      else counter.write += consumed;
      counter.calls += 1;
      counter.items += output.ScannedCount ?? output.Items?.length ?? (output.Item ? 1 : 0);
      if (output.Responses && !Array.isArray(output.Responses))
        for (const list of Object.values(output.Responses)) counter.items += list.length;
      return result;
    },
    { step: 'initialize', name: 'meter', priority: 'high' },
  );
  return counter;
}

export interface Operation {
  /** Read and write request units, items read, handler milliseconds, API requests: per run. */
  rru: number;
  wru: number;
  items: number;
  ms: number;
  requests: number;
}

export async function measure(
  counter: Counter,
  runs: number,
  run: (i: number) => Promise<void>,
  requestsPerRun = 1,
): Promise<Operation> {
  const before = { ...counter };
  const started = performance.now();
  for (let i = 0; i < runs; i++) await run(i);
  const ms = performance.now() - started;
  return {
    rru: (counter.read - before.read) / runs,
    wru: (counter.write - before.write) / runs,
    items: (counter.items - before.items) / runs,
    ms: ms / runs,
    requests: requestsPerRun,
  };
}

const must = (response: { status: number; body: unknown }, status: number) => {
  if (response.status !== status)
    throw new Error(`${response.status}: ${JSON.stringify(response.body).slice(0, 300)}`);
  return response;
};

/** What the stack holds that costs by the month whatever the use: from its template. */
function fixedResources() {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [] },
    builtinCloudFormationValidation: false,
  } as never);
  const stack = new ClauseTrackerStack(app, 'Cost', {
    stage: 'prod',
    senderAddress: 'rapports@metropole.example',
    reportRecipients: ['achats@metropole.example'],
    alarmEmail: 'exploitation@metropole.example',
    authDomainPrefix: 'clause-tracker-cost',
    extraCallbackUrls: [],
    logRetention: logs.RetentionDays.ONE_YEAR,
    env: { account: '123456789012', region: 'eu-west-3' },
  });
  const template = Template.fromStack(stack).toJSON() as {
    Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  };
  const resources = Object.values(template.Resources);
  const count = (type: string) => resources.filter((r) => r.Type === type).length;
  // The API function: the one whose logical id names it.
  const apiFunction = Object.entries(template.Resources).find(
    ([id, r]) => r.Type === 'AWS::Lambda::Function' && /^Api/.test(id),
  )?.[1];
  const webAcls = resources.filter((r) => r.Type === 'AWS::WAFv2::WebACL');
  return {
    kmsKeys: count('AWS::KMS::Key'),
    alarms: count('AWS::CloudWatch::Alarm'),
    webAcls: webAcls.length,
    wafRules: webAcls.reduce(
      (n, acl) => n + ((acl.Properties?.Rules as unknown[] | undefined)?.length ?? 0),
      0,
    ),
    apiMemoryMb: Number(apiFunction?.Properties?.MemorySize ?? 1024),
  };
}

/** The reports at national scale, as bench/report-scale.ts measures them (items scanned). */
export interface NationalReports {
  fullItems: number;
  fullSeconds: number;
  plieItems: number;
  plieSeconds: number;
  /** Where the figures come from: this run, or the run recorded below. */
  source: string;
}

/**
 * The figures of the report-scale run of 24 November 2026 (20:30 UTC), for a cost run alone;
 * `npm run bench` passes the figures it has just measured.
 */
const NATIONAL_RECORDED: NationalReports = {
  fullItems: 50_575,
  fullSeconds: 6.9,
  plieItems: 968,
  plieSeconds: 0.21,
  source: 'report-scale run of 2026-11-24',
};

export async function costBenchmark(national: NationalReports = NATIONAL_RECORDED) {
  const prices = JSON.parse(
    readFileSync(new URL('./prices-eu-west-3.json', import.meta.url), 'utf8'),
  ) as {
    region: string;
    date: string;
    dynamodb: {
      writeRequestUnitsPerMillion: number;
      readRequestUnitsPerMillion: number;
      storageGbMonth: number;
      pitrGbMonth: number;
    };
    lambda: { requestsPerMillion: number; gbSecondArm64: number };
    httpApi: { requestsPerMillion: number };
    ses: { emailsPerThousand: number };
    fixed: {
      kmsKeyMonth: number;
      alarmMonth: number;
      wafWebAclMonth: number;
      wafRuleMonth: number;
      wafRequestsPerMillion: number;
    };
  };
  const env = await benchEnvironment('cost');
  try {
    const counter = meter(env.doc);
    const { procurement, plies, references } = await seedStatementBench(env, 'M');
    const admin = await env.token('admin');
    must(
      await env.call('PUT', '/api/funding-conventions/2025', admin, {
        fixedPerPlie: 5000,
        perHour: 1,
      }),
      200,
    );

    // A metropolis: 300 contracts (4 shared, the rest with one PLIE each).
    const singles: { id: string; plieId: string }[] = [];
    const register = await measure(counter, 296, async (i) => {
      const plieId = plies[i % plies.length] as string;
      const answer = must(
        await env.call(
          'POST',
          '/api/contracts',
          procurement,
          benchContract(`M-S-${i}`, { allocation: { mode: 'single', plieId } }),
        ),
        201,
      );
      singles.push({ id: (answer.body as { id: string }).id, plieId });
    });

    // A year's statements: 10,000 lines, as one statement.
    const { csv } = statementCsv({
      count: 10_000,
      contracts: references,
      plies,
      months: ['2025-10'],
    });
    const importStatement = await measure(counter, 1, async () => {
      const answer = must(
        await env.call('POST', '/api/hours/import', procurement, csv, 'text/csv'),
        200,
      );
      if ((answer.body as { imported: number }).imported !== 10_000)
        throw new Error('statement not imported whole');
    });

    // One line typed in the form, and one voided.
    const logged: string[] = [];
    const logLine = await measure(counter, 30, async (i) => {
      const contract = singles[i % singles.length] as { id: string; plieId: string };
      const answer = must(
        await env.call('POST', '/api/hours', procurement, {
          contractId: contract.id,
          plieId: contract.plieId,
          month: '2025-10',
          hours: 7.5,
          mode: 'direct-hire',
        }),
        201,
      );
      logged.push((answer.body as { id: string }).id);
    });
    const voidLine = await measure(counter, 15, async (i) => {
      must(
        await env.call('POST', `/api/hours/${logged[i]}/void`, procurement, {
          reason: 'Saisie en double',
        }),
        200,
      );
    });

    // Awardees' statements: declared, validated, and what the month's check reads of them.
    const statements = await measureStatements(env, counter, measure, singles, '2025-10');

    // The month's reports, and a page view of the dashboard (it reads the month's report).
    const fullReport = await measure(counter, 3, async () => {
      must(await env.call('GET', '/api/reports/monthly/2025-10', procurement), 200);
    });
    const plieReport = await measure(counter, 3, async (i) => {
      const plieId = plies[i % plies.length] as string;
      must(await env.call('GET', `/api/reports/monthly/2025-10?plieId=${plieId}`, admin), 200);
    });
    const dashboardView = fullReport;

    // What a line costs to keep: the table and its indexes, over the lines held.
    const described = await env.doc.send(new DescribeTableCommand({ TableName: env.tableName }));
    const bytes =
      (described.Table?.TableSizeBytes ?? 0) +
      (described.Table?.GlobalSecondaryIndexes ?? []).reduce(
        (sum, index) => sum + (index.IndexSizeBytes ?? 0),
        0,
      );
    const bytesPerLine = bytes / (10_000 + 30 + statements.lines);

    return {
      prices,
      operations: {
        register,
        importStatement,
        logLine,
        voidLine,
        fullReport,
        plieReport,
        dashboardView,
      },
      bytesPerLine,
      statements,
      fixed: fixedResources(),
      national,
    };
  } finally {
    await env.close();
  }
}

export type Measured = Awaited<ReturnType<typeof costBenchmark>>;

/** Who uses the product, and how much, in a month. */
export interface Profile {
  name: string;
  contracts: number;
  plies: number;
  linesPerYear: number;
  users: number;
}

export const PROFILES: Profile[] = [
  { name: 'metropolis', contracts: 300, plies: 6, linesPerYear: 12_000, users: 30 },
  { name: 'country', contracts: 20_000, plies: 100, linesPerYear: 1_000_000, users: 1_000 },
];

/**
 * A month's use, from a profile: half the lines typed in the form and half imported in
 * statements; 2 % voided; a twelfth of the contracts registered (renewal); the month's reports
 * (the full one, and one per PLIE, e-mailed); 20 page views of the dashboard per user. Lines
 * are kept five years.
 */
export const USE = { typedShare: 0.5, voidShare: 0.02, viewsPerUser: 20, yearsKept: 5 };

/**
 * The reports read totals, not lines: the full one's items grow with contracts × PLIEs, a
 * PLIE's with that PLIE's contracts. At national scale (20,000 contracts, 100 PLIEs) they are
 * priced by the items and time bench/report-scale.ts measures, at this run's read units per item.
 */
const NATIONAL_CONTRACTS = 20_000;

export function monthlyBill(measured: Measured, profile: Profile) {
  const { prices, operations: op, fixed, national } = measured;
  const lines = profile.linesPerYear / 12;
  const scale = profile.contracts >= NATIONAL_CONTRACTS;
  const report = (o: Operation, items: number, seconds: number) =>
    scale ? { ...o, rru: (o.rru / Math.max(1, o.items)) * items, ms: seconds * 1000 } : o;
  const full = (o: Operation) => report(o, national.fullItems, national.fullSeconds);
  const perLineImport: Operation = {
    rru: op.importStatement.rru / 10_000,
    wru: op.importStatement.wru / 10_000,
    items: 0,
    ms: op.importStatement.ms / 10_000,
    requests: 1 / 2_000,
  };
  // Awardees declare half the contracts' statements (their lines are some of the month's).
  const declared = profile.contracts * DECLARED_SHARE;
  const st = measured.statements;
  const check = checkAtScale(st, profile.contracts);
  const checkItems = check.marks + check.contacts;
  const checkOp: Operation = {
    rru: check.rru,
    wru: 0,
    items: checkItems,
    ms: (st.check.ms / Math.max(1, st.check.items)) * checkItems,
    requests: 0,
  };
  const uses: [string, Operation, number][] = [
    ['lines typed', op.logLine, Math.max(0, lines * USE.typedShare - declared * DECLARATION_LINES)],
    ['statements declared', st.declare, declared],
    ['statements validated', st.validate, declared],
    ['lines imported', perLineImport, lines * (1 - USE.typedShare)],
    ['lines voided', op.voidLine, lines * USE.voidShare],
    ['contracts registered', op.register, profile.contracts / 12],
    ['full report', full(op.fullReport), 1],
    [
      'PLIE reports',
      report(op.plieReport, national.plieItems, national.plieSeconds),
      profile.plies,
    ],
    ['dashboard views', full(op.dashboardView), profile.users * USE.viewsPerUser],
    // At national scale the reports' figures are report-scale's, which has no statements: the
    // missing-statement check of each full report and view is added, priced per item read.
    ...(scale
      ? [
          ['missing-statement check', checkOp, 1 + profile.users * USE.viewsPerUser] as [
            string,
            Operation,
            number,
          ],
        ]
      : []),
  ];
  let rru = 0;
  let wru = 0;
  let gbSeconds = 0;
  let requests = 0;
  for (const [, o, count] of uses) {
    rru += o.rru * count;
    wru += o.wru * count;
    gbSeconds += (o.ms / 1000) * (fixed.apiMemoryMb / 1024) * count;
    requests += o.requests * count;
  }
  const storageGb = (profile.linesPerYear * USE.yearsKept * measured.bytesPerLine) / 2 ** 30;
  const emails = 1 + profile.plies;
  const variable = {
    dynamodbReads: (rru / 1e6) * prices.dynamodb.readRequestUnitsPerMillion,
    dynamodbWrites: (wru / 1e6) * prices.dynamodb.writeRequestUnitsPerMillion,
    dynamodbStorage: storageGb * (prices.dynamodb.storageGbMonth + prices.dynamodb.pitrGbMonth),
    lambda:
      gbSeconds * prices.lambda.gbSecondArm64 + (requests / 1e6) * prices.lambda.requestsPerMillion,
    httpApi: (requests / 1e6) * prices.httpApi.requestsPerMillion,
    ses: (emails / 1000) * prices.ses.emailsPerThousand,
  };
  const fixedCosts = {
    kmsKeys: fixed.kmsKeys * prices.fixed.kmsKeyMonth,
    alarms: fixed.alarms * prices.fixed.alarmMonth,
    waf:
      fixed.webAcls * prices.fixed.wafWebAclMonth +
      fixed.wafRules * prices.fixed.wafRuleMonth +
      (fixed.webAcls ? (requests / 1e6) * prices.fixed.wafRequestsPerMillion : 0),
  };
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0);
  return {
    profile,
    check,
    usage: { rru, wru, gbSeconds, requests, storageGb },
    variable,
    variableTotal: sum(variable),
    fixed: fixedCosts,
    fixedTotal: sum(fixedCosts),
    target: profile.name === 'metropolis' ? 0.5 : 50,
  };
}

export const usd = (n: number) => `$${n < 1 ? n.toFixed(3) : n.toFixed(2)}`;

export function describeCost(measured: Measured): string {
  /** Reads made by each full report and dashboard view of a month, priced. */
  const monthlyReads = (rru: number, profile: Profile) =>
    ((rru * (1 + profile.users * USE.viewsPerUser)) / 1e6) *
    measured.prices.dynamodb.readRequestUnitsPerMillion;
  const o = measured.operations;
  const line = (name: string, op: Operation) =>
    `     ${name}: ${op.rru.toFixed(1)} RRU, ${op.wru.toFixed(1)} WRU, ${op.ms.toFixed(0)} ms`;
  const bills = PROFILES.map((p) => monthlyBill(measured, p));
  return [
    `cost per operation (DynamoDB Local's consumed capacity, indexes included; handler time in process), prices ${measured.prices.region} of ${measured.prices.date}:`,
    line('log a line', o.logLine),
    line('void a line', o.voidLine),
    line('register a contract', o.register),
    line('import a 10,000-line statement', o.importStatement),
    line(
      `an awardee declares a statement (${DECLARATION_LINES} lines)`,
      measured.statements.declare,
    ),
    line('a facilitator validates it', measured.statements.validate),
    `${line('missing-statement check (300 contracts, from the month’s received items)', measured.statements.check)}, ${measured.statements.check.items} items; per item read: received ${measured.statements.rruPerMark.toFixed(3)} RRU, statement ${measured.statements.rruPerStatement.toFixed(3)} RRU, contact ${measured.statements.rruPerContact.toFixed(3)} RRU`,
    `${line('full report (300 contracts)', o.fullReport)}, ${o.fullReport.items} items`,
    `${line('one PLIE’s report', o.plieReport)}, ${o.plieReport.items} items`,
    line('dashboard view (reads the month’s report)', o.dashboardView),
    `     storage: ${Math.round(measured.bytesPerLine)} bytes per line kept, table and indexes`,
    `     national reports (${measured.national.source}): full ${measured.national.fullItems.toLocaleString('en')} items, ${measured.national.fullSeconds.toFixed(1)} s; one PLIE's ${measured.national.plieItems.toLocaleString('en')} items, ${measured.national.plieSeconds.toFixed(2)} s`,
    ...bills.map(
      (b) =>
        `     missing-statement check, ${b.profile.name}: ${b.check.rru.toFixed(0)} RRU a report (${b.check.marks.toLocaleString('en')} received items, ${b.check.contacts.toLocaleString('en')} contacts), ${usd(monthlyReads(b.check.rru, b.profile))} a month over the reports and views; reading every statement of 13 months (${b.check.statements.toLocaleString('en')}) as before: ${b.check.rruBefore.toFixed(0)} RRU, ${usd(monthlyReads(b.check.rruBefore, b.profile))} a month`,
    ),
    ...bills.map(
      (b) =>
        `monthly bill, ${b.profile.name} (${b.profile.contracts.toLocaleString('en')} contracts, ${b.profile.plies} PLIEs, ${b.profile.linesPerYear.toLocaleString('en')} lines a year, ${b.profile.users.toLocaleString('en')} users): variable ${usd(b.variableTotal)} (DynamoDB reads ${usd(b.variable.dynamodbReads)}, writes ${usd(b.variable.dynamodbWrites)}, storage ${usd(b.variable.dynamodbStorage)}; Lambda ${usd(b.variable.lambda)}; HTTP API ${usd(b.variable.httpApi)}; SES ${usd(b.variable.ses)}) — target < ${usd(b.target)}: ${b.variableTotal < b.target ? 'met' : 'NOT met'}; fixed ${usd(b.fixedTotal)} (KMS keys ${usd(b.fixed.kmsKeys)}, ${measured.fixed.alarms} alarms ${usd(b.fixed.alarms)}, WAF ${usd(b.fixed.waf)})`,
    ),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  console.log(describeCost(await costBenchmark()));
  process.exit(0);
}
