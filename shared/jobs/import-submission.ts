import { type Identity, mayFollowJob } from '#shared/domain/access';
import { JOB_TRANSITIONS } from '#shared/domain/import-job-lifecycle';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  PayloadTooLargeError,
} from '#shared/errors';
import { newId } from '#shared/ids';
import { XLSX_TYPE } from '#shared/imports/file-types';
import { decodeText } from '#shared/imports/text';
import { jobMaxBytes } from '#shared/jobs/limits';
import type { ImportJobsSetup, ServiceDeps } from '#shared/services/deps';
import type { StatementFile } from '#shared/services/statements';
import type {
  ImportFormat,
  ImportJobOptions,
  ImportJobRecord,
  ImportKind,
} from '#shared/store/import-jobs';

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
  /** A DECP file's preview (dry run) or buyer filter. */
  options?: ImportJobOptions,
): Promise<ImportJobRecord> {
  const id = newId();
  await setup.uploads.put(uploadKeyOf(id, upload.format), upload.bytes);
  return recordAndQueue(deps, setup, actor, {
    id,
    kind,
    ...upload,
    bytes: upload.bytes.length,
    replaces: replaces ?? null,
    ...(options ? { options } : {}),
  });
}

/** Where a DECP job's refused records are written, every one of them (a CSV). */
export const refusalsKeyOf = (jobId: string) => `imports/${jobId}-refus.csv`;

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
  if (request.bytes !== undefined) checkSize(kind, request.bytes, null);
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
  checkSize(grant.kind, bytes.length, grant.bytes);
  await setup.uploads.put(uploadKeyOf(jobId, format), bytes);
}

/** A job's file: within the limit, and of the size announced when it was prepared. */
function checkSize(kind: ImportKind, bytes: number, announced: number | null): void {
  const max = jobMaxBytes(kind);
  if (bytes > max) {
    throw new PayloadTooLargeError(
      `Le fichier dépasse ${max / 1024 / 1024} Mo : découpez-le, ou demandez à l’administrateur.`,
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
  start: {
    kind: ImportKind;
    format: ImportFormat;
    fileName: string | null;
    options?: ImportJobOptions | undefined;
  },
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
    checkSize(start.kind, bytes, grant.bytes);
  } catch (error) {
    // Not the file announced: it goes, and the user sends it again.
    await removeUpload(setup, uploadKeyOf(jobId, start.format));
    throw error;
  }
  const { options, ...file } = start;
  return recordAndQueue(
    deps,
    setup,
    actor,
    { id: jobId, ...file, bytes, ...(options && start.kind === 'decp' ? { options } : {}) },
    'granted',
  );
}

export async function recordAndQueue(
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
    options?: ImportJobOptions;
    /** Another job's upload, of the same structure (the import of a previewed file). */
    uploadKey?: string;
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
    uploadKey: upload.uploadKey ?? uploadKeyOf(id, upload.format),
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
    ...(upload.options ? { options: upload.options } : {}),
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

/**
 * A job ended, its upload goes: people's hours need not lie in a bucket for a week. Best
 * effort — the bucket's own expiry removes what this misses.
 */
export async function removeUpload(setup: ImportJobsSetup, key: string): Promise<void> {
  await setup.uploads.delete(key).catch(() => {});
}
