import { canTake, isCounted } from '#shared/domain/statement-lifecycle';
import { statementContentType } from '#shared/imports/file-types';
import { ApiError, api } from '../api';
import { field, h, loading, notice, replace, table } from '../dom';
import { exportButtons } from '../export';
import { frenchDate, frenchMonth, hours } from '../format';
import { followImport, lineErrorsTable, statementOutcome } from '../import-progress';
import { openInline } from '../inline-form';
import { STATEMENT_STATUS_LABELS } from '../statement-labels';
import type { Page, Statement } from '../types';

// The monthly statements already imported: what each covers, who sent it, its status; a
// statement is replaced by its corrected file, or withdrawn, here, with its reason.

const STATUS = STATEMENT_STATUS_LABELS;

export async function statementsPage(main: HTMLElement): Promise<void> {
  replace(main, loading());
  const [page, waiting] = await Promise.all([
    api<Page<Statement>>('GET', '/api/statements?limit=100'),
    api<Page<Statement>>('GET', '/api/statements?status=submitted&limit=100'),
  ]);
  const rows = page.items.map((s) => statementRow(s, () => void statementsPage(main)));
  replace(
    main,
    h('h1', null, 'Relevés mensuels'),
    h('h2', null, 'Déclarés par les titulaires, à valider'),
    waiting.items.length
      ? table(
          ['Déclaré le', 'Marché', 'Mois', ['Lignes', 'num'], ['Heures', 'num'], ''],
          waiting.items.map((s) =>
            h(
              'tr',
              null,
              summaryCells(s),
              h(
                'td',
                null,
                h(
                  'a',
                  {
                    href: `#/releves/${s.id}`,
                    'aria-label': `Examiner le relevé ${s.contractReferences.join(', ')} de ${s.months.map(frenchMonth).join(', ')}`,
                  },
                  'Examiner',
                ),
              ),
            ),
          ),
          'Relevés à valider',
        )
      : notice('info', 'Aucun relevé de titulaire n’attend de validation.'),
    h('h2', null, 'Tous les relevés'),
    h(
      'p',
      { class: 'muted' },
      'Chaque fichier importé est un relevé : le renvoyer n’ajoute rien, un autre fichier compte toutes ses lignes. Un relevé erroné se remplace ici par sa version corrigée, ou se retire s’il a été envoyé par erreur : ses lignes sont annulées, avec le motif.',
    ),
    rows.length
      ? exportButtons({
          name: 'releves',
          headers: ['Envoyé le', 'Marchés', 'Mois', 'Lignes', 'Heures', 'Statut', 'Motif'],
          rows: () =>
            page.items.map((s) => [
              frenchDate(s.uploadedAt),
              s.contractReferences.join(', '),
              s.months.map(frenchMonth).join(', '),
              s.lineCount,
              s.hours,
              STATUS[s.status],
              s.reason ?? '',
            ]),
        })
      : null,
    rows.length
      ? table(
          ['Envoyé le', 'Marchés', 'Mois', ['Lignes', 'num'], ['Heures', 'num'], 'Statut', ''],
          rows,
          'Relevés importés',
        )
      : notice('info', 'Aucun relevé importé pour l’instant.'),
  );
}

/** What both tables say of a statement first: sent when, for what, how much. */
function summaryCells(s: Statement): HTMLTableCellElement[] {
  return [
    h('td', null, frenchDate(s.uploadedAt)),
    h('td', null, s.contractReferences.join(', ')),
    h('td', null, s.months.map(frenchMonth).join(', ')),
    h('td', { class: 'num' }, String(s.lineCount)),
    h('td', { class: 'num' }, hours(s.hours)),
  ];
}

function statementRow(s: Statement, reload: () => void): HTMLElement {
  const action = h('td', null);
  if (canTake(s.status, 'withdraw')) {
    const withdraw = h('button', { type: 'button', class: 'secondary' }, 'Retirer…');
    withdraw.addEventListener('click', () => openInline(action, withdraw, withdrawForm(s, reload)));
    action.append(withdraw);
    // A file is replaced by its corrected file; an awardee corrects its own statements.
    if (canTake(s.status, 'replace')) {
      const correct = h('button', { type: 'button', class: 'secondary' }, 'Remplacer…');
      correct.addEventListener('click', () => openInline(action, correct, replaceForm(s, reload)));
      action.append(' ', correct);
    }
  } else if (s.reason) {
    action.append(h('span', { class: 'muted' }, `Motif : ${s.reason}`));
  }
  // An awardee's declaration has its own page, line by line.
  if (s.origin === 'awardee') {
    action.prepend(h('a', { href: `#/releves/${s.id}` }, 'Voir le relevé'), ' ');
  }
  return h(
    'tr',
    null,
    summaryCells(s),
    h(
      'td',
      null,
      h('span', { class: `tag ${isCounted(s.status) ? 'ok' : 'late'}` }, STATUS[s.status]),
    ),
    action,
  );
}

function withdrawForm(s: Statement, reload: () => void): HTMLFormElement {
  const reason = field(
    'Motif du retrait',
    h('input', { name: 'reason', required: true, maxlength: '500', autocomplete: 'off' }),
    `Les ${s.lineCount} ligne(s) du relevé seront annulées.`,
  );
  const confirm = h('button', { type: 'submit' }, 'Retirer le relevé');
  const form = h('form', { class: 'inline' }, reason.element, confirm);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    confirm.disabled = true;
    try {
      await api('POST', `/api/statements/${s.id}/withdraw`, { reason: reason.control.value });
      reload();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      reason.setError(error.errors[0]?.message ?? error.detail);
      confirm.disabled = false;
    }
  });
  return form;
}

/** A corrected file replaces the statement: checked whole first, errors shown line by line. */
function replaceForm(s: Statement, reload: () => void): HTMLFormElement {
  const reason = field(
    'Motif du remplacement',
    h('input', { name: 'reason', required: true, maxlength: '500', autocomplete: 'off' }),
  );
  const file = field(
    'Relevé corrigé',
    h('input', { type: 'file', name: 'file', required: true, accept: '.csv,.xlsx,text/csv' }),
    'Ses lignes remplacent celles du relevé, qui sont annulées avec le motif.',
  );
  const problems = h('div', { 'aria-live': 'polite' });
  const confirm = h('button', { type: 'submit' }, 'Remplacer le relevé');
  const form = h('form', { class: 'inline' }, reason.element, file.element, confirm, problems);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = (file.control as HTMLInputElement).files?.[0];
    if (!chosen) return;
    confirm.disabled = true;
    try {
      const done = await api<{ statementId: string } | { jobId: string }>(
        'POST',
        `/api/statements/${s.id}/replace?reason=${encodeURIComponent(reason.control.value)}`,
        chosen,
        { contentType: statementContentType(chosen) },
      );
      if ('jobId' in done) {
        // A big file: replaced in the background, followed here; the list once it is done.
        const job = await followImport(done.jobId, problems, statementOutcome);
        if (job?.status === 'failed') {
          confirm.disabled = false;
          return;
        }
      }
      reload();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const lines = error.errors.filter((e) => e.line !== undefined);
      replace(
        problems,
        notice('failure', error.detail),
        lines.length ? lineErrorsTable(lines) : '',
      );
      confirm.disabled = false;
    }
  });
  return form;
}
