import { ApiError, api } from '../api';
import { field, h, notice, replace, select } from '../dom';
import { formSummary } from '../form-problems';
import type { Participant } from '../types';
import { AGE_BAND_OPTIONS, SEX_OPTIONS } from './participants';

// A participant's sex and age band at entry: recorded when the PLIE knows them, corrected, or
// taken back to « non renseigné ». The funders' bilans count them (shared/domain/bilan-people.ts).

export /** Records or corrects the sex and the age band at entry (for the funders' bilans). */
function describeForm(p: Participant, back: (flag: string) => void): HTMLElement {
  const sex = field('Sexe', select('sex', SEX_OPTIONS, p.sex ?? ''));
  const ageBand = field(
    'Tranche d’âge à l’entrée',
    select('ageBand', AGE_BAND_OPTIONS, p.ageBand ?? ''),
  );
  const summary = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const value = (f: typeof sex) => (f.control as HTMLSelectElement).value || null;
        try {
          await api('PATCH', `/api/participants/${p.id}`, {
            sex: value(sex),
            ageBand: value(ageBand),
          });
          back('decrit');
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          replace(summary, notice('failure', formSummary(error, 0)));
        }
      },
    },
    h('div', { class: 'grid3' }, sex.element, ageBand.element),
    summary,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Enregistrer')),
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'describe-title' },
    h('h2', { id: 'describe-title' }, 'Sexe et tranche d’âge'),
    h(
      'p',
      { class: 'muted' },
      'Facultatifs, pour les bilans des financeurs (FSE) : «\u00a0non renseigné\u00a0» sinon.',
    ),
    form,
  );
}
