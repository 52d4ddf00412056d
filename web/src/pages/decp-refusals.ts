import { type DecpRefusal, refusalsCsv } from '#shared/imports/decp-errors';
import { api } from '../api';
import { h, table } from '../dom';
import type { DecpImportResult } from '../types';

// A DECP file's refused records: grouped by reason with their counts (a national file refuses
// thousands, for a handful of reasons), each reason with the first record it concerns, and all
// of them in a CSV to download — built here from the answer for a small file, kept by the job
// for a big one (its answer holds only the first hundred).

function save(blob: Blob, fileName: string): void {
  const link = h('a', { href: URL.createObjectURL(blob), download: fileName });
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

const n = (value: number) => value.toLocaleString('fr-FR');

/** Where every refusal is: the answer itself, or the job's file. */
export type RefusalsSource = { errors: DecpRefusal[] } | { url: string };

function downloadButton(source: RefusalsSource, fileName: string, count: number): HTMLElement {
  const said = h('span', { class: 'muted', role: 'status' });
  const button = h('button', { type: 'button', class: 'secondary small' });
  button.textContent = `Télécharger les ${n(count)} refus (CSV)`;
  button.addEventListener('click', async () => {
    if ('errors' in source) {
      save(new Blob([refusalsCsv(source.errors)], { type: 'text/csv' }), fileName);
      return;
    }
    // In AWS a URL of the bucket, signed: the browser saves the file under its name.
    if (!source.url.startsWith('/')) {
      location.assign(source.url);
      return;
    }
    button.disabled = true;
    try {
      save(await api<Blob>('GET', source.url, undefined, { raw: 'blob' }), fileName);
      said.textContent = 'Téléchargé.';
    } catch (error) {
      said.textContent = `Téléchargement impossible : ${(error as Error).message}`;
    } finally {
      button.disabled = false;
    }
  });
  return h('p', { class: 'download' }, button, ' ', said);
}

/** The refusals of an import or of its preview, by reason; null when there are none. */
export function refusalsView(
  result: DecpImportResult,
  count: number,
  source: RefusalsSource | null,
  fileName: string,
  heading: string,
): HTMLElement | null {
  const groups = result.errorGroups ?? [];
  if (!count || !groups.length) return null;
  return h(
    'section',
    { 'aria-labelledby': 'decp-refusals' },
    h('h3', { id: 'decp-refusals' }, heading),
    table(
      // The count beside the reason: on a phone the example scrolls out of view.
      ['Raison', ['Nombre', 'num'], 'Premier enregistrement concerné'],
      groups.map((group) =>
        h(
          'tr',
          null,
          h('td', null, group.reason),
          h('td', { class: 'num' }, n(group.count)),
          h(
            'td',
            null,
            `n° ${n(group.example.index + 1)}${group.example.id ? ` (${group.example.id})` : ''}`,
          ),
        ),
      ),
      'Enregistrements refusés par raison',
    ),
    source ? downloadButton(source, `${fileName.replace(/\.json$/i, '')}-refus.csv`, count) : null,
  );
}
