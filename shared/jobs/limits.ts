// The figures of big imports, shared by the API, the worker, `npm start` and the CDK stack.

/**
 * A file bigger than this (about 4,000 statement lines, a thousand DECP records) is imported
 * as a job: inline, it could outlast API Gateway's 30 seconds.
 */
export const INLINE_IMPORT_MAX_BYTES = 200 * 1024;

/**
 * The largest file a job takes (a national DECP year is bigger: issue 30). Checked when the
 * upload is prepared (the signed URL accepts that size only) and again before the job starts.
 */
export const JOB_MAX_BYTES = 100 * 1024 * 1024;

/** The worker's limit (Lambda): a 60,000-line statement or a national DECP file, with room. */
export const WORKER_TIMEOUT_MINUTES = 15;

/**
 * How long a structure's export waits to be downloaded: it holds the structure's personal data,
 * so it does not stay (the S3 lifecycle rule removes it after a day, the API refuses it after).
 */
export const EXPORT_RETENTION_DAYS = 1;

/** How many times a queue hands a job to a worker before giving up (SQS, and locally). */
export const IMPORT_ATTEMPTS = 3;
