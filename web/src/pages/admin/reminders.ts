import { REMINDER_DAYS } from '#shared/domain/awardees';
import { ApiError, api } from '../../api';
import { field, h, loading, notice, replace } from '../../dom';
import { adminTabs } from './tabs';

// Administration: the day of the month awardees late with last month's statement are reminded
// (once a month each, by e-mail, to the contacts facilitators invited).

export async function adminRemindersPage(
  main: HTMLElement,
  params: URLSearchParams,
): Promise<void> {
  replace(main, h('h1', null, 'Administration — relances'), loading());
  const { day } = await api<{ day: number }>('GET', '/api/settings/reminders');
  const dayField = field(
    'Jour de relance',
    h('input', {
      name: 'day',
      type: 'number',
      min: REMINDER_DAYS.min,
      max: REMINDER_DAYS.max,
      value: String(day),
      style: 'max-width: 8rem',
    }),
    'Du 1er au 28 du mois. Les titulaires invités dont le relevé du mois précédent manque reçoivent un rappel ce jour-là, une seule fois.',
  );
  const summary = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        dayField.setError(null);
        const value = Number((dayField.control as HTMLInputElement).value);
        if (!Number.isInteger(value) || value < REMINDER_DAYS.min || value > REMINDER_DAYS.max) {
          dayField.setError('Un jour du 1er au 28.');
          dayField.control.focus();
          return;
        }
        try {
          await api('PUT', '/api/settings/reminders', { day: value });
          location.hash = `#/administration/relances?enregistre=${value}`;
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          replace(summary, notice('failure', error.detail));
        }
      },
    },
    h('div', { class: 'grid3' }, dayField.element),
    summary,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Enregistrer')),
  );
  replace(
    main,
    h('h1', null, 'Administration — relances'),
    adminTabs('relances'),
    params.get('enregistre')
      ? notice(
          'success',
          `Les titulaires en retard seront relancés le ${params.get('enregistre')} de chaque mois.`,
        )
      : null,
    h('div', { class: 'card' }, form),
  );
}
