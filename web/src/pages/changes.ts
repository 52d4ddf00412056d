import { actorName } from '#shared/domain/access';
import { addDays, parisDate } from '#shared/domain/calendar';
import { all, api } from '../api';
import { ACTION_LABELS, ENTITY_LABELS } from '../change-labels';
import { CHANGE_EXPORT_HEADERS, CHANGE_HEADERS, changeCells, changeRow } from '../change-rows';
import { h, loading, notice, replace, select, table } from '../dom';
import { exportButtons } from '../export';
import { frenchDate } from '../format';
import { plies } from '../plies';
import type { Change, Contract, Page } from '../types';

// The change log: one entry per action, who did it, on what, what it concerns (contract, month,
// PLIE) and each field before → after. The journal reads a range of dates (the last 30 days
// unless said) with filters, a page at a time, newest first; its exports hold every entry of
// the range and filters. One object's whole history (a contract, a participant) too.

const PAGE = 100;

/** The page's filters, in its address (#/journal?du=…&au=…): a view can be bookmarked. */
const FILTERS = {
  action: 'action',
  objet: 'entityType',
  qui: 'actor',
  marche: 'contractId',
  plie: 'plieId',
} as const;

export async function changesPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const entityId = params.get('id');
  if (entityId) return historyPage(main, params.get('type') ?? '', entityId);
  replace(main, h('h1', null, 'Journal des modifications'), loading());
  const today = parisDate(new Date());
  const to = params.get('au') || today;
  const from = params.get('du') || addDays(to, -30);
  const query = new URLSearchParams({ from, to });
  for (const [param, apiName] of Object.entries(FILTERS)) {
    const value = params.get(param);
    if (value) query.set(apiName, value);
  }
  const [first, contracts, plieMap] = await Promise.all([
    // The first page names everyone who acted in the range (`actors`), for « Qui ».
    api<Page<Change> & { actors?: Change['actor'][] }>(
      'GET',
      `/api/changes?${query}&limit=${PAGE}`,
    ),
    all<Contract>('/api/contracts'),
    plies(),
  ]);
  const entries = [...first.items];
  let cursor = first.nextCursor;

  const dateInput = (name: string, id: string, value: string) =>
    h('input', { type: 'date', name, id, value, max: today, required: true });
  const fromInput = dateInput('du', 'journal-du', from);
  const toInput = dateInput('au', 'journal-au', to);
  // Who: everyone who acted in the range with the other filters, not only the people of the
  // entries shown (the chosen one too, were they gone), by name.
  const people = new Map(
    (first.actors ?? entries.map((e) => e.actor)).map((a) => [a.sub, actorName(a)]),
  );
  const chosen = params.get('qui');
  if (chosen && !people.has(chosen)) people.set(chosen, chosen);
  const selects = {
    action: select(
      'action',
      [['', 'Toutes'], ...Object.entries(ACTION_LABELS).sort((a, b) => a[1].localeCompare(b[1]))],
      params.get('action') ?? '',
      { id: 'journal-action' },
    ),
    objet: select(
      'objet',
      [['', 'Tous'], ...Object.entries(ENTITY_LABELS)],
      params.get('objet') ?? '',
      {
        id: 'journal-objet',
      },
    ),
    qui: select('qui', [['', 'Tout le monde'], ...people.entries()], chosen ?? '', {
      id: 'journal-qui',
    }),
    marche: select(
      'marche',
      [
        ['', 'Tous'],
        ...contracts
          .map((c): [string, string] => [c.id, `${c.reference} — ${c.title}`])
          .sort((a, b) => a[1].localeCompare(b[1], 'fr')),
      ],
      params.get('marche') ?? '',
      { id: 'journal-marche' },
    ),
    plie: select(
      'plie',
      [['', 'Tous'], ...[...plieMap.values()].map((p): [string, string] => [p.id, p.name])],
      params.get('plie') ?? '',
      { id: 'journal-plie' },
    ),
  };
  const problem = h('p', { class: 'error', id: 'journal-probleme', role: 'alert' });
  const field = (label: string, control: HTMLElement & { id: string }) =>
    h('div', { class: 'field' }, h('label', { for: control.id }, label), control);
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      // Checked here, in French, beside the fields (not by the browser's own bubbles).
      novalidate: true,
      'aria-label': 'Période et filtres du journal',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const empty = !fromInput.value || !toInput.value;
        if (empty || fromInput.value > toInput.value) {
          problem.textContent = empty
            ? 'Donnez les deux dates de la période (jj/mm/aaaa).'
            : 'La date de début doit précéder la date de fin.';
          fromInput.setAttribute('aria-invalid', 'true');
          fromInput.setAttribute('aria-describedby', problem.id);
          fromInput.focus();
          return;
        }
        const next = new URLSearchParams({ du: fromInput.value, au: toInput.value });
        for (const [name, control] of Object.entries(selects))
          if (control.value) next.set(name, control.value);
        location.hash = `#/journal?${next}`;
      },
    },
    field('Du', fromInput),
    field('Au', toInput),
    field('Action', selects.action),
    field('Objet', selects.objet),
    field('Qui', selects.qui),
    field('Marché', selects.marche),
    field('PLIE', selects.plie),
    h('div', { class: 'field' }, h('button', { type: 'submit' }, 'Afficher')),
  );

  const status = h('p', { role: 'status', class: 'muted' });
  const results = h('div', null);
  const more = h('div', null);
  const draw = () => {
    status.textContent = `${entries.length}${cursor ? ' premières' : ''} modification${entries.length > 1 ? 's' : ''} du ${frenchDate(from)} au ${frenchDate(to)}, les plus récentes d’abord.`;
    replace(
      results,
      entries.length
        ? table(CHANGE_HEADERS, entries.map(changeRow), 'Modifications')
        : notice('info', 'Aucune modification sur cette période avec ces filtres.'),
    );
    replace(
      more,
      cursor
        ? h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              onclick: async (event: Event) => {
                const button = event.currentTarget as HTMLButtonElement;
                button.disabled = true;
                const page = await api<Page<Change>>(
                  'GET',
                  `/api/changes?${query}&limit=${PAGE}&cursor=${encodeURIComponent(cursor ?? '')}`,
                );
                const firstNew = entries.length;
                entries.push(...page.items);
                cursor = page.nextCursor;
                draw();
                // Focus goes to the first new row's link or cell, where reading resumes.
                const row = results.querySelectorAll('tbody tr')[firstNew];
                const target = row?.querySelector<HTMLElement>('a') ?? status;
                target.focus();
              },
            },
            `Afficher les ${PAGE} suivantes`,
          )
        : null,
    );
  };
  replace(
    main,
    h('h1', null, 'Journal des modifications'),
    form,
    problem,
    h(
      'div',
      { class: 'row between' },
      status,
      exportButtons({
        name: `journal-${from}-${to}`,
        headers: CHANGE_EXPORT_HEADERS,
        label: 'Exporter le journal de la période (toutes les pages)',
        // Every entry of the range and filters, not only the pages shown.
        rows: async () => (await all<Change>(`/api/changes?${query}`)).map(changeCells),
      }),
    ),
    results,
    more,
  );
  draw();
}

/** One object's whole history, oldest first. */
async function historyPage(main: HTMLElement, entityType: string, entityId: string) {
  replace(main, h('h1', null, 'Historique'), loading());
  const query = `entityType=${encodeURIComponent(entityType)}&entityId=${encodeURIComponent(entityId)}`;
  const changes = (await all<Change>(`/api/changes?${query}`)).reverse();
  const name = changes[0]?.object ?? ENTITY_LABELS[entityType] ?? 'objet';
  replace(
    main,
    h('h1', null, `Historique — ${name}`),
    h('p', null, h('a', { href: '#/journal' }, 'Voir le journal des 30 derniers jours')),
    h(
      'div',
      { class: 'row between' },
      h(
        'p',
        { role: 'status', class: 'muted' },
        `${changes.length} modification${changes.length > 1 ? 's' : ''}, les plus récentes d’abord.`,
      ),
      exportButtons({
        name: `historique-${entityType}`,
        headers: CHANGE_EXPORT_HEADERS,
        rows: () => changes.map(changeCells),
      }),
    ),
    changes.length
      ? table(CHANGE_HEADERS, changes.map(changeRow), 'Modifications')
      : notice('info', 'Aucune modification enregistrée pour cet objet.'),
  );
}
