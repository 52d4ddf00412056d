import { HOUR_MODE_LABELS, HOUR_MODES, lineHoursProblem } from '#shared/domain/hours';
import { all, api } from '../api';
import { contractLink } from '../contract-link';
import { type Field, field, h, loading, notice, replace, select } from '../dom';
import { showLocalProblems, showProblems } from '../form-problems';
import { frenchMonth, hours, lastMonth } from '../format';
import { monthField } from '../month-field';
import { plies as knownPlies } from '../plies';
import type { Contract, HoursLine, Participant } from '../types';
import { countedAlready, duplicateWarning } from './line-duplicate';
import { statementUpload } from './statement-upload';

/** Log one line by hand, or upload the month's statement: every error is shown before anything is written. */
export async function logHoursPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  replace(main, h('h1', null, 'Saisir des heures'), loading());
  const [contracts, plies] = await Promise.all([
    all<Contract>('/api/contracts'),
    knownPlies().then((byId) => [...byId.values()]),
  ]);
  const plieNames = new Map(plies.map((p) => [p.id, p.name]));
  const withHours = contracts.filter((c) => c.targetHours !== null || c.hoursLogged > 0);

  const contract = field(
    'Marché',
    select(
      'contractId',
      [
        ['', 'Choisir un marché…'],
        ...withHours.map((c) => [c.id, `${c.reference} — ${c.title}`] as [string, string]),
      ],
      params.get('marche') ?? '',
    ),
  );
  const plie = field(
    'PLIE qui a placé la personne',
    select('plieId', [
      ['', 'Choisir un PLIE…'],
      ...plies.map((p) => [p.id, p.name] as [string, string]),
    ]),
  );
  const participant = field(
    'Participant (facultatif)',
    select('participantId', [['', '— sans participant —']]),
    'Référence pseudonyme du PLIE',
  );
  const month = monthField('Mois', {
    name: 'month',
    required: true,
    value: lastMonth(),
  });
  // A text field, so that a French decimal comma (« 12,5 ») is taken as typed.
  const hoursInput = field(
    'Heures',
    h('input', {
      type: 'text',
      name: 'hours',
      required: true,
      inputmode: 'decimal',
      autocomplete: 'off',
    }),
    'Ex. 151,67 — au centième d’heure près, 250 h au plus par ligne',
  );
  const mode = field(
    'Modalité',
    select(
      'mode',
      HOUR_MODES.map((m) => [m, HOUR_MODE_LABELS[m]]),
    ),
  );
  const fields: Record<string, ReturnType<typeof field>> = {
    contractId: contract,
    plieId: plie,
    participantId: participant,
    month,
    hours: hoursInput,
    mode,
  };
  const result = h('div', { 'aria-live': 'polite' });
  const summary = h('div', { tabindex: '-1', style: 'grid-column:1/-1' });

  const loadParticipants = async () => {
    const plieId = plie.control.value;
    const people = plieId ? await all<Participant>(`/api/participants?plieId=${plieId}`) : [];
    replace(participant.control, [
      h('option', { value: '' }, '— sans participant —'),
      ...people.filter((p) => !p.exitedOn).map((p) => h('option', { value: p.id }, p.ref)),
    ]);
  };
  const preselectPlie = () => {
    const chosen = withHours.find((c) => c.id === contract.control.value);
    if (chosen?.allocation?.mode === 'single') {
      plie.control.value = chosen.allocation.plieId;
      void loadParticipants();
    }
  };
  contract.control.addEventListener('change', preselectPlie);
  plie.control.addEventListener('change', () => void loadParticipants());
  preselectPlie();

  let key = crypto.randomUUID();
  /** The line the facilitator chose to save although it repeats a counted one. */
  let confirmed: string | null = null;
  const form = h(
    'form',
    {
      class: 'grid',
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        // Everything the page can check, in one pass: a month typed without a picker is read
        // (its own message, « Mois illisible … »), the choices and the hours.
        const local: [Field, string][] = [];
        if (!contract.control.value) local.push([contract, 'Choisissez le marché.']);
        if (!plie.control.value) local.push([plie, 'Choisissez le PLIE.']);
        if (!month.month())
          local.push([
            month,
            month.element.querySelector('.error')?.textContent || 'Mois illisible',
          ]);
        const typed = hoursInput.control.value.trim().replace(/\s/g, '').replace(',', '.');
        const hoursProblem = typed ? lineHoursProblem(Number(typed)) : 'Champ obligatoire.';
        if (hoursProblem) local.push([hoursInput, hoursProblem]);
        if (showLocalProblems(fields, local, summary)) return;
        const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
        const body = {
          contractId: data.contractId,
          plieId: data.plieId,
          month: data.month,
          hours: Number(String(data.hours).replace(',', '.')),
          mode: data.mode,
          ...(data.participantId ? { participantId: data.participantId } : {}),
        };
        const button = form.querySelector('button[type=submit]') as HTMLButtonElement;
        button.disabled = true;
        replace(result, loading('Enregistrement…'));
        try {
          // A line that repeats one already counted is said first; saved once confirmed.
          if (JSON.stringify(body) !== confirmed) {
            const repeated = await countedAlready(body);
            if (repeated) {
              replace(
                result,
                duplicateWarning(
                  repeated,
                  () => {
                    confirmed = JSON.stringify(body);
                    form.requestSubmit();
                  },
                  () => replace(result),
                ),
              );
              return;
            }
          }
          // The same key until it succeeds: a double click or a retry logs the line once.
          const line = await api<HoursLine>('POST', '/api/hours', body, {
            headers: { 'Idempotency-Key': key },
          });
          key = crypto.randomUUID();
          confirmed = null;
          const after = await api<Contract>('GET', `/api/contracts/${line.contractId}`);
          replace(
            result,
            notice(
              'success',
              `Ligne enregistrée : ${hours(line.hours)} en ${frenchMonth(line.month)} pour ${plieNames.get(line.plieId)}. `,
              contractLink(after),
              ` : ${hours(after.hoursLogged)} réalisées${after.targetHours ? ` sur ${hours(after.targetHours)}` : ''}.`,
            ),
          );
          hoursInput.control.value = '';
          (hoursInput.control as HTMLInputElement).focus();
        } catch (error) {
          replace(result);
          showProblems(error, fields, summary);
        } finally {
          button.disabled = false;
        }
      },
    },
    // The errors' summary at the top of the form, across its columns, where the focus goes.
    summary,
    Object.values(fields).map((f) => f.element),
    h(
      'div',
      { class: 'actions', style: 'grid-column:1/-1' },
      h('button', { type: 'submit' }, 'Enregistrer la ligne'),
    ),
  );

  replace(
    main,
    h('h1', null, 'Saisir des heures'),
    h('div', { class: 'card' }, h('h2', { style: 'margin-top:0' }, 'Une ligne'), form, result),
    statementUpload(),
  );
}
