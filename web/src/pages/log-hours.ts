import { HOUR_MODE_LABELS, HOUR_MODES } from '#shared/domain/hours';
import { parseCsv } from '#shared/imports/csv';
import {
  DIRECT_UPLOAD_FROM_BYTES,
  isWorkbookFile,
  statementContentType,
  XLSX_TYPE,
} from '#shared/imports/file-types';
import { STATEMENT_FIELDS, STATEMENT_HEADERS, statementColumns } from '#shared/imports/statement';
import { ApiError, all, api } from '../api';
import { contractLink } from '../contract-link';
import { field, h, loading, notice, replace, select, table } from '../dom';
import { frenchMonth, hours, lastMonth } from '../format';
import { followImport, statementOutcome, uploadDirectly } from '../import-progress';
import type { Contract, HoursLine, Participant, Plie } from '../types';

/** Log one line by hand, or upload the month's statement: every error is shown before anything is written. */
export async function logHoursPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  replace(main, h('h1', null, 'Saisir des heures'), loading());
  const [contracts, plies] = await Promise.all([
    all<Contract>('/api/contracts'),
    all<Plie>('/api/plies'),
  ]);
  const plieNames = new Map(plies.map((p) => [p.id, p.name]));
  const withHours = contracts.filter((c) => c.targetHours !== null || c.hoursLogged > 0);

  const contract = field(
    'Marché',
    select(
      'contractId',
      [
        ['', 'Choisir un marché…'],
        ...withHours.map((c) => [c.id, `${c.reference} — ${c.title}`] as [string, string]),
      ],
      params.get('marche') ?? '',
    ),
  );
  const plie = field(
    'PLIE qui a placé la personne',
    select('plieId', [
      ['', 'Choisir un PLIE…'],
      ...plies.map((p) => [p.id, p.name] as [string, string]),
    ]),
  );
  const participant = field(
    'Participant (facultatif)',
    select('participantId', [['', '— sans participant —']]),
    'Référence pseudonyme du PLIE',
  );
  const month = field(
    'Mois',
    h('input', { type: 'month', name: 'month', required: true, value: lastMonth() }),
  );
  // A text field, so that a French decimal comma (« 12,5 ») is taken as typed.
  const hoursInput = field(
    'Heures',
    h('input', {
      type: 'text',
      name: 'hours',
      required: true,
      inputmode: 'decimal',
      autocomplete: 'off',
    }),
    'Ex. 12,5 — en quarts d’heure, 250 h au plus par ligne',
  );
  const mode = field(
    'Modalité',
    select(
      'mode',
      HOUR_MODES.map((m) => [m, HOUR_MODE_LABELS[m]]),
    ),
  );
  const fields: Record<string, ReturnType<typeof field>> = {
    contractId: contract,
    plieId: plie,
    participantId: participant,
    month,
    hours: hoursInput,
    mode,
  };
  const result = h('div', { 'aria-live': 'polite' });

  const loadParticipants = async () => {
    const plieId = plie.control.value;
    const people = plieId ? await all<Participant>(`/api/participants?plieId=${plieId}`) : [];
    replace(participant.control, [
      h('option', { value: '' }, '— sans participant —'),
      ...people.filter((p) => !p.exitedOn).map((p) => h('option', { value: p.id }, p.ref)),
    ]);
  };
  const preselectPlie = () => {
    const chosen = withHours.find((c) => c.id === contract.control.value);
    if (chosen?.allocation?.mode === 'single') {
      plie.control.value = chosen.allocation.plieId;
      void loadParticipants();
    }
  };
  contract.control.addEventListener('change', preselectPlie);
  plie.control.addEventListener('change', () => void loadParticipants());
  preselectPlie();

  let key = crypto.randomUUID();
  const form = h(
    'form',
    {
      class: 'grid',
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        for (const f of Object.values(fields)) f.setError(null);
        const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
        const body = {
          contractId: data.contractId,
          plieId: data.plieId,
          month: data.month,
          hours: Number(String(data.hours).replace(',', '.')),
          mode: data.mode,
          ...(data.participantId ? { participantId: data.participantId } : {}),
        };
        const button = form.querySelector('button[type=submit]') as HTMLButtonElement;
        button.disabled = true;
        replace(result, loading('Enregistrement…'));
        try {
          // The same key until it succeeds: a double click or a retry logs the line once.
          const line = await api<HoursLine>('POST', '/api/hours', body, {
            headers: { 'Idempotency-Key': key },
          });
          key = crypto.randomUUID();
          const after = await api<Contract>('GET', `/api/contracts/${line.contractId}`);
          replace(
            result,
            notice(
              'success',
              `Ligne enregistrée : ${hours(line.hours)} en ${frenchMonth(line.month)} pour ${plieNames.get(line.plieId)}. `,
              contractLink(after),
              ` : ${hours(after.hoursLogged)} réalisées${after.targetHours ? ` sur ${hours(after.targetHours)}` : ''}.`,
            ),
          );
          hoursInput.control.value = '';
          (hoursInput.control as HTMLInputElement).focus();
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          for (const problem of error.errors) fields[problem.path ?? '']?.setError(problem.message);
          const first = error.errors.map((p) => fields[p.path ?? '']).find(Boolean);
          (first?.control as HTMLElement | undefined)?.focus();
          replace(result, notice('failure', error.detail));
        } finally {
          button.disabled = false;
        }
      },
    },
    Object.values(fields).map((f) => f.element),
    h(
      'div',
      { class: 'actions', style: 'grid-column:1/-1' },
      h('button', { type: 'submit' }, 'Enregistrer la ligne'),
    ),
  );

  replace(
    main,
    h('h1', null, 'Saisir des heures'),
    h('div', { class: 'card' }, h('h2', { style: 'margin-top:0' }, 'Une ligne'), form, result),
    statementUpload(),
  );
}

/** Upload of the monthly statement: a preview first, then the server checks every line. */
function statementUpload(): HTMLElement {
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
        table(
          [['Ligne', 'num'], 'Colonne', 'Erreur'],
          error.errors.map((e) =>
            h(
              'tr',
              null,
              h('td', { class: 'num' }, String(e.line ?? '')),
              h('td', null, e.column ?? ''),
              h('td', null, e.message),
            ),
          ),
        ),
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
