import { JOB_STATE_LABELS } from '#shared/domain/import-job-lifecycle';
import { api } from '../../api';
import { h, notice, replace, table } from '../../dom';
import { frenchDateTime } from '../../format';

// A structure's exports as its administrator follows them: the job's progress, its figures
// once ready, and the download (the API's own file locally, a signed S3 URL in AWS).

export interface ExportJob {
  id: string;
  format: 'json' | 'csv';
  status: 'queued' | 'running' | 'done' | 'failed';
  done: number;
  total: number;
  fileName: string | null;
  bytes: number | null;
  counts: Record<string, number> | null;
  message: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  expired: boolean;
  download: { url: string } | null;
}

export const FORMAT_LABELS: Record<ExportJob['format'], string> = {
  json: 'JSON',
  csv: 'CSV (zip)',
};

/** What the file holds, in words, from the counts it was made with (kinds it has none of left out). */
const COUNTED: [string, string][] = [
  ['plies', 'PLIE'],
  ['contracts', 'marchés'],
  ['amendments', 'avenants'],
  ['participants', 'participants'],
  ['exits', 'sorties'],
  ['hourLines', 'lignes d’heures'],
  ['statements', 'relevés'],
  ['awardeeContacts', 'contacts de titulaires'],
  ['changes', 'modifications à l’historique'],
];

export function sizeText(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024 * 1024)
    return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('fr-FR')} Ko`;
  return `${(bytes / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo`;
}

export function countsText(counts: Record<string, number> | null): string {
  if (!counts) return '';
  const n = (value: number) => value.toLocaleString('fr-FR');
  const voided = counts.voidedHourLines ?? 0;
  return COUNTED.filter(([key]) => (counts[key] ?? 0) > 0)
    .map(([key, label]) =>
      key === 'hourLines' && voided > 0
        ? `${n(counts[key] as number)} ${label} (dont ${n(voided)} annulée${voided > 1 ? 's' : ''})`
        : `${n(counts[key] as number)} ${label}`,
    )
    .join(', ');
}

function saveBlob(blob: Blob, fileName: string): void {
  const link = h('a', { href: URL.createObjectURL(blob), download: fileName });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

/**
 * The button that downloads a ready export: from the API with the token (local mode), or from
 * the signed S3 address (AWS), which saves the file under its name.
 */
export function downloadButton(job: ExportJob, label = 'Télécharger'): HTMLElement | null {
  const { download, fileName } = job;
  if (!download || !fileName) return null;
  const said = h('span', { class: 'muted', role: 'status' });
  const button = h(
    'button',
    {
      type: 'button',
      class: 'secondary small',
      'aria-label': `${label} ${fileName}`,
      onclick: async () => {
        if (!download.url.startsWith('/')) {
          location.assign(download.url);
          return;
        }
        button.disabled = true;
        try {
          saveBlob(await api<Blob>('GET', download.url, undefined, { raw: 'blob' }), fileName);
          said.textContent = 'Téléchargé.';
        } catch (error) {
          said.textContent = `Téléchargement impossible : ${(error as Error).message}`;
        } finally {
          button.disabled = false;
        }
      },
    },
    label,
  );
  return h('span', { class: 'download' }, button, ' ', said);
}

export function progressOf(job: ExportJob): HTMLElement {
  const label =
    job.status === 'queued'
      ? 'En attente de traitement…'
      : job.status === 'running'
        ? job.total
          ? `Lecture des données : étape ${job.done} sur ${job.total}`
          : 'Lecture des données…'
        : JOB_STATE_LABELS[job.status];
  return h(
    'div',
    { class: 'job-progress' },
    h('progress', {
      max: job.total || 1,
      value: job.status === 'done' ? job.total || 1 : job.done,
      'aria-label': `Avancement de l’export : ${label}`,
    }),
    h('span', { class: 'muted' }, label),
  );
}

/** A finished export, said: ready (what it holds, until when) or failed (why). */
export function outcomeOf(job: ExportJob): HTMLElement | null {
  if (job.status === 'failed') return notice('failure', job.message ?? 'L’export a échoué.');
  if (job.status !== 'done') return null;
  if (job.expired) return notice('info', 'Cet export a expiré : relancez-le.');
  return notice(
    'success',
    h('strong', null, `Export prêt : ${job.fileName} (${sizeText(job.bytes)}).`),
    ' ',
    `Il contient ${countsText(job.counts)}.`,
    job.expiresAt ? ` Téléchargeable jusqu’au ${frenchDateTime(job.expiresAt)}.` : null,
    ' ',
    downloadButton(job),
  );
}

/** Follows an export in `box` until it ends (once a second, while the box is on the page). */
export async function followExport(jobId: string, box: HTMLElement): Promise<ExportJob | null> {
  for (;;) {
    if (!box.isConnected) return null;
    const job = await api<ExportJob>('GET', `/api/exports/${jobId}`);
    const ended = job.status === 'done' || job.status === 'failed';
    replace(box, ended ? null : progressOf(job), outcomeOf(job));
    if (ended) return job;
    await new Promise((next) => setTimeout(next, 1000));
  }
}

/** The structure's recent exports, with their downloads while they last. */
export function recentExports(jobs: readonly ExportJob[]): HTMLElement {
  if (!jobs.length) return notice('info', 'Aucun export n’a encore été demandé.');
  return table(
    ['Demandé le', 'Format', 'État', ['Taille', 'num'], 'Téléchargeable jusqu’au', ''],
    jobs.map((job) =>
      h(
        'tr',
        null,
        h('td', null, frenchDateTime(job.createdAt)),
        h('td', null, FORMAT_LABELS[job.format]),
        h('td', null, job.expired ? 'Expiré' : JOB_STATE_LABELS[job.status]),
        h('td', { class: 'num' }, sizeText(job.bytes)),
        h('td', null, job.expiresAt && !job.expired ? frenchDateTime(job.expiresAt) : '—'),
        h('td', null, downloadButton(job)),
      ),
    ),
    'Exports récents',
  );
}
