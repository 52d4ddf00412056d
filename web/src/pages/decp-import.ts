import { DIRECT_UPLOAD_FROM_BYTES } from '#shared/imports/file-types';
import { ApiError, api } from '../api';
import { h, loading, notice, replace, table } from '../dom';
import { decpOutcome, followImport, uploadDirectly } from '../import-progress';

// Contracts from the open data: a DECP file (JSON) as the platforms publish it. What could not
// be read is listed with the record's place in the file and its id, so the buyer can find it.

interface DecpResult {
  created: number;
  updated: number;
  skipped: number;
  errors: { index: number; id?: string; message: string }[];
}

export function decpImportPage(main: HTMLElement): void {
  const input = h('input', { type: 'file', id: 'decp-file', accept: '.json,application/json' });
  const send = h('button', { type: 'button', disabled: true }, 'Importer les marchés');
  const result = h('div', { 'aria-live': 'polite' });
  input.addEventListener('change', () => {
    send.disabled = !input.files?.length;
    replace(result);
  });
  send.addEventListener('click', async () => {
    const file = input.files?.[0];
    if (!file) return;
    send.disabled = true;
    replace(result, loading('Import en cours…'));
    try {
      const answer =
        file.size > DIRECT_UPLOAD_FROM_BYTES
          ? { jobId: await uploadDirectly('decp', 'json', file) }
          : await api<DecpResult | { jobId: string }>('POST', '/api/contracts/import/decp', file, {
              contentType: 'application/json',
              headers: { 'x-file-name': encodeURIComponent(file.name) },
            });
      let done: DecpResult;
      let refused = 0;
      if ('jobId' in answer) {
        // A big file: imported in the background, followed here.
        const progress = h('div', { 'aria-live': 'polite' });
        replace(result, progress);
        const job = await followImport(answer.jobId, progress, decpOutcome);
        if (job?.status !== 'done' || !job.result) return;
        done = job.result as unknown as DecpResult;
        refused = job.errorCount;
      } else done = answer;
      replace(
        result,
        notice(done.errors.length ? 'info' : 'success', decpOutcome({ ...done }, refused)),
        done.errors.length
          ? table(
              [['Rang dans le fichier', 'num'], 'Identifiant', 'Raison'],
              done.errors.map((e) =>
                h(
                  'tr',
                  null,
                  h('td', { class: 'num' }, String(e.index + 1)),
                  h('td', null, e.id ?? '—'),
                  h('td', null, e.message),
                ),
              ),
            )
          : null,
        refused > done.errors.length
          ? h(
              'p',
              { class: 'muted' },
              `… et ${refused - done.errors.length} autres enregistrements non importés.`,
            )
          : null,
        h('p', null, h('a', { href: '#/' }, 'Voir les marchés au tableau de bord')),
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
        'Un fichier des données essentielles de la commande publique (JSON, format 2.0 ou fichiers consolidés) ; un gros fichier est importé en tâche de fond, avec son avancement. Chaque lot est un marché ; les cotraitants sont gardés ; réimporter un fichier ne crée rien et ne touche pas à ce que vous avez complété (PLIE, heures, marché réservé).',
      ),
      h('div', { class: 'field' }, h('label', { for: 'decp-file' }, 'Fichier DECP'), input),
      h('div', { class: 'actions' }, send),
      result,
    ),
  );
}
