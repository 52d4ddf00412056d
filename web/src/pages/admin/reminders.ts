import { REMINDER_DAYS } from '#shared/domain/awardees';
import { ApiError, api } from '../../api';
import { field, h, loading, notice, replace } from '../../dom';
import { goTo } from '../../navigate';
import { adminTabs } from './tabs';

// Administration: the day of the month awardees late with last month's statement are reminded
// (once a month each, by e-mail, to the contacts facilitators invited), and who receives the
// structure's full monthly report (the PLIEs' coordinators receive their own).

export async function adminRemindersPage(
  main: HTMLElement,
  params: URLSearchParams,
): Promise<void> {
  replace(main, h('h1', null, 'Administration — relances'), loading());
  const [{ day }, { emails }] = await Promise.all([
    api<{ day: number }>('GET', '/api/settings/reminders'),
    api<{ emails: string[] }>('GET', '/api/settings/report-recipients'),
  ]);
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
          goTo(`#/administration/relances?enregistre=${value}`);
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
    params.get('destinataires') !== null
      ? notice(
          'success',
          `Le rapport mensuel ira à ${params.get('destinataires')} destinataire(s), en plus des coordinateurs de PLIE.`,
        )
      : null,
    h('div', { class: 'card' }, form),
    recipientsForm(emails),
  );
}

/** Who receives the full monthly report: one address per line. */
function recipientsForm(emails: readonly string[]): HTMLElement {
  const listField = field(
    'Destinataires du rapport mensuel',
    h('textarea', { name: 'emails', rows: 4, style: 'max-width: 32rem' }, emails.join('\n')),
    'Une adresse par ligne (20 au plus). Ils reçoivent le rapport complet de la structure le 1er du mois ; les coordinateurs de PLIE reçoivent celui de leur PLIE.',
  );
  const summary = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        listField.setError(null);
        const list = (listField.control as HTMLTextAreaElement).value
          .split(/[\s,;]+/)
          .map((email) => email.trim())
          .filter(Boolean);
        try {
          const saved = await api<{ emails: string[] }>('PUT', '/api/settings/report-recipients', {
            emails: list,
          });
          goTo(`#/administration/relances?destinataires=${saved.emails.length}`);
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          const wrong = error.errors
            .filter((e) => e.path?.startsWith('emails.'))
            .map((e) => list[Number(e.path?.split('.')[1])])
            .filter(Boolean);
          listField.setError(
            wrong.length ? `Adresse invalide : ${wrong.join(', ')}` : error.detail,
          );
          listField.control.focus();
        }
      },
    },
    listField.element,
    summary,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Enregistrer les destinataires'),
    ),
  );
  return h('div', { class: 'card' }, h('h2', null, 'Rapport mensuel'), form);
}
