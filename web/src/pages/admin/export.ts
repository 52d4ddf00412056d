import { ApiError, api } from '../../api';
import { h, loading, notice, replace } from '../../dom';
import { type ExportJob, followExport, recentExports } from './export-jobs';
import { adminTabs } from './tabs';

// Administration: the structure's data, whole, in one file — for a structure that leaves the
// platform, or a copy of its own. Prepared in the background (a metropolis' lines and history
// take minutes), then downloaded within a day.

const CONTENTS = [
  'la structure et ses réglages (jour de relance, destinataires du rapport mensuel) ;',
  'les PLIE, leurs critères et pondérations de répartition, les conventions de financement et les seuils européens enregistrés ;',
  'les marchés avec leurs avenants, et les contacts des titulaires invités ;',
  'les participants avec leurs références, leurs sorties ;',
  'toutes les lignes d’heures, y compris les lignes annulées avec qui les a annulées, quand et pourquoi ;',
  'les relevés (fichiers importés et déclarations des titulaires) ;',
  'l’historique complet des modifications.',
];

const FORMATS: [ExportJob['format'], string, string][] = [
  ['json', 'JSON', 'Un seul document, exact : pour reprendre les données dans un autre outil.'],
  [
    'csv',
    'CSV (archive zip)',
    'Un fichier par sorte de données, en-têtes en français, à ouvrir dans un tableur.',
  ],
];

export async function adminExportPage(main: HTMLElement): Promise<void> {
  const title = 'Administration — exporter les données';
  replace(main, h('h1', null, title), adminTabs('export'), loading());
  const { items } = await api<{ items: ExportJob[] }>('GET', '/api/exports?limit=10');
  const follow = h('div', { 'aria-live': 'polite' });
  const recent = h('div', null, recentExports(items));
  const error = h('div');
  const submit = h('button', { type: 'submit' }, 'Exporter toutes les données de la structure');
  const form = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const format = new FormData(form).get('format') as ExportJob['format'];
        submit.disabled = true;
        replace(error);
        try {
          const job = await api<ExportJob>('POST', '/api/exports', { format });
          const ended = await followExport(job.id, follow);
          follow.querySelector<HTMLElement>('.notice')?.focus();
          if (ended) {
            const { items: again } = await api<{ items: ExportJob[] }>(
              'GET',
              '/api/exports?limit=10',
            );
            replace(recent, recentExports(again));
          }
        } catch (caught) {
          if (!(caught instanceof ApiError)) throw caught;
          replace(error, notice('failure', caught.detail));
        } finally {
          submit.disabled = false;
        }
      },
    },
    h(
      'fieldset',
      { class: 'roles' },
      h('legend', null, 'Format'),
      FORMATS.map(([value, label, help], i) =>
        h(
          'label',
          null,
          h('input', { type: 'radio', name: 'format', value, checked: i === 0 }),
          h('span', null, h('strong', null, label), h('br'), h('span', { class: 'muted' }, help)),
        ),
      ),
    ),
    error,
    h('div', { class: 'actions' }, submit),
  );
  // A ready export's notice takes the focus: it must be able to.
  new MutationObserver(() => {
    for (const said of follow.querySelectorAll('.notice')) said.setAttribute('tabindex', '-1');
  }).observe(follow, { childList: true, subtree: true });
  replace(
    main,
    h('h1', null, title),
    adminTabs('export'),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'export-title' },
      h('h2', { id: 'export-title' }, 'Exporter toutes les données de la structure'),
      h(
        'p',
        null,
        'Pour une structure qui quitte la plateforme, ou pour en garder une copie : toutes les données de votre structure, et d’elle seule.',
      ),
      h(
        'ul',
        null,
        CONTENTS.map((line) => h('li', null, line)),
      ),
      notice(
        'info',
        'Le fichier contient des données personnelles (références des participants, adresses des contacts) : conservez-le en lieu sûr. Il est préparé en quelques secondes, quelques minutes pour une grande structure, puis gardé 24 heures.',
      ),
      form,
      follow,
    ),
    h(
      'section',
      { 'aria-labelledby': 'exports-title' },
      h('h2', { id: 'exports-title' }, 'Exports récents'),
      recent,
    ),
  );
}
