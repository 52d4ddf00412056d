import { requiredHours } from '#shared/domain/contracts';
import { readFrenchNumber } from '#shared/domain/format';
import { eurosToCents } from '#shared/domain/money';
import { type Field, field, h } from './dom';
import { eur, hours, pct } from './format';
import type { ContractDetail } from './types';

// The insertion objective of a contract's form, registered or completed, with its calculator:
// the calculator shows what the API will compute, by the same rule (shared/domain), which stays
// there and in the API.

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
