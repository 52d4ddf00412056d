import { mayDo } from '#shared/domain/access';
import { holderOf } from '#shared/domain/awardees';
import { HOUR_MODE_LABELS } from '#shared/domain/hours';
import { canTake, isRefused } from '#shared/domain/statement-lifecycle';
import { ApiError, api } from '../api';
import type { Session } from '../auth';
import { contractLink } from '../contract-link';
import { field, h, loading, notice, replace, table } from '../dom';
import { duplicateChoice, duplicateOfText, duplicatesOutcome } from '../duplicate-lines';
import { frenchDateTime, frenchMonth, hours } from '../format';
import { plies } from '../plies';
import { declaredPerson, STATEMENT_STATUS_LABELS } from '../statement-labels';
import type { ContractDetail, Statement } from '../types';

// One awardee's statement, line by line. The awardee reads what became of it (and why a line
// was refused); the facilitator validates it, or refuses some lines or the whole, with a reason.

export async function statementReviewPage(
  main: HTMLElement,
  session: Session,
  statementId: string,
  params: URLSearchParams,
): Promise<void> {
  replace(main, loading());
  const statement = await api<Statement>(
    'GET',
    `/api/statements/${encodeURIComponent(statementId)}`,
  );
  const [contract, plieMap] = await Promise.all([
    statement.contractId
      ? api<ContractDetail>('GET', `/api/contracts/${statement.contractId}`)
      : Promise.resolve(null),
    plies(),
  ]);
  const reviewer = mayDo(session, 'hours:write') && canTake(statement.status, 'validate');
  const refuse = new Map<number, HTMLInputElement>();
  // Lines that may repeat hours already counted (the facilitator's file, a typed line…), and
  // those a validation left out as such.
  const flagged = new Map((statement.possibleDuplicates ?? []).map((f) => [f.line, f]));
  const leftOut = new Set(statement.leftOut ?? []);
  const check = (line: Statement['declaredLines'][number]) => {
    if (line.rejection) return `Refusée : ${line.rejection}`;
    if (leftOut.has(line.line)) return 'Laissée de côté : doublon possible, déjà comptée';
    const duplicate = flagged.get(line.line);
    return duplicate ? `Doublon possible : ${duplicateOfText(duplicate.duplicateOf)}` : '';
  };
  // What decides comes first in each row (the line, its refusal box, the person, the hours,
  // the check): on a phone the columns after them scroll sideways.
  const rows = statement.declaredLines.map((line) => {
    const box = h('input', {
      type: 'checkbox',
      name: 'refuse',
      value: String(line.line),
      'aria-label': `Refuser la ligne ${line.line}`,
    });
    refuse.set(line.line, box);
    return h(
      'tr',
      { 'data-line': line.line },
      h('td', { class: 'line-number' }, String(line.line), reviewer ? [' ', box] : null),
      h('td', null, declaredPerson(line)),
      h('td', { class: 'num' }, hours(line.hours)),
      h('td', { class: 'line-check' }, check(line)),
      h('td', null, HOUR_MODE_LABELS[line.mode]),
      h('td', null, plieMap.get(line.plieId)?.name ?? line.plieId),
    );
  });
  const outcome = h('div', { 'aria-live': 'polite' });
  const title = `Relevé de ${statement.month ? frenchMonth(statement.month) : ''}${contract ? ` — ${contract.reference}` : ''}`;
  replace(
    main,
    // The way back to the list it was opened from, as a contract's page has: once validated or
    // refused, the next statement is there.
    h(
      'p',
      null,
      session.role === 'awardee'
        ? h('a', { href: '#/' }, '← Mes marchés et relevés')
        : h('a', { href: '#/releves' }, '← Relevés'),
    ),
    h('h1', null, title),
    params.get('declare')
      ? notice(
          'success',
          'Relevé déclaré. Il sera compté une fois validé par le facilitateur de l’acheteur.',
        )
      : null,
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, 'Marché'),
      h('dd', null, contract ? [contractLinkFor(session, contract), ' — ', contract.title] : '—'),
      h('dt', null, 'Entreprise'),
      h('dd', null, companyName(contract, statement.awardeeSiret)),
      h('dt', null, 'Déclaré le'),
      h('dd', null, frenchDateTime(statement.uploadedAt)),
      statement.uploadedByName
        ? [h('dt', null, 'Déclaré par'), h('dd', null, statement.uploadedByName)]
        : null,
      h('dt', null, 'Statut'),
      h('dd', { id: 'statement-status' }, STATEMENT_STATUS_LABELS[statement.status]),
      statement.reason ? [h('dt', null, 'Motif'), h('dd', null, statement.reason)] : null,
      statement.reviewedAt
        ? [h('dt', null, 'Traité le'), h('dd', null, frenchDateTime(statement.reviewedAt))]
        : null,
      h('dt', null, leftOut.size ? 'Heures comptées' : 'Heures déclarées'),
      h('dd', null, hours(statement.hours)),
      leftOut.size
        ? [
            h('dt', null, 'Laissées de côté'),
            h('dd', null, `ligne(s) ${[...leftOut].join(', ')} : doublons possibles`),
          ]
        : null,
    ),
    statement.replacedBy
      ? notice(
          'info',
          'Ce relevé a été corrigé : ',
          h('a', { href: `#/releves/${statement.replacedBy}` }, 'voir le relevé corrigé'),
          '.',
        )
      : null,
    session.role === 'awardee' && isRefused(statement.status) && !statement.replacedBy
      ? h('p', null, h('a', { href: `#/declarer?remplace=${statement.id}` }, 'Corriger ce relevé'))
      : null,
    table(
      [
        reviewer ? 'Ligne · refuser' : 'Ligne',
        'Personne',
        ['Heures', 'num'],
        'Contrôle',
        'Modalité',
        'PLIE',
      ],
      rows,
      'Lignes du relevé',
    ),
    outcome,
    reviewer ? reviewForm(statement, refuse, outcome, main, session, params) : null,
  );
}

/** What the page says once the facilitator's decision is saved: under the heading. */
function announce(main: HTMLElement, text: string): void {
  main.querySelector('h1')?.after(notice('success', text));
}

/** The declaring company by its name on the contract, with its SIRET. */
function companyName(contract: ContractDetail | null, siret: string | null): string {
  if (!siret) return '—';
  const holder = contract ? holderOf(contract, siret) : undefined;
  return holder ? `${holder.name} (SIRET ${siret})` : `SIRET ${siret}`;
}

function contractLinkFor(session: Session, contract: ContractDetail): Node {
  // An awardee has no contract page: the reference alone.
  return session.role === 'awardee'
    ? document.createTextNode(contract.reference)
    : contractLink(contract);
}

function reviewForm(
  statement: Statement,
  refuse: Map<number, HTMLInputElement>,
  outcome: HTMLElement,
  main: HTMLElement,
  session: Session,
  params: URLSearchParams,
): HTMLElement {
  const reason = field(
    'Motif du refus',
    h('input', { name: 'reason', maxlength: 500, autocomplete: 'off' }),
    'Le titulaire le lit : dites ce qu’il doit corriger.',
  );
  const reload = () => statementReviewPage(main, session, statement.id, params);
  const flagged = statement.possibleDuplicates ?? [];
  const choice = flagged.length ? duplicateChoice('declared-duplicates', flagged.length) : null;
  const validate = h('button', { type: 'button' }, 'Valider le relevé');
  validate.addEventListener('click', async () => {
    validate.disabled = true;
    try {
      const decision = choice?.value() ?? 'skip';
      const done = await api<Statement>(
        'POST',
        `/api/statements/${statement.id}/validate?duplicates=${decision}`,
      );
      await reload();
      const said = duplicatesOutcome(flagged.length, done.leftOut?.length ?? 0);
      announce(main, `Relevé validé : ses lignes sont saisies.${said}`);
    } catch (error) {
      validate.disabled = false;
      if (!(error instanceof ApiError)) throw error;
      // Each line's problem goes in its row, where the facilitator decides to refuse it.
      for (const problem of error.errors) {
        const cell = main.querySelector(`tr[data-line="${problem.line}"] .line-check`);
        if (cell) cell.textContent = problem.message;
        const box = problem.line === undefined ? undefined : refuse.get(problem.line);
        if (box) box.checked = true;
      }
      replace(outcome, notice('failure', error.detail));
    }
  });
  const reject = h('button', { type: 'button', class: 'secondary' }, 'Refuser');
  reject.addEventListener('click', async () => {
    const text = reason.control.value.trim();
    if (!text) {
      reason.setError('Donnez le motif du refus.');
      reason.control.focus();
      return;
    }
    reason.setError(null);
    const lines = [...refuse].filter(([, box]) => box.checked).map(([line]) => line);
    reject.disabled = true;
    try {
      await api('POST', `/api/statements/${statement.id}/reject`, {
        reason: text,
        ...(lines.length ? { lines } : {}),
      });
      await reload();
      announce(main, 'Relevé refusé : le titulaire voit le motif et déclarera un relevé corrigé.');
    } catch (error) {
      reject.disabled = false;
      if (!(error instanceof ApiError)) throw error;
      replace(outcome, notice('failure', error.detail));
    }
  });
  return h(
    'div',
    { class: 'card' },
    h('h2', null, 'Valider ou refuser'),
    h(
      'p',
      { class: 'muted' },
      'Valider saisit toutes les lignes (chacune est contrôlée : personne connue du PLIE, 250 h par mois…). Pour refuser, cochez les lignes à corriger (aucune : le relevé entier) et donnez le motif.',
    ),
    flagged.length
      ? notice(
          'info',
          `${flagged.length} ligne(s) de ce relevé ont le même marché, PLIE, mois, personne et heures qu’une ligne déjà comptée (voir « Contrôle ») : des heures peut-être déjà saisies. Si ce sont les mêmes, laissez-les de côté ; si ce sont d’autres heures réelles, comptez-les.`,
        )
      : null,
    choice?.element ?? null,
    reason.element,
    h('div', { class: 'actions' }, validate, ' ', reject),
  );
}
