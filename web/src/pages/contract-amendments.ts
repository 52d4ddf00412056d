import { yearOf } from '#shared/domain/calendar';
import { readFrenchNumber } from '#shared/domain/format';
import { allocationFields } from '../allocation-fields';
import { api } from '../api';
import { type Field, field, h, scrollableByKeyboard, table } from '../dom';
import { withExport } from '../export';
import { missingFields, showLocalProblems, showProblems } from '../form-problems';
import { eur, frenchDate, frenchDateTime, hours } from '../format';
import { plies } from '../plies';
import type { ContractDetail } from '../types';

// An amendment ("avenant") changes a contract from a date, for a reason, and stays in its
// history: the amount, the end, the objective, or who the hours go to. Those published in the
// open data (DECP `modifications`) say so, with their publication date, and may change the
// awardee.

type Amendment = ContractDetail['amendments'][number];
type Terms = Amendment['changes'];

const company = (a: NonNullable<Terms['awardee']>) =>
  `${a.name || 'nom à compléter'} (${a.siret ?? a.siren ?? a.identifier ?? '—'})`;

/** Where an amendment comes from: a user's entry, or a publication « DECP, publiée le … ». */
function sourceOf(a: Amendment): string {
  if (!a.source) return 'Saisi';
  const on = a.source.publishedOn ? `, publiée le ${frenchDate(a.source.publishedOn)}` : '';
  return `DECP${on} (enregistrement ${a.source.publishedId})`;
}

async function describe(changes: Terms, before: Terms): Promise<string[]> {
  const names = await plies();
  const split = (a: Terms['allocation']) =>
    !a
      ? 'à désigner'
      : a.mode === 'shared'
        ? a.territory
          ? `partagé entre les PLIE du territoire « ${a.territory} »`
          : 'partagé entre PLIE'
        : (names.get(a.plieId)?.name ?? a.plieId);
  const said: string[] = [];
  if (changes.amount !== undefined)
    said.push(
      `Montant : ${before.amount === undefined ? '—' : eur(before.amount)} → ${eur(changes.amount)}`,
    );
  if (changes.endsOn !== undefined)
    said.push(
      `Fin : ${before.endsOn ? frenchDate(before.endsOn) : '—'} → ${frenchDate(changes.endsOn)}`,
    );
  if (changes.targetHours !== undefined)
    said.push(
      `Objectif : ${before.targetHours == null ? 'aucun' : hours(before.targetHours)} → ${changes.targetHours === null ? 'aucun' : hours(changes.targetHours)}`,
    );
  if (changes.allocation !== undefined)
    said.push(`Répartition : ${split(before.allocation ?? null)} → ${split(changes.allocation)}`);
  if (changes.awardee !== undefined)
    said.push(
      `Titulaire : ${before.awardee ? company(before.awardee) : '—'} → ${company(changes.awardee)}`,
    );
  if (said.length === 0)
    said.push(
      'Aucune valeur changée (la publication ne donne ni montant, ni durée, ni titulaire qui se lise)',
    );
  return said;
}

export async function amendmentsSection(
  contract: ContractDetail,
  canWrite: boolean,
  onSaved: () => void,
): Promise<HTMLElement> {
  const rows = await Promise.all(
    [...contract.amendments].reverse().map(async (a) =>
      h(
        'tr',
        null,
        h('td', null, frenchDate(a.effectiveOn)),
        h('td', null, a.reason),
        h(
          'td',
          null,
          h(
            'ul',
            { class: 'plain' },
            (await describe(a.changes, a.before)).map((line) => h('li', null, line)),
          ),
        ),
        h('td', null, sourceOf(a)),
        h('td', null, frenchDate(a.at)),
      ),
    ),
  );
  const decp = contract.decp;
  return h(
    'section',
    { 'aria-labelledby': 'avenants' },
    h('h2', { id: 'avenants' }, 'Avenants'),
    decp
      ? h(
          'p',
          { class: 'muted' },
          `Données essentielles (DECP) : enregistrement ${decp.publishedId}`,
          decp.publishedOn
            ? `, publié le ${frenchDate(decp.publishedOn)}`
            : ', sans date de publication',
          decp.fileName
            ? `, importé du fichier « ${decp.fileName} » le ${frenchDateTime(decp.importedAt)}`
            : '',
          ` — la version la plus récente importée. Les valeurs ci-dessus sont celles en vigueur après ses modifications.`,
        )
      : null,
    rows.length
      ? withExport(
          keyboardScrollOnceShown(
            table(
              ['Effet le', 'Motif', 'Changements', 'Source', 'Enregistré le'],
              rows,
              'Avenants du marché',
            ),
          ),
          'avenants',
          'Exporter les avenants',
        )
      : h('p', { class: 'muted' }, 'Aucun avenant.'),
    canWrite ? await amendmentForm(contract, onSaved) : null,
  );
}

/**
 * The section is built before the contract page puts it in place, while other parts load: the
 * table's scroll watch, started detached, lets go of it. Watched again once shown, a table wider
 * than a phone gets its place in the tab order (axe: scrollable-region-focusable).
 */
function keyboardScrollOnceShown(wrap: HTMLElement, frames = 600): HTMLElement {
  if (wrap.isConnected) scrollableByKeyboard(wrap);
  else if (frames > 0) requestAnimationFrame(() => keyboardScrollOnceShown(wrap, frames - 1));
  return wrap;
}

async function amendmentForm(contract: ContractDetail, onSaved: () => void): Promise<HTMLElement> {
  const input = (name: string, attrs: Record<string, string | boolean> = {}) =>
    h('input', { name, autocomplete: 'off', ...attrs });
  const effectiveOn = field(
    'Date d’effet',
    input('effectiveOn', { type: 'date', required: true, min: contract.notifiedOn }),
  );
  const reason = field(
    'Motif',
    input('reason', { required: true, maxlength: '500' }),
    'Ex. Avenant n° 1 : travaux supplémentaires',
  );
  const amount = field(
    'Nouveau montant HT (€)',
    input('amount', { inputmode: 'decimal' }),
    `Actuel : ${eur(contract.amount)} — laisser vide s’il ne change pas`,
  );
  const endsOn = field(
    'Nouvelle fin',
    input('endsOn', { type: 'date', min: contract.startsOn }),
    `Actuelle : ${frenchDate(contract.endsOn)}`,
  );
  const target = field(
    'Nouvel objectif (heures)',
    input('targetHours', { inputmode: 'decimal' }),
    `Actuel : ${contract.targetHours === null ? 'aucun' : hours(contract.targetHours)}`,
  );
  const changeSplit = h('input', { type: 'checkbox', id: 'amend-split' });
  const allocation = await allocationFields(
    () => yearOf(contract.notifiedOn),
    () => readFrenchNumber((target.control as HTMLInputElement).value) ?? contract.targetHours,
    contract.allocationMode,
  );
  allocation.element.hidden = true;
  changeSplit.addEventListener('change', () => {
    allocation.element.hidden = !changeSplit.checked;
    allocation.refresh();
  });
  const summary = h('div', { tabindex: '-1' });
  const fields: Record<string, Field> = {
    effectiveOn,
    reason,
    amount,
    endsOn,
    targetHours: target,
    ...allocation.fields,
  };
  const form = h(
    'form',
    {
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const value = (f: Field) => (f.control as HTMLInputElement).value.trim();
        const body: Record<string, unknown> = {
          effectiveOn: value(effectiveOn),
          reason: value(reason),
        };
        // Everything the page can check, in one pass: the date and reason the API requires too.
        const problems: [Field, string][] = missingFields({ effectiveOn, reason });
        for (const [f, key] of [
          [amount, 'amount'],
          [target, 'targetHours'],
        ] as const) {
          if (!value(f)) continue;
          const n = readFrenchNumber(value(f));
          if (n === null) problems.push([f, 'Un nombre, ex. 1 200 000 ou 35,5']);
          else body[key] = n;
        }
        if (value(endsOn)) body.endsOn = value(endsOn);
        if (changeSplit.checked) {
          const split = allocation.value();
          problems.push(...split.problems);
          Object.assign(body, split.body);
        }
        if (showLocalProblems(fields, problems, summary)) return;
        try {
          await api('POST', `/api/contracts/${contract.id}/amendments`, body);
          onSaved();
        } catch (error) {
          showProblems(error, fields, summary);
        }
      },
    },
    // The errors' summary at the top of the form, where the focus goes.
    summary,
    h('div', { class: 'grid3' }, effectiveOn.element, reason.element),
    h('div', { class: 'grid3' }, amount.element, endsOn.element, target.element),
    h(
      'div',
      { class: 'field check' },
      changeSplit,
      h('label', { for: 'amend-split' }, 'L’avenant change les PLIE bénéficiaires'),
    ),
    allocation.element,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Enregistrer l’avenant')),
  );
  return h('details', { class: 'card' }, h('summary', null, 'Enregistrer un avenant'), form);
}
