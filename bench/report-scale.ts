import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decideKey, EQUAL_WEIGHTS, type PlieCriteria } from '#shared/domain/allocation';
import { HOUR_MODES, type HourLine } from '#shared/domain/hours';
import { OUTCOMES } from '#shared/domain/outcomes';
import { DEFAULT_TENANT } from '#shared/domain/tenants';
import { monthlyReport } from '#shared/services/report';
import { batchPut } from '#shared/store/bulk';
import { type ContractRecord, contractItem } from '#shared/store/contract-item';
import { lineItem } from '#shared/store/hour-line-item';
import { tenantKeys } from '#shared/store/keys';
import { plieContractItem, plieContractKeys } from '#shared/store/plie-contracts';
import { type TotalDelta, totalDeltas, totalItem } from '#shared/store/totals';
import { benchEnvironment, machine, ms } from './support';

/** The bench's country is one structure's data, as before structures (`default`). */
const keys = tenantKeys(DEFAULT_TENANT);

// The monthly report at national scale: 20,000 contracts, 100 PLIEs in 25 territories of four
// (metropolises), and 10,000, 100,000 then 1,000,000 hour lines, written through the store's
// batch path with their totals and indexes. The report reads totals, never lines: the items it
// reads are bounded by contracts × PLIEs (one yearly item per contract and PLIE with hours),
// whatever the number of lines — at 10,000 lines only some contracts have hours yet; from
// 100,000 on, all do, and the count stays put. Target: under 10 s on DynamoDB Local. One PLIE's
// report reads that PLIE's contracts only: its 200 and its territory's 80 shared ones, of
// 20,000. Items are counted as DynamoDB bills them: a Query's items scanned, not only returned.

const CONTRACTS = 20_000;
const PLIES = 100;
const YEAR = 2025;
const MONTH = '2025-10';
const LINE_STEPS = [10_000, 100_000, 1_000_000];

const TERRITORIES = 25;
const plieId = (i: number) => `plie-${String(i).padStart(3, '0')}`;
/** PLIE p is in territory p mod 25: four PLIEs a territory. */
const territoryOf = (p: number) => `Territoire ${p % TERRITORIES}`;
const contractId = (i: number) => `C${String(i).padStart(25, '0')}`;

/** Counts the items every read brings back: Query, Scan, Get and BatchGet. */
function countReads(doc: DynamoDBDocumentClient) {
  const counter = { items: 0, calls: 0 };
  doc.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const output = result.output as {
        Items?: unknown[];
        ScannedCount?: number;
        Item?: unknown;
        Responses?: Record<string, unknown[]>;
      };
      counter.calls += 1;
      // A filtered Query or Scan reads (and bills) every item it scans, not only those it returns.
      counter.items += output.ScannedCount ?? output.Items?.length ?? (output.Item ? 1 : 0);
      for (const list of Object.values(output.Responses ?? {})) counter.items += list.length;
      return result;
    },
    { step: 'initialize', name: 'countReads' },
  );
  return counter;
}

/** Criteria of PLIE p in a year, as seeded below. */
function criteriaOf(p: number): PlieCriteria['criteria'] {
  return {
    population: 50_000 + p * 1000,
    socialHousingRate: 0.1 + (p % 10) / 50,
    qpvResidents: 2000 + p * 50,
    qpvShare: 0.05 + (p % 7) / 40,
    unemploymentRate: 0.06 + (p % 5) / 50,
  };
}

/** The territory a shared contract is shared in: one in ten contracts, spread over the 25. */
const sharedTerritory = (i: number) => (i / 10) % TERRITORIES;

/** Each territory's key, decided as a new shared contract's is (its four PLIEs' criteria). */
const territoryKeys = Array.from({ length: TERRITORIES }, (_, t) => {
  const members = [0, 1, 2, 3].map((k) => t + TERRITORIES * k);
  return decideKey({
    year: YEAR - 1,
    plies: members.map((p) => ({ id: plieId(p) })),
    criteria: members.map((p) => ({ plieId: plieId(p), criteria: criteriaOf(p) })),
    weights: null,
    at: `${YEAR - 1}-01-01T00:00:00.000Z`,
    by: 'bench',
  });
});

function contractOf(i: number): ContractRecord {
  const shared = i % 10 === 0;
  const territory = shared ? sharedTerritory(i) : 0;
  return {
    id: contractId(i),
    reference: `N-${i}`,
    title: `Marché national n° ${i}`,
    buyer: { name: `Acheteur ${i % 500}`, siret: `2${String(i % 500).padStart(13, '0')}` },
    awardee: { name: `Titulaire ${i}`, siret: `4${String(i).padStart(13, '0')}` },
    kind: i % 3 === 0 ? 'works' : 'services',
    amountCents: 50_000_000 + (i % 97) * 1_000_000,
    notifiedOn: `${YEAR - 1}-${String((i % 12) + 1).padStart(2, '0')}-15`,
    startsOn: `${YEAR}-01-01`,
    endsOn: `${YEAR + 1}-06-30`,
    targetHours: 500 + (i % 50) * 20,
    insertionInputs: null,
    allocation: shared
      ? { mode: 'shared', territory: territoryOf(territory) }
      : { mode: 'single', plieId: plieId(i % PLIES) },
    socialConsiderations: i % 40 === 0 ? ['reserved'] : ['social-clause'],
    reserved: i % 40 === 0 ? { basis: 'L2113-13', awardeeType: 'EI' } : null,
    defenceOrSecurity: false,
    amendments: [],
    allocationKey: shared ? (territoryKeys[territory] ?? null) : null,
    territoryPlieIds: shared ? (territoryKeys[territory]?.plieIds ?? null) : null,
    hoursLogged: 0,
    lineCount: 0,
    createdAt: `${YEAR - 1}-01-01T00:00:00.000Z`,
    createdBy: 'bench',
    source: 'api',
  };
}

/**
 * Line i goes to contract i mod 20,000, in round ⌊i / 20,000⌋; a shared contract's rounds go to
 * its territory's four PLIEs in turn. From 100,000 lines on, every contract × PLIE pair and every PLIE × month
 * has hours: the totals the report reads are all there, and only lines are added after.
 */
function lineOf(i: number): HourLine {
  const c = i % CONTRACTS;
  const round = Math.floor(i / CONTRACTS);
  const contract = contractOf(c);
  const plie =
    contract.allocation?.mode === 'single'
      ? contract.allocation.plieId
      : plieId(sharedTerritory(c) + TERRITORIES * (round % 4));
  return {
    id: `L${String(i).padStart(25, '0')}`,
    contractId: contract.id,
    plieId: plie,
    participantId: null,
    // Contracts start their rounds in different months: every PLIE has hours every month.
    month: `${YEAR}-${String(((c + round) % 12) + 1).padStart(2, '0')}`,
    hours: ((i % 120) + 1) / 4,
    mode: HOUR_MODES[i % HOUR_MODES.length] as HourLine['mode'],
    status: 'active',
    createdAt: `${YEAR}-11-01T00:00:00.000Z`,
    createdBy: 'bench',
    voidedAt: null,
    voidedBy: null,
    voidReason: null,
    source: 'statement',
    statementId: null,
    statementLine: null,
  };
}

async function seedReferenceData(doc: DynamoDBDocumentClient, table: string) {
  const items: Record<string, unknown>[] = [];
  for (let p = 0; p < PLIES; p++) {
    const id = plieId(p);
    items.push({
      ...keys.plie(id),
      _type: 'plie',
      id,
      name: `PLIE n° ${p}`,
      communes: [],
      territory: territoryOf(p),
      coordinatorEmails: [`coordination@${id}.example`],
    });
    for (const year of [YEAR - 1, YEAR]) {
      items.push({
        ...keys.criteria(year, id),
        _type: 'criteria',
        plieId: id,
        year,
        ...criteriaOf(p),
      });
    }
  }
  items.push({ ...keys.weights(YEAR), _type: 'weights', year: YEAR, weights: EQUAL_WEIGHTS });
  items.push({
    ...keys.fundingConvention(YEAR),
    _type: 'funding-convention',
    year: YEAR,
    fixedPerPlieCents: 5_000_00,
    perHourCents: 1_00,
  });
  // 10,000 participants, a third of whom left during the year.
  for (let i = 0; i < 10_000; i++) {
    const plie = plieId(i % PLIES);
    const exited = i % 3 === 0;
    const exitedOn = `${YEAR}-${String((i % 10) + 1).padStart(2, '0')}-20`;
    items.push({
      ...keys.participant(`P${i}`),
      gsi1pk: keys.participantsIndex,
      gsi1sk: keys.participantIndexSort(plie, `R${i}`),
      ...(exited
        ? { gsi2pk: keys.exitsIndex(YEAR), gsi2sk: keys.exitIndexSort(plie, exitedOn, `P${i}`) }
        : {}),
      _type: 'participant',
      id: `P${i}`,
      plieId: plie,
      ref: `R${i}`,
      eligibility: ['DELD'],
      enteredOn: `${YEAR - 1}-03-01`,
      exitedOn: exited ? exitedOn : null,
      outcome: exited ? OUTCOMES[i % OUTCOMES.length] : null,
      createdAt: `${YEAR - 1}-03-01T00:00:00.000Z`,
      createdBy: 'bench',
    });
  }
  await batchPut(doc, table, items);
}

/** Writes lines [from, to) and then every total over lines [0, to), as whole items. */
async function seedLines(
  doc: DynamoDBDocumentClient,
  table: string,
  from: number,
  to: number,
  totals: Map<string, TotalDelta>,
) {
  function* lines() {
    for (let i = from; i < to; i++) {
      const line = lineOf(i);
      for (const [key, delta] of totalDeltas(keys, [line], 1)) {
        const sum = totals.get(key);
        if (!sum) totals.set(key, { ...delta, parts: new Map(delta.parts) });
        else {
          sum.hours += delta.hours;
          sum.lines += delta.lines;
          for (const [part, hours] of delta.parts)
            sum.parts.set(part, (sum.parts.get(part) ?? 0) + hours);
        }
      }
      yield lineItem(keys, line);
    }
  }
  await batchPut(doc, table, lines(), 12);
  const contractTotals = new Map<string, TotalDelta>();
  function* totalItems() {
    for (const delta of totals.values()) {
      if (delta.type === 'contract') contractTotals.set(delta.key.pk, delta);
      else yield totalItem(delta);
    }
    for (let c = 0; c < CONTRACTS; c++) {
      const contract = contractOf(c);
      // The PLIEs' index, as the store writes it with each contract.
      if (from === 0)
        for (const key of plieContractKeys(keys, contract))
          yield plieContractItem(key, contract.id);
      const sum = contractTotals.get(keys.contract(contract.id).pk);
      yield contractItem(keys, {
        ...contract,
        hoursLogged: sum?.hours ?? 0,
        lineCount: sum?.lines ?? 0,
      });
    }
  }
  await batchPut(doc, table, totalItems(), 12);
}

export async function reportScaleBenchmark(log: (message: string) => void = console.log) {
  const env = await benchEnvironment('national');
  try {
    const reads = countReads(env.doc);
    const deps = { stores: env.stores, now: () => new Date(`${YEAR}-11-01T06:00:00Z`) };
    const totals = new Map<string, TotalDelta>();
    const started = performance.now();
    await seedReferenceData(env.doc, env.tableName);
    log(`  national data: ${PLIES} PLIEs, ${CONTRACTS} contracts, 10,000 participants written`);
    const steps = [];
    let written = 0;
    for (const lines of LINE_STEPS) {
      const seeding = performance.now();
      await seedLines(env.doc, env.tableName, written, lines, totals);
      written = lines;
      log(
        `  ${lines.toLocaleString('en')} lines and their totals written in ${((performance.now() - seeding) / 1000).toFixed(0)} s`,
      );
      const measure = async (plie: string | null) => {
        reads.items = 0;
        reads.calls = 0;
        const t = performance.now();
        const report = await monthlyReport(deps, MONTH, plie);
        return {
          seconds: (performance.now() - t) / 1000,
          items: reads.items,
          calls: reads.calls,
          contracts: report.contracts.length,
          hoursYearToDate: report.summary.hoursYearToDate,
        };
      };
      steps.push({ lines, full: await measure(null), plie: await measure(plieId(7)) });
    }
    return {
      steps,
      seedSeconds: (performance.now() - started) / 1000,
      target: 10,
      plieShareTarget: 2,
    };
  } finally {
    await env.close();
  }
}

export function describeReportScale(r: Awaited<ReturnType<typeof reportScaleBenchmark>>): string {
  const rows = r.steps.map(
    (s) =>
      `  ${s.lines.toLocaleString('en').padStart(9)} lines: full report ${s.full.seconds.toFixed(2)} s, ${s.full.items.toLocaleString('en')} items read in ${s.full.calls} calls (${s.full.contracts} contracts, ${Math.round(s.full.hoursYearToDate).toLocaleString('en')} h this year); one PLIE's ${ms(s.plie.seconds * 1000)}, ${s.plie.items.toLocaleString('en')} items (${s.plie.contracts} contracts)`,
  );
  const [before, last] = [r.steps.at(-2), r.steps.at(-1)];
  const flat = before && last ? last.full.items === before.full.items : false;
  const fast = last ? last.full.seconds < r.target : false;
  const share = last ? (100 * last.plie.items) / last.full.items : 100;
  return [
    `report at scale (20,000 contracts, 100 PLIEs): items read ${flat ? 'do not grow' : 'GROW'} with lines once every contract has hours (bounded by contracts × PLIEs); full report ${last?.full.seconds.toFixed(2)} s at 1,000,000 lines (target < ${r.target} s: ${fast ? 'met' : 'NOT met'}); one PLIE's report reads ${share.toFixed(2)} % of the full report's items (target < ${r.plieShareTarget} %: ${share < r.plieShareTarget ? 'met' : 'NOT met'})`,
    ...rows,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`machine: ${machine()}`);
  console.log(describeReportScale(await reportScaleBenchmark()));
}
