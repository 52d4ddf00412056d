import { readFrenchNumber } from '#shared/domain/format';
import { ApiError, api } from '../../api';
import { field, h, notice, replace, table } from '../../dom';
import type { Plie } from '../../types';

// The form of one funding convention of a year: a fixed part per PLIE and a part per hour
// realised (on one funder's contracts, or all), or a flat envelope per PLIE. One convention per
// funder and year: another funder's is added beside it, the same funder's is replaced.

export interface Convention {
  year: number;
  fixedPerPlie: number;
  perHour: number;
  funderSiret: string | null;
  envelopes: Record<string, number> | null;
}

const euros = (n: number | undefined | null) =>
  n === undefined || n === null ? '' : String(n).replace('.', ',');

/**
 * `current`: the convention edited (its funder stays), or null for a new one — the year's first,
 * or another funder's. `saved` runs once the API took it, with the convention's funder.
 */
export function conventionForm(
  year: number,
  active: readonly Plie[],
  current: Convention | null,
  saved: (funderSiret: string | null) => void,
): HTMLElement {
  const input = (name: string, value: string) =>
    h('input', { name, value, inputmode: 'decimal', autocomplete: 'off' });
  const fixed = field(
    'Part fixe par PLIE (€ par an)',
    input('fixedPerPlie', euros(current?.envelopes ? null : current?.fixedPerPlie)),
  );
  const perHour = field(
    'Part variable par heure réalisée (€)',
    input('perHour', euros(current?.envelopes ? null : current?.perHour)),
  );
  const funder = field(
    'SIRET du financeur',
    h('input', {
      name: 'funderSiret',
      value: current?.funderSiret ?? '',
      inputmode: 'numeric',
      autocomplete: 'off',
      // The funder names the convention: another funder's is another convention.
      disabled: !!current,
    }),
    current
      ? current.funderSiret
        ? 'Le financeur de cette convention ; un autre financeur a sa propre convention'
        : 'Sans financeur désigné : les heures de tous les marchés comptent. Un financeur a sa propre convention'
      : 'Facultatif : seules comptent alors les heures des marchés de cet acheteur. Une convention par financeur : celle d’un département s’ajoute à celle de la métropole',
  );
  const envelopeInputs = active.map((p) =>
    h('input', {
      value: euros(current?.envelopes?.[p.id]),
      inputmode: 'decimal',
      autocomplete: 'off',
      'aria-label': `Enveloppe ${year} — ${p.name}`,
      class: 'cell',
    }),
  );
  const mode = current?.envelopes ? 'envelopes' : 'rates';
  const radio = (value: string, label: string) =>
    h(
      'label',
      null,
      h('input', { type: 'radio', name: 'fundingMode', value, checked: mode === value }),
      ` ${label}`,
    );
  const ratesBox = h('div', { class: 'grid3' }, fixed.element, perHour.element);
  const envelopesBox = h(
    'div',
    null,
    table(
      ['PLIE', ['Enveloppe (€)', 'num']],
      active.map((p, i) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, p.name),
          h('td', { class: 'num' }, envelopeInputs[i]),
        ),
      ),
      `Enveloppes ${year}`,
    ),
  );
  const summary = h('div', { 'aria-live': 'polite' });
  const chosen = () =>
    (form.querySelector('input[name="fundingMode"]:checked') as HTMLInputElement).value;
  const toggle = () => {
    ratesBox.hidden = chosen() !== 'rates';
    envelopesBox.hidden = chosen() !== 'envelopes';
  };
  const form = h(
    'form',
    {
      novalidate: true,
      onchange: toggle,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        for (const f of [fixed, perHour, funder]) f.setError(null);
        const siret = current
          ? (current.funderSiret ?? '')
          : (funder.control as HTMLInputElement).value.replace(/\s/g, '');
        const body: Record<string, unknown> = siret ? { funderSiret: siret } : {};
        if (chosen() === 'rates') {
          const f = readFrenchNumber((fixed.control as HTMLInputElement).value);
          const p = readFrenchNumber((perHour.control as HTMLInputElement).value);
          if (f === null) fixed.setError('Un montant en euros, ex. 5 000');
          if (p === null) perHour.setError('Un montant en euros, ex. 1 ou 1,50');
          if (f === null || p === null) return;
          Object.assign(body, { fixedPerPlie: f, perHour: p });
        } else {
          const envelopes: Record<string, number> = {};
          for (const [i, p] of active.entries()) {
            const n = readFrenchNumber((envelopeInputs[i] as HTMLInputElement).value);
            if (n === null) {
              replace(
                summary,
                notice('failure', `L’enveloppe de ${p.name} attend un montant en euros.`),
              );
              envelopeInputs[i]?.focus();
              return;
            }
            envelopes[p.id] = n;
          }
          body.envelopes = envelopes;
        }
        try {
          await api('PUT', `/api/funding-conventions/${year}`, body);
          saved(siret || null);
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          for (const e of error.errors)
            ({ fixedPerPlie: fixed, perHour, funderSiret: funder })[e.path as 'perHour']?.setError(
              e.message,
            );
          replace(summary, notice('failure', error.detail));
        }
      },
    },
    h(
      'fieldset',
      { class: 'group' },
      h('legend', null, 'Forme du financement'),
      h(
        'div',
        { class: 'choices' },
        radio('rates', 'Part fixe + part par heure réalisée'),
        radio('envelopes', 'Enveloppe forfaitaire par PLIE'),
      ),
    ),
    ratesBox,
    envelopesBox,
    h('div', { class: 'grid3' }, funder.element),
    summary,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, `Enregistrer la convention ${year}`),
    ),
  );
  toggle();
  return form;
}
