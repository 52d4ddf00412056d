import { canTake, isCounted } from '#shared/domain/statement-lifecycle';
import { ApiError, api } from '../api';
import { field, h, loading, notice, replace, table } from '../dom';
import { exportButtons } from '../export';
import { onSubmit } from '../form-submit';
import { frenchDate, frenchMonth, hours } from '../format';
import { openInline } from '../inline-form';
import { STATEMENT_STATUS_LABELS } from '../statement-labels';
import type { Page, Statement } from '../types';
import { replaceForm } from './statement-replace';

// The monthly statements already imported: what each covers, who sent it, its status; a
// statement is replaced by its corrected file, or withdrawn, here, with its reason.

const STATUS = STATEMENT_STATUS_LABELS;

/** `said`: what the action that drew the page again did (a replacement's outcome). */
export async function statementsPage(main: HTMLElement, said?: string): Promise<void> {
  replace(main, loading());
  const [page, waiting] = await Promise.all([
    api<Page<Statement>>('GET', '/api/statements?limit=100'),
    api<Page<Statement>>('GET', '/api/statements?status=submitted&limit=100'),
  ]);
  const reload = (message?: string) => void statementsPage(main, message);
  const rows = page.items.map((s) => statementRow(s, reload));
  replace(
    main,
    h('h1', null, 'Relevés mensuels'),
    said ? notice('success', said) : null,
    h('h2', null, 'Déclarés par les titulaires, à valider'),
    waiting.items.length
      ? table(
          ['Déclaré le', 'Envoyé par', 'Marché', 'Mois', ['Lignes', 'num'], ['Heures', 'num'], ''],
          waiting.items.map((s) =>
            h(
              'tr',
              null,
              h('td', null, frenchDate(s.uploadedAt)),
              h('td', null, senderOf(s)),
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
      'Chaque fichier importé est un relevé : le renvoyer n’ajoute rien ; un autre fichier compte ses lignes, sauf celles qui répètent des heures déjà comptées ailleurs (doublons possibles), laissées de côté à moins que vous ne les comptiez. Un relevé erroné se remplace ici par sa version corrigée, contrôlée de même, ou se retire s’il a été envoyé par erreur : ses lignes sont annulées, avec le motif.',
    ),
    rows.length
      ? exportButtons({
          name: 'releves',
          headers: [
            'Fichier',
            'Envoyé le',
            'Envoyé par',
            'Marchés',
            'Mois',
            'Lignes',
            'Heures',
            'Statut',
            'Motif',
          ],
          rows: () =>
            page.items.map((s) => [
              fileOf(s),
              frenchDate(s.uploadedAt),
              senderOf(s),
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
          [
            'Fichier',
            'Envoyé le',
            'Envoyé par',
            'Marchés',
            'Mois',
            ['Lignes', 'num'],
            ['Heures', 'num'],
            'Statut',
            '',
          ],
          rows,
          'Relevés importés',
        )
      : notice('info', 'Aucun relevé importé pour l’instant.'),
  );
}

/**
 * The file a statement is, as the list names it: its name, or what stands for it (an awardee's
 * declaration has no file; statements sent before names were kept have none either).
 */
function fileOf(s: Statement): string {
  if (s.fileName) return s.fileName;
  return s.origin === 'awardee' ? 'Déclaration du titulaire' : 'Nom non conservé';
}

/** Who sent it, as the journal names people; unknown for statements sent before. */
const senderOf = (s: Statement): string => s.uploadedByName ?? 'Non conservé';

/** What both tables say of a statement: for what, how much. */
function summaryCells(s: Statement): HTMLTableCellElement[] {
  return [
    h('td', null, s.contractReferences.join(', ')),
    h('td', null, s.months.map(frenchMonth).join(', ')),
    h('td', { class: 'num' }, String(s.lineCount)),
    h('td', { class: 'num' }, hours(s.hours)),
  ];
}

function statementRow(s: Statement, reload: (said?: string) => void): HTMLElement {
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
  // An awardee's declaration has its own page, line by line; an imported file's lines are
  // those of the lines page narrowed to it, month by month.
  if (s.origin === 'awardee') {
    action.prepend(h('a', { href: `#/releves/${s.id}` }, 'Voir le relevé'), ' ');
  } else if (s.lineCount > 0) {
    action.prepend(
      ...s.months.flatMap((m) => [
        h(
          'a',
          { href: `#/heures?${new URLSearchParams({ mois: m, origine: s.id })}` },
          s.months.length > 1 ? `Voir ses lignes de ${frenchMonth(m)}` : 'Voir ses lignes',
        ),
        ' ',
      ]),
    );
  }
  // The file first: on a phone the first column stays in view while the others scroll.
  const known = Boolean(s.fileName);
  return h(
    'tr',
    null,
    h('td', { class: known ? 'file-name' : 'file-name muted' }, fileOf(s)),
    h('td', null, frenchDate(s.uploadedAt)),
    h('td', { class: s.uploadedByName ? null : 'muted' }, senderOf(s)),
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
  onSubmit(form, async (event) => {
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
