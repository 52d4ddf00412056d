import { type Identity, mayFollowJob } from '#shared/domain/access';
import { JOB_TRANSITIONS } from '#shared/domain/import-job-lifecycle';
import { NotFoundError, UnavailableError } from '#shared/errors';
import { newId } from '#shared/ids';
import type { ImportJobsSetup, ServiceDeps } from '#shared/services/deps';
import type { ImportJobRecord } from '#shared/store/import-jobs';
import type { Page } from '#shared/store/pagination';
import { seenAlive } from './import-job-status';
import { EXPORT_RETENTION_DAYS } from './limits';

// A structure's data, whole, as a file (issue 27): asked by an administrator, written by the
// import worker as a job of its own kind (export-runner.ts) — a metropolis' lines and history
// outgrow a request (API Gateway: 29 s, a Lambda answer 6 MB) — kept a day, then gone.

export type ExportFormat = 'json' | 'csv';

/** The file each format makes: one JSON document, or a zip of one CSV per kind. */
export const EXPORT_FILES: Record<ExportFormat, { extension: string; contentType: string }> = {
  json: { extension: 'json', contentType: 'application/json' },
  csv: { extension: 'zip', contentType: 'application/zip' },
};

export interface ExportView {
  id: string;
  format: ExportFormat;
  status: ImportJobRecord['status'];
  done: number;
  total: number;
  fileName: string | null;
  /** Once done: the file's size and how many of each kind it holds. */
  bytes: number | null;
  counts: Record<string, number> | null;
  message: string | null;
  createdAt: string;
  updatedAt: string;
  /** Once done: until when it may be downloaded. */
  expiresAt: string | null;
  expired: boolean;
  /** Where to download it while it may be: a signed S3 URL, or the API's own (with the token). */
  download: { url: string } | null;
}

function setupOf(deps: ServiceDeps): ImportJobsSetup {
  if (!deps.imports) {
    throw new UnavailableError(
      'L’export n’est pas disponible sur ce serveur : aucun stockage de fichiers n’y est configuré.',
    );
  }
  return deps.imports;
}

const isExport = (job: ImportJobRecord) => job.kind === 'export';
const formatOf = (job: ImportJobRecord): ExportFormat => (job.format === 'json' ? 'json' : 'csv');

/** Records the export's job and queues it; the caller answers 202. */
export async function requestExport(
  deps: ServiceDeps,
  actor: Identity,
  format: ExportFormat,
): Promise<ExportView> {
  const setup = setupOf(deps);
  const id = newId();
  const at = deps.now().toISOString();
  const { extension } = EXPORT_FILES[format];
  const job: ImportJobRecord = {
    id,
    kind: 'export',
    format,
    fileName: `export-${deps.stores.tenant}-${at.slice(0, 10)}.${extension}`,
    uploadKey: `exports/${id}.${extension}`,
    bytes: 0,
    status: JOB_TRANSITIONS.create.to,
    done: 0,
    total: 0,
    result: null,
    errors: [],
    errorCount: 0,
    message: null,
    actor,
    replaces: null,
    attempts: 0,
    createdAt: at,
    updatedAt: at,
  };
  await deps.stores.importJobs.create(job);
  await setup.queue.enqueue({ tenant: deps.stores.tenant, jobId: id });
  return exportView(deps, setup, job);
}

/** An export of the caller's structure (404 for anything else, an import's job included). */
export async function getExport(
  deps: ServiceDeps,
  actor: Identity,
  jobId: string,
): Promise<ExportView> {
  const setup = setupOf(deps);
  return exportView(deps, setup, await exportJob(deps, actor, jobId));
}

/** The structure's exports, newest first (a page of its jobs, imports left out). */
export async function listExports(
  deps: ServiceDeps,
  actor: Identity,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<ExportView>> {
  const setup = setupOf(deps);
  const found = await deps.stores.importJobs.list(page);
  const mine = found.items.filter((job) => isExport(job) && mayFollowJob(actor, job));
  const alive = await Promise.all(mine.map((job) => seenAlive(deps, job)));
  return {
    items: await Promise.all(alive.map((job) => exportView(deps, setup, job))),
    nextCursor: found.nextCursor,
  };
}

/**
 * The export's file: its bytes (served by the API, locally), or where S3 serves it (in AWS:
 * a Lambda answer could not hold it). Refused once it has expired: it is deleted then.
 */
export async function exportFile(
  deps: ServiceDeps,
  actor: Identity,
  jobId: string,
): Promise<{ url: string } | { bytes: Uint8Array; fileName: string; contentType: string }> {
  const setup = setupOf(deps);
  const job = await exportJob(deps, actor, jobId);
  const view = await exportView(deps, setup, job);
  if (view.status !== 'done' || !job.fileName) {
    throw new NotFoundError('Cet export n’est pas encore prêt : suivez son avancement.');
  }
  if (view.expired) {
    await setup.uploads.delete(job.uploadKey);
    throw new NotFoundError(
      `Cet export a expiré (il est gardé ${EXPORT_RETENTION_DAYS * 24} heures) : relancez-le.`,
    );
  }
  const { contentType } = EXPORT_FILES[formatOf(job)];
  const url = await setup.uploads.downloadUrl(job.uploadKey, job.fileName, contentType);
  if (url) return { url };
  return { bytes: await setup.uploads.get(job.uploadKey), fileName: job.fileName, contentType };
}

async function exportJob(
  deps: ServiceDeps,
  actor: Identity,
  jobId: string,
): Promise<ImportJobRecord> {
  const job = await deps.stores.importJobs.get(jobId);
  if (!job || !isExport(job) || !mayFollowJob(actor, job)) {
    throw new NotFoundError('Cet export n’existe pas.');
  }
  return seenAlive(deps, job);
}

async function exportView(
  deps: ServiceDeps,
  setup: ImportJobsSetup,
  job: ImportJobRecord,
): Promise<ExportView> {
  const done = job.status === 'done';
  const expiresAt = done
    ? new Date(Date.parse(job.updatedAt) + EXPORT_RETENTION_DAYS * 86_400_000).toISOString()
    : null;
  const expired = expiresAt !== null && deps.now().toISOString() >= expiresAt;
  const result = (job.result ?? {}) as { bytes?: number; counts?: Record<string, number> };
  const format = formatOf(job);
  let download: ExportView['download'] = null;
  if (done && !expired && job.fileName) {
    const direct = await setup.uploads.downloadUrl(
      job.uploadKey,
      job.fileName,
      EXPORT_FILES[format].contentType,
    );
    download = { url: direct ?? `/api/exports/${job.id}/file` };
  }
  return {
    id: job.id,
    format,
    status: job.status,
    done: job.done,
    total: job.total,
    fileName: job.fileName,
    bytes: done ? (result.bytes ?? null) : null,
    counts: done ? (result.counts ?? null) : null,
    message: job.message,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    expiresAt,
    expired,
    download,
  };
}
