import { HOUR_MODE_LABELS, HOUR_MODES, sumHours } from '#shared/domain/hours';
import { findPlie } from '#shared/domain/plies';
import type { SheetRows } from '#shared/imports/csv';
import {
  DIRECT_UPLOAD_FROM_BYTES,
  isWorkbookFile,
  statementContentType,
  XLSX_TYPE,
} from '#shared/imports/file-types';
import {
  type ReadStatement,
  readStatement,
  STATEMENT_FIELDS,
  STATEMENT_HEADERS,
} from '#shared/imports/statement';
import { ApiError, api } from '../api';
import { h, loading, notice, replace, table } from '../dom';
import type { duplicateChoice } from '../duplicate-lines';
import { frenchMonth, hours } from '../format';
import {
  followImport,
  lineErrorsTable,
  statementOutcome,
  uploadDirectly,
} from '../import-progress';
import { plies } from '../plies';
import { readSheet, templateLink } from '../statement-file';
import type { Plie, StatementImportResult } from '../types';
import { possibleDuplicates } from './statement-duplicates';

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
  let csv: SheetRows | null = null;
  /** The choice for the possible duplicates the server found, when it found some. */
  let choice: ReturnType<typeof duplicateChoice> | null = null;
  const send = h('button', { type: 'button', disabled: true }, 'Importer le relevé');
  input.addEventListener('change', async () => {
    file = input.files?.[0] ?? null;
    if (!file) return;
    replace(preview, loading('Lecture du fichier…'));
    // The server's own reader, run here first: French headers, months, labels and decimal
    // commas read the same way, and every line's own errors shown before anything is sent.
    const checked = await checkStatement(file);
    csv = checked.sheet;
    // Sending stays possible: the server adds the unknown contracts, PLIEs and participants
    // to the list, and imports nothing while an error remains.
    send.disabled = checked.sheet === null;
    replace(preview, ...checked.view);
    choice = null;
    if (
      checked.read.errors.length === 0 &&
      checked.sheet &&
      file.size <= DIRECT_UPLOAD_FROM_BYTES
    ) {
      const chosen = file;
      const found = await possibleDuplicates(file, checked.read, undefined, (refusal) => {
        // The server's dry run found what the page cannot know (an unknown contract, PLIE or
        // person, a month outside a contract): said with the preview, not only once sent. A
        // refusal without lines' errors (a right missing, a file too large, the server
        // unavailable) leaves the preview as it is: the import, if sent, says it.
        const count = refusal.errors.length;
        if (file !== chosen || count === 0) return;
        replace(
          preview,
          ...refusedView(
            refusal,
            csv,
            `« ${chosen.name} » ne peut pas être importé tel quel : ${count} erreur(s) trouvée(s) par le serveur, ci-dessous. Corrigez le fichier puis choisissez-le à nouveau ; rien n’est écrit tant qu’une erreur reste.`,
          ),
        );
      });
      choice = found?.choice ?? null;
      if (found) preview.append(found.view);
    }
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
          : await api<StatementImportResult | { jobId: string }>(
              'POST',
              `/api/hours/import?duplicates=${choice?.value() ?? 'skip'}`,
              file,
              {
                contentType: statementContentType(file),
                // The API keeps 200 characters of a name: the end, with its extension.
                headers: { 'x-file-name': encodeURIComponent(file.name.slice(-200)) },
              },
            );
      const outcome = h('div', { 'aria-live': 'polite' });
      // Sent: the preview's « Vérifiez l'aperçu puis importez » and its duplicates' choice are
      // done with; what the import did takes their place.
      replace(preview, status);
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
      replace(preview, ...refusedView(error, csv, error.detail));
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
      `Colonnes : ${STATEMENT_FIELDS.map((f) => STATEMENT_HEADERS[f]).join(' ; ')}. PLIE par son nom, tel qu’on l’écrit, ou son code (le modèle les donne) ; mois écrit 10/2026, 2026-10 ou octobre 2026 ; heures 35, 35,5 ou 151,67 ; modalités : ${HOUR_MODES.map((m) => HOUR_MODE_LABELS[m]).join(', ')}.`,
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

/** The server's refusal of a file: what it says, every line's error, the lines highlighted. */
function refusedView(refusal: ApiError, csv: SheetRows | null, said: string): HTMLElement[] {
  const byLine = new Map<number, string[]>();
  for (const e of refusal.errors)
    byLine.set(e.line ?? 0, [...(byLine.get(e.line ?? 0) ?? []), `${e.column} : ${e.message}`]);
  return [
    notice('failure', said),
    lineErrorsTable(refusal.errors),
    ...(csv
      ? [
          h(
            'div',
            null,
            h('h3', null, 'Le relevé, lignes en erreur surlignées'),
            previewTable(csv.header, csv.rows, byLine),
          ),
        ]
      : []),
  ];
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

/** Reads a statement in the page as the server will, and says what it found. */
async function checkStatement(
  file: File,
): Promise<{ sheet: SheetRows | null; read: ReadStatement; view: Node[] }> {
  let sheet: SheetRows;
  try {
    sheet = await readSheet(file);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const read: ReadStatement = {
      lines: [],
      errors: [{ line: 1, column: '', message }],
      headers: STATEMENT_HEADERS,
      partial: [],
    };
    return {
      sheet: null,
      read,
      view: [notice('failure', `« ${file.name} » ne peut pas être lu : ${message}`)],
    };
  }
  const read = readStatement(sheet);
  if (read.errors.length) {
    const byLine = new Map<number, string[]>();
    for (const e of read.errors)
      byLine.set(e.line, [...(byLine.get(e.line) ?? []), `${e.column} : ${e.message}`]);
    return {
      sheet,
      read,
      view: [
        notice(
          'failure',
          `${sheet.rows.length} ligne(s) lues dans « ${file.name} » : ${read.errors.length} erreur(s) déjà visible(s) ci-dessous. Corrigez le fichier, ou importez-le pour connaître aussi les marchés, PLIE et participants inconnus : rien n’est écrit tant qu’une erreur reste.`,
        ),
        lineErrorsTable(read.errors),
        sheet.rows.length
          ? h(
              'div',
              null,
              h('h3', null, 'Les lignes en erreur'),
              previewTable(sheet.header, sheet.rows, byLine),
            )
          : null,
      ].filter((n): n is HTMLElement => n !== null),
    };
  }
  const names = await plies().catch(() => new Map<string, Plie>());
  // The file names a PLIE by its code or its name, as the server finds it.
  const plieNamed = (written: string) => {
    const found = findPlie([...names.values()], written);
    return found.ok ? found.plie.name : written;
  };
  const total = sumHours(read.lines.map((l) => l.hours));
  const months = [...new Set(read.lines.map((l) => l.month))].sort().map(frenchMonth).join(', ');
  return {
    sheet,
    read,
    view: [
      notice(
        'info',
        `${read.lines.length} ligne(s) lues dans « ${file.name} » : ${hours(total)} pour ${months}. Vérifiez l’aperçu puis importez ; le serveur contrôle aussi les marchés, les PLIE et les participants nommés.`,
      ),
      table(
        [['Ligne', 'num'], 'Marché', 'PLIE', 'Participant', 'Mois', ['Heures', 'num'], 'Modalité'],
        read.lines
          .slice(0, 20)
          .map((l) =>
            h(
              'tr',
              null,
              h('td', { class: 'num' }, String(l.line)),
              h('td', null, l.contractReference),
              h('td', null, plieNamed(l.plieId)),
              h('td', null, l.participantRef ?? '—'),
              h('td', null, frenchMonth(l.month)),
              h('td', { class: 'num' }, hours(l.hours)),
              h('td', null, HOUR_MODE_LABELS[l.mode]),
            ),
          ),
        'Aperçu du relevé',
      ),
      read.lines.length > 20
        ? h('p', { class: 'muted' }, `… et ${read.lines.length - 20} autre(s) ligne(s).`)
        : null,
    ].filter((n): n is HTMLElement => n !== null),
  };
}
