import { JOB_STATE_LABELS } from '#shared/domain/import-job-lifecycle';
import { ApiError, api, type FieldProblem } from './api';
import { h, notice, replace, table } from './dom';
import { duplicatesOutcome } from './duplicate-lines';

// A big file is imported in the background (the API answers 202 with a job): this follows the
// job, a progress bar and its figures, until it is done or refused. The user may leave the
// page: the job goes on, and "Imports" shows it again.

export interface ImportJob {
  id: string;
  kind: 'statement' | 'decp';
  fileName: string | null;
  bytes: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  result: Record<string, unknown> | null;
  errors: FieldProblem[];
  errorCount: number;
  message: string | null;
  /** A statement's replacement: the statement the file corrects. */
  replaces: { statementId: string; reason: string } | null;
  /** A DECP file's preview (nothing written) or buyer filter. */
  options?: { dryRun: boolean; buyerSirets: string[] } | null;
  /** Where every record a DECP file refused can be downloaded (CSV). */
  refusalsUrl?: string | null;
  createdAt: string;
  updatedAt: string;
}

export const JOB_STATUS: Record<ImportJob['status'], string> = JOB_STATE_LABELS;

/** What a job is, as the pages name it: a replacement says so, and a DECP file's preview. */
export const jobKindOf = (job: Pick<ImportJob, 'kind' | 'replaces' | 'options'>) =>
  job.replaces
    ? 'Relevé corrigé (remplacement)'
    : job.options?.dryRun
      ? 'Aperçu d’un fichier DECP (rien d’importé)'
      : JOB_KIND[job.kind];

export const JOB_KIND: Record<ImportJob['kind'], string> = {
  statement: 'Relevé mensuel',
  decp: 'Marchés (DECP)',
};

const unit = (job: ImportJob) => (job.kind === 'statement' ? 'lignes' : 'enregistrements');

/** A finished job's result in words; `errorCount`, the records refused (a DECP result keeps 1,000). */
type Describe = (result: Record<string, unknown>, errorCount: number) => string;

/** The job's progress bar with its figures, in French. */
export function progressBar(job: ImportJob): HTMLElement {
  const label =
    job.status === 'queued'
      ? 'En attente de traitement…'
      : job.status === 'failed'
        ? 'Refusé : rien n’a été enregistré'
        : job.total
          ? `${job.done.toLocaleString('fr-FR')} ${unit(job)} sur ${job.total.toLocaleString('fr-FR')}`
          : 'Lecture et vérification du fichier…';
  return h(
    'div',
    { class: 'job-progress' },
    h('progress', {
      max: job.total || 1,
      value: job.status === 'done' ? job.total || 1 : job.done,
      'aria-label': `Avancement de l’import : ${label}`,
    }),
    h('span', { class: 'muted' }, label),
  );
}

/** A refused file's errors, one row each: its line, its column as the file names it, why. */
export function lineErrorsTable(errors: readonly FieldProblem[]): HTMLElement {
  return table(
    [['Ligne', 'num'], 'Colonne', 'Erreur'],
    errors.map((e) =>
      h(
        'tr',
        null,
        h('td', { class: 'num' }, String(e.line ?? '')),
        h('td', null, e.column ?? ''),
        h('td', null, e.message),
      ),
    ),
  );
}

/** What a finished job says: its result, or its errors line by line. */
export function jobOutcome(job: ImportJob, describe: Describe) {
  if (job.status === 'done' && job.result) {
    return notice('success', describe(job.result, job.errorCount));
  }
  if (job.status !== 'failed') return null;
  return h(
    'div',
    null,
    notice('failure', job.message ?? 'Import refusé.'),
    job.errors.length ? lineErrorsTable(job.errors) : null,
    job.errorCount > job.errors.length
      ? h('p', { class: 'muted' }, `… et ${job.errorCount - job.errors.length} autres erreurs.`)
      : null,
  );
}

/**
 * Follows a job in `container` until it ends, polling once a second while the container is on
 * the page; resolves with the last state seen.
 */
export async function followImport(
  jobId: string,
  container: HTMLElement,
  describe: Describe,
): Promise<ImportJob | null> {
  for (;;) {
    if (!container.isConnected) return null;
    const job = await api<ImportJob>('GET', `/api/imports/${jobId}`);
    replace(
      container,
      progressBar(job),
      jobOutcome(job, describe),
      job.status === 'done' || job.status === 'failed'
        ? null
        : h(
            'p',
            { class: 'muted' },
            'Vous pouvez quitter cette page : l’import continue, et reste visible dans ',
            h('a', { href: `#/imports/${jobId}` }, 'Imports'),
            '.',
          ),
    );
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((next) => setTimeout(next, 1000));
  }
}

/** A statement job's answer, as the inline import says it. */
export function statementOutcome(result: Record<string, unknown>): string {
  const already = Number(result.alreadyImported ?? 0);
  // Possible duplicates are said, left out or counted, never passed over (issue 29).
  const flagged = Array.isArray(result.duplicates) ? result.duplicates.length : 0;
  const leftOut = Array.isArray(result.leftOut) ? result.leftOut.length : 0;
  return `${Number(result.imported ?? 0)} ligne(s) importée(s)${already ? `, ${already} déjà importée(s) auparavant (même fichier, même relevé)` : ''}.${duplicatesOutcome(flagged, leftOut)}`;
}

/** A DECP job's answer. */
export function decpOutcome(result: Record<string, unknown>, errorCount = 0): string {
  const errors = Math.max(errorCount, Array.isArray(result.errors) ? result.errors.length : 0);
  const others =
    typeof result.filteredOut === 'number'
      ? `, ${result.filteredOut.toLocaleString('fr-FR')} d’autres acheteurs laissé(s) de côté`
      : '';
  // A preview (its answer lists what would be done) imported nothing: it says so.
  if (Array.isArray(result.preview)) {
    return `Aperçu, rien n’a été importé : ${Number(result.created ?? 0)} marché(s) à créer, ${Number(result.updated ?? 0)} à mettre à jour, ${Number(result.skipped ?? 0)} inchangé(s) ou ignoré(s), ${errors} enregistrement(s) refusé(s)${others}.`;
  }
  return `${Number(result.created ?? 0)} marché(s) créé(s), ${Number(result.updated ?? 0)} mis à jour, ${Number(result.skipped ?? 0)} inchangé(s) ou ignoré(s), ${errors} enregistrement(s) non importé(s)${others}.`;
}

/**
 * Sends a file too big for a request straight to storage, then starts its import: the job to
 * follow. Locally the "storage" is the API itself (a relative URL, with the token); in AWS a
 * URL of the bucket the API signed, which needs no token.
 */
export async function uploadDirectly(
  kind: ImportJob['kind'],
  format: 'csv' | 'xlsx' | 'json',
  file: File,
  /** What the start says besides the file (a DECP file's preview or buyer filter). */
  options: Record<string, unknown> = {},
): Promise<string> {
  const target = await api<{ jobId: string; uploadUrl: string; contentType: string }>(
    'POST',
    '/api/imports',
    { kind, format, bytes: file.size },
  );
  if (target.uploadUrl.startsWith('/')) {
    await api('PUT', target.uploadUrl, file, { contentType: target.contentType, raw: true });
  } else {
    const sent = await fetch(target.uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': target.contentType },
      body: file,
    });
    if (!sent.ok) throw new ApiError(sent.status, 'Le fichier n’a pas pu être envoyé au stockage.');
  }
  const started = await api<{ jobId: string }>('POST', `/api/imports/${target.jobId}/start`, {
    kind,
    format,
    fileName: file.name,
    ...options,
  });
  return started.jobId;
}
