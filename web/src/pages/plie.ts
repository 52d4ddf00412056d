import { mayDoForPlie } from '#shared/domain/access';
import { yearOf } from '#shared/domain/calendar';
import { ELIGIBILITY_LABELS, type EligibilityCode } from '#shared/domain/eligibility';
import { OUTCOME_LABELS, type Outcome } from '#shared/domain/outcomes';
import { ApiError, all, api } from '../api';
import type { Session } from '../auth';
import { reportRowProgress } from '../charts';
import { contractCell } from '../contract-link';
import { field, h, loading, notice, replace, table } from '../dom';
import { eur, frenchDate, hours, lastMonth, pct } from '../format';
import type { Funding, MonthlyReport, Outcomes, Participant, Plie } from '../types';

/** What a coordinator lands on: the PLIE's money this year, its contracts, its people. */
export async function pliePage(main: HTMLElement, session: Session, plieId: string): Promise<void> {
  replace(main, loading());
  const month = lastMonth();
  const year = yearOf(month);
  const [plies, report, participants, outcomes, funding] = await Promise.all([
    all<Plie>('/api/plies'),
    api<MonthlyReport>('GET', `/api/reports/monthly/${month}?plieId=${plieId}`),
    all<Participant>(`/api/participants?plieId=${plieId}`),
    api<Outcomes>('GET', `/api/outcomes?year=${year}&plieId=${plieId}`),
    api<Funding>('GET', `/api/funding?year=${year}`).catch((e) =>
      e instanceof ApiError && e.status === 404 ? null : Promise.reject(e),
    ),
  ]);
  const plie = plies.find((p) => p.id === plieId);
  const row = funding?.plies.find((r) => r.plieId === plieId);
  const people = h('div', null);
  const showPeople = (list: Participant[]) =>
    replace(
      people,
      list.length
        ? table(
            ['Référence', 'Éligibilité', 'Entrée', 'Sortie'],
            list.map((p) =>
              h(
                'tr',
                null,
                h('td', null, p.ref),
                h(
                  'td',
                  null,
                  p.eligibility.map((code) =>
                    h(
                      'span',
                      {
                        class: 'tag',
                        title: ELIGIBILITY_LABELS[code as EligibilityCode] ?? code,
                        style: 'margin-right:4px',
                      },
                      code,
                    ),
                  ),
                ),
                h('td', null, frenchDate(p.enteredOn)),
                h(
                  'td',
                  null,
                  p.exitedOn
                    ? `${frenchDate(p.exitedOn)} — ${OUTCOME_LABELS[p.outcome as Outcome]}`
                    : h('span', { class: 'muted' }, 'en parcours'),
                ),
              ),
            ),
          )
        : notice('info', 'Aucun participant enregistré.'),
    );
  showPeople(participants);

  replace(
    main,
    h('h1', null, plie?.name ?? plieId),
    h(
      'div',
      { class: 'figures' },
      h(
        'div',
        { class: 'figure' },
        h('span', null, `Financement ${year} acquis`),
        h('strong', null, row ? eur(row.total) : '—'),
      ),
      h(
        'div',
        { class: 'figure' },
        h('span', null, `Heures ${year}`),
        h('strong', null, row ? hours(row.hours) : hours(report.summary.hoursYearToDate)),
      ),
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Sorties positives'),
        h('strong', null, outcomes.exits ? pct(outcomes.positiveRate) : '—'),
      ),
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Participants suivis'),
        h('strong', null, String(participants.length)),
      ),
    ),
    row && funding
      ? h(
          'p',
          { class: 'muted' },
          funding.envelopes
            ? `Convention ${year} : enveloppe forfaitaire de ${eur(row.total)} pour l’année${funding.funderSiret ? ` (heures des marchés du financeur ${funding.funderSiret})` : ''}.`
            : `Convention ${year} : ${eur(funding.fixedPerPlie)} de part fixe + ${eur(funding.perHour)} par heure réalisée${funding.funderSiret ? ` sur les marchés du financeur ${funding.funderSiret}` : ''} → ${eur(row.fixed)} + ${eur(row.variable)}.`,
        )
      : notice('info', `Aucune convention de financement n’est saisie pour ${year}.`),
    h('h2', null, 'Mes marchés et mes heures attribuées'),
    table(
      ['Marché', ['Part du PLIE', 'num'], ['Réalisé', 'num'], 'Avancement'],
      report.contracts.map((c) =>
        h(
          'tr',
          null,
          contractCell(c),
          h('td', { class: 'num' }, c.targetHours === null ? '—' : hours(c.targetHours)),
          h('td', { class: 'num' }, hours(c.hoursToDate)),
          h('td', null, reportRowProgress(c)),
        ),
      ),
    ),
    h('h2', null, `Sorties ${year}`),
    h(
      'p',
      null,
      `${outcomes.exits} sortie(s), dont ${outcomes.positive} positive(s) au sens du PLIE (${pct(outcomes.positiveRate)}). Sorties dynamiques IAE : ${outcomes.dynamic.durable} emploi(s) durable(s), ${outcomes.dynamic.transition} de transition, ${outcomes.dynamic.positive} sortie(s) positive(s).`,
    ),
    h('h2', null, 'Participants'),
    newParticipantForm(plieId, session, async () =>
      showPeople(await all<Participant>(`/api/participants?plieId=${plieId}`)),
    ),
    people,
  );
}

function newParticipantForm(
  plieId: string,
  session: Session,
  onCreated: () => Promise<void>,
): HTMLElement | null {
  if (!mayDoForPlie(session, 'participants:write', plieId)) return null;
  const ref = field(
    'Référence pseudonyme',
    h('input', { name: 'ref', required: true, maxlength: '40', autocomplete: 'off' }),
    'Jamais de nom : une référence choisie par le PLIE',
  );
  const entered = field(
    'Entrée dans le PLIE',
    h('input', { type: 'date', name: 'enteredOn', required: true }),
  );
  const codes = h(
    'fieldset',
    { class: 'field', style: 'grid-column:1/-1;border:none;padding:0' },
    h('legend', { style: 'font-weight:600' }, 'Critères d’éligibilité'),
    h(
      'div',
      { class: 'row' },
      (Object.keys(ELIGIBILITY_LABELS) as EligibilityCode[]).map((code) =>
        h(
          'label',
          { title: ELIGIBILITY_LABELS[code], style: 'font-size:13px' },
          h('input', { type: 'checkbox', name: 'eligibility', value: code }),
          ` ${code}`,
        ),
      ),
    ),
  );
  const result = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    {
      class: 'grid',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        ref.setError(null);
        entered.setError(null);
        const data = new FormData(form);
        try {
          await api('POST', '/api/participants', {
            plieId,
            ref: data.get('ref'),
            enteredOn: data.get('enteredOn'),
            eligibility: data.getAll('eligibility'),
          });
          replace(result, notice('success', 'Participant enregistré.'));
          form.reset();
          await onCreated();
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          for (const e of error.errors)
            (e.path === 'ref' ? ref : e.path === 'enteredOn' ? entered : null)?.setError(e.message);
          replace(result, notice('failure', error.detail));
        }
      },
    },
    ref.element,
    entered.element,
    codes,
    h(
      'div',
      { class: 'actions', style: 'grid-column:1/-1' },
      h('button', { type: 'submit', class: 'secondary' }, 'Ajouter le participant'),
    ),
  );
  return h('details', { class: 'card' }, h('summary', null, 'Nouveau participant'), form, result);
}
