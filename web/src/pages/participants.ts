import { mayDoForPlie } from '#shared/domain/access';
import {
  ELIGIBILITY_CODES,
  ELIGIBILITY_LABELS,
  type EligibilityCode,
} from '#shared/domain/eligibility';
import {
  OUTCOME_KIND_NAMES,
  OUTCOME_LABELS,
  type Outcome,
  outcomeKind,
} from '#shared/domain/outcomes';
import {
  AGE_BAND_LABELS,
  AGE_BANDS,
  type AgeBand,
  NOT_RECORDED_LABEL,
  SEX_LABELS,
  SEXES,
  type Sex,
} from '#shared/domain/people';
import { all, api } from '../api';
import { ownPlie, type Session } from '../auth';
import { type Field, field, h, loading, notice, replace, select, table } from '../dom';
import { exportButtons } from '../export';
import { showLocalProblems, showProblems } from '../form-problems';
import { frenchDate } from '../format';
import { plies } from '../plies';
import type { Participant } from '../types';

// The people a PLIE follows, by their pseudonymous reference only: a coordinator sees their own
// PLIE, procurement and administrators choose one. Each opens on its own page (exit, erasure).

export const eligibilityText = (codes: string[]) =>
  codes.map((code) => ELIGIBILITY_LABELS[code as EligibilityCode] ?? code).join(' · ');

/** « Femme », « Homme » or « non renseigné ». */
export const sexText = (p: Pick<Participant, 'sex'>) =>
  p.sex ? SEX_LABELS[p.sex as Sex] : NOT_RECORDED_LABEL;

/** « moins de 26 ans »… or « non renseigné ». */
export const ageBandText = (p: Pick<Participant, 'ageBand'>) =>
  p.ageBand ? AGE_BAND_LABELS[p.ageBand as AgeBand] : NOT_RECORDED_LABEL;

/** The choices of the sex and age band selects: « non renseigné » first (the empty value). */
export const SEX_OPTIONS: [string, string][] = [
  ['', NOT_RECORDED_LABEL],
  ...SEXES.map((s) => [s, SEX_LABELS[s]] as [string, string]),
];
export const AGE_BAND_OPTIONS: [string, string][] = [
  ['', NOT_RECORDED_LABEL],
  ...AGE_BANDS.map((a) => [a, AGE_BAND_LABELS[a]] as [string, string]),
];

/** The exit and its group, as the form groups them: « 10/10/2026 — CDI (sortie positive) ». */
export const exitText = (p: Participant) =>
  p.exitedOn && p.outcome
    ? `${frenchDate(p.exitedOn)} — ${OUTCOME_LABELS[p.outcome as Outcome]} (${OUTCOME_KIND_NAMES[outcomeKind(p.outcome as Outcome)]})`
    : 'En parcours';

/** People by reference, eligibility in words, entry and exit, each linked to their page. */
export function participantsTable(people: Participant[], label: string): HTMLElement {
  return table(
    ['Référence', 'Éligibilité', 'Entrée', 'Sortie'],
    people.map((p) =>
      h(
        'tr',
        null,
        h('td', null, h('a', { href: `#/participants/${p.id}` }, p.ref)),
        h('td', null, eligibilityText(p.eligibility)),
        h('td', null, frenchDate(p.enteredOn)),
        h('td', null, exitText(p)),
      ),
    ),
    label,
  );
}

export async function participantsPage(
  main: HTMLElement,
  session: Session,
  params: URLSearchParams,
): Promise<void> {
  replace(main, h('h1', null, 'Participants'), loading());
  const list = [...(await plies()).values()];
  const plieId = ownPlie(session) ?? params.get('plie') ?? list[0]?.id ?? '';
  const plie = list.find((p) => p.id === plieId);
  const people = await all<Participant>(`/api/participants?plieId=${plieId}`);
  const picker = ownPlie(session)
    ? null
    : h(
        'div',
        { class: 'field narrow' },
        h('label', { for: 'participants-plie' }, 'PLIE'),
        select(
          'plie',
          list.map((p) => [p.id, p.name]),
          plieId,
          {
            id: 'participants-plie',
            onchange: (event: Event) => {
              location.hash = `#/participants?plie=${(event.target as HTMLSelectElement).value}`;
            },
          },
        ),
      );
  const search = h('input', { type: 'search', id: 'participants-search', autocomplete: 'off' });
  const results = h('div', null);
  const status = h('p', { role: 'status', class: 'muted' });
  const shown = () => {
    const q = search.value.trim().toLowerCase();
    return people.filter((p) => !q || p.ref.toLowerCase().includes(q));
  };
  const draw = () => {
    const rows = shown();
    status.textContent = `${rows.length} participant${rows.length > 1 ? 's' : ''}, dont ${rows.filter((p) => !p.exitedOn).length} en parcours`;
    replace(
      results,
      rows.length
        ? participantsTable(rows, `Participants de ${plie?.name ?? 'ce PLIE'}`)
        : notice('info', 'Aucun participant.'),
    );
  };
  search.addEventListener('input', draw);
  replace(
    main,
    h('h1', null, `Participants — ${plie?.name ?? 'PLIE'}`),
    params.get('efface')
      ? notice(
          'success',
          'Participant effacé : sa référence, ses critères, son sexe et sa tranche d’âge ont disparu ; ses heures et sa sortie restent, anonymes.',
        )
      : null,
    h(
      'p',
      { class: 'muted' },
      'Une référence pseudonyme choisie par le PLIE : jamais de nom, de date de naissance ni de numéro de sécurité sociale.',
    ),
    h(
      'div',
      { class: 'row' },
      picker,
      h(
        'div',
        { class: 'field narrow' },
        h('label', { for: 'participants-search' }, 'Rechercher une référence'),
        search,
      ),
    ),
    plie && mayDoForPlie(session, 'participants:write', plie.id)
      ? newParticipantForm(plie.id, (created) => {
          location.hash = `#/participants/${created.id}?cree=1`;
        })
      : null,
    h(
      'div',
      { class: 'row between' },
      status,
      exportButtons({
        name: `participants-${plieId}`,
        headers: [
          'Référence',
          'Éligibilité',
          'Sexe',
          'Tranche d’âge à l’entrée',
          'Entrée',
          'Sortie',
          'Situation de sortie',
        ],
        rows: () =>
          shown().map((p) => [
            p.ref,
            eligibilityText(p.eligibility),
            sexText(p),
            ageBandText(p),
            frenchDate(p.enteredOn),
            p.exitedOn ? frenchDate(p.exitedOn) : '',
            p.outcome ? OUTCOME_LABELS[p.outcome as Outcome] : 'En parcours',
          ]),
      }),
    ),
    results,
  );
  draw();
}

function newParticipantForm(
  plieId: string,
  onCreated: (created: Participant) => void,
): HTMLElement {
  const ref = field(
    'Référence pseudonyme',
    h('input', { name: 'ref', required: true, maxlength: '40', autocomplete: 'off' }),
    'Jamais de nom : une référence choisie par le PLIE, ex. GR-2026-0042',
  );
  const entered = field(
    'Entrée dans le PLIE',
    h('input', { type: 'date', name: 'enteredOn', required: true }),
  );
  // Optional, for the funders' bilans (ESF): a sex and an age band, never a birth date.
  const sex = field('Sexe', select('sex', SEX_OPTIONS, ''), 'Facultatif');
  const ageBand = field(
    'Tranche d’âge à l’entrée',
    select('ageBand', AGE_BAND_OPTIONS, ''),
    'Facultative : l’âge au jour de l’entrée dans le PLIE',
  );
  const codesError = h('p', { class: 'error', id: 'eligibility-error', 'aria-live': 'polite' });
  const codes = h(
    'fieldset',
    { class: 'group', 'aria-describedby': 'eligibility-error' },
    h('legend', null, 'Critères d’éligibilité'),
    h(
      'div',
      { class: 'choices columns' },
      ELIGIBILITY_CODES.map((code) =>
        h(
          'label',
          null,
          h('input', { type: 'checkbox', name: 'eligibility', value: code }),
          ` ${ELIGIBILITY_LABELS[code]}`,
        ),
      ),
    ),
    codesError,
  );
  // The criteria as one field of the form: its message beside the group, its link to the first.
  const eligibility: Field = {
    element: h('div', null, codes),
    control: codes.querySelector('input') as HTMLInputElement,
    setError: (message) => {
      codesError.textContent = message ?? '';
    },
  };
  const summary = h('div', { tabindex: '-1' });
  const fields = { ref, enteredOn: entered, sex, ageBand, eligibility };
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const data = new FormData(form);
        // What the API requires, checked together before sending.
        const local: [Field, string][] = [];
        if (!String(data.get('ref') ?? '').trim()) local.push([ref, 'Champ obligatoire.']);
        if (!data.get('enteredOn')) local.push([entered, 'Champ obligatoire.']);
        if (!data.getAll('eligibility').length)
          local.push([eligibility, 'Au moins un critère d’éligibilité']);
        if (showLocalProblems(fields, local, summary)) return;
        const chosen = (name: string) => String(data.get(name) ?? '') || undefined;
        try {
          const created = await api<Participant>('POST', '/api/participants', {
            plieId,
            ref: String(data.get('ref') ?? '').trim(),
            enteredOn: data.get('enteredOn'),
            eligibility: data.getAll('eligibility'),
            sex: chosen('sex'),
            ageBand: chosen('ageBand'),
          });
          onCreated(created);
        } catch (error) {
          showProblems(error, fields, summary);
        }
      },
    },
    summary,
    h('div', { class: 'grid3' }, ref.element, entered.element),
    h('div', { class: 'grid3' }, sex.element, ageBand.element),
    eligibility.element,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Enregistrer le participant')),
  );
  return h('details', { class: 'card' }, h('summary', null, 'Nouveau participant'), form);
}
