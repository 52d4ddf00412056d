import { requiredHours, SOCIAL_CONSIDERATION_LABELS } from '#shared/domain/contracts';
import { readFrenchNumber } from '#shared/domain/format';
import { eurosToCents } from '#shared/domain/money';
import {
  AWARDEE_TYPE_LABELS,
  AWARDEE_TYPES,
  BASIS_LABELS,
  RESERVED_BASES,
} from '#shared/domain/reserved';
import { api } from './api';
import { field, h, replace, select, table } from './dom';
import { eur, hours, pct } from './format';
import { plies, territoriesOf } from './plies';
import type { ContractDetail } from './types';

// The parts of a contract's form that carry a rule: the insertion objective and its calculator,
// who the hours go to (with the shared key previewed), the reservation. The contract form and
// the amendment form both use them; the rules themselves stay in shared/domain and the API.

export type Field = ReturnType<typeof field>;

const number = (input: HTMLInputElement) => readFrenchNumber(input.value);
const text = (attrs: Record<string, string> = {}) =>
  h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', ...attrs });

/** Objective: computed from the tender's figures, typed as hours, or none. */
export function objectiveFields(amount: () => number | null, current?: ContractDetail) {
  const inputs = current?.insertionInputs;
  const how = current
    ? inputs
      ? 'calcul'
      : current.targetHours !== null
        ? 'heures'
        : 'aucun'
    : 'calcul';
  const labour = field(
    'Part de main-d’œuvre (%)',
    text({
      name: 'labourShare',
      value: inputs ? String(inputs.labourShare * 100).replace('.', ',') : '',
    }),
    'Ex. 50',
  );
  const rate = field(
    'Taux d’insertion (%)',
    text({
      name: 'insertionRate',
      value: inputs ? String(inputs.insertionRate * 100).replace('.', ',') : '',
    }),
    'Ex. 5',
  );
  const cost = field(
    'Coût horaire chargé (€)',
    text({ name: 'hourlyCost', value: inputs ? String(inputs.hourlyCost).replace('.', ',') : '' }),
    'Ex. 30',
  );
  const target = field(
    'Heures d’insertion exigées',
    text({
      name: 'targetHours',
      value:
        !inputs && current?.targetHours != null
          ? String(current.targetHours).replace('.', ',')
          : '',
    }),
  );
  const result = h('p', { class: 'calc', 'aria-live': 'polite' });
  const choice = (value: string, label: string) =>
    h(
      'label',
      null,
      h('input', { type: 'radio', name: 'objectiveMode', value, checked: how === value }),
      ` ${label}`,
    );
  const calcBox = h('div', { class: 'grid3' }, labour.element, rate.element, cost.element, result);
  const hoursBox = h('div', { class: 'grid3' }, target.element);
  const element = h(
    'fieldset',
    { class: 'group' },
    h('legend', null, 'Objectif d’heures d’insertion'),
    h(
      'div',
      { class: 'choices' },
      choice('calcul', 'Calculé (montant × main-d’œuvre × taux ÷ coût horaire)'),
      choice('heures', 'Nombre d’heures donné'),
      choice('aucun', 'Pas d’objectif'),
    ),
    calcBox,
    hoursBox,
  );
  const mode = () =>
    (element.querySelector('input[name="objectiveMode"]:checked') as HTMLInputElement | null)
      ?.value ?? 'aucun';
  /** The objective as the calculator computes it now (the same rule the API applies). */
  const computed = (): number | null => {
    const a = amount();
    const l = number(labour.control as HTMLInputElement);
    const r = number(rate.control as HTMLInputElement);
    const c = number(cost.control as HTMLInputElement);
    if (a === null || l === null || r === null || c === null || c <= 0 || l <= 0 || r <= 0)
      return null;
    return requiredHours({
      amountCents: eurosToCents(a),
      labourShare: l / 100,
      insertionRate: r / 100,
      hourlyCostCents: eurosToCents(c),
    });
  };
  const refresh = () => {
    calcBox.hidden = mode() !== 'calcul';
    hoursBox.hidden = mode() !== 'heures';
    const a = amount();
    const hoursNow = computed();
    result.textContent =
      hoursNow === null
        ? 'Saisissez le montant, la part de main-d’œuvre, le taux et le coût horaire.'
        : `${eur(a ?? 0)} × ${pct((number(labour.control as HTMLInputElement) ?? 0) / 100)} × ${pct((number(rate.control as HTMLInputElement) ?? 0) / 100)} ÷ ${eur(number(cost.control as HTMLInputElement) ?? 0)} = ${hours(hoursNow)}`;
  };
  element.addEventListener('input', refresh);
  element.addEventListener('change', refresh);
  refresh();
  return {
    element,
    refresh,
    fields: {
      'insertionInputs.labourShare': labour,
      'insertionInputs.insertionRate': rate,
      'insertionInputs.hourlyCost': cost,
      insertionInputs: labour,
      targetHours: target,
    } as Record<string, Field>,
    /** The hours the objective comes to now, for the allocation preview. */
    hours: (): number | null =>
      mode() === 'calcul'
        ? computed()
        : mode() === 'heures'
          ? number(target.control as HTMLInputElement)
          : null,
    /** The body's fields, or a French message on the field that is missing. */
    value(): { body: Record<string, unknown>; problems: [Field, string][] } {
      const problems: [Field, string][] = [];
      if (mode() === 'aucun') return { body: current ? { targetHours: null } : {}, problems };
      if (mode() === 'heures') {
        const value = number(target.control as HTMLInputElement);
        if (value === null) problems.push([target, 'Un nombre d’heures, ex. 1 200 ou 35,5']);
        return { body: { targetHours: value }, problems };
      }
      const read = (f: Field, scale: number, example: string) => {
        const value = number(f.control as HTMLInputElement);
        if (value === null || value <= 0) problems.push([f, `Un nombre positif, ex. ${example}`]);
        return (value ?? 0) / scale;
      };
      return {
        body: {
          insertionInputs: {
            labourShare: read(labour, 100, '50'),
            insertionRate: read(rate, 100, '5'),
            hourlyCost: read(cost, 1, '30'),
          },
        },
        problems,
      };
    },
  };
}

/**
 * One PLIE, or shared by the year's key between every PLIE or those of one territory, previewed
 * as it would be split. A radio's value is `single`, `shared`, or `shared:<territory>`.
 */
export async function allocationFields(
  year: () => number,
  target: () => number | null,
  current?: ContractDetail['allocationMode'],
) {
  const list = [...(await plies()).values()];
  const names = new Map(list.map((p) => [p.id, p.name]));
  const plie = field(
    'PLIE',
    select(
      'plieId',
      [['', 'Choisir…'], ...list.map((p) => [p.id, p.name] as [string, string])],
      current?.mode === 'single' ? current.plieId : '',
    ),
  );
  const how =
    current?.mode === 'shared' && current.territory
      ? `shared:${current.territory}`
      : (current?.mode ?? 'single');
  const territories = territoriesOf(list);
  const choice = (value: string, label: string) =>
    h(
      'label',
      null,
      h('input', { type: 'radio', name: 'allocationMode', value, checked: how === value }),
      ` ${label}`,
    );
  const preview = h('div', { 'aria-live': 'polite' });
  const singleBox = h('div', { class: 'grid3' }, plie.element);
  const element = h(
    'fieldset',
    { class: 'group' },
    h('legend', null, 'PLIE bénéficiaires des heures'),
    h(
      'div',
      { class: 'choices' },
      choice('single', 'Un seul PLIE'),
      choice(
        'shared',
        territories.length
          ? 'Partagé entre tous les PLIE selon la clé de l’année'
          : 'Partagé entre les PLIE selon la clé de l’année',
      ),
      ...territories.map((t) =>
        choice(
          `shared:${t}`,
          `Partagé entre les PLIE du territoire « ${t} » selon la clé de l’année`,
        ),
      ),
    ),
    singleBox,
    preview,
  );
  const checked = () =>
    (element.querySelector('input[name="allocationMode"]:checked') as HTMLInputElement | null)
      ?.value ?? 'single';
  const mode = () => (checked().startsWith('shared') ? 'shared' : 'single');
  const territory = () => (checked().startsWith('shared:') ? checked().slice(7) : null);
  let pending: ReturnType<typeof setTimeout> | undefined;
  let asked = '';
  const refresh = () => {
    singleBox.hidden = mode() === 'shared';
    if (mode() !== 'shared') {
      replace(preview);
      asked = '';
      return;
    }
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const question = `${year()}:${target() ?? 0}:${territory() ?? ''}`;
      if (question === asked) return;
      asked = question;
      const key = await api<{
        plies: { plieId: string; share: number; allottedHours: number }[];
        issue: string | null;
      }>(
        'GET',
        `/api/allocation-key/${year()}?hours=${target() ?? 0}${territory() ? `&territory=${encodeURIComponent(territory() as string)}` : ''}`,
      );
      if (asked !== question) return;
      replace(
        preview,
        key.issue
          ? h('p', { class: 'error' }, key.issue)
          : table(
              ['PLIE', ['Part de la clé', 'num'], ['Heures attribuées', 'num']],
              key.plies.map((p) =>
                h(
                  'tr',
                  null,
                  h('td', null, names.get(p.plieId) ?? p.plieId),
                  h('td', { class: 'num' }, pct(p.share)),
                  h('td', { class: 'num' }, target() === null ? '—' : hours(p.allottedHours)),
                ),
              ),
              `Répartition ${year()} entre PLIE`,
            ),
        h(
          'p',
          { class: 'muted' },
          `Clé des critères ${year()} (année de notification), figée à l’enregistrement du marché.`,
        ),
      );
    }, 250);
  };
  element.addEventListener('change', refresh);
  refresh();
  return {
    element,
    refresh,
    fields: { allocation: plie, 'allocation.plieId': plie } as Record<string, Field>,
    value(): { body: Record<string, unknown>; problems: [Field, string][] } {
      if (mode() === 'shared') {
        const t = territory();
        return {
          body: { allocation: { mode: 'shared', ...(t ? { territory: t } : {}) } },
          problems: [],
        };
      }
      const id = (plie.control as HTMLSelectElement).value;
      return id
        ? { body: { allocation: { mode: 'single', plieId: id } }, problems: [] }
        : { body: {}, problems: [[plie, 'Choisissez le PLIE, ou le partage entre PLIE']] };
    },
  };
}

/** Social considerations, and the reservation with its legal basis and the awardee's kind. */
export function considerationFields(current?: ContractDetail) {
  const basis = field(
    'Fondement du marché réservé',
    select(
      'basis',
      [
        ['', 'Marché non réservé'],
        ...RESERVED_BASES.map((b) => [b, BASIS_LABELS[b]] as [string, string]),
      ],
      current?.reserved?.basis ?? '',
    ),
  );
  const awardee = field(
    'Nature du titulaire',
    select(
      'awardeeType',
      [
        ['', 'Non précisée'],
        ...AWARDEE_TYPES.map((t) => [t, AWARDEE_TYPE_LABELS[t]] as [string, string]),
      ],
      current?.reserved?.awardeeType ?? '',
    ),
    'Le fondement admet certaines structures seulement',
  );
  const defence = h('input', {
    type: 'checkbox',
    name: 'defenceOrSecurity',
    id: 'defence',
    checked: current?.defenceOrSecurity ?? false,
  });
  const box = (value: 'social-clause' | 'social-criterion') =>
    h(
      'label',
      null,
      h('input', {
        type: 'checkbox',
        name: 'socialConsiderations',
        value,
        checked: current?.socialConsiderations.includes(value) ?? value === 'social-clause',
      }),
      ` ${SOCIAL_CONSIDERATION_LABELS[value]}`,
    );
  const element = h(
    'fieldset',
    { class: 'group' },
    h('legend', null, 'Considérations sociales'),
    h('div', { class: 'choices' }, box('social-clause'), box('social-criterion')),
    h('div', { class: 'grid3' }, basis.element, awardee.element),
    h(
      'div',
      { class: 'field check' },
      defence,
      h(
        'label',
        { for: 'defence' },
        'Marché de défense ou de sécurité (exempté de l’article L2112-2-1)',
      ),
    ),
  );
  return {
    element,
    fields: {
      'reserved.basis': basis,
      reserved: basis,
      'reserved.awardeeType': awardee,
      socialConsiderations: basis,
    } as Record<string, Field>,
    value(): Record<string, unknown> {
      const b = (basis.control as HTMLSelectElement).value;
      const t = (awardee.control as HTMLSelectElement).value;
      return {
        socialConsiderations: [
          ...element.querySelectorAll<HTMLInputElement>(
            'input[name="socialConsiderations"]:checked',
          ),
        ].map((i) => i.value),
        reserved: b ? { basis: b, ...(t ? { awardeeType: t } : {}) } : null,
        defenceOrSecurity: defence.checked,
      };
    },
  };
}
