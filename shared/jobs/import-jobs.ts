import { type Identity, mayFollowJob } from '#shared/domain/access';
import {
  abandonedAfterMs,
  isUnfinished,
  JOB_TRANSITIONS,
} from '#shared/domain/import-job-lifecycle';
import {
  AppError,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
} from '#shared/errors';
import { newId } from '#shared/ids';
import { XLSX_TYPE } from '#shared/imports/file-types';
import { decodeText } from '#shared/imports/text';
import { IMPORT_ATTEMPTS, JOB_MAX_BYTES, WORKER_TIMEOUT_MINUTES } from '#shared/jobs/limits';
import { importDecp } from '#shared/services/decp-import';
import type { ImportJobsSetup, ServiceDeps } from '#shared/services/deps';
import { replaceStatement } from '#shared/services/statement-changes';
import { importStatement, type StatementFile } from '#shared/services/statements';
import {
  type ImportFormat,
  type ImportJobRecord,
  type ImportKind,
  MAX_JOB_ERRORS,
} from '#shared/store/import-jobs';
import type { Page } from '#shared/store/pagination';

// Big imports as jobs: the upload is put aside, a job record says where it stands, and a
// worker (SQS-triggered function in AWS, this process locally) runs the very import the API
// runs inline for small files. The import's own guarantees hold: a statement's lines are keyed
// by the file, so a job cut off half-way and run again completes without counting anything
// twice; a DECP re-import creates nothing twice.

export interface Upload {
  format: ImportFormat;
  bytes: Uint8Array;
  fileName: string | null;
}

/** A statement upload as the import reads it: a workbook's bytes, or CSV decoded. */
export function statementFileOf(upload: Pick<Upload, 'format' | 'bytes'>): StatementFile {
  return upload.format === 'xlsx' ? { xlsx: upload.bytes } : decodeText(upload.bytes);
}

/** The job setup when this upload is too big to import within its request. */
export function jobSetupFor(deps: ServiceDeps, bytes: number): ImportJobsSetup | null {
  return deps.imports && bytes > deps.imports.inlineMaxBytes ? deps.imports : null;
}

/** Where a job's upload is kept: the job's id and the file's format make the key. */
const uploadKeyOf = (jobId: string, format: ImportFormat) => `imports/${jobId}.${format}`;

/** The formats each import reads. */
const FORMATS: Record<ImportKind, readonly ImportFormat[]> = {
  statement: ['csv', 'xlsx'],
  decp: ['json'],
};

const CONTENT_TYPES: Record<ImportFormat, string> = {
  csv: 'text/csv',
  xlsx: XLSX_TYPE,
  json: 'application/json',
};

/** Puts the upload aside, records the job and queues it; the caller answers 202. */
export async function submitImportJob(
  deps: ServiceDeps,
  setup: ImportJobsSetup,
  actor: Identity,
  kind: ImportKind,
  upload: Upload,
  /** A statement's corrected file: the statement it replaces, and why. */
  replaces?: ImportJobRecord['replaces'],
): Promise<ImportJobRecord> {
  const id = newId();
  await setup.uploads.put(uploadKeyOf(id, upload.format), upload.bytes);
  return recordAndQueue(deps, setup, actor, {
    id,
    kind,
    ...upload,
    bytes: upload.bytes.length,
    replaces: replaces ?? null,
  });
}

/**
 * A file too big for a request goes straight to storage (S3 in AWS, the app's own PUT
 * locally): first step, where to send it.
 */
export async function prepareUpload(
  deps: ServiceDeps,
  setup: ImportJobsSetup,
  actor: Identity,
  request: { kind: ImportKind; format: ImportFormat; bytes?: number | undefined },
): Promise<{ jobId: string; uploadUrl: string; contentType: string }> {
  const { kind, format } = request;
  const jobId = newId();
  const contentType = CONTENT_TYPES[format];
  // Only this user may then send the file, and only until the job starts.
  await deps.stores.importJobs.grantUpload(
    { jobId, sub: actor.sub, kind, format, bytes: request.bytes ?? null },
    deps.now().toISOString(),
  );
  const direct = await setup.uploads.directUploadUrl(
    uploadKeyOf(jobId, format),
    contentType,
    request.bytes,
  );
  return {
    jobId,
    uploadUrl: direct ?? `/api/imports/${jobId}/file?format=${format}`,
    contentType,
  };
}

/**
 * The file of a direct upload, when the API itself receives it (no S3 locally): from the user
 * who prepared it (404 for anyone else, as if there were no such upload), before its job
 * starts (409 after), of the size announced.
 */
export async function receiveUpload(
  deps: ServiceDeps,
  setup: ImportJobsSetup,
  actor: Identity,
  jobId: string,
  format: ImportFormat,
  bytes: Uint8Array,
): Promise<void> {
  const grant = await deps.stores.importJobs.uploadGrant(jobId);
  if (!grant) {
    const job = await deps.stores.importJobs.get(jobId);
    if (job && job.actor.sub === actor.sub) {
      throw new ConflictError('L’import de ce fichier a commencé : il ne peut plus être changé.');
    }
  }
  if (!grant || grant.sub !== actor.sub || grant.format !== format) {
    throw new NotFoundError('Cet envoi n’existe pas.');
  }
  checkSize(bytes.length, grant.bytes);
  await setup.uploads.put(uploadKeyOf(jobId, format), bytes);
}

/** A job's file: within the limit, and of the size announced when it was prepared. */
function checkSize(bytes: number, announced: number | null): void {
  if (bytes > JOB_MAX_BYTES) {
    throw new PayloadTooLargeError(
      `Le fichier dépasse ${JOB_MAX_BYTES / 1024 / 1024} Mo : découpez-le, ou demandez à l’administrateur.`,
    );
  }
  if (announced !== null && bytes !== announced) {
    throw new ConflictError(
      `Le fichier reçu (${bytes} octets) n’est pas celui annoncé (${announced} octets) : envoyez-le à nouveau.`,
    );
  }
}

/** Last step of a direct upload: the file is there, the job is recorded and queued. */
export async function startUploadedImport(
  deps: ServiceDeps,
  setup: ImportJobsSetup,
  actor: Identity,
  jobId: string,
  start: { kind: ImportKind; format: ImportFormat; fileName: string | null },
): Promise<ImportJobRecord> {
  if (!FORMATS[start.kind].includes(start.format)) {
    throw new InvalidInputError(`Un import ${start.kind} ne lit pas le format ${start.format}.`, [
      { path: 'format', message: `attendu : ${FORMATS[start.kind].join(' ou ')}` },
    ]);
  }
  // Asked twice (a retried click), it is the same job.
  const existing = await deps.stores.importJobs.get(jobId);
  if (existing) {
    if (!mayFollowJob(actor, existing)) throw new NotFoundError('Cet import n’existe pas.');
    return existing;
  }
  const grant = await deps.stores.importJobs.uploadGrant(jobId);
  if (!grant || grant.sub !== actor.sub || grant.kind !== start.kind) {
    throw new NotFoundError('Cet envoi n’existe pas.');
  }
  const bytes = await setup.uploads.size(uploadKeyOf(jobId, start.format));
  if (bytes === null) {
    throw new ConflictError('Le fichier n’a pas été reçu : envoyez-le d’abord à l’adresse donnée.');
  }
  try {
    checkSize(bytes, grant.bytes);
  } catch (error) {
    // Not the file announced: it goes, and the user sends it again.
    await removeUpload(setup, uploadKeyOf(jobId, start.format));
    throw error;
  }
  return recordAndQueue(deps, setup, actor, { id: jobId, ...start, bytes }, 'granted');
}

async function recordAndQueue(
  deps: ServiceDeps,
  setup: ImportJobsSetup,
  actor: Identity,
  upload: {
    id: string;
    kind: ImportKind;
    format: ImportFormat;
    fileName: string | null;
    bytes: number;
    replaces?: ImportJobRecord['replaces'];
  },
  /** The upload was prepared: its grant goes with the job's creation (only once). */
  granted?: 'granted',
): Promise<ImportJobRecord> {
  const { id } = upload;
  const at = deps.now().toISOString();
  const job: ImportJobRecord = {
    id,
    kind: upload.kind,
    format: upload.format,
    fileName: upload.fileName,
    uploadKey: uploadKeyOf(id, upload.format),
    bytes: upload.bytes,
    status: JOB_TRANSITIONS.create.to,
    done: 0,
    total: 0,
    result: null,
    errors: [],
    errorCount: 0,
    message: null,
    actor,
    replaces: upload.replaces ?? null,
    attempts: 0,
    createdAt: at,
    updatedAt: at,
  };
  if (granted) {
    if (!(await deps.stores.importJobs.createFromGrant(job))) {
      // Started meanwhile by another click: the job it made.
      const started = await deps.stores.importJobs.get(id);
      if (!started || !mayFollowJob(job.actor, started)) {
        throw new NotFoundError('Cet envoi n’existe pas.');
      }
      return started;
    }
  } else {
    await deps.stores.importJobs.create(job);
  }
  await setup.queue.enqueue({ tenant: deps.stores.tenant, jobId: id });
  return job;
}

/** Progress written at most once a second: a 50,000-line file makes 500 batches. */
function progressWriter(deps: ServiceDeps, jobId: string) {
  let last = 0;
  const state = { done: 0, total: 0 };
  const write = async (done: number, total: number) => {
    state.done = done;
    state.total = total;
    if (Date.now() - last < 1000 && done < total) return;
    last = Date.now();
    await deps.stores.importJobs.progress(jobId, done, total, deps.now().toISOString());
  };
  return { write, state };
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(decodeText(bytes));
  } catch {
    throw new InvalidInputError('Le fichier DECP n’est pas un JSON lisible.', [
      { path: 'body', message: 'JSON illisible' },
    ]);
  }
}

/**
 * Runs a job: what the worker does for each message. A refused file ends the job as failed,
 * with its errors; anything else (the store, the network) is thrown for the queue to retry,
 * the job staying `running` until a retry finishes it.
 */
export async function runImportJob(
  deps: ServiceDeps,
  jobId: string,
  /** The queue will not try again: a technical failure then ends the job as failed. */
  options: { lastAttempt?: boolean } = {},
): Promise<'done' | 'failed' | 'finished-before'> {
  const setup = deps.imports;
  if (!setup) throw new Error('Import jobs are not set up');
  const { importJobs } = deps.stores;
  const job = await importJobs.start(jobId, deps.now().toISOString());
  if (!job) return 'finished-before';
  const bytes = await setup.uploads.get(job.uploadKey);
  const progress = progressWriter(deps, jobId);
  try {
    const result =
      job.kind === 'decp'
        ? await importDecp(deps, job.actor, parseJson(bytes), progress.write)
        : job.replaces
          ? await replaceStatement(
              deps,
              job.actor,
              job.replaces.statementId,
              statementFileOf({ format: job.format, bytes }),
              job.replaces.reason,
              { limitMs: WORKER_TIMEOUT_MINUTES * 60_000, jobId, onProgress: progress.write },
            )
          : await importStatement(deps, job.actor, statementFileOf({ format: job.format, bytes }), {
              onProgress: progress.write,
            });
    const { done, total } = progress.state;
    await importJobs.finish(
      jobId,
      { status: 'done', ...keptResult(result), done, total },
      deps.now().toISOString(),
    );
    await removeUpload(setup, job.uploadKey);
    return 'done';
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) {
      if (options.lastAttempt) {
        await importJobs
          .finish(
            jobId,
            { status: 'failed', message: TECHNICAL_FAILURE, errors: [] },
            deps.now().toISOString(),
          )
          .catch(() => {});
        await removeUpload(setup, job.uploadKey);
      }
      throw error;
    }
    await importJobs.finish(
      jobId,
      { status: 'failed', message: error.message, errors: error.errors ?? [] },
      deps.now().toISOString(),
    );
    await removeUpload(setup, job.uploadKey);
    return 'failed';
  }
}

/**
 * A job ended, its upload goes: people's hours need not lie in a bucket for a week. Best
 * effort — the bucket's own expiry removes what this misses.
 */
async function removeUpload(setup: ImportJobsSetup, key: string): Promise<void> {
  await setup.uploads.delete(key).catch(() => {});
}

const TECHNICAL_FAILURE = `Erreur technique : l’import n’a pas abouti après ${IMPORT_ATTEMPTS} essais, rien n’a été compté deux fois. Renvoyez le fichier ; si l’erreur revient, prévenez l’administrateur.`;

/**
 * The result kept on the job: a DECP file's refused records may be thousands, more than an
 * item holds (400 KB); the first MAX_JOB_ERRORS are kept, and how many there were.
 */
function keptResult(result: object): { result: Record<string, unknown>; errorCount: number } {
  const { errors, ...rest } = result as { errors?: unknown };
  if (!Array.isArray(errors)) return { result: { ...rest }, errorCount: 0 };
  return {
    result: { ...rest, errors: errors.slice(0, MAX_JOB_ERRORS) },
    errorCount: errors.length,
  };
}

/** Queues again the jobs a stopped process left unfinished (local restarts). */
export async function resumeImportJobs(deps: ServiceDeps): Promise<number> {
  if (!deps.imports) return 0;
  const { items } = await deps.stores.importJobs.list({ limit: 200 });
  const unfinished = items.filter((job) => isUnfinished(job.status));
  for (const job of unfinished) {
    await deps.imports.queue.enqueue({ tenant: deps.stores.tenant, jobId: job.id });
  }
  return unfinished.length;
}

/**
 * The job as it stands: one that has not moved for longer than any worker runs is dead (a
 * timeout, memory, its message dead-lettered) and is marked failed, with why, when it is
 * looked at — its user is not left before "en cours" for ever.
 */
async function seenAlive(deps: ServiceDeps, job: ImportJobRecord): Promise<ImportJobRecord> {
  const after = abandonedAfterMs(job.status, WORKER_TIMEOUT_MINUTES);
  if (after === null || deps.now().getTime() - Date.parse(job.updatedAt) < after) return job;
  const at = deps.now().toISOString();
  await deps.stores.importJobs.abandon(job.id, job.updatedAt, at);
  return (await deps.stores.importJobs.get(job.id)) ?? job;
}

/** A job, for the one who sent it and for administrators. */
export async function getImportJob(
  deps: ServiceDeps,
  actor: Identity,
  jobId: string,
): Promise<ImportJobRecord> {
  const job = await deps.stores.importJobs.get(jobId);
  if (!job || !mayFollowJob(actor, job)) throw new NotFoundError('Cet import n’existe pas.');
  return seenAlive(deps, job);
}

/** The caller's jobs (all of them for administrators), newest first. */
export async function listImportJobs(
  deps: ServiceDeps,
  actor: Identity,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<ImportJobRecord>> {
  const found = await deps.stores.importJobs.list(page);
  const mine = found.items.filter((job) => mayFollowJob(actor, job));
  return { ...found, items: await Promise.all(mine.map((job) => seenAlive(deps, job))) };
}
