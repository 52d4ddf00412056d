import { api } from '../api';
import { h, loading, replace, table } from '../dom';
import { exportButtons } from '../export';
import { frenchDate } from '../format';
import {
  decpOutcome,
  followImport,
  type ImportJob,
  JOB_STATUS,
  jobKindOf,
  progressBar,
  statementOutcome,
} from '../import-progress';
import type { Page } from '../types';

// The big files sent for import: where each stands, and one followed until it ends.

export async function importsPage(main: HTMLElement): Promise<void> {
  replace(main, loading());
  const page = await api<Page<ImportJob>>('GET', '/api/imports?limit=50');
  replace(
    main,
    h('h1', null, 'Imports de gros fichiers'),
    h(
      'p',
      { class: 'muted' },
      'Un relevé ou un fichier DECP volumineux est importé en tâche de fond : le voici, avec son avancement.',
    ),
    // The page lists imports but starts none: it says where a file is sent from, so that who
    // came here to import one is not left on an empty list.
    h(
      'p',
      null,
      'Un fichier s’envoie depuis sa page : ',
      h('a', { href: '#/saisie' }, 'Importer un relevé mensuel'),
      ' (Saisir des heures) · ',
      h('a', { href: '#/import-decp' }, 'Importer des marchés (DECP)'),
      '.',
    ),
    page.items.length
      ? exportButtons({
          name: 'imports',
          headers: ['Fichier', 'Type', 'Envoyé le', 'Statut', 'Faits', 'Total'],
          rows: () =>
            page.items.map((job) => [
              job.fileName ?? '',
              jobKindOf(job),
              frenchDate(job.createdAt),
              JOB_STATUS[job.status],
              job.done,
              job.total,
            ]),
        })
      : null,
    page.items.length
      ? table(
          ['Fichier', 'Type', 'Envoyé le', 'Statut', 'Avancement'],
          page.items.map((job) =>
            h(
              'tr',
              null,
              h('td', null, h('a', { href: `#/imports/${job.id}` }, job.fileName ?? job.id)),
              h('td', null, jobKindOf(job)),
              h('td', null, frenchDate(job.createdAt)),
              h('td', null, JOB_STATUS[job.status]),
              h('td', null, progressBar(job)),
            ),
          ),
        )
      : h('p', null, 'Aucun import de gros fichier pour l’instant.'),
  );
}

export async function importPage(main: HTMLElement, jobId: string): Promise<void> {
  replace(main, loading());
  const job = await api<ImportJob>('GET', `/api/imports/${jobId}`);
  const follow = h('div', { 'aria-live': 'polite' });
  replace(
    main,
    h('h1', null, `${jobKindOf(job)} : ${job.fileName ?? job.id}`),
    h('p', { class: 'muted' }, `Envoyé le ${frenchDate(job.createdAt)}.`),
    h('div', { class: 'card' }, follow),
    h('p', null, h('a', { href: '#/imports' }, 'Tous les imports')),
  );
  await followImport(jobId, follow, job.kind === 'statement' ? statementOutcome : decpOutcome);
}
