import { takesHoursFor } from '#shared/domain/allocation';
import { monthOf, monthsFrom } from '#shared/domain/calendar';
import { findPlie } from '#shared/domain/plies';
import { readStatement } from '#shared/imports/statement';
import { all, api } from '../api';
import { currentSession } from '../auth';
import { standingText } from '../awardee-totals';
import { companyNameIn } from '../company';
import { field, h, loading, notice, replace, select } from '../dom';
import { showLocalProblems, showProblems } from '../form-problems';
import { frenchDateTime, frenchMonth, lastMonth } from '../format';
import { lineErrorsTable } from '../import-progress';
import { plies } from '../plies';
import { readSheet, templateLink } from '../statement-file';
import type { Contract, Statement } from '../types';
import { type DeclaredLineInput, declaredLineEditor } from './declared-line';

// The form with which an awardee declares a month of a contract, one line per person (each
// line's fields in declared-line.ts), or corrects a refused statement, which it then replaces.

/** The months an awardee may declare on a contract: ended, within its period, newest first. */
function declarableMonths(contract: Contract): string[] {
  const last = [monthOf(contract.endsOn), lastMonth()].sort()[0] as string;
  return monthsFrom(monthOf(contract.startsOn), last).reverse();
}

export async function declarePage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  replace(main, loading());
  const [contracts, plieMap, statements] = await Promise.all([
    all<Contract>('/api/contracts'),
    plies(),
    all<Statement>('/api/statements'),
  ]);
  const siret = currentSession()?.siret;
  const company = siret ? companyNameIn(contracts, siret) : null;
  const correcting = params.get('remplace');
  const old = correcting
    ? await api<Statement>('GET', `/api/statements/${encodeURIComponent(correcting)}`)
    : null;
  const chosenId = old?.contractId ?? params.get('marche') ?? contracts[0]?.id ?? '';
  if (!contracts.length) {
    replace(
      main,
      h('h1', null, 'Déclarer des heures'),
      notice('info', 'Aucun marché de votre entreprise n’est enregistré : rien à déclarer.'),
    );
    return;
  }
  const contractOf = (id: string) =>
    contracts.find((c) => c.id === id) ?? (contracts[0] as Contract);
  const contractSelect = select(
    'contractId',
    contracts.map((c) => [c.id, `${c.reference} — ${c.title}`]),
    chosenId,
    { id: 'declare-contract', disabled: !!old },
  );
  const monthSelect = select('month', [], undefined, { id: 'declare-month', disabled: !!old });
  const fillMonths = () => {
    const months = declarableMonths(contractOf(contractSelect.value));
    replace(
      monthSelect,
      months.map((m) => h('option', { value: m, selected: m === old?.month }, frenchMonth(m))),
    );
  };
  fillMonths();
  const contractField = field('Marché', contractSelect);
  const monthField = field(
    'Mois déclaré',
    monthSelect,
    'Un mois terminé, dans la période du marché.',
  );
  const fields: Record<string, ReturnType<typeof field>> = {
    contractId: contractField,
    month: monthField,
  };
  const rows = h('div', { class: 'declared-lines' });
  const lineFields: ReturnType<typeof declaredLineEditor>[] = [];
  const shared = () => contractOf(contractSelect.value).allocation?.mode === 'shared';
  // A shared contract's hours go to the PLIEs of its key, or of its territory until then.
  const plieOptions = (): [string, string][] => {
    const { allocation, allocationKey } = contractOf(contractSelect.value);
    return [...plieMap.values()]
      .filter((p) => takesHoursFor(allocation, allocationKey, p))
      .map((p) => [p.id, p.name]);
  };

  const renumber = () => {
    lineFields.forEach((editor, i) => {
      editor.number(i);
    });
    for (const key of Object.keys(fields)) if (key.startsWith('lines.')) delete fields[key];
    lineFields.forEach((editor, i) => {
      for (const [name, f] of Object.entries(editor.fields)) fields[`lines.${i}.${name}`] = f;
    });
  };
  const addLine = (input?: DeclaredLineInput) => {
    const editor = declaredLineEditor(input, plieOptions(), shared(), () => {
      lineFields.splice(lineFields.indexOf(editor), 1);
      editor.element.remove();
      renumber();
    });
    lineFields.push(editor);
    rows.append(editor.element);
    renumber();
    return editor;
  };
  // Where the chosen contract stands: what counts already, and what waits for validation.
  const standing = h('p', { class: 'muted', 'aria-live': 'polite' });
  const showStanding = () =>
    replace(standing, standingText(contractOf(contractSelect.value), statements));
  showStanding();
  contractSelect.addEventListener('change', () => {
    showStanding();
    fillMonths();
    for (const editor of lineFields) {
      editor.showPlie(shared());
      editor.offerPlies(plieOptions());
    }
  });
  if (old) {
    for (const line of old.declaredLines)
      addLine({
        participantRef: line.participantRef ?? '',
        description: line.description ?? '',
        plieId: line.plieId,
        hours: String(line.hours).replace('.', ','),
        mode: line.mode,
        rejection: line.rejection,
      });
  } else addLine();

  // A company that keeps its hours in a spreadsheet fills the lines from the template.
  const fileNote = h('div', { 'aria-live': 'polite' });
  const fileInput = h('input', {
    type: 'file',
    id: 'declare-file',
    accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    let read: ReturnType<typeof readStatement>;
    try {
      read = readStatement(await readSheet(file));
    } catch (error) {
      replace(
        fileNote,
        notice('failure', `« ${file.name} » ne peut pas être lu : ${(error as Error).message}`),
      );
      return;
    }
    if (read.errors.length) {
      replace(
        fileNote,
        notice(
          'failure',
          `« ${file.name} » : ${read.errors.length} erreur(s) à corriger dans le fichier.`,
        ),
        lineErrorsTable(read.errors),
      );
      return;
    }
    // The file names its contract and month: the first line's, when it is one of ours.
    const first = read.lines[0];
    const named = first && contracts.find((c) => c.reference === first.contractReference);
    if (named && !old) {
      contractSelect.value = named.id;
      fillMonths();
      if ([...monthSelect.options].some((o) => o.value === first.month))
        monthSelect.value = first.month;
    }
    const contract = contractOf(contractSelect.value);
    const ours = read.lines.filter(
      (l) => l.contractReference === contract.reference && l.month === monthSelect.value,
    );
    for (const editor of lineFields.splice(0)) editor.element.remove();
    // The file names a PLIE by its code or its name: the line takes its code.
    const plieCode = (written: string) => {
      const found = findPlie([...plieMap.values()], written);
      return found.ok ? found.plie.id : written;
    };
    for (const line of ours)
      addLine({
        participantRef: line.participantRef ?? '',
        description: line.participantRef ? '' : `Ligne ${line.line} du fichier`,
        plieId: plieCode(line.plieId),
        hours: String(line.hours).replace('.', ','),
        mode: line.mode,
      });
    if (!ours.length) addLine();
    const skipped = read.lines.length - ours.length;
    replace(
      fileNote,
      notice(
        ours.length ? 'success' : 'failure',
        `${ours.length} ligne(s) reprise(s) de « ${file.name} » pour ${contract.reference}, ${frenchMonth(monthSelect.value)}.`,
        skipped
          ? ` ${skipped} ligne(s) d’un autre marché ou d’un autre mois laissée(s) de côté.`
          : '',
        ' Vérifiez-les, puis déclarez le relevé.',
      ),
    );
  });
  const fromFile = h(
    'details',
    { class: 'card' },
    h('summary', null, 'Remplir depuis un fichier (modèle CSV ou Excel)'),
    h(
      'p',
      { class: 'muted' },
      'Le modèle de relevé mensuel, rempli pour ce marché et ce mois : ',
      templateLink('csv', 'CSV'),
      ' · ',
      templateLink('xlsx', 'Excel (.xlsx)'),
      '. Les lignes sont reprises dans le formulaire, à vérifier avant de déclarer.',
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'declare-file' }, 'Fichier du relevé'),
      fileInput,
    ),
    fileNote,
  );

  const summary = h('div', { tabindex: '-1' });
  const submit = h('button', { type: 'submit' }, 'Déclarer le relevé');
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        // Every line's errors in one pass, before sending: the API would find them in two.
        const { allocation } = contractOf(contractSelect.value);
        const local = lineFields.flatMap((editor) => editor.problems(allocation));
        if (showLocalProblems(fields, local, summary)) return;
        submit.disabled = true;
        try {
          const body = {
            contractId: contractSelect.value,
            month: monthSelect.value,
            ...(old ? { replaces: old.id } : {}),
            lines: lineFields.map((editor) => editor.value(shared())),
          };
          const created = await api<Statement>('POST', '/api/statements', body, {
            headers: { 'idempotency-key': idempotencyKey },
          });
          location.hash = `#/releves/${created.id}?declare=1`;
        } catch (error) {
          showProblems(error, fields, summary);
          submit.disabled = false;
        }
      },
    },
    // The errors' summary at the top of the form, where the focus goes.
    summary,
    h('div', { class: 'card' }, contractField.element, standing, monthField.element),
    fromFile,
    h('h2', null, 'Une ligne par personne'),
    h(
      'p',
      { class: 'muted' },
      'La référence donnée par le PLIE si vous la connaissez ; sinon une description sans nom (poste, date d’embauche). Jamais de nom, de date de naissance ni de numéro de sécurité sociale.',
    ),
    rows,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { type: 'button', class: 'secondary', onclick: () => addLine().focus() },
        'Ajouter une ligne',
      ),
    ),
    h('div', { class: 'actions' }, submit, ' ', h('a', { href: '#/' }, 'Annuler')),
  );
  // One key per form shown: a double click or a retry after a lost answer declares once.
  const idempotencyKey = crypto.randomUUID();
  replace(
    main,
    h('h1', null, old ? 'Corriger un relevé refusé' : 'Déclarer des heures'),
    company ? h('p', null, `Pour ${company}.`) : null,
    old
      ? notice(
          'info',
          `Relevé de ${frenchMonth(old.month ?? '')} refusé le ${old.reviewedAt ? frenchDateTime(old.reviewedAt) : ''} : « ${old.reason ?? ''} ». Corrigez les lignes signalées, puis déclarez le relevé corrigé : il remplacera l’ancien.`,
        )
      : null,
    form,
  );
}
