// The figures of big imports, shared by the API, the worker, `npm start` and the CDK stack.

/**
 * A file bigger than this (about 4,000 statement lines, a thousand DECP records) is imported
 * as a job: inline, it could outlast API Gateway's 30 seconds.
 */
export const INLINE_IMPORT_MAX_BYTES = 200 * 1024;

/**
 * The largest statement a job takes: a statement is read whole (a workbook must be). Checked
 * when the upload is prepared (the signed URL accepts that size only) and again before the job
 * starts.
 */
export const JOB_MAX_BYTES = 100 * 1024 * 1024;

/**
 * The largest DECP file a job takes: a national yearly file (hundreds of MB), which is streamed
 * a record at a time (imports/decp-stream.ts), so its size costs time, not memory.
 */
export const DECP_JOB_MAX_BYTES = 1024 * 1024 * 1024;

/** The largest file of each kind of import. */
export const jobMaxBytes = (kind: 'statement' | 'decp') =>
  kind === 'decp' ? DECP_JOB_MAX_BYTES : JOB_MAX_BYTES;

/** The worker's limit (Lambda): a 60,000-line statement or a national DECP file, with room. */
export const WORKER_TIMEOUT_MINUTES = 15;

/**
 * How long a structure's export waits to be downloaded: it holds the structure's personal data,
 * so it does not stay (the S3 lifecycle rule removes it after a day, the API refuses it after).
 */
export const EXPORT_RETENTION_DAYS = 1;

/** How many times a queue hands a job to a worker before giving up (SQS, and locally). */
export const IMPORT_ATTEMPTS = 3;
