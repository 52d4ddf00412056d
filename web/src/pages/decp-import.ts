import { DIRECT_UPLOAD_FROM_BYTES } from '#shared/imports/file-types';
import { eurCents } from '#shared/report/format';
import type { DecpImportError, DecpImportResult } from '#shared/services/decp-import';
import { ApiError, api } from '../api';
import { h, loading, notice, replace, table } from '../dom';
import { decpOutcome, followImport, uploadDirectly } from '../import-progress';

// Contracts from the open data: a DECP file (JSON) as the platforms publish it. Chosen, the file
// is read by the server without writing anything (a dry run): what would be created, updated or
// refused is shown before the buyer imports it. What could not be read is listed with the
// record's place in the file and its id, so the buyer can find it.

/** Files up to this size are previewed (a dry run within one request); bigger ones are not. */
const PREVIEW_MAX_BYTES = 1024 * 1024;

const post = (file: File, query = '') =>
  api<DecpImportResult | { jobId: string }>('POST', `/api/contracts/import/decp${query}`, file, {
    contentType: 'application/json',
    headers: { 'x-file-name': encodeURIComponent(file.name) },
  });

function refusedTable(errors: DecpImportError[]): HTMLElement {
  return table(
    // The reason beside the rank: on a phone the columns after it scroll out of view.
    [['Rang dans le fichier', 'num'], 'Raison', 'Identifiant'],
    errors.map((e) =>
      h(
        'tr',
        null,
        h('td', { class: 'num' }, String(e.index + 1)),
        h('td', null, e.message),
        h('td', null, e.id ?? '—'),
      ),
    ),
    'Enregistrements non importés',
  );
}

function previewOf(file: File, result: DecpImportResult): HTMLElement {
  const items = result.preview ?? [];
  const foreseen = result.created + result.updated;
  return h(
    'section',
    { 'aria-labelledby': 'decp-preview' },
    h('h2', { id: 'decp-preview' }, 'Aperçu avant import'),
    notice(
      'info',
      `« ${file.name} » : ${result.created} marché(s) à créer, ${result.updated} à mettre à jour, ${result.skipped} inchangé(s) ou ignoré(s), ${result.errors.length} enregistrement(s) refusé(s). Rien n’est encore importé.`,
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
      ? h('p', { class: 'muted' }, `… et ${foreseen - items.length} autres marchés.`)
      : null,
    result.errors.length
      ? [h('h3', null, 'Enregistrements qui seront refusés'), refusedTable(result.errors)]
      : null,
  );
}

export function decpImportPage(main: HTMLElement): void {
  const input = h('input', { type: 'file', id: 'decp-file', accept: '.json,application/json' });
  const send = h('button', { type: 'button', disabled: true }, 'Importer les marchés');
  const preview = h('div', { 'aria-live': 'polite' });
  const result = h('div', { 'aria-live': 'polite' });
  // A preview still on its way when another file is chosen, or the import started, is dropped.
  let generation = 0;
  input.addEventListener('change', async () => {
    const mine = ++generation;
    const file = input.files?.[0];
    send.disabled = !file;
    replace(result);
    replace(preview);
    if (!file) return;
    if (file.size > PREVIEW_MAX_BYTES) {
      replace(
        preview,
        notice(
          'info',
          'Fichier volumineux : pas d’aperçu, l’import le lira en tâche de fond et listera ce qu’il n’a pas pu lire.',
        ),
      );
      return;
    }
    replace(preview, loading('Lecture du fichier…'));
    try {
      const read = await post(file, '?dryRun=true');
      if (mine !== generation) return;
      replace(preview, 'jobId' in read ? null : previewOf(file, read));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (mine === generation) replace(preview, notice('failure', error.detail));
    }
  });
  send.addEventListener('click', async () => {
    const file = input.files?.[0];
    if (!file) return;
    generation += 1;
    send.disabled = true;
    replace(preview);
    replace(result, loading('Import en cours…'));
    try {
      const answer =
        file.size > DIRECT_UPLOAD_FROM_BYTES
          ? { jobId: await uploadDirectly('decp', 'json', file) }
          : await post(file);
      let done: DecpImportResult;
      let refused = 0;
      if ('jobId' in answer) {
        // A big file: imported in the background, followed here.
        const progress = h('div', { 'aria-live': 'polite' });
        replace(result, progress);
        const job = await followImport(answer.jobId, progress, decpOutcome);
        if (job?.status !== 'done' || !job.result) return;
        done = job.result as unknown as DecpImportResult;
        refused = job.errorCount;
      } else done = answer;
      replace(
        result,
        notice(done.errors.length ? 'info' : 'success', decpOutcome({ ...done }, refused)),
        done.errors.length ? refusedTable(done.errors) : null,
        refused > done.errors.length
          ? h(
              'p',
              { class: 'muted' },
              `… et ${refused - done.errors.length} autres enregistrements non importés.`,
            )
          : null,
        h('p', null, h('a', { href: '#/marches' }, 'Voir les marchés')),
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      replace(result, notice('failure', error.detail));
    } finally {
      send.disabled = false;
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
        'Un fichier des données essentielles de la commande publique (JSON, format 2.0 ou fichiers consolidés). Le fichier choisi est lu d’abord, sans rien importer : vous voyez ce qui sera créé, mis à jour ou refusé. Un gros fichier est importé en tâche de fond, avec son avancement. Chaque lot est un marché ; les cotraitants sont gardés ; réimporter un fichier ne crée rien et ne touche pas à ce que vous avez complété (PLIE, heures, marché réservé).',
      ),
      h('div', { class: 'field' }, h('label', { for: 'decp-file' }, 'Fichier DECP'), input),
      preview,
      h('div', { class: 'actions' }, send),
      result,
    ),
  );
}
