import { type Identity, ROLES } from '#shared/domain/access';
import { JOB_STATES, type JobState } from '#shared/domain/import-job-lifecycle';
import { type Item, readItem } from './item';

// An import job's record as the table holds it, and the upload grant that precedes it.

export const IMPORT_KINDS = ['statement', 'decp'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
/**
 * What a job does: an import, or a structure's export (a file the worker writes instead of
 * one it reads: services/structure-export.ts), which goes through the same queue and worker.
 */
export const JOB_KINDS = [...IMPORT_KINDS, 'export'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export const IMPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export { JOB_STATES as JOB_STATUSES } from '#shared/domain/import-job-lifecycle';
export type JobStatus = JobState;

/** A job's record stays a month, then DynamoDB's TTL removes it (the import's data stays). */
export const JOB_TTL_SECONDS = 31 * 24 * 3600;

export interface ImportJobRecord {
  id: string;
  kind: JobKind;
  format: ImportFormat;
  fileName: string | null;
  /** Where the upload is kept; an export's file, where it is written. */
  uploadKey: string;
  bytes: number;
  status: JobStatus;
  done: number;
  total: number;
  /** What the import answered (the same body as an inline import), once done. */
  result: Record<string, unknown> | null;
  /** Why it failed: the file's errors (at most MAX_JOB_ERRORS), or one message. */
  errors: { line?: number; column?: string; message: string }[];
  /** How many errors there were (the file's, or the records a DECP result refused). */
  errorCount: number;
  message: string | null;
  /** Who asked for it: the worker imports as them. */
  actor: Identity;
  /** A statement's replacement: the statement the file corrects, and why. */
  replaces: { statementId: string; reason: string } | null;
  /** A DECP import's options: only read and count (a preview), only some buyers' records. */
  options?: ImportJobOptions | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

export interface ImportJobOptions {
  dryRun: boolean;
  buyerSirets: string[];
}

/** Errors kept on the job (an item holds 400 KB); the count says how many there were. */
export const MAX_JOB_ERRORS = 1000;

export function jobFromItem(item: Item): ImportJobRecord {
  const read = readItem(item, 'import job');
  const actor = readItem(read.record('actor'), 'import job actor');
  const plieId = actor.optionalString('plieId');
  // How histories name who asked (an export names its author): kept with the job.
  const actorName = actor.optionalString('name');
  return {
    id: read.string('id'),
    kind: read.oneOf('kind', JOB_KINDS),
    format: read.oneOf('format', IMPORT_FORMATS),
    fileName: read.nullableString('fileName'),
    uploadKey: read.string('uploadKey'),
    bytes: read.number('bytes'),
    status: read.oneOf('status', JOB_STATES),
    done: read.number('done'),
    total: read.number('total'),
    result: read.nullableRecord('result'),
    errors: read.records('errors').map((entry) => {
      const error = readItem(entry, 'import job error');
      const line = error.optionalNumber('line');
      const column = error.optionalString('column');
      return {
        ...(line !== undefined ? { line } : {}),
        ...(column !== undefined ? { column } : {}),
        message: error.string('message'),
      };
    }),
    errorCount: read.number('errorCount'),
    message: read.nullableString('message'),
    actor: {
      sub: actor.string('sub'),
      role: actor.oneOf('role', ROLES),
      ...(plieId ? { plieId } : {}),
      ...(actorName ? { name: actorName } : {}),
    },
    replaces: replacesOf(item.replaces),
    ...(item.options ? { options: optionsOf(item.options) } : {}),
    attempts: read.number('attempts'),
    createdAt: read.string('createdAt'),
    updatedAt: read.string('updatedAt'),
  };
}

/** A prepared upload: only its preparer may send its file, of this format (and size). */
export interface UploadGrant {
  jobId: string;
  sub: string;
  kind: ImportKind;
  format: ImportFormat;
  /** The size announced when it was prepared; null when the client did not say. */
  bytes: number | null;
}

/** A grant not used within a day goes (DynamoDB's TTL): its URL lasted 15 minutes. */
export const GRANT_TTL_SECONDS = 24 * 3600;

function replacesOf(value: unknown): ImportJobRecord['replaces'] {
  if (!value || typeof value !== 'object') return null;
  const read = readItem(value as Item, 'import job replaces');
  return { statementId: read.string('statementId'), reason: read.string('reason') };
}

function optionsOf(value: unknown): ImportJobOptions {
  const read = readItem(value as Item, 'import job options');
  return { dryRun: read.boolean('dryRun', false), buyerSirets: read.strings('buyerSirets', []) };
}
