import { readFrenchNumber } from '#shared/domain/format';
import { api } from '../../api';
import { type Field, field, h, table } from '../../dom';
import { showLocalProblems, showProblems } from '../../form-problems';
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
  // Each envelope as a field of the form: named by its cell's label, marked when refused (its
  // message is in the summary above the form, a cell has no room for it).
  const envelopeFields: Field[] = envelopeInputs.map((input) => ({
    element: envelopesBox,
    control: input,
    setError: (message: string | null) => {
      if (message) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    },
  }));
  const fields: Record<string, Field> = {
    fixedPerPlie: fixed,
    perHour,
    funderSiret: funder,
    ...Object.fromEntries(active.map((p, i) => [`envelopes.${p.id}`, envelopeFields[i] as Field])),
  };
  const summary = h('div', { tabindex: '-1' });
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
        const siret = current
          ? (current.funderSiret ?? '')
          : (funder.control as HTMLInputElement).value.replace(/\s/g, '');
        const body: Record<string, unknown> = siret ? { funderSiret: siret } : {};
        // Every amount and the funder's SIRET checked together, before sending.
        const problems: [Field, string][] = [];
        if (siret && !/^\d{14}$/.test(siret)) problems.push([funder, 'Un SIRET a 14 chiffres.']);
        if (chosen() === 'rates') {
          const f = readFrenchNumber((fixed.control as HTMLInputElement).value);
          const p = readFrenchNumber((perHour.control as HTMLInputElement).value);
          if (f === null) problems.push([fixed, 'Un montant en euros, ex. 5 000']);
          if (p === null) problems.push([perHour, 'Un montant en euros, ex. 1 ou 1,50']);
          Object.assign(body, { fixedPerPlie: f, perHour: p });
        } else {
          const envelopes: Record<string, number> = {};
          for (const [i, p] of active.entries()) {
            const n = readFrenchNumber((envelopeInputs[i] as HTMLInputElement).value);
            if (n === null)
              problems.push([envelopeFields[i] as Field, 'Un montant en euros, ex. 5 000']);
            else envelopes[p.id] = n;
          }
          body.envelopes = envelopes;
        }
        if (showLocalProblems(fields, problems, summary)) return;
        try {
          await api('PUT', `/api/funding-conventions/${year}`, body);
          saved(siret || null);
        } catch (error) {
          showProblems(error, fields, summary);
        }
      },
    },
    // The errors' summary at the top of the form, where the focus goes.
    summary,
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
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, `Enregistrer la convention ${year}`),
    ),
  );
  toggle();
  return form;
}
