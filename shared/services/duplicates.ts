import {
  type DuplicateFields,
  type DuplicateSource,
  possibleDuplicates,
} from '#shared/domain/duplicates';
import type { HourLine } from '#shared/domain/hours';
import { limiter } from '#shared/limit';
import type { StatementRecord } from '#shared/store/statements';
import { DUPLICATE_INDEX, DUPLICATE_MARKERS } from '#shared/store/upgrades';
import type { ServiceDeps } from './deps';

// Possible duplicates against what is already counted (the rule: shared/domain/duplicates.ts).
// What a batch of lines may duplicate is read contract × month, from the contract's index, once
// per pair the batch names: a statement names a few contracts of one month, not the ledger.

/** A counted line that a new line may duplicate, as the pages show it. */
export interface DuplicateOf {
  lineId: string;
  source: DuplicateSource;
  statementId: string | null;
  statementLine: number | null;
  /** When the counted line was logged, and by whom (the name its change record keeps). */
  at: string;
  by: string | null;
}

/** A new line flagged: its number (in the file, or the declaration) and what it duplicates. */
export interface FlaggedLine {
  line: number;
  duplicateOf: DuplicateOf;
}

const READS_AT_ONCE = 8;

/** For each line, the counted line of another source it may duplicate, or null. */
export async function findDuplicates<T extends DuplicateFields>(
  deps: ServiceDeps,
  lines: readonly T[],
  /**
   * The lines' own statement: its lines already counted (a file posted again) are not others;
   * a correction's, with the statement it replaces.
   */
  source: string | null | readonly string[],
): Promise<(HourLine | null)[]> {
  const pairs = new Map<string, { contractId: string; month: string }>();
  for (const { contractId, month } of lines)
    pairs.set(`${contractId}#${month}`, { contractId, month });
  const limit = limiter(READS_AT_ONCE);
  const counted = await Promise.all(
    [...pairs.values()].map(({ contractId, month }) =>
      limit(() => deps.stores.hours.ofContractMonth(contractId, month)),
    ),
  );
  return possibleDuplicates(lines, counted.flat(), source);
}

/** The flagged lines described: source (typed, file, awardee's declaration), date and who. */
export async function describeDuplicates(
  deps: ServiceDeps,
  flagged: readonly { line: number; duplicateOf: HourLine }[],
): Promise<FlaggedLine[]> {
  const limit = limiter(READS_AT_ONCE);
  const statements = new Map<string, Promise<StatementRecord | null>>();
  const names = new Map<string, Promise<string | null>>();
  const statementOf = (id: string) => {
    if (!statements.has(id))
      statements.set(
        id,
        limit(() => deps.stores.statements.get(id)),
      );
    return statements.get(id) as Promise<StatementRecord | null>;
  };
  // The name of who logged it: the first change record of the line (import, validation, entry).
  const nameOf = (lineId: string) => {
    if (!names.has(lineId)) {
      names.set(
        lineId,
        limit(async () => {
          const page = await deps.stores.changes.ofEntity('hours-line', lineId, { limit: 1 });
          return page.items[0]?.actor.name ?? null;
        }),
      );
    }
    return names.get(lineId) as Promise<string | null>;
  };
  return Promise.all(
    flagged.map(async ({ line, duplicateOf }) => {
      const statement = duplicateOf.statementId ? await statementOf(duplicateOf.statementId) : null;
      const source: DuplicateSource = !duplicateOf.statementId
        ? 'typed'
        : statement?.origin === 'awardee'
          ? 'awardee'
          : 'file';
      return {
        line,
        duplicateOf: {
          lineId: duplicateOf.id,
          source,
          statementId: duplicateOf.statementId,
          statementLine: duplicateOf.statementLine,
          at: duplicateOf.createdAt,
          by: await nameOf(duplicateOf.id),
        },
      };
    }),
  );
}

/**
 * What a line typed by hand may repeat, described as an import's flags say it (issue 29): the
 * API answers them with the line, which is counted all the same — typing it is deliberate.
 * The line itself (`id`) is never its own duplicate: the read may run while it is written.
 */
export async function typedLineDuplicates(
  deps: ServiceDeps,
  line: DuplicateFields & { id: string },
): Promise<DuplicateOf[]> {
  const counted = await linesOfSameKey(deps, line);
  const others = counted.filter((c) => c.id !== line.id);
  const [found] = possibleDuplicates([line], others, null);
  if (!found) return [];
  const [described] = await describeDuplicates(deps, [{ line: 0, duplicateOf: found }]);
  return described ? [described.duplicateOf] : [];
}

/**
 * The structures' stores (one per structure and process: the registry keeps them) whose
 * duplicate index is complete. An upgrade done is never undone, so `true` is kept once seen
 * and a warm request reads the index alone, with no look at the setting.
 */
const indexComplete = new WeakSet<ServiceDeps['stores']>();

/**
 * The structures' stores whose lines all left their markers (shared/store/duplicate-markers.ts):
 * a typed line's own transaction then says whether it may repeat one, and reads only if so.
 * Kept once seen, as above: a warm request makes no look at the setting.
 */
const markersComplete = new WeakSet<ServiceDeps['stores']>();

/** Whether this process knows that a typed line may leave the read to its markers. */
export function markersKnownComplete(deps: ServiceDeps): boolean {
  return markersComplete.has(deps.stores);
}

/**
 * Reads whether the markers' upgrade is done (a request that does not know yet reads it beside
 * its other reads: no round trip more). Their upgrade runs after the index's, so done says that
 * the index is complete too.
 */
export async function learnMarkers(deps: ServiceDeps): Promise<void> {
  if (await deps.stores.settings.done(DUPLICATE_MARKERS)) {
    markersComplete.add(deps.stores);
    indexComplete.add(deps.stores);
  }
}

/**
 * The active lines that share `line`'s duplicate key: read by key from the duplicate index
 * (shared/store/duplicate-index.ts); until its upgrade is done (lines of an earlier version
 * lack their key), from the line's person, PLIE and hours in its contract's month, as before.
 */
async function linesOfSameKey(deps: ServiceDeps, line: DuplicateFields): Promise<HourLine[]> {
  const { stores } = deps;
  if (indexComplete.has(stores)) return stores.hours.sharingDuplicateKey(line);
  // Not known yet in this process: the setting and the index read at once, so that the first
  // line waits for one round trip too. The index's answer counts only if the upgrade is done (a
  // table of an earlier version may lack the index itself: its failure then means nothing).
  const [done, byKey] = await Promise.all([
    stores.settings.done(DUPLICATE_INDEX),
    stores.hours.sharingDuplicateKey(line).then(
      (lines) => ({ lines }),
      (error: unknown) => ({ error }),
    ),
  ]);
  if (done) {
    indexComplete.add(stores);
    if ('error' in byKey) throw byKey.error;
    return byKey.lines;
  }
  // One person's lines of that PLIE, not the whole month's: this runs on every typed line.
  return stores.hours.ofContractMonth(line.contractId, line.month, {
    plieId: line.plieId,
    participantId: line.participantId,
    hours: line.hours,
  });
}
