import { isUnfinished } from '#shared/domain/import-job-lifecycle';
import { AppError } from '#shared/errors';
import { refusalsCsv } from '#shared/imports/decp-errors';
import { decpUploadSource } from '#shared/imports/decp-source';
import { IMPORT_ATTEMPTS, WORKER_TIMEOUT_MINUTES } from '#shared/jobs/limits';
import { validFileName } from '#shared/schemas/file-name';
import { type DecpImportResult, importDecp } from '#shared/services/decp-import';
import type { ImportJobsSetup, ServiceDeps } from '#shared/services/deps';
import { replaceStatement } from '#shared/services/statement-changes';
import { importStatement } from '#shared/services/statements';
import { MAX_JOB_ERRORS } from '#shared/store/import-jobs';
import { runExportJob } from './export-runner';
import { refusalsKeyOf, removeUpload, statementFileOf } from './import-submission';

// The worker's side of an import job (the upload and the job's record: import-submission.ts).

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
  // A structure's export: a file written, not read (export-runner.ts).
  if (job.kind === 'export') return runExportJob(deps, setup, job, options);
  const progress = progressWriter(deps, jobId);
  // A statement is read whole (a workbook must be); a DECP file, streamed from storage.
  const statement = async () =>
    statementFileOf({ format: job.format, bytes: await setup.uploads.get(job.uploadKey) });
  try {
    const kept =
      job.kind === 'decp'
        ? await keptDecpResult(
            setup,
            jobId,
            await importDecp(
              deps,
              job.actor,
              await decpUploadSource(() => setup.uploads.stream(job.uploadKey)),
              progress.write,
              { ...job.options, fileName: job.fileName },
            ),
          )
        : keptResult(
            job.replaces
              ? await replaceStatement(
                  deps,
                  job.actor,
                  job.replaces.statementId,
                  await statement(),
                  job.replaces.reason,
                  { limitMs: WORKER_TIMEOUT_MINUTES * 60_000, jobId, onProgress: progress.write },
                  { fileName: validFileName(job.fileName) },
                )
              : await importStatement(deps, job.actor, await statement(), {
                  onProgress: progress.write,
                  fileName: validFileName(job.fileName),
                }),
          );
    const { done, total } = progress.state;
    await importJobs.finish(
      jobId,
      { status: 'done', ...kept, done, total },
      deps.now().toISOString(),
    );
    // A DECP preview's file waits for its import (preview-import.ts): not sent twice.
    if (!(job.kind === 'decp' && job.options?.dryRun)) await removeUpload(setup, job.uploadKey);
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

const TECHNICAL_FAILURE = `Erreur technique : l’import n’a pas abouti après ${IMPORT_ATTEMPTS} essais, rien n’a été compté deux fois. Renvoyez le fichier ; si l’erreur revient, prévenez l’administrateur.`;

/** Refused records shown on the job itself; every one of them is in its CSV file. */
export const REFUSALS_SAMPLE = 100;

/**
 * A DECP job's result as the job keeps it: a national file's refused records may be tens of
 * thousands, more than an item holds (400 KB). Every one goes to a CSV beside the upload
 * (GET /api/imports/{jobId}/refusals); the job keeps the groups by reason, the first
 * REFUSALS_SAMPLE records, and how many there were.
 */
async function keptDecpResult(
  setup: ImportJobsSetup,
  jobId: string,
  result: DecpImportResult,
): Promise<{ result: Record<string, unknown>; errorCount: number }> {
  const { errors, ...rest } = result;
  if (errors.length) {
    await setup.uploads.put(refusalsKeyOf(jobId), new TextEncoder().encode(refusalsCsv(errors)));
  }
  const short = <T extends { message: string }>(error: T): T => ({
    ...error,
    message: error.message.slice(0, 500),
  });
  return {
    result: {
      ...rest,
      ...(rest.errorGroups
        ? { errorGroups: rest.errorGroups.map((g) => ({ ...g, example: short(g.example) })) }
        : {}),
      errors: errors.slice(0, REFUSALS_SAMPLE).map(short),
      refusalsFile: errors.length > 0,
    },
    errorCount: errors.length,
  };
}

/**
 * The result kept on a statement's job: its errors are the first MAX_JOB_ERRORS, and how many
 * there were.
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
