import { SOCIAL_CONSIDERATION_LABELS } from '#shared/domain/contracts';
import {
  AWARDEE_TYPE_LABELS,
  AWARDEE_TYPES,
  BASIS_LABELS,
  RESERVED_BASES,
} from '#shared/domain/reserved';
import { type Field, field, h, select } from './dom';
import type { ContractDetail } from './types';

// The social considerations and the reservation of a contract's form, registered or completed;
// the rules they answer to (a basis admits some awardees only) stay in shared/domain and the API.

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
