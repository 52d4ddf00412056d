import { HOUR_MODE_LABELS, HOUR_MODES } from '#shared/domain/hours';
import { parseCsv } from '#shared/imports/csv';
import {
  DIRECT_UPLOAD_FROM_BYTES,
  isWorkbookFile,
  statementContentType,
  XLSX_TYPE,
} from '#shared/imports/file-types';
import { STATEMENT_FIELDS, STATEMENT_HEADERS, statementColumns } from '#shared/imports/statement';
import { ApiError, api } from '../api';
import { h, loading, notice, replace, table } from '../dom';
import {
  followImport,
  lineErrorsTable,
  statementOutcome,
  uploadDirectly,
} from '../import-progress';

// The monthly statement's upload on the logging page: a preview of a CSV, the server's check of
// every line, the templates, and big files followed as jobs.

/** Upload of the monthly statement: a preview first, then the server checks every line. */
export function statementUpload(): HTMLElement {
  const input = h('input', {
    type: 'file',
    id: 'statement-file',
    accept: `.csv,.xlsx,text/csv,${XLSX_TYPE}`,
  });
  const preview = h('div', { 'aria-live': 'polite' });
  let file: File | null = null;
  let csv: ReturnType<typeof parseCsv> | null = null;
  const send = h('button', { type: 'button', disabled: true }, 'Importer le relevé');
  input.addEventListener('change', async () => {
    file = input.files?.[0] ?? null;
    if (!file) return;
    if (isWorkbookFile(file)) {
      csv = null;
      send.disabled = false;
      replace(
        preview,
        notice(
          'info',
          `Classeur Excel « ${file.name} » : sa première feuille sera lue. Importez : tout le relevé est contrôlé avant la moindre écriture.`,
        ),
      );
      return;
    }
    csv = parseCsv(await file.text());
    const { problems } = statementColumns(csv.header);
    send.disabled = problems.length > 0 || csv.rows.length === 0;
    replace(
      preview,
      problems.length
        ? notice('failure', problems.map((p) => p.message).join(' · '))
        : notice(
            'info',
            `${csv.rows.length} ligne(s) lues dans « ${file.name} ». Vérifiez l’aperçu puis importez : tout le relevé est contrôlé avant la moindre écriture.`,
          ),
      previewTable(csv.header, csv.rows),
    );
  });
  send.addEventListener('click', async () => {
    if (!file) return;
    send.disabled = true;
    const status = h('div', null, loading('Import en cours…'));
    preview.prepend(status);
    try {
      const done =
        file.size > DIRECT_UPLOAD_FROM_BYTES
          ? {
              jobId: await uploadDirectly('statement', isWorkbookFile(file) ? 'xlsx' : 'csv', file),
            }
          : await api<
              { statementId: string; imported: number; alreadyImported: number } | { jobId: string }
            >('POST', '/api/hours/import', file, {
              contentType: statementContentType(file),
              headers: { 'x-file-name': encodeURIComponent(file.name) },
            });
      const outcome = h('div', { 'aria-live': 'polite' });
      replace(
        status,
        outcome,
        h('p', null, h('a', { href: '#/releves' }, 'Voir les relevés importés')),
      );
      if ('jobId' in done) {
        // A big file: imported in the background, followed here.
        const job = await followImport(done.jobId, outcome, statementOutcome);
        if (job?.status !== 'failed') return;
        send.disabled = false;
      } else replace(outcome, notice('success', statementOutcome(done)));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const byLine = new Map<number, string[]>();
      for (const e of error.errors)
        byLine.set(e.line ?? 0, [...(byLine.get(e.line ?? 0) ?? []), `${e.column} : ${e.message}`]);
      replace(
        preview,
        notice('failure', error.detail),
        lineErrorsTable(error.errors),
        csv
          ? h(
              'div',
              null,
              h('h3', null, 'Le relevé, lignes en erreur surlignées'),
              previewTable(csv.header, csv.rows, byLine),
            )
          : null,
      );
      send.disabled = false;
    }
  });
  return h(
    'div',
    { class: 'card' },
    h('h2', { style: 'margin-top:0' }, 'Relevé mensuel (CSV ou Excel)'),
    h(
      'p',
      { class: 'muted' },
      `Colonnes : ${STATEMENT_FIELDS.map((f) => STATEMENT_HEADERS[f]).join(' ; ')}. Mois écrit 10/2026, 2026-10 ou octobre 2026 ; heures 35 ou 35,5 ; modalités : ${HOUR_MODES.map((m) => HOUR_MODE_LABELS[m]).join(', ')}.`,
    ),
    h(
      'p',
      null,
      'Modèle à remplir : ',
      templateLink('csv', 'CSV'),
      ' · ',
      templateLink('xlsx', 'Excel (.xlsx)'),
    ),
    h('div', { class: 'field' }, h('label', { for: 'statement-file' }, 'Fichier du relevé'), input),
    h('div', { class: 'actions' }, send),
    preview,
  );
}

/** The template is behind the bearer token: fetched, then saved from memory. */
function templateLink(format: 'csv' | 'xlsx', label: string): HTMLElement {
  const button = h('button', { type: 'button', class: 'link', id: `template-${format}` }, label);
  button.addEventListener('click', async () => {
    const file = await api<Blob>('GET', `/api/statements/template?format=${format}`, undefined, {
      raw: 'blob',
    });
    const link = h('a', {
      href: URL.createObjectURL(file),
      download: `modele-releve-mensuel.${format}`,
    });
    link.click();
    URL.revokeObjectURL(link.href);
  });
  return button;
}

function previewTable(
  header: string[],
  rows: { line: number; fields: string[] }[],
  errors?: Map<number, string[]>,
): HTMLElement {
  const shown = errors ? rows.filter((r) => errors.has(r.line)) : rows.slice(0, 20);
  return h(
    'div',
    null,
    table(
      [['Ligne', 'num'], ...header],
      shown.map((r) =>
        h(
          'tr',
          {
            class: errors?.has(r.line) ? 'error-line' : null,
            title: errors?.get(r.line)?.join(' ; ') ?? null,
          },
          h('td', { class: 'num' }, String(r.line)),
          r.fields.map((f) => h('td', null, f)),
        ),
      ),
    ),
    !errors && rows.length > 20
      ? h('p', { class: 'muted' }, `… et ${rows.length - 20} autre(s) ligne(s).`)
      : null,
  );
}
