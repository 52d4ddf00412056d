import { mayDo, mayDoForPlie } from '#shared/domain/access';
import { ERASED_REF } from '#shared/domain/erasure';
import { HOUR_MODE_LABELS, sumHours } from '#shared/domain/hours';
import {
  OUTCOME_KIND_LABELS,
  OUTCOME_KINDS,
  OUTCOME_LABELS,
  OUTCOMES,
  type Outcome,
  outcomeKind,
} from '#shared/domain/outcomes';
import { all, api } from '../api';
import type { Session } from '../auth';
import { confirmDialog } from '../dialog';
import { field, h, loading, notice, replace, table } from '../dom';
import { withExport } from '../export';
import { showLocalProblems, showProblems } from '../form-problems';
import { frenchDate, frenchMonth, hours } from '../format';
import { goTo } from '../navigate';
import { plieName } from '../plies';
import type { Contract, HoursLine, Participant } from '../types';
import { describeForm } from './participant-describe';
import { ageBandText, eligibilityText, exitText, sexText } from './participants';

// One participant: their pathway, and what a coordinator does with it — record the exit,
// correct it or cancel it (with the reason the history keeps), or erase the person (GDPR).

/** The exit situations in their three groups (positive, other, neutral), as PLIEs count. */
function outcomeSelect(value: string): HTMLSelectElement {
  return h(
    'select',
    { name: 'outcome' },
    h('option', { value: '', selected: value === '' }, 'Choisir la situation…'),
    ...OUTCOME_KINDS.map((kind) =>
      h(
        'optgroup',
        { label: OUTCOME_KIND_LABELS[kind] },
        ...OUTCOMES.filter((o) => outcomeKind(o) === kind).map((o) =>
          h('option', { value: o, selected: o === value }, OUTCOME_LABELS[o]),
        ),
      ),
    ),
  );
}

const SAVED: Record<string, string> = {
  cree: 'Participant enregistré.',
  sortie: 'Sortie enregistrée.',
  corrigee: 'Sortie corrigée.',
  annulee: 'Sortie annulée : le participant est de nouveau en parcours.',
  decrit: 'Sexe et tranche d’âge enregistrés.',
};

export async function participantPage(
  main: HTMLElement,
  session: Session,
  id: string,
  params: URLSearchParams,
): Promise<void> {
  replace(main, h('h1', null, 'Participant'), loading());
  const p = await api<Participant>('GET', `/api/participants/${id}`);
  const name = await plieName(p.plieId);
  const mayWrite = mayDoForPlie(session, 'participants:write', p.plieId);
  const saved = [...params.keys()].map((key) => SAVED[key]).find(Boolean);
  const back = (flag: string) => {
    goTo(`#/participants/${id}?${flag}=1`);
  };
  replace(
    main,
    h('p', null, h('a', { href: `#/participants?plie=${p.plieId}` }, `← Participants de ${name}`)),
    h('h1', null, `Participant ${p.ref}`),
    saved ? notice('success', saved) : null,
    mayDo(session, 'changes:read')
      ? h(
          'p',
          null,
          h('a', { href: `#/journal?type=participant&id=${id}` }, 'Historique du participant'),
        )
      : null,
    h(
      'dl',
      { class: 'facts card' },
      h('dt', null, 'PLIE'),
      h('dd', null, name),
      h('dt', null, 'Éligibilité'),
      h('dd', null, eligibilityText(p.eligibility) || '—'),
      h('dt', null, 'Sexe'),
      h('dd', null, sexText(p)),
      h('dt', null, 'Tranche d’âge à l’entrée'),
      h('dd', null, ageBandText(p)),
      h('dt', null, 'Entrée dans le PLIE'),
      h('dd', null, frenchDate(p.enteredOn)),
      h('dt', null, 'Sortie'),
      h('dd', null, exitText(p)),
    ),
    await hoursOf(p),
    mayWrite && p.ref !== ERASED_REF ? describeForm(p, back) : null,
    mayWrite ? exitForm(p, back) : null,
    mayWrite && p.exitedOn
      ? h(
          'div',
          { class: 'actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: async () => {
                const done = await confirmDialog({
                  title: 'Annuler la sortie',
                  body: [
                    `La sortie du ${frenchDate(p.exitedOn ?? '')} (${exitText(p)}) sera retirée ; le participant redevient en parcours.`,
                  ],
                  reasonLabel: 'Motif de l’annulation',
                  reasonHint: 'Il reste dans l’historique, avec votre nom et la date.',
                  confirm: 'Annuler la sortie',
                  keep: 'Garder la sortie',
                  act: (reason) =>
                    api('DELETE', `/api/participants/${id}/exit`, { reason }, { raw: true }),
                });
                if (done) back('annulee');
              },
            },
            'Annuler la sortie',
          ),
        )
      : null,
    mayDoForPlie(session, 'participants:erase', p.plieId) ? eraseSection(p) : null,
  );
}

/** Records the exit, or corrects it (then with a reason). */
function exitForm(p: Participant, back: (flag: string) => void): HTMLElement {
  const correcting = p.exitedOn !== null;
  const date = field(
    'Date de sortie',
    h('input', {
      type: 'date',
      name: 'exitedOn',
      required: true,
      min: p.enteredOn,
      value: p.exitedOn ?? '',
    }),
  );
  const outcome = field(
    'Situation à la sortie',
    outcomeSelect(p.outcome ?? ''),
    'Les sorties neutres (déménagement, maladie…) ne comptent pas dans les taux.',
  );
  const reason = correcting
    ? field(
        'Motif de la correction',
        h('input', { name: 'reason', maxlength: '500', autocomplete: 'off' }),
        'Il reste dans l’historique, avec votre nom et la date.',
      )
    : null;
  const summary = h('div', { tabindex: '-1' });
  const fields = { exitedOn: date, outcome, ...(reason ? { reason } : {}) };
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const exitedOn = (date.control as HTMLInputElement).value;
        const chosen = (outcome.control as HTMLSelectElement).value;
        const why = (reason?.control as HTMLInputElement | undefined)?.value.trim() ?? '';
        const missing: [typeof date, string][] = [];
        if (!exitedOn) missing.push([date, 'Indiquez la date de sortie.']);
        if (!chosen) missing.push([outcome, 'Choisissez la situation à la sortie.']);
        if (reason && !why) missing.push([reason, 'Indiquez le motif de la correction.']);
        if (showLocalProblems(fields, missing, summary)) return;
        try {
          const body = { exitedOn, outcome: chosen as Outcome, ...(reason ? { reason: why } : {}) };
          await api(correcting ? 'PUT' : 'POST', `/api/participants/${p.id}/exit`, body);
          back(correcting ? 'corrigee' : 'sortie');
        } catch (error) {
          showProblems(error, fields, summary);
        }
      },
    },
    // The errors' summary at the top of the form, where the focus goes.
    summary,
    h('div', { class: 'grid3' }, date.element, outcome.element, reason?.element),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, correcting ? 'Corriger la sortie' : 'Enregistrer la sortie'),
    ),
  );
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'exit-title' },
    h('h2', { id: 'exit-title' }, correcting ? 'Corriger la sortie' : 'Enregistrer la sortie'),
    form,
  );
}

function eraseSection(p: Participant): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'erase-title' },
    h('h2', { id: 'erase-title' }, 'Effacer ce participant (RGPD)'),
    h(
      'p',
      null,
      'À la demande de la personne. Sa référence, ses critères d’éligibilité, son sexe et sa tranche d’âge disparaissent définitivement.',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'danger',
        onclick: async () => {
          const done = await confirmDialog({
            title: `Effacer le participant ${p.ref} ?`,
            body: [
              h(
                'ul',
                null,
                h(
                  'li',
                  null,
                  'Disparaissent : la référence, les critères d’éligibilité, le sexe et la tranche d’âge.',
                ),
                h(
                  'li',
                  null,
                  'Restent, anonymes : les heures réalisées et la sortie, pour que les totaux, les financements et les taux ne changent pas.',
                ),
              ),
              'Cet effacement est définitif.',
            ],
            reasonLabel: 'Qui l’a demandé, et quand',
            reasonHint:
              'Gardé dans l’historique. Ex. : demande de la personne, courriel du 12/11/2026.',
            reasonMissing: 'Indiquez qui a demandé l’effacement, et quand.',
            confirm: 'Effacer définitivement',
            keep: 'Ne pas effacer',
            act: (reason) => api('DELETE', `/api/participants/${p.id}`, { reason }, { raw: true }),
          });
          if (done) location.hash = `#/participants?plie=${p.plieId}&efface=1`;
        },
      },
      'Effacer ce participant',
    ),
  );
}

/** The hours the person worked under the clauses, month by month and contract by contract. */
async function hoursOf(p: Participant): Promise<HTMLElement> {
  const [lines, contracts] = await Promise.all([
    all<HoursLine>(`/api/hours?participantId=${p.id}`),
    all<Contract>('/api/contracts'),
  ]);
  const reference = new Map(contracts.map((c) => [c.id, c.reference]));
  const active = lines.filter((l) => l.status === 'active');
  return h(
    'section',
    { 'aria-labelledby': 'person-hours' },
    h('h2', { id: 'person-hours' }, 'Heures réalisées'),
    lines.length
      ? [
          h(
            'p',
            null,
            `${hours(sumHours(active.map((l) => l.hours)))} sur ${new Set(active.map((l) => l.contractId)).size} marché(s).`,
          ),
          ...withExport(
            table(
              ['Mois', 'Marché', ['Heures', 'num'], 'Modalité', 'État'],
              [...lines]
                .reverse()
                .map((l) =>
                  h(
                    'tr',
                    null,
                    h('td', null, frenchMonth(l.month)),
                    h(
                      'td',
                      null,
                      h(
                        'a',
                        { href: `#/marches/${l.contractId}` },
                        reference.get(l.contractId) ?? 'marché',
                      ),
                    ),
                    h('td', { class: 'num' }, hours(l.hours)),
                    h('td', null, HOUR_MODE_LABELS[l.mode]),
                    h('td', null, l.status === 'voided' ? 'annulée' : 'active'),
                  ),
                ),
              `Heures de ${p.ref}`,
            ),
            `heures-${p.ref}`,
            'Exporter les heures',
          ),
        ]
      : h('p', { class: 'muted' }, 'Aucune heure saisie pour ce participant.'),
  );
}
