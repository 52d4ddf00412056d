import { DIRECT_UPLOAD_FROM_BYTES } from '#shared/imports/file-types';
import { eurCents } from '#shared/report/format';
import { ApiError, api } from '../api';
import { h, loading, notice, replace, table } from '../dom';
import { decpOutcome, followImport, type ImportJob, uploadDirectly } from '../import-progress';
import type { DecpImportResult } from '../types';
import { buyerFilter } from './decp-buyers';
import { noticesView } from './decp-notices';
import { type RefusalsSource, refusalsView } from './decp-refusals';
import { repairsView } from './decp-repairs';

// Contracts from the open data: a DECP file (JSON) as the platforms publish it, up to a
// national yearly file. Chosen, the file is read by the server without writing anything (a dry
// run; for a big file, a job that streams it): what would be created, updated, left unchanged,
// refused (by reason) or left aside for another buyer is shown before the buyer imports it.

const n = (value: number) => value.toLocaleString('fr-FR');

/** What an import (or its preview) answered, with where its refusals are. */
interface Answer {
  result: DecpImportResult;
  refused: number;
  refusals: RefusalsSource | null;
  /** The job that read it, for a big file: a preview's file is imported from there. */
  jobId?: string;
}

/**
 * Sends the file: within the request when small, as a job when not (sent to storage first when
 * over 4 MB), the job followed in `progress` until it ends. Null when the job failed (its
 * progress says why) or the page was left.
 */
async function send(
  file: File,
  options: { dryRun: boolean; buyerSirets: string[] },
  progress: HTMLElement,
  /** A finished preview of this very file, as a job: its upload is imported, not sent again. */
  previewJobId?: string,
): Promise<Answer | null> {
  let jobId: string;
  const fromPreview = previewJobId ? await importPreviewed(previewJobId, options) : null;
  if (fromPreview) {
    jobId = fromPreview;
  } else if (file.size > DIRECT_UPLOAD_FROM_BYTES) {
    jobId = await uploadDirectly('decp', 'json', file, options);
  } else {
    const query = new URLSearchParams({ dryRun: String(options.dryRun) });
    for (const siret of options.buyerSirets) query.append('buyerSiret', siret);
    const answer = await api<DecpImportResult | { jobId: string }>(
      'POST',
      `/api/contracts/import/decp?${query}`,
      file,
      {
        contentType: 'application/json',
        headers: { 'x-file-name': encodeURIComponent(file.name) },
      },
    );
    if (!('jobId' in answer)) {
      return { result: answer, refused: answer.errors.length, refusals: answer };
    }
    jobId = answer.jobId;
  }
  // A big file: read in the background, followed here.
  const job: ImportJob | null = await followImport(jobId, progress, (result, errorCount) =>
    options.dryRun ? 'Fichier lu : voici ce que l’import ferait.' : decpOutcome(result, errorCount),
  );
  if (job?.status !== 'done' || !job.result) return null;
  return {
    result: job.result as unknown as DecpImportResult,
    refused: job.errorCount,
    refusals: job.refusalsUrl ? { url: job.refusalsUrl } : null,
    jobId,
  };
}

/** The import of a previewed file's upload; null when it is no longer kept (then sent again). */
async function importPreviewed(
  previewJobId: string,
  options: { buyerSirets: string[] },
): Promise<string | null> {
  try {
    const started = await api<{ jobId: string }>('POST', `/api/imports/${previewJobId}/import`, {
      buyerSirets: options.buyerSirets,
    });
    return started.jobId;
  } catch (error) {
    if (error instanceof ApiError && error.status === 409) return null;
    throw error;
  }
}

function previewOf(file: File, answer: Answer): HTMLElement {
  const { result, refused } = answer;
  const items = result.preview ?? [];
  const foreseen = result.created + result.updated;
  const others =
    result.filteredOut === undefined
      ? ''
      : `, ${n(result.filteredOut)} d’autres acheteurs laissé(s) de côté`;
  return h(
    'section',
    { 'aria-labelledby': 'decp-preview' },
    h('h2', { id: 'decp-preview' }, 'Aperçu avant import'),
    notice(
      'info',
      `« ${file.name} » : ${n(result.created)} marché(s) à créer, ${n(result.updated)} à mettre à jour, ${n(result.skipped)} inchangé(s) ou ignoré(s), ${n(refused)} enregistrement(s) refusé(s)${others}. Rien n’est encore importé.`,
    ),
    items.length
      ? table(
          [
            ['Rang', 'num'],
            'Ce que fera l’import',
            'Référence',
            'Objet',
            'Acheteur',
            ['Montant HT', 'num'],
          ],
          items.map((item) =>
            h(
              'tr',
              null,
              h('td', { class: 'num' }, String(item.index + 1)),
              h(
                'td',
                null,
                item.action === 'create' ? 'création' : `mise à jour : ${item.changes.join(', ')}`,
              ),
              h('td', null, item.reference),
              h('td', null, item.title),
              h('td', null, item.buyer),
              h('td', { class: 'num' }, eurCents(item.amountCents)),
            ),
          ),
          'Marchés à créer ou à mettre à jour',
        )
      : null,
    foreseen > items.length
      ? h('p', { class: 'muted' }, `… et ${n(foreseen - items.length)} autres marchés.`)
      : null,
    refusalsView(result, refused, answer.refusals, file.name, 'Enregistrements qui seront refusés'),
    noticesView(result, 'Enregistrements qui seront laissés tels quels'),
    repairsView(result, 'Ce qui sera réparé ou laissé de côté à la lecture'),
  );
}

export function decpImportPage(main: HTMLElement): void {
  const input = h('input', { type: 'file', id: 'decp-file', accept: '.json,application/json' });
  const start = h('button', { type: 'button', disabled: true }, 'Importer les marchés');
  const preview = h('div', { 'aria-live': 'polite' });
  const result = h('div', { 'aria-live': 'polite' });
  // A preview still on its way when another file or filter is chosen, or the import started,
  // is dropped.
  let generation = 0;
  // The job that previewed the file and filter shown: the import takes its upload.
  let previewed: { generation: number; jobId: string } | null = null;
  const showPreview = async () => {
    const mine = ++generation;
    previewed = null;
    const file = input.files?.[0];
    start.disabled = !file;
    replace(result);
    replace(preview);
    if (!file) return;
    const chosen = buyers.chosen();
    if ('error' in chosen) return;
    const progress = h('div', { 'aria-live': 'polite' }, loading('Lecture du fichier…'));
    replace(preview, progress);
    try {
      const read = await send(file, { dryRun: true, buyerSirets: chosen.sirets }, progress);
      if (mine === generation && read) {
        replace(preview, previewOf(file, read));
        if (read.jobId) previewed = { generation: mine, jobId: read.jobId };
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (mine === generation) replace(preview, notice('failure', error.detail));
    }
  };
  const buyers = buyerFilter(() => void showPreview());
  input.addEventListener('change', () => void showPreview());
  start.addEventListener('click', async () => {
    const file = input.files?.[0];
    const chosen = buyers.chosen();
    if (!file || 'error' in chosen) return;
    // The preview shown is of this file and filter while no other was asked since.
    const fromPreview = previewed?.generation === generation ? previewed.jobId : undefined;
    previewed = null;
    generation += 1;
    start.disabled = true;
    replace(preview);
    const progress = h('div', { 'aria-live': 'polite' }, loading('Import en cours…'));
    replace(result, progress);
    try {
      const done = await send(
        file,
        { dryRun: false, buyerSirets: chosen.sirets },
        progress,
        fromPreview,
      );
      if (!done) return;
      replace(
        result,
        notice(
          done.refused ? 'info' : 'success',
          `« ${file.name} » : ${decpOutcome({ ...done.result }, done.refused)}`,
        ),
        refusalsView(
          done.result,
          done.refused,
          done.refusals,
          file.name,
          'Enregistrements non importés',
        ),
        noticesView(done.result, 'Enregistrements laissés tels quels'),
        repairsView(done.result, 'Réparé ou laissé de côté à la lecture'),
        h('p', null, h('a', { href: '#/marches' }, 'Voir les marchés')),
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      replace(result, notice('failure', error.detail));
    } finally {
      start.disabled = false;
    }
  });
  replace(
    main,
    h('h1', null, 'Importer des marchés (DECP)'),
    h(
      'div',
      { class: 'card' },
      h(
        'p',
        { class: 'muted' },
        'Un fichier des données essentielles de la commande publique (JSON, format 2.0 ou fichiers consolidés), jusqu’au fichier national d’une année (1 Go). Le fichier choisi est lu d’abord, sans rien importer : vous voyez ce qui sera créé, mis à jour ou refusé, et pourquoi. Un gros fichier n’est envoyé qu’une fois : lu, puis importé en tâche de fond, avec son avancement. Chaque lot est un marché ; les cotraitants sont gardés ; réimporter un fichier ne crée rien et ne touche pas à ce que vous avez complété (PLIE, heures, marché réservé).',
      ),
      h('div', { class: 'field' }, h('label', { for: 'decp-file' }, 'Fichier DECP'), input),
      buyers.element,
      preview,
      h('div', { class: 'actions' }, start),
      result,
    ),
  );
}
