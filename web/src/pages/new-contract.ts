import { yearOf } from '#shared/domain/calendar';
import { CONTRACT_KIND_LABELS, CONTRACT_KINDS } from '#shared/domain/contracts';
import { readFrenchNumber } from '#shared/domain/format';
import { allocationFields } from '../allocation-fields';
import { api } from '../api';
import { considerationFields } from '../consideration-fields';
import { type Field, field, h, loading, replace, select } from '../dom';
import { missingFields, showLocalProblems, showProblems } from '../form-problems';
import { objectiveFields } from '../objective-fields';
import type { Contract } from '../types';

// Registering a contract. Completing one (an imported contract has no PLIE nor objective yet)
// is edit-contract.ts; what an amendment changes (amount, end, objective or split once hours
// exist) is on the contract's page, because it keeps the history.

const input = (name: string, attrs: Record<string, string | boolean> = {}) =>
  h('input', { name, autocomplete: 'off', ...attrs });

export async function newContractPage(main: HTMLElement): Promise<void> {
  replace(main, h('h1', null, 'Enregistrer un marché'), loading());
  const f = {
    reference: field(
      'Référence du marché',
      input('reference', { required: true, maxlength: '100' }),
    ),
    lot: field('Lot', input('lot', { maxlength: '20' }), 'Facultatif : numéro ou intitulé court'),
    title: field('Objet', input('title', { required: true, maxlength: '300' })),
    buyerName: field('Acheteur', input('buyerName', { required: true, maxlength: '200' })),
    buyerSiret: field(
      'SIRET de l’acheteur',
      input('buyerSiret', { inputmode: 'numeric', maxlength: '17' }),
      '14 chiffres',
    ),
    awardeeName: field(
      'Titulaire (mandataire)',
      input('awardeeName', { required: true, maxlength: '200' }),
    ),
    awardeeSiret: field(
      'SIRET du titulaire',
      input('awardeeSiret', { required: true, inputmode: 'numeric', maxlength: '17' }),
      '14 chiffres',
    ),
    kind: field(
      'Nature',
      select(
        'kind',
        CONTRACT_KINDS.map((k) => [k, CONTRACT_KIND_LABELS[k]]),
        'works',
      ),
    ),
    cpv: field('Code CPV', input('cpv', { maxlength: '10' }), 'Facultatif, ex. 45223220-4'),
    amount: field(
      'Montant HT (€)',
      input('amount', { required: true, inputmode: 'decimal' }),
      'Ex. 1 000 000 ou 25 000,50',
    ),
    notifiedOn: field('Notifié le', input('notifiedOn', { type: 'date', required: true })),
    consultationLaunchedOn: field(
      'Consultation lancée le',
      input('consultationLaunchedOn', { type: 'date' }),
      'Le droit de ce jour-là s’applique (par défaut : la notification)',
    ),
    startsOn: field('Début d’exécution', input('startsOn', { type: 'date', required: true })),
    endsOn: field('Fin d’exécution', input('endsOn', { type: 'date', required: true })),
  };
  const amount = () => readFrenchNumber((f.amount.control as HTMLInputElement).value);
  const year = () =>
    yearOf((f.notifiedOn.control as HTMLInputElement).value) || new Date().getFullYear();
  const objective = objectiveFields(amount);
  const allocation = await allocationFields(year, objective.hours);
  const considerations = considerationFields();
  f.amount.control.addEventListener('input', () => {
    objective.refresh();
    allocation.refresh();
  });
  objective.element.addEventListener('input', () => allocation.refresh());
  f.notifiedOn.control.addEventListener('change', () => allocation.refresh());

  const coAwardees = h('div', { class: 'co-awardees' });
  const addCoAwardee = () => {
    const n = coAwardees.childElementCount + 1;
    const name = field(`Cotraitant ${n} — nom`, input(`coName${n}`, { maxlength: '200' }));
    const siret = field(
      `Cotraitant ${n} — SIRET`,
      input(`coSiret${n}`, { inputmode: 'numeric', maxlength: '17' }),
    );
    coAwardees.append(
      h('div', { class: 'grid3', 'data-co': String(n - 1) }, name.element, siret.element),
    );
    fields[`coAwardees.${n - 1}.name`] = name;
    fields[`coAwardees.${n - 1}.siret`] = siret;
    name.control.focus();
  };
  const summary = h('div', { tabindex: '-1' });
  const fields: Record<string, Field> = {
    reference: f.reference,
    lot: f.lot,
    title: f.title,
    'buyer.name': f.buyerName,
    'buyer.siret': f.buyerSiret,
    'awardee.name': f.awardeeName,
    'awardee.siret': f.awardeeSiret,
    kind: f.kind,
    cpv: f.cpv,
    amount: f.amount,
    notifiedOn: f.notifiedOn,
    consultationLaunchedOn: f.consultationLaunchedOn,
    startsOn: f.startsOn,
    endsOn: f.endsOn,
    ...objective.fields,
    ...allocation.fields,
    ...considerations.fields,
  };
  const button = h('button', { type: 'submit' }, 'Enregistrer le marché');
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const value = (x: Field) => (x.control as HTMLInputElement).value.trim();
        const objectiveValue = objective.value();
        const allocationValue = allocation.value();
        // Everything the page can check, in one pass: what the API would refuse as well.
        const local: [Field, string][] = [
          ...missingFields(fields),
          ...objectiveValue.problems,
          ...allocationValue.problems,
        ];
        if (amount() === null)
          local.push([f.amount, 'Un montant en euros, ex. 1 000 000 ou 25 000,50']);
        if (showLocalProblems(fields, local, summary)) return;
        const { reserved, ...social } = considerations.value();
        const co = [...coAwardees.querySelectorAll<HTMLElement>('[data-co]')]
          .map((row) => [...row.querySelectorAll('input')].map((i) => i.value.trim()))
          .filter(([name, siret]) => name || siret)
          .map(([name, siret]) => ({ name, siret: (siret ?? '').replace(/\s/g, '') }));
        const body = {
          reference: value(f.reference),
          title: value(f.title),
          buyer: {
            name: value(f.buyerName),
            ...(value(f.buyerSiret) ? { siret: value(f.buyerSiret).replace(/\s/g, '') } : {}),
          },
          awardee: { name: value(f.awardeeName), siret: value(f.awardeeSiret).replace(/\s/g, '') },
          ...(co.length ? { coAwardees: co } : {}),
          ...(value(f.lot) ? { lot: value(f.lot) } : {}),
          kind: value(f.kind),
          ...(value(f.cpv) ? { cpv: value(f.cpv) } : {}),
          amount: amount(),
          notifiedOn: value(f.notifiedOn),
          ...(value(f.consultationLaunchedOn)
            ? { consultationLaunchedOn: value(f.consultationLaunchedOn) }
            : {}),
          startsOn: value(f.startsOn),
          endsOn: value(f.endsOn),
          ...objectiveValue.body,
          ...allocationValue.body,
          ...social,
          ...(reserved ? { reserved } : {}),
        };
        button.disabled = true;
        try {
          const created = await api<Contract>('POST', '/api/contracts', body);
          location.hash = `#/marches/${created.id}?enregistre=1`;
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
      h('div', { class: 'grid3' }, f.reference.element, f.lot.element, f.kind.element),
      f.title.element,
      h('div', { class: 'grid3' }, f.cpv.element, f.amount.element),
    ),
    h(
      'fieldset',
      { class: 'group' },
      h('legend', null, 'Acheteur et titulaire'),
      h('div', { class: 'grid3' }, f.buyerName.element, f.buyerSiret.element),
      h('div', { class: 'grid3' }, f.awardeeName.element, f.awardeeSiret.element),
      coAwardees,
      h(
        'button',
        { type: 'button', class: 'secondary small', onclick: addCoAwardee },
        'Ajouter un cotraitant',
      ),
    ),
    h(
      'fieldset',
      { class: 'group' },
      h('legend', null, 'Dates'),
      h(
        'div',
        { class: 'grid3' },
        f.notifiedOn.element,
        f.consultationLaunchedOn.element,
        f.startsOn.element,
        f.endsOn.element,
      ),
    ),
    objective.element,
    allocation.element,
    considerations.element,
    h('div', { class: 'actions' }, button, h('a', { href: '#/marches' }, 'Annuler')),
  );
  replace(
    main,
    h('p', null, h('a', { href: '#/marches' }, '← Marchés')),
    h('h1', null, 'Enregistrer un marché'),
    h('p', { class: 'muted' }, 'Les champs sans mention « facultatif » sont obligatoires.'),
    form,
  );
}
