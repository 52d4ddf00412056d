import { declaredLinePlie } from '#shared/domain/awardees';
import { HOUR_MODE_LABELS, HOUR_MODES, lineHoursProblem } from '#shared/domain/hours';
import { field, h, notice, select } from '../dom';

// One line of an awardee's statement as the declaration form edits it: who the person is (the
// PLIE's reference or a name-free description), the PLIE that follows them, hours and modality.

export type DeclaredLineInput = {
  participantRef: string;
  description: string;
  plieId: string;
  hours: string;
  mode: string;
  rejection?: string | null;
};

export function declaredLineEditor(
  input: DeclaredLineInput | undefined,
  plieOptions: [string, string][],
  shared: boolean,
  remove: () => void,
) {
  const ref = field(
    'Référence PLIE',
    h('input', { name: 'participantRef', value: input?.participantRef ?? '', autocomplete: 'off' }),
  );
  const description = field(
    'Ou description sans nom',
    h('input', { name: 'description', value: input?.description ?? '', autocomplete: 'off' }),
  );
  const plie = field(
    'PLIE qui suit la personne',
    select('plieId', [['', 'Choisir…'], ...plieOptions], input?.plieId),
  );
  /** Another contract, other PLIEs to choose from: the choice stays if it is still offered. */
  const offerPlies = (options: [string, string][]) => {
    const control = plie.control as HTMLSelectElement;
    const kept = options.some(([id]) => id === control.value) ? control.value : '';
    control.replaceChildren(
      ...[['', 'Choisir…'] as [string, string], ...options].map(([value, label]) =>
        h('option', { value, selected: value === kept }, label),
      ),
    );
    control.value = kept;
  };
  const hoursField = field(
    'Heures',
    h('input', { name: 'hours', inputmode: 'decimal', value: input?.hours ?? '' }),
  );
  const mode = field(
    'Modalité',
    select(
      'mode',
      HOUR_MODES.map((m) => [m, HOUR_MODE_LABELS[m]]),
      input?.mode,
    ),
  );
  // On a phone, who the person is takes the whole width; hours and modality share a row.
  for (const wide of [ref, description, plie]) wide.element.classList.add('wide');
  const legend = h('legend', null);
  const element = h(
    'fieldset',
    { class: 'declared-line' },
    legend,
    input?.rejection ? notice('failure', `Ligne refusée : ${input.rejection}`) : null,
    ref.element,
    description.element,
    plie.element,
    hoursField.element,
    mode.element,
    h('button', { type: 'button', class: 'secondary', onclick: remove }, 'Retirer cette ligne'),
  );
  // A contract for one PLIE needs no choice: the field is left out of the row.
  const showPlie = (visible: boolean) => {
    plie.element.hidden = !visible;
    element.classList.toggle('single-plie', !visible);
  };
  showPlie(shared);
  return {
    element,
    fields: { participantRef: ref, description, plieId: plie, hours: hoursField, mode },
    focus: () => ref.control.focus(),
    number: (i: number) => {
      legend.textContent = `Ligne ${i + 1}`;
      // The errors' summary names a field of this line « Ligne 2 — Heures ».
      element.dataset.labelPrefix = `Ligne ${i + 1}`;
    },
    showPlie,
    offerPlies,
    /**
     * What the API would refuse in this line, found before sending so that every line's errors
     * come in one pass: who the person is, the PLIE of a shared contract, readable hours.
     */
    problems(
      allocation: Parameters<typeof declaredLinePlie>[0],
    ): [ReturnType<typeof field>, string][] {
      const text = (f: ReturnType<typeof field>) => f.control.value.trim();
      const found: [ReturnType<typeof field>, string][] = [];
      if (!text(ref) && !text(description))
        found.push([
          description,
          'Donnez la référence PLIE de la personne, ou une description sans nom',
        ]);
      const chosen = declaredLinePlie(allocation, text(plie) || undefined);
      if ('problem' in chosen) found.push([plie, chosen.problem]);
      const hoursText = text(hoursField).replace(/\s/g, '').replace(',', '.');
      const hoursProblem =
        hoursText === '' ? 'Champ obligatoire.' : lineHoursProblem(Number(hoursText));
      if (hoursProblem) found.push([hoursField, hoursProblem]);
      return found;
    },
    value(isShared: boolean) {
      const text = (f: ReturnType<typeof field>) => f.control.value.trim();
      const hoursText = text(hoursField).replace(/\s/g, '').replace(',', '.');
      return {
        ...(text(ref) ? { participantRef: text(ref) } : {}),
        ...(text(description) ? { description: text(description) } : {}),
        ...(isShared && text(plie) ? { plieId: text(plie) } : {}),
        hours: hoursText === '' ? Number.NaN : Number(hoursText),
        mode: mode.control.value,
      };
    },
  };
}
