// What erasing a person (GDPR) does to what the table keeps about them besides their own
// record: a statement's line that declared them no longer names them, and free text (reasons,
// refusals, descriptions) no longer spells their reference. Their hours stay, tied to the
// participant's random id, which nothing links to the reference any more.

/** What an erased participant's reference reads, wherever it was. */
export const ERASED_REF = 'effacé';

/** Someone being erased: a reference is unique within its PLIE only. */
export interface ErasedPerson {
  plieId: string;
  ref: string;
}

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The references as words of a text, in any case: not inside a longer reference ("BX-1" is not
 * in "BX-10"), a full stop after it ending the sentence rather than the reference.
 */
function refsPattern(persons: readonly ErasedPerson[], flags: string): RegExp | null {
  const refs = [...new Set(persons.map((p) => p.ref))];
  if (refs.length === 0) return null;
  const alternatives = refs
    .sort((a, b) => b.length - a.length)
    .map((ref) => ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  return new RegExp(
    `(?<![A-Za-z0-9._-])(?:${alternatives})(?![A-Za-z0-9_-]|\\.[A-Za-z0-9_-])`,
    flags,
  );
}

/**
 * Whether a free text names one of the references. A text naming the same reference of another
 * PLIE counts too: a text does not say which PLIE it means, and scrubbing one word too many of
 * a comment costs less than leaving a person's reference.
 */
export function mentions(text: unknown, persons: readonly ErasedPerson[]): boolean {
  if (typeof text !== 'string') return false;
  return refsPattern(persons, 'i')?.test(text) ?? false;
}

/** The text with every mention of the references replaced by the erased marker. */
export function scrubText<T>(text: T, persons: readonly ErasedPerson[]): T {
  if (typeof text !== 'string') return text;
  const pattern = refsPattern(persons, 'gi');
  return (pattern ? text.replace(pattern, ERASED_REF) : text) as T;
}

/** Whether an awardee's declared line names one of the persons (reference and PLIE). */
export function declares(line: unknown, persons: readonly ErasedPerson[]): boolean {
  return (
    isRecord(line) && persons.some((p) => line.plieId === p.plieId && line.participantRef === p.ref)
  );
}

/**
 * A declared line scrubbed: the person's loses the reference and its description (which
 * describes them); any line's free text loses the references.
 */
function scrubDeclaredLine(line: unknown, persons: readonly ErasedPerson[]): unknown {
  if (!isRecord(line)) return line;
  const theirs = declares(line, persons);
  return {
    ...line,
    ...(theirs ? { participantRef: ERASED_REF, description: null } : {}),
    ...('description' in line && !theirs
      ? { description: scrubText(line.description, persons) }
      : {}),
    ...('rejection' in line ? { rejection: scrubText(line.rejection, persons) } : {}),
  };
}

/** Whether a statement, as stored, names one of the persons, in its lines or its free text. */
export function statementNames(statement: Json, persons: readonly ErasedPerson[]): boolean {
  const lines = Array.isArray(statement.declaredLines) ? statement.declaredLines : [];
  return (
    mentions(statement.reason, persons) ||
    lines.some(
      (line) =>
        declares(line, persons) ||
        (isRecord(line) &&
          (mentions(line.rejection, persons) || mentions(line.description, persons))),
    )
  );
}

/**
 * A record of a statement that names a person being erased — the statement's own attributes,
 * or a change record's data, which holds the statement or what a transition recorded — with
 * the persons scrubbed. An awardee's statement's fingerprint is a hash of the declaration, the
 * reference included, that anyone could recompute for each possible reference from the rest of
 * the statement: it becomes `erasedHash`, which says nothing of anyone.
 */
export function scrubStatementRecord(
  record: Json,
  persons: readonly ErasedPerson[],
  erasedHash: string,
): Json {
  const scrubbed: Json = { ...record };
  if (Array.isArray(record.declaredLines)) {
    scrubbed.declaredLines = record.declaredLines.map((line) => scrubDeclaredLine(line, persons));
  }
  if (Array.isArray(record.rejectedLines)) {
    scrubbed.rejectedLines = record.rejectedLines.map((line) =>
      isRecord(line) ? { ...line, rejection: scrubText(line.rejection, persons) } : line,
    );
  }
  if ('reason' in record) scrubbed.reason = scrubText(record.reason, persons);
  if (record.origin === 'awardee' && typeof record.fileHash === 'string') {
    scrubbed.fileHash = erasedHash;
  }
  return scrubbed;
}

/** The free text of an hour line (its void reason), or of a line's change data, scrubbed. */
export function scrubLineRecord(record: Json, persons: readonly ErasedPerson[]): Json {
  return 'voidReason' in record
    ? { ...record, voidReason: scrubText(record.voidReason, persons) }
    : record;
}

/**
 * A participant's own change data: what named or described them (reference, eligibility, sex,
 * age band) goes.
 */
export function forgetParticipantData(data: Json): Json {
  const { ref, eligibility, sex, ageBand, ...rest } = data;
  return rest;
}
