import { type Identity, mayFollowJob } from '#shared/domain/access';
import { abandonedAfterMs } from '#shared/domain/import-job-lifecycle';
import { NotFoundError } from '#shared/errors';
import { refusalsKeyOf } from '#shared/jobs/import-submission';
import { WORKER_TIMEOUT_MINUTES } from '#shared/jobs/limits';
import type { ServiceDeps } from '#shared/services/deps';
import type { ImportJobRecord, ImportKind } from '#shared/store/import-jobs';
import type { Page } from '#shared/store/pagination';

// Import jobs as their users follow them (the job's record: import-submission.ts). Exports
// run as jobs of the same kind (kind `export`): they are followed under /api/exports, not here.

/** A job that imports (not an export). */
export type ImportOnlyJob = ImportJobRecord & { kind: ImportKind };
const isImport = (job: ImportJobRecord): job is ImportOnlyJob => job.kind !== 'export';

/**
 * The job as it stands: one that has not moved for longer than any worker runs is dead (a
 * timeout, memory, its message dead-lettered) and is marked failed, with why, when it is
 * looked at — its user is not left before "en cours" for ever.
 */
export async function seenAlive<J extends ImportJobRecord>(deps: ServiceDeps, job: J): Promise<J> {
  const after = abandonedAfterMs(job.status, WORKER_TIMEOUT_MINUTES);
  if (after === null || deps.now().getTime() - Date.parse(job.updatedAt) < after) return job;
  const at = deps.now().toISOString();
  await deps.stores.importJobs.abandon(job.id, job.updatedAt, at);
  return ((await deps.stores.importJobs.get(job.id)) as J | null) ?? job;
}

/** A job, for the one who sent it and for administrators. */
export async function getImportJob(
  deps: ServiceDeps,
  actor: Identity,
  jobId: string,
): Promise<ImportOnlyJob> {
  const job = await deps.stores.importJobs.get(jobId);
  if (!job || !isImport(job) || !mayFollowJob(actor, job)) {
    throw new NotFoundError('Cet import n’existe pas.');
  }
  return seenAlive(deps, job);
}

/** The caller's jobs (all of them for administrators), newest first. */
export async function listImportJobs(
  deps: ServiceDeps,
  actor: Identity,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<ImportOnlyJob>> {
  const found = await deps.stores.importJobs.list(page);
  const mine = found.items.filter(isImport).filter((job) => mayFollowJob(actor, job));
  return { ...found, items: await Promise.all(mine.map((job) => seenAlive(deps, job))) };
}

/**
 * Every record a DECP job refused, as a CSV (French headers), for its sender and administrators:
 * the job keeps only the groups and a sample. In AWS a URL of the bucket signed for a quarter of
 * an hour (a Lambda answer holds 6 MB at most), locally the file itself.
 */
export async function refusalsFile(
  deps: ServiceDeps,
  actor: Identity,
  jobId: string,
): Promise<{ url: string } | { bytes: Uint8Array; fileName: string }> {
  const job = await getImportJob(deps, actor, jobId);
  const key = refusalsKeyOf(job.id);
  const setup = deps.imports;
  if (job.kind !== 'decp' || job.result?.refusalsFile !== true || !setup) {
    throw new NotFoundError('Cet import n’a refusé aucun enregistrement.');
  }
  if ((await setup.uploads.size(key)) === null) {
    throw new NotFoundError(
      'La liste des enregistrements refusés n’est plus disponible (elle est gardée une semaine) : importez le fichier à nouveau pour la retrouver.',
    );
  }
  const fileName = refusalsFileName(job);
  const url = await setup.uploads.downloadUrl(key, fileName, REFUSALS_TYPE);
  if (url) return { url };
  return { bytes: await setup.uploads.get(key), fileName };
}

const REFUSALS_TYPE = 'text/csv; charset=utf-8';

/** `decp-2025-refus.csv` for `decp-2025.json`. */
const refusalsFileName = (job: ImportJobRecord) =>
  `${(job.fileName ?? 'decp').replace(/\.json$/i, '').replace(/[^\w.-]+/g, '-')}-refus.csv`;

/**
 * Where a page downloads a DECP job's refusals from, null when it refused none: a URL of the
 * bucket signed for a quarter of an hour in AWS (a redirect would lose the token and meet the
 * bucket's CORS), the API's own route locally.
 */
export async function refusalsUrlOf(
  deps: ServiceDeps,
  job: ImportJobRecord,
): Promise<string | null> {
  if (job.kind !== 'decp' || job.result?.refusalsFile !== true || !deps.imports) return null;
  const signed = await deps.imports.uploads.downloadUrl(
    refusalsKeyOf(job.id),
    refusalsFileName(job),
    REFUSALS_TYPE,
  );
  return signed ?? `/api/imports/${job.id}/refusals`;
}
