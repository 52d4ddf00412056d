import { createHash } from 'node:crypto';
import type { DuplicateDecision } from '#shared/domain/duplicates';
import type { HourLine } from '#shared/domain/hours';
import { findPlie } from '#shared/domain/plies';
import { type LineError, StatementError } from '#shared/errors';
import {
  type PartialLine,
  type ReadStatement,
  readStatement,
  type StatementLine,
} from '#shared/imports/statement';
import type { PlieRecord } from '#shared/store/plies';
import type { ServiceDeps } from './deps';
import { findDuplicates } from './duplicates';
import { type CheckedLine, checkLines } from './line-checks';

// A facilitator's statement file read and checked against the store, every error at once,
// before anything is written; and its lines that may duplicate hours already counted from
// another source (shared/domain/duplicates.ts), left out or counted as the facilitator says.

/** A statement's fingerprints and its lines' ids are SHA-256 hex digests. */
export const sha256 = (data: string | Uint8Array) =>
  createHash('sha256').update(data).digest('hex');

/** A statement as uploaded: CSV text (already decoded), or an Excel workbook's bytes. */
export type StatementFile = string | { xlsx: Uint8Array };

/** The file's fingerprint: a CSV's text (as before workbooks were read), a workbook's bytes. */
export const fileHashOf = (file: StatementFile) =>
  sha256(typeof file === 'string' ? file : file.xlsx);

/** Reads the file; the workbook reader is loaded only when a workbook comes. */
export async function readStatementFile(file: StatementFile): Promise<ReadStatement> {
  if (typeof file === 'string') return readStatement(file);
  const { readXlsx } = await import('#shared/imports/xlsx');
  return readStatement(readXlsx(file.xlsx));
}

/** A line of the file, checked: the contract and person it names, by id. */
export interface CheckedStatementLine {
  line: StatementLine;
  contractId: string;
  participantId: string | null;
}

/** What to do with the lines that may duplicate counted hours. */
export interface DuplicateHandling {
  decision: DuplicateDecision;
  /** The file's statement: its own lines already counted (a file posted again) are not others. */
  statementId: string;
  /** The statement a correction replaces: its lines are voided by it, not counted beside it. */
  replaces?: string | undefined;
  /** The lines left out when the statement was first recorded: that decision stands. */
  recorded?: readonly number[] | undefined;
}

export interface CheckedFile {
  /** The lines to count. */
  lines: CheckedStatementLine[];
  /** Every line of the file that may duplicate a counted line, with that line. */
  flagged: { line: number; duplicateOf: HourLine }[];
  /** The file's lines left out (flagged, and the decision is to skip them). */
  leftOut: number[];
  /** The contracts and months the whole file names, left-out lines included. */
  names: { contractReferences: string[]; months: string[] };
}

/**
 * Reads and checks a statement file: every line, against the store, all errors at once (422)
 * before anything is written. `released`: hours a replaced statement gives back, by person and
 * month, so that its correction is not refused for the hours it replaces. Every line counts.
 */
export async function checkedStatement(
  deps: ServiceDeps,
  file: StatementFile,
  released?: ReadonlyMap<string, number>,
): Promise<CheckedStatementLine[]> {
  return (await checkedFile(deps, file, released)).lines;
}

/**
 * The same check, and with `duplicates`, the possible duplicates found and decided: left out
 * lines are checked no further (their hours would not count towards a person's 250 h).
 */
export async function checkedFile(
  deps: ServiceDeps,
  file: StatementFile,
  released?: ReadonlyMap<string, number>,
  duplicates?: DuplicateHandling,
): Promise<CheckedFile> {
  const read = await readStatementFile(file);
  const { headers } = read;
  // The file names each PLIE as people write it; the lines from here on carry its code.
  const plies = await deps.stores.plies.list();
  const errors: LineError[] = [...read.errors];
  const partial: PartialLine[] = [...read.partial];
  const lines: StatementLine[] = [];
  for (const line of read.lines) {
    const found = findPlie(plies, line.plieId);
    if (found.ok) lines.push({ ...line, plieId: found.plie.id });
    else {
      errors.push({ line: line.line, column: headers.plieId, message: found.message });
      partial.push({ line: line.line, contractReference: line.contractReference, plieId: null });
    }
  }
  const check = (some: readonly StatementLine[]) =>
    checkLines(
      deps,
      some.map((line) => ({
        contract: { reference: line.contractReference },
        plieId: line.plieId,
        participant: line.participantRef ? { ref: line.participantRef } : null,
        month: line.month,
        hours: line.hours,
      })),
      released,
    );
  let checked = await check(lines);
  const flagged = duplicates
    ? await flaggedLines(deps, lines, checked, [
        duplicates.statementId,
        ...(duplicates.replaces ? [duplicates.replaces] : []),
      ])
    : [];
  const skipped = new Set(
    !duplicates
      ? []
      : (duplicates.recorded ?? (duplicates.decision === 'skip' ? flagged.map((f) => f.line) : [])),
  );
  const kept = skipped.size ? lines.filter((line) => !skipped.has(line.line)) : lines;
  // The left-out hours do not count: the kept lines are checked again without them.
  if (skipped.size) checked = await check(kept);
  const allErrors: LineError[] = [
    ...errors,
    ...(await unknownNames(deps, partial, headers, plies)),
  ];
  checked.forEach((result, i) => {
    if (result.ok) return;
    const { line } = kept[i] as StatementLine;
    for (const problem of result.problems) {
      allErrors.push({ line, column: headers[problem.field], message: problem.message });
    }
  });
  if (allErrors.length) {
    allErrors.sort((a, b) => a.line - b.line || a.column.localeCompare(b.column));
    throw new StatementError(
      `Le relevé n’a pas été importé : ${allErrors.length} erreur(s) à corriger, aucune ligne enregistrée.`,
      allErrors,
    );
  }
  return {
    lines: kept.map((line, i) => {
      const found = checked[i] as Extract<CheckedLine, { ok: true }>;
      return { line, contractId: found.contract.id, participantId: found.participantId };
    }),
    flagged,
    leftOut: [...skipped].sort((a, b) => a - b),
    names: {
      contractReferences: [...new Set(lines.map((line) => line.contractReference))].sort(),
      months: [...new Set(lines.map((line) => line.month))].sort(),
    },
  };
}

/** The lines that may duplicate a counted line of another source (those whose names resolved). */
async function flaggedLines(
  deps: ServiceDeps,
  lines: readonly StatementLine[],
  checked: readonly CheckedLine[],
  ownSources: readonly string[],
): Promise<CheckedFile['flagged']> {
  const candidates = lines.flatMap((line, i) => {
    const result = checked[i] as CheckedLine;
    const ids = result.ok
      ? { contractId: result.contract.id, participantId: result.participantId }
      : result.resolved;
    return ids ? [{ ...ids, plieId: line.plieId, month: line.month, hours: line.hours, line }] : [];
  });
  const found = await findDuplicates(deps, candidates, ownSources);
  return candidates.flatMap((candidate, i) => {
    const duplicateOf = found[i];
    return duplicateOf ? [{ line: candidate.line.line, duplicateOf }] : [];
  });
}

/**
 * The contracts and PLIEs that lines with wrong fields of their own name but do not exist: a
 * facilitator sees every error of a line at once, not one per upload.
 */
async function unknownNames(
  deps: ServiceDeps,
  partial: readonly PartialLine[],
  headers: ReadStatement['headers'],
  plies: readonly PlieRecord[],
): Promise<LineError[]> {
  const contracts = new Map<string, Promise<boolean>>();
  const known = (
    cache: Map<string, Promise<boolean>>,
    key: string,
    find: () => Promise<boolean>,
  ) => {
    if (!cache.has(key)) cache.set(key, find());
    return cache.get(key) as Promise<boolean>;
  };
  const errors: LineError[] = [];
  for (const line of partial) {
    const reference = line.contractReference;
    if (
      reference &&
      !(await known(
        contracts,
        reference,
        async () => (await deps.stores.contracts.findByReference(reference)).length > 0,
      ))
    ) {
      errors.push({
        line: line.line,
        column: headers.contract,
        message: `Marché inconnu : « ${reference} »`,
      });
    }
    const plie = line.plieId ? findPlie(plies, line.plieId) : null;
    if (plie && !plie.ok) {
      errors.push({ line: line.line, column: headers.plieId, message: plie.message });
    }
  }
  return errors;
}
