import { mayDo } from '#shared/domain/access';
import { parisDate, yearOf } from '#shared/domain/calendar';
import {
  CONTRACT_KIND_LABELS,
  CONTRACT_KINDS,
  SOCIAL_CONSIDERATION_LABELS,
  SOCIAL_CONSIDERATIONS,
} from '#shared/domain/contracts';
import { scheduleStatus } from '#shared/domain/schedule';
import { all } from '../api';
import type { Session } from '../auth';
import { progressBar } from '../charts';
import { contractCell } from '../contract-link';
import { h, loading, notice, replace, select, table } from '../dom';
import { exportButtons } from '../export';
import { eur, frenchDate, hours, lastMonth } from '../format';
import { plies } from '../plies';
import type { Contract } from '../types';

// The contracts a buyer follows: search, filters and sort in the address (so that a filtered
// list can be bookmarked and comes back with the browser's back button), 25 a page, and the
// same list as a spreadsheet.

const PAGE_SIZE = 25;

const SORTS: Record<string, [string, (a: Row, b: Row) => number]> = {
  notification: [
    'Notification (récente d’abord)',
    (a, b) => b.notifiedOn.localeCompare(a.notifiedOn),
  ],
  reference: ['Référence', (a, b) => a.reference.localeCompare(b.reference, 'fr')],
  montant: ['Montant (le plus élevé d’abord)', (a, b) => b.amount - a.amount],
  avancement: ['Avancement (le plus faible d’abord)', (a, b) => rank(a) - rank(b)],
  titulaire: ['Titulaire', (a, b) => a.awardee.name.localeCompare(b.awardee.name, 'fr')],
};

interface Row extends Contract {
  behind: boolean;
}

/** Contracts without a target go last when sorting by progress. */
const rank = (row: Row) => (row.targetHours ? row.progress : Number.POSITIVE_INFINITY);

const normalised = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

export async function contractsPage(
  main: HTMLElement,
  session: Session,
  params: URLSearchParams,
): Promise<void> {
  replace(main, h('h1', null, 'Marchés'), loading());
  const thisYear = yearOf(lastMonth());
  const year = params.get('annee') ?? String(thisYear);
  const [contracts, plieList] = await Promise.all([
    all<Contract>(year === 'toutes' ? '/api/contracts' : `/api/contracts?activeIn=${year}`),
    plies(),
  ]);
  // Behind schedule today, by the rule the report applies at each month's end (the domain's
  // scheduleStatus), from what the list already holds: no report is read for a list.
  const today = parisDate(new Date());
  const rows: Row[] = contracts.map((c) => ({
    ...c,
    behind: scheduleStatus({
      targetHours: c.targetHours,
      hoursLogged: c.hoursLogged,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      asOf: today,
    }).behind,
  }));
  const buyers = [...new Set(rows.map((r) => r.buyer.name))].sort((a, b) =>
    a.localeCompare(b, 'fr'),
  );

  const form = h('form', {
    class: 'filters',
    role: 'search',
    onsubmit: (e: Event) => e.preventDefault(),
  });
  const control = (label: string, id: string, input: HTMLInputElement | HTMLSelectElement) => {
    input.id = `filtre-${id}`;
    input.addEventListener(input instanceof HTMLInputElement ? 'input' : 'change', () => {
      if (id === 'annee') {
        location.hash = `#/marches?${query({ annee: input.value })}`;
        return;
      }
      page = 1;
      draw();
    });
    return h('div', { class: 'field' }, h('label', { for: input.id }, label), input);
  };
  const search = h('input', {
    type: 'search',
    name: 'q',
    value: params.get('q') ?? '',
    placeholder: 'Référence, objet, titulaire, acheteur',
    autocomplete: 'off',
  });
  const yearSelect = select(
    'annee',
    [
      ...[thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3].map(
        (y) => [String(y), `En cours en ${y}`] as [string, string],
      ),
      ['toutes', 'Toutes les années'],
    ],
    year,
  );
  const buyer = select(
    'acheteur',
    [['', 'Tous'], ...buyers.map((b) => [b, b] as [string, string])],
    params.get('acheteur') ?? '',
  );
  const kind = select(
    'nature',
    [
      ['', 'Toutes'],
      ...CONTRACT_KINDS.map((k) => [k, CONTRACT_KIND_LABELS[k]] as [string, string]),
    ],
    params.get('nature') ?? '',
  );
  const plie = select(
    'plie',
    [
      ['', 'Tous'],
      ['partage', 'Partagé entre PLIE'],
      ['aucun', 'Aucun PLIE désigné'],
      ...[...plieList.values()].map((p) => [p.id, p.name] as [string, string]),
    ],
    params.get('plie') ?? '',
  );
  const consideration = select(
    'consideration',
    [
      ['', 'Toutes'],
      ...SOCIAL_CONSIDERATIONS.map((c) => [c, SOCIAL_CONSIDERATION_LABELS[c]] as [string, string]),
      ['aucune', 'Aucune considération sociale'],
    ],
    params.get('consideration') ?? '',
  );
  const late = h('input', {
    type: 'checkbox',
    name: 'retard',
    checked: params.get('retard') === 'oui',
  });
  const sort = select(
    'tri',
    Object.entries(SORTS).map(([k, [label]]) => [k, label] as [string, string]),
    params.get('tri') ?? 'notification',
  );
  late.id = 'filtre-retard';
  late.addEventListener('change', () => {
    page = 1;
    draw();
  });
  form.append(
    control('Rechercher', 'q', search),
    control('Année', 'annee', yearSelect),
    control('Acheteur', 'acheteur', buyer),
    control('Nature', 'nature', kind),
    control('PLIE', 'plie', plie),
    control('Considération sociale', 'consideration', consideration),
    control('Trier par', 'tri', sort),
    h(
      'div',
      { class: 'field check' },
      late,
      h('label', { for: 'filtre-retard' }, 'En retard seulement'),
    ),
  );

  let page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const query = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({
      annee: yearSelect.value,
      q: search.value,
      acheteur: buyer.value,
      nature: kind.value,
      plie: plie.value,
      consideration: consideration.value,
      tri: sort.value,
      retard: late.checked ? 'oui' : '',
      page: String(page),
      ...extra,
    });
    for (const [key, value] of [...q.entries()])
      if (!value || (key === 'page' && value === '1')) q.delete(key);
    return q.toString();
  };

  const filtered = (): Row[] => {
    const words = normalised(search.value).split(/\s+/).filter(Boolean);
    return rows
      .filter((r) => {
        const text = normalised(
          `${r.reference} ${r.title} ${r.awardee.name} ${r.buyer.name} ${r.lot ?? ''}`,
        );
        if (!words.every((w) => text.includes(w))) return false;
        if (buyer.value && r.buyer.name !== buyer.value) return false;
        if (kind.value && r.kind !== kind.value) return false;
        if (plie.value === 'partage' && r.allocation?.mode !== 'shared') return false;
        if (plie.value === 'aucun' && r.allocation) return false;
        if (
          plie.value &&
          !['partage', 'aucun'].includes(plie.value) &&
          !(r.allocation?.mode === 'single' && r.allocation.plieId === plie.value)
        )
          return false;
        if (consideration.value === 'aucune' && r.socialConsiderations.length) return false;
        if (
          consideration.value &&
          consideration.value !== 'aucune' &&
          !r.socialConsiderations.includes(consideration.value as never)
        )
          return false;
        if (late.checked && !r.behind) return false;
        return true;
      })
      .sort((SORTS[sort.value] ?? (SORTS.notification as [string, (a: Row, b: Row) => number]))[1]);
  };

  const allocationText = (r: Row) =>
    !r.allocation
      ? 'À désigner'
      : r.allocation.mode === 'shared'
        ? r.allocation.territory
          ? `Partagé (${r.allocation.territory})`
          : 'Partagé'
        : (plieList.get(r.allocation.plieId)?.name ?? r.allocation.plieId);

  const results = h('div', null);
  const status = h('p', { role: 'status', class: 'muted' });
  const draw = () => {
    history.replaceState(null, '', `#/marches${query() ? `?${query()}` : ''}`);
    const list = filtered();
    const pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
    page = Math.min(page, pages);
    const shown = list.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    status.textContent = list.length
      ? `${list.length} marché${list.length > 1 ? 's' : ''} · page ${page} sur ${pages}`
      : 'Aucun marché ne correspond à ces critères.';
    const go = (to: number) => () => {
      page = to;
      draw();
      results.querySelector('table')?.scrollIntoView({ block: 'start' });
    };
    replace(
      results,
      shown.length
        ? table(
            [
              'Marché',
              'Titulaire',
              'Notifié le',
              ['Montant HT', 'num'],
              'PLIE',
              ['Réalisé / objectif', 'num'],
              'Avancement',
            ],
            shown.map((r) =>
              h(
                'tr',
                null,
                contractCell({ ...r, note: r.lot ? `Lot ${r.lot}` : null }),
                h('td', null, r.awardee.name, h('br'), h('span', { class: 'muted' }, r.buyer.name)),
                h('td', null, frenchDate(r.notifiedOn)),
                h('td', { class: 'num' }, eur(r.amount)),
                h('td', null, allocationText(r)),
                h(
                  'td',
                  { class: 'num' },
                  hours(r.hoursLogged),
                  h('br'),
                  h(
                    'span',
                    { class: 'muted' },
                    r.targetHours === null ? 'sans objectif' : `sur ${hours(r.targetHours)}`,
                  ),
                ),
                h(
                  'td',
                  null,
                  progressBar(r.hoursLogged, r.targetHours, null, r.behind),
                  r.behind ? h('span', { class: 'tag late' }, 'En retard') : null,
                ),
              ),
            ),
            'Marchés',
          )
        : null,
      pages > 1
        ? h(
            'nav',
            { class: 'pager', 'aria-label': 'Pages de la liste' },
            h(
              'button',
              { type: 'button', class: 'secondary', disabled: page <= 1, onclick: go(page - 1) },
              '← Précédente',
            ),
            h('span', null, `Page ${page} sur ${pages}`),
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                disabled: page >= pages,
                onclick: go(page + 1),
              },
              'Suivante →',
            ),
          )
        : null,
    );
  };

  replace(
    main,
    h('h1', null, 'Marchés'),
    mayDo(session, 'contracts:write')
      ? h(
          'div',
          { class: 'actions' },
          h('a', { class: 'button', href: '#/marches/nouveau' }, 'Enregistrer un marché'),
          h('a', { href: '#/import-decp' }, 'Importer des marchés (DECP)'),
        )
      : null,
    // On a phone the filters fold away under the search, so that the list comes first.
    h(
      'details',
      { class: 'card', open: !matchMedia('(max-width: 700px)').matches },
      h('summary', null, 'Recherche, filtres et tri'),
      form,
    ),
    h(
      'div',
      { class: 'row between' },
      status,
      exportButtons({
        name: `marches-${year}`,
        headers: [
          'Référence',
          'Lot',
          'Objet',
          'Acheteur',
          'Titulaire',
          'SIRET du titulaire',
          'Nature',
          'Notifié le',
          'Début',
          'Fin',
          'Montant HT (€)',
          'PLIE',
          'Considérations sociales',
          'Heures réalisées',
          'Objectif (h)',
          'En retard',
        ],
        rows: () =>
          filtered().map((r) => [
            r.reference,
            r.lot ?? '',
            r.title,
            r.buyer.name,
            r.awardee.name,
            r.awardee.siret,
            CONTRACT_KIND_LABELS[r.kind],
            frenchDate(r.notifiedOn),
            frenchDate(r.startsOn),
            frenchDate(r.endsOn),
            r.amount,
            allocationText(r),
            r.socialConsiderations.map((c) => SOCIAL_CONSIDERATION_LABELS[c]).join(', '),
            r.hoursLogged,
            r.targetHours,
            r.behind ? 'oui' : 'non',
          ]),
      }),
    ),
    results,
    rows.length ? null : notice('info', 'Aucun marché pour cette année.'),
  );
  draw();
}
