import type { HourLine } from './hours';
import { toHundredths } from './hours';
import { byCode } from './order';

// Possible duplicates (issue 29): the same hours reach the ledger twice when a facilitator
// imports a second file holding last month's lines again, types a line a file already holds, or
// validates an awardee's declaration on top of her own file. Identical lines may both be real
// (two contracts of one person, two files that each hold half a team), so nothing is refused:
// a line is flagged, and whoever counts it decides.
//
// The rule: a line is a possible duplicate of a line already counted (active) with the same
// contract, PLIE, month, person and hours, that comes from another source. A person is the
// participant; a line with no participant is an unnamed person, and hour lines keep no
// description, so two unnamed lines of equal hours match. A source is a statement (a
// facilitator's file or an awardee's declaration: all its lines are one source), or, for a
// line typed by hand, the line itself. Identical lines inside one file are not flagged against
// each other: a file is written at once by one person, who meant each line.

/** What makes two lines the same hours: contract, PLIE, month, person, hours. */
export interface DuplicateFields {
  contractId: string;
  plieId: string;
  participantId: string | null;
  month: string;
  hours: number;
}

/** The key two lines share when one may duplicate the other. */
export function duplicateKey(line: DuplicateFields): string {
  return [
    line.contractId,
    line.plieId,
    line.month,
    line.participantId ?? '',
    toHundredths(line.hours),
  ].join('\u0000');
}

/** A line already in the ledger, as the API lists it too (the pages apply the rule as well). */
export type CountedLine = DuplicateFields &
  Pick<HourLine, 'id' | 'statementId' | 'status' | 'createdAt'>;

/** Where a counted line came from: its statement, or itself when typed. */
export function sourceOf(line: Pick<HourLine, 'id' | 'statementId'>): string {
  return line.statementId ?? `typed:${line.id}`;
}

/**
 * For each candidate, the counted line it may duplicate (the first logged), or null.
 * `source`: the candidates' own source (its statement's id; a typed line has none yet, so
 * any counted line is another source), or several: a correction's own and the statement it
 * replaces, whose lines it voids. Voided lines do not count.
 */
export function possibleDuplicates<T extends DuplicateFields, C extends CountedLine>(
  candidates: readonly T[],
  counted: readonly C[],
  source: string | null | readonly string[],
): (C | null)[] {
  const own = new Set<string>(
    source === null ? [] : typeof source === 'string' ? [source] : source,
  );
  const byKey = new Map<string, C>();
  const sorted = [...counted].sort((a, b) => byCode(a.createdAt, b.createdAt));
  for (const line of sorted) {
    if (line.status !== 'active' || own.has(sourceOf(line))) continue;
    const key = duplicateKey(line);
    if (!byKey.has(key)) byKey.set(key, line);
  }
  return candidates.map((candidate) => byKey.get(duplicateKey(candidate)) ?? null);
}

/**
 * The months of a contract's lines that hold possible duplicates: for each month, how many
 * active lines share their key with a line of another source (counted from the lines alone).
 */
export function monthsWithDuplicates(lines: readonly CountedLine[]): Map<string, number> {
  const groups = new Map<string, CountedLine[]>();
  for (const line of lines) {
    if (line.status !== 'active') continue;
    const key = duplicateKey(line);
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  const months = new Map<string, number>();
  for (const group of groups.values()) {
    if (new Set(group.map(sourceOf)).size < 2) continue;
    const month = (group[0] as CountedLine).month;
    months.set(month, (months.get(month) ?? 0) + group.length);
  }
  return months;
}

/** How a counted line came, in the words the pages use. */
export type DuplicateSource = 'typed' | 'file' | 'awardee';

export const DUPLICATE_SOURCE_LABELS: Record<DuplicateSource, string> = {
  typed: 'saisie à la main',
  file: 'relevé importé',
  awardee: 'déclaration du titulaire',
};

/** What the facilitator decides for the flagged lines: leave them out (default) or count them. */
export const DUPLICATE_DECISIONS = ['skip', 'count'] as const;
export type DuplicateDecision = (typeof DUPLICATE_DECISIONS)[number];
