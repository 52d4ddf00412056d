import { yearOf } from '#shared/domain/calendar';
import { allocationFields } from '../allocation-fields';
import { api } from '../api';
import { completionFields } from '../completion-fields';
import { considerationFields } from '../consideration-fields';
import { type Field, field, h, loading, replace } from '../dom';
import { missingFields, showLocalProblems, showProblems } from '../form-problems';
import { eur } from '../format';
import { objectiveFields } from '../objective-fields';
import type { ContractDetail } from '../types';

// Completing a contract (an imported contract has no PLIE nor objective yet), or correcting it.
// What an amendment changes (amount, end, objective or split once hours exist) is on the
// contract's page, because it keeps the history.

/** Completing or correcting a contract: its object, objective, PLIE, considerations. */
export async function editContractPage(main: HTMLElement, id: string): Promise<void> {
  replace(main, h('h1', null, 'Compléter le marché'), loading());
  const contract = await api<ContractDetail>('GET', `/api/contracts/${id}`);
  const title = field(
    'Objet',
    h('input', {
      name: 'title',
      autocomplete: 'off',
      required: true,
      maxlength: '300',
      value: contract.title,
    }),
  );
  const objective = objectiveFields(() => contract.amount, contract);
  const allocation = await allocationFields(
    () => yearOf(contract.notifiedOn),
    objective.hours,
    contract.allocationMode,
  );
  const considerations = considerationFields(contract);
  const completion = completionFields(contract);
  objective.element.addEventListener('input', () => allocation.refresh());
  const locked = contract.hoursLogged > 0 && contract.allocationMode !== null;
  if (locked) {
    for (const control of allocation.element.querySelectorAll('input, select'))
      control.setAttribute('disabled', '');
    allocation.element.append(
      h(
        'p',
        { class: 'hint' },
        'Des heures sont déjà saisies : la répartition change par un avenant, depuis la page du marché.',
      ),
    );
  }
  const summary = h('div', { tabindex: '-1' });
  const fields: Record<string, Field> = {
    title,
    ...objective.fields,
    ...allocation.fields,
    ...considerations.fields,
    ...completion.fields,
  };
  const button = h('button', { type: 'submit' }, 'Enregistrer les modifications');
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const objectiveValue = objective.value();
        const allocationValue = locked ? { body: {}, problems: [] } : allocation.value();
        const completed = completion.value();
        const local = [
          ...missingFields(fields),
          ...objectiveValue.problems,
          ...allocationValue.problems,
          ...completed.problems,
        ];
        if (showLocalProblems(fields, local, summary)) return;
        button.disabled = true;
        try {
          await api('PATCH', `/api/contracts/${id}`, {
            title: (title.control as HTMLInputElement).value.trim(),
            ...objectiveValue.body,
            ...allocationValue.body,
            ...considerations.value(),
            ...completed.body,
          });
          location.hash = `#/marches/${id}?modifie=1`;
        } catch (error) {
          showProblems(error, fields, summary);
        } finally {
          button.disabled = false;
        }
      },
    },
    // The errors' summary at the top of the form, where the focus goes.
    summary,
    h(
      'fieldset',
      { class: 'group' },
      h('legend', null, 'Le marché'),
      title.element,
      h(
        'p',
        { class: 'muted' },
        `Montant ${eur(contract.amount)} HT — un changement de montant ou de fin passe par un avenant.`,
      ),
    ),
    completion.element,
    objective.element,
    allocation.element,
    considerations.element,
    h('div', { class: 'actions' }, button, h('a', { href: `#/marches/${id}` }, 'Annuler')),
  );
  replace(
    main,
    h('p', null, h('a', { href: `#/marches/${id}` }, `← ${contract.reference}`)),
    h('h1', null, `Compléter le marché ${contract.reference}`),
    form,
  );
}
