import { ApiError, api } from '../api';
import { h, loading, notice, replace, table } from '../dom';

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
      const done = await api<DecpResult>('POST', '/api/contracts/import/decp', file, {
        contentType: 'application/json',
      });
      replace(
        result,
        notice(
          done.errors.length ? 'info' : 'success',
          `${done.created} marché(s) créé(s), ${done.updated} mis à jour, ${done.skipped} inchangé(s) ou ignoré(s) (concessions, doublons), ${done.errors.length} enregistrement(s) non importé(s).`,
        ),
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
        'Un fichier des données essentielles de la commande publique (JSON, format 2.0 ou fichiers consolidés), jusqu’à 5 Mo. Chaque lot est un marché ; les cotraitants sont gardés ; réimporter un fichier ne crée rien et ne touche pas à ce que vous avez complété (PLIE, heures, marché réservé).',
      ),
      h('div', { class: 'field' }, h('label', { for: 'decp-file' }, 'Fichier DECP'), input),
      h('div', { class: 'actions' }, send),
      result,
    ),
  );
}
