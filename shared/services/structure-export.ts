import type { Weights } from '#shared/domain/allocation';
import type { FundingConvention } from '#shared/domain/funding';
import type { HourLine } from '#shared/domain/hours';
import { sumHours } from '#shared/domain/hours';
import type { ThresholdPeriod } from '#shared/domain/thresholds';
import type { AwardeeContact } from '#shared/store/awardee-contacts';
import type { Change } from '#shared/store/changes';
import type { ContractRecord } from '#shared/store/contracts';
import type { ParticipantRecord } from '#shared/store/participants';
import type { CriteriaRecord, PlieRecord } from '#shared/store/plies';
import type { StatementRecord } from '#shared/store/statements';
import type { TenantRecord } from '#shared/store/tenants';
import type { ServiceDeps } from './deps';
import { ownTenant } from './tenants';

// A structure's data, whole, for a structure that leaves (issue 27): everything it recorded,
// read through its own store handle only — never a table scan filtered by prefix — so that
// nothing of another structure can come in. The JSON document is this object; the CSV files
// are made from it (structure-export-csv.ts).

export const EXPORT_FORMAT = 'clause-tracker/export-structure';
export const EXPORT_VERSION = 1;

export interface StructureExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  exportedBy: { sub: string; name: string | null };
  structure: TenantRecord;
  /** How many of each, and the hours of the active lines: what a reader checks it got. */
  counts: Record<string, number>;
  totals: { activeHours: number; voidedHours: number };
  settings: { reminderDay: number; reportRecipients: string[] };
  plies: PlieRecord[];
  /** Per year: each PLIE's allocation criteria and the weights, when recorded. */
  criteria: { year: number; plies: CriteriaRecord[]; weights: Weights | null }[];
  fundingConventions: ({ year: number } & FundingConvention)[];
  /** The EU thresholds the structure recorded (the built-in ones are the product's). */
  euThresholds: ThresholdPeriod[];
  /** With their amendments (each with the values it replaced) and the hours logged. */
  contracts: ContractRecord[];
  awardeeContacts: AwardeeContact[];
  /** With their references: the structure's own data (erased ones stay erased). */
  participants: ParticipantRecord[];
  exits: { participantId: string; plieId: string; exitedOn: string; outcome: string | null }[];
  /** Every line, voided ones included with who voided them, when and why. */
  hourLines: HourLine[];
  statements: StatementRecord[];
  /** The change log, oldest first. */
  changes: Change[];
}

/** Reads a page at a time: one export holds every line of a structure. */
const PAGE = 1000;
/** Days of the change log read at once (one query each, most of them empty). */
const DAYS_AT_ONCE = 16;

export type ExportProgress = (done: number, total: number) => Promise<void> | void;

/** What the export reads, in order: the progress counts these steps. */
const STEPS = 6;

export async function collectStructure(
  deps: ServiceDeps,
  exportedBy: { sub: string; name?: string | undefined },
  onProgress: ExportProgress = () => {},
): Promise<StructureExport> {
  const { stores } = deps;
  const exportedAt = deps.now().toISOString();
  const [structure, plies, contracts, awardeeContacts, euThresholds, reminderDay, recipients] =
    await Promise.all([
      ownTenant(deps),
      stores.plies.list(),
      stores.contracts.all({}),
      stores.awardeeContacts.all(),
      stores.thresholds.list(),
      stores.settings.reminderDay(),
      stores.settings.reportRecipients(),
    ]);
  await onProgress(1, STEPS);
  const participants = await stores.participants.getMany(await stores.participants.allIds());
  await onProgress(2, STEPS);
  const hourLines: HourLine[] = [];
  for (const contract of contracts) hourLines.push(...(await linesOf(deps, contract.id)));
  await onProgress(3, STEPS);
  const statements = await allStatements(deps);
  await onProgress(4, STEPS);
  const changes = await changeLog(deps, [
    structure.createdAt,
    ...contracts.map((c) => c.createdAt),
    ...participants.map((p) => p.createdAt),
    ...hourLines.map((l) => l.createdAt),
    ...statements.map((s) => s.uploadedAt),
    ...awardeeContacts.map((c) => c.invitedAt),
    ...(await firstChanges(deps, plies, euThresholds)),
  ]);
  await onProgress(5, STEPS);
  const years = yearsOf(deps, contracts, plies, hourLines, changes);
  const [criteria, fundingConventions] = await Promise.all([
    Promise.all(
      years.map(async (year) => ({
        year,
        plies: await stores.plies.criteriaOfYear(year),
        weights: await stores.plies.weightsOfYear(year),
      })),
    ),
    // Every funder's convention of each year (a metropolis and a département may both fund).
    Promise.all(
      years.map(async (year) =>
        (await stores.funding.conventions(year)).map((convention) => ({ year, ...convention })),
      ),
    ),
  ]);
  await onProgress(6, STEPS);
  const active = hourLines.filter((l) => l.status === 'active');
  const voided = hourLines.filter((l) => l.status === 'voided');
  const document: StructureExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt,
    exportedBy: { sub: exportedBy.sub, name: exportedBy.name ?? null },
    structure,
    counts: {},
    totals: {
      activeHours: sumHours(active.map((l) => l.hours)),
      voidedHours: sumHours(voided.map((l) => l.hours)),
    },
    settings: { reminderDay, reportRecipients: recipients },
    plies,
    criteria: criteria.filter((year) => year.plies.length > 0 || year.weights !== null),
    fundingConventions: fundingConventions.flat(),
    euThresholds,
    contracts,
    awardeeContacts,
    participants,
    exits: participants
      .filter((p) => p.exitedOn !== null)
      .map((p) => ({
        participantId: p.id,
        plieId: p.plieId,
        exitedOn: p.exitedOn as string,
        outcome: p.outcome,
      })),
    hourLines,
    statements,
    changes,
  };
  document.counts = {
    plies: plies.length,
    contracts: contracts.length,
    amendments: contracts.reduce((n, c) => n + c.amendments.length, 0),
    awardeeContacts: awardeeContacts.length,
    participants: participants.length,
    exits: document.exits.length,
    hourLines: hourLines.length,
    activeHourLines: active.length,
    voidedHourLines: voided.length,
    statements: statements.length,
    changes: changes.length,
    fundingConventions: document.fundingConventions.length,
    criteriaYears: document.criteria.length,
    euThresholds: euThresholds.length,
  };
  return document;
}

/** Every line of a contract (its index holds voided ones too), a page at a time. */
async function linesOf(deps: ServiceDeps, contractId: string): Promise<HourLine[]> {
  const lines: HourLine[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.stores.hours.list({ contractId }, { limit: PAGE, cursor });
    lines.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return lines;
}

async function allStatements(deps: ServiceDeps): Promise<StatementRecord[]> {
  const statements: StatementRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.stores.statementLists.list({ limit: PAGE, cursor });
    statements.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return statements;
}

/**
 * When the things without a date of their own first changed (PLIEs, settings, thresholds):
 * the first record of their history, so that the change log is read from the structure's
 * very first write, even one made before the structure was registered (`default`).
 */
async function firstChanges(
  deps: ServiceDeps,
  plies: readonly PlieRecord[],
  thresholds: readonly ThresholdPeriod[],
): Promise<string[]> {
  const entities: [string, string][] = [
    ...plies.map((p): [string, string] => ['plie', p.id]),
    ...thresholds.map((t): [string, string] => ['eu-thresholds', t.from]),
    ['setting', 'reminders'],
    ['setting', 'report-recipients'],
  ];
  const firsts = await Promise.all(
    entities.map(([type, id]) => deps.stores.changes.ofEntity(type, id, { limit: 1 })),
  );
  return firsts.flatMap((page) => page.items.map((change) => change.at));
}

/** The change log, day by day (UTC, as it is indexed) from the earliest date given to today. */
async function changeLog(deps: ServiceDeps, dates: readonly string[]): Promise<Change[]> {
  const known = dates.filter((d) => /^\d{4}-\d{2}-\d{2}/.test(d)).sort();
  const today = deps.now().toISOString().slice(0, 10);
  const first = known[0]?.slice(0, 10) ?? today;
  const days: string[] = [];
  for (let day = new Date(`${first}T00:00:00Z`); ; day.setUTCDate(day.getUTCDate() + 1)) {
    const text = day.toISOString().slice(0, 10);
    if (text > today) break;
    days.push(text);
  }
  const changes: Change[] = [];
  for (let i = 0; i < days.length; i += DAYS_AT_ONCE) {
    const batch = await Promise.all(days.slice(i, i + DAYS_AT_ONCE).map((d) => changesOf(deps, d)));
    for (const day of batch) changes.push(...day);
  }
  return changes;
}

async function changesOf(deps: ServiceDeps, day: string): Promise<Change[]> {
  const changes: Change[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.stores.changes.ofDay(day, { limit: PAGE, cursor });
    changes.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return changes;
}

/**
 * The years whose criteria, weights and funding conventions are read: every year the data
 * names (contracts, PLIEs' periods, lines, the change log) up to next year.
 */
function yearsOf(
  deps: ServiceDeps,
  contracts: readonly ContractRecord[],
  plies: readonly PlieRecord[],
  lines: readonly HourLine[],
  changes: readonly Change[],
): number[] {
  const named = new Set<number>();
  const add = (date: string | null | undefined) => {
    const year = Number(date?.slice(0, 4));
    if (Number.isInteger(year) && year > 1990 && year < 2200) named.add(year);
  };
  for (const c of contracts) for (const d of [c.notifiedOn, c.startsOn, c.endsOn]) add(d);
  for (const p of plies) for (const d of [p.activeFrom, p.activeUntil]) add(d);
  for (const l of lines) add(l.month);
  for (const change of changes) {
    add(change.at);
    if (change.entityType === 'allocation-weights' || change.entityType === 'funding-convention')
      add(change.entityId);
    const year = (change.data as { year?: unknown } | undefined)?.year;
    if (typeof year === 'number') add(String(year));
  }
  const thisYear = deps.now().getUTCFullYear();
  named.add(thisYear + 1);
  const first = Math.min(...named);
  const last = Math.max(...named);
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
