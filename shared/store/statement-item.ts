import type { HourMode } from '#shared/domain/hours';
import {
  type LongTransitionName,
  STATEMENT_STATES,
  type StatementState,
} from '#shared/domain/statement-lifecycle';
import { type Item, readItem } from './item';

// A monthly statement ("relevé mensuel") as the table keeps it: the file's hash, who uploaded
// it, what it covers, its state, and the change under way, if any. Its lines point back to it.

/** One line of an awardee's statement: one person's hours of the month, as declared. */
export interface DeclaredLine {
  /** 1 for the first line. */
  line: number;
  /** The PLIE's pseudonymous reference of the person, when the awardee knows it. */
  participantRef: string | null;
  /** Otherwise a name-free description ("manœuvre, embauché le 3"). */
  description: string | null;
  plieId: string;
  hours: number;
  mode: HourMode;
  /** Why the facilitator refused this line (null: not refused). */
  rejection: string | null;
}

/**
 * A change that writes lines, under way: what finishing or undoing it needs, once the request
 * that began it is gone. Its lines are stamped with `at` and `by`, which is how an undo finds
 * them.
 */
export interface PendingChange {
  transition: LongTransitionName;
  at: string;
  by: string;
  /** The state it started from, where an undo brings the statement back. */
  from: StatementState;
  reason: string | null;
  /** A replacement's new statement. */
  replacement: string | null;
  /** Past this time (ISO), whatever ran it is gone: it is interrupted (changeDeadline). */
  until: string;
  /** The import job running it, if a job does: its next attempt knows the last one died. */
  job: string | null;
}

export interface StatementRecord {
  id: string;
  fileHash: string;
  uploadedAt: string;
  uploadedBy: string;
  /** Who sent it, as histories name them (issue 29); absent on statements sent before. */
  uploadedByName?: string;
  /** The file's name, when the page sent it (a declaration has none). */
  fileName?: string;
  contractReferences: string[];
  months: string[];
  lineCount: number;
  /** The file's last line number: its lines are numbered 2 (after the header) to this. */
  lastLine: number;
  hours: number;
  status: StatementState;
  /** The statement this one corrects, and the one that corrected this one. */
  replaces: string | null;
  replacedBy: string | null;
  /** Why it was withdrawn, replaced or rejected. */
  reason: string | null;
  /** `upload` for a facilitator's file, `awardee` for an awardee's declaration. */
  origin: 'upload' | 'awardee';
  /** An awardee's statement is for one contract and one month, by one company. */
  contractId: string | null;
  month: string | null;
  awardeeSiret: string | null;
  declaredLines: DeclaredLine[];
  /** When and by whom a facilitator validated or rejected it. */
  reviewedAt: string | null;
  reviewedBy: string | null;
  /** The change under way (withdrawing, replacing, validating); null when settled. */
  pending: PendingChange | null;
  /**
   * A file's lines (or an awardee's declared lines) left out as possible duplicates of hours
   * already counted (shared/domain/duplicates.ts); absent when none was.
   */
  leftOut?: number[];
}

function pendingFromItem(value: unknown): PendingChange | null {
  if (!value || typeof value !== 'object') return null;
  const read = readItem(value as Item, 'statement change');
  return {
    transition: read.oneOf('transition', ['withdraw', 'replace', 'validate'] as const),
    at: read.string('at'),
    by: read.string('by'),
    from: read.oneOf('from', STATEMENT_STATES),
    reason: read.nullableString('reason'),
    replacement: read.nullableString('replacement'),
    until: read.string('until'),
    job: read.nullableString('job'),
  };
}

/** An optional text attribute, absent when the item has none. */
function optionalText<K extends string>(item: Item, name: K): { [P in K]?: string } {
  const value = item[name];
  return (typeof value === 'string' && value ? { [name]: value } : {}) as { [P in K]?: string };
}

export function statementFromItem(item: Item): StatementRecord {
  const read = readItem(item, 'statement');
  return {
    id: read.string('id'),
    fileHash: read.string('fileHash'),
    uploadedAt: read.string('uploadedAt'),
    uploadedBy: read.string('uploadedBy'),
    ...optionalText(item, 'uploadedByName'),
    ...optionalText(item, 'fileName'),
    contractReferences: read.strings('contractReferences', []),
    months: read.strings('months', []),
    lineCount: read.number('lineCount'),
    lastLine: read.number('lastLine'),
    hours: read.number('hours'),
    status: read.oneOf('status', STATEMENT_STATES),
    replaces: read.nullableString('replaces'),
    replacedBy: read.nullableString('replacedBy'),
    reason: read.nullableString('reason'),
    origin: item.origin === 'awardee' ? 'awardee' : 'upload',
    contractId: read.nullableString('contractId'),
    month: read.nullableString('month'),
    awardeeSiret: read.nullableString('awardeeSiret'),
    declaredLines: Array.isArray(item.declaredLines) ? (item.declaredLines as DeclaredLine[]) : [],
    reviewedAt: read.nullableString('reviewedAt'),
    reviewedBy: read.nullableString('reviewedBy'),
    pending: pendingFromItem(item.pending),
    ...(Array.isArray(item.leftOut) && item.leftOut.length
      ? { leftOut: (item.leftOut as unknown[]).map(Number) }
      : {}),
  };
}
