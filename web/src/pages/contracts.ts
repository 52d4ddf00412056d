import { mayDo } from '#shared/domain/access';
import { yearOf } from '#shared/domain/calendar';
import { CONTRACT_KIND_LABELS, SOCIAL_CONSIDERATION_LABELS } from '#shared/domain/contracts';
import { HOURS_TARGET_MISSING, hoursTargetMissing } from '#shared/domain/hours-target';
import { ownPlie, type Session } from '../auth';
import { buyerName, companyText, toCompleteTag } from '../company-text';
import { contractCell } from '../contract-link';
import { h, loading, notice, replace, table } from '../dom';
import { exportButtons } from '../export';
import { eur, frenchDate, hours, lastMonth } from '../format';
import { plies } from '../plies';
import { coordinatorShares, sharePaceCell, yearEndWords } from '../share-pace';
import { type ContractRow, contractFilters } from './contract-filters';
import { buyerChoice, contractRows, progressCell } from './contract-rows';

// The contracts a buyer follows: search, filters and sort in the address (contract-filters.ts),
// 25 a page, and the same list as a spreadsheet.

const PAGE_SIZE = 25;
/** The list's own address, with or without its filters (not `#/marches/…`, a contract's). */
const LIST_ADDRESS = /^#\/marches(\?|$)/;

export async function contractsPage(
  main: HTMLElement,
  session: Session,
  params: URLSearchParams,
): Promise<void> {
  replace(main, h('h1', null, 'Marchés'), loading());
  const thisYear = yearOf(lastMonth());
  const year = params.get('annee') ?? String(thisYear);
  const yearAsked = year === 'toutes' ? undefined : Number(year);
  // A closed year's contracts are judged at its end: the list says so where it judges them.
  const atYearEnd = yearEndWords(yearAsked);
  const [plieList, shares] = await Promise.all([
    plies(),
    // A coordinator's status of a contract is her PLIE's share's, as her dashboard says it.
    ownPlie(session) ? coordinatorShares(yearAsked) : null,
  ]);
  // The buyers the lists read so far name, by SIRET (the same name may be two buyers): the
  // one the address asks for is offered before its list is read.
  const buyerChoices = new Map<string, string>();
  const asked = params.get('acheteur');
  if (asked) buyerChoices.set(asked, asked);
  const buyers = () => [...buyerChoices].sort((a, b) => a[1].localeCompare(b[1], 'fr'));

  const filters = contractFilters(
    params,
    { thisYear, year, buyers: buyers(), plies: plieList },
    {
      yearChosen: (annee) => {
        location.hash = `#/marches?${query({ annee })}`;
      },
      changed: () => void changed(),
    },
  );

  // The list as the API filters it (buyer, origin, consideration, target to enter): read
  // again when one of those changes, whatever the structure's size; the other filters and the
  // sort apply to what it answers (contract-filters.ts).
  let rows: ContractRow[] = [];
  let readQuery: string | null = null;
  const apiQuery = () => {
    const q = filters.apiQuery();
    if (year !== 'toutes') q.set('activeIn', year);
    return q.toString();
  };
  const read = async (q: string) => {
    const list = await contractRows(q, shares);
    for (const r of list) {
      const [value, label] = buyerChoice(r);
      const known = buyerChoices.get(value);
      // A name beats the SIRET the address gave and the « Nom à compléter » of a file.
      const unnamed = (text: string) => text === value || text.startsWith('Nom à compléter');
      if (known === undefined || (unnamed(known) && !unnamed(label)))
        buyerChoices.set(value, label);
    }
    return list;
  };
  // A list asked for while another was on its way: the last one asked is shown.
  let asking = 0;
  const changed = async (first = false) => {
    // A change of filter starts the list again; the address's page holds when it opens.
    if (!first) page = 1;
    const q = apiQuery();
    if (q !== readQuery) {
      const mine = ++asking;
      status.textContent = 'Chargement de la liste…';
      // Busy until the list is drawn: assistive technologies (and the tests) wait for it.
      status.setAttribute('aria-busy', 'true');
      const list = await read(q);
      if (mine !== asking) return;
      status.removeAttribute('aria-busy');
      rows = list;
      readQuery = q;
      filters.setBuyers(buyers());
    }
    draw();
  };

  let page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const query = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({
      ...filters.values(),
      page: String(page),
      ...extra,
    });
    for (const [key, value] of [...q.entries()])
      if (!value || (key === 'page' && value === '1')) q.delete(key);
    return q.toString();
  };

  const filtered = (): ContractRow[] => filters.filtered(rows);

  const allocationText = (r: ContractRow) =>
    !r.allocation
      ? 'À désigner'
      : r.allocation.mode === 'shared'
        ? r.allocation.territory
          ? `Partagé (${r.allocation.territory})`
          : 'Partagé'
        : (plieList.get(r.allocation.plieId)?.name ?? r.allocation.plieId);

  const shareCell = (r: ContractRow) => {
    const share = shares?.get(r.id);
    if (!share) return null;
    const own = r.allocation?.mode === 'shared' ? plieList.get(ownPlie(session) ?? '') : null;
    return sharePaceCell(share, own?.name ?? null);
  };
  // « En retard » is in the last column, off to the right on a phone: it is said under the
  // contract too there, where the eye starts (hidden from screen readers, which read the row's
  // last cell; hidden on a wider screen, where the last column is in view).
  const firstCellTags = (r: ContractRow) => {
    const behind = shares?.get(r.id)?.behind ?? r.behind;
    const late = behind
      ? h('span', { class: 'tag late phone-only', 'aria-hidden': 'true' }, 'En retard')
      : null;
    const toComplete = toCompleteTag(r.toComplete);
    return late || toComplete ? h('span', null, toComplete, late ? [' ', late] : null) : null;
  };
  const results = h('div', null);
  const status = h('p', { role: 'status', class: 'muted' });
  const none = h('div', null);
  const draw = () => {
    // A list that arrives once the user has left for another page leaves the address alone:
    // rewritten before the browser dispatched the new page's hashchange, it sent the user back
    // to the list (a click on « Importer des marchés (DECP) » while the list was loading).
    if (!main.isConnected || !LIST_ADDRESS.test(location.hash)) return;
    history.replaceState(null, '', `#/marches${query() ? `?${query()}` : ''}`);
    // Nothing at all this year, rather than nothing matching.
    replace(
      none,
      rows.length || filters.apiQuery().size
        ? null
        : notice('info', 'Aucun marché pour cette année.'),
    );
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
              `Avancement${atYearEnd}`,
            ],
            shown.map((r) =>
              h(
                'tr',
                null,
                contractCell({ ...r, note: r.lot ? `Lot ${r.lot}` : null }, firstCellTags(r)),
                h(
                  'td',
                  null,
                  companyText(r.awardee),
                  h('br'),
                  // Said, under the awardee's column: on a phone it read as a second awardee.
                  h('span', { class: 'muted' }, `Acheteur : ${buyerName(r.buyer)}`),
                ),
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
                  hoursTargetMissing(r)
                    ? [h('br'), h('span', { class: 'tag todo' }, HOURS_TARGET_MISSING)]
                    : null,
                ),
                h('td', null, shareCell(r) ?? progressCell(r, atYearEnd !== '')),
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
      filters.form,
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
          'SIRET ou identifiant du titulaire',
          'Nature',
          'Notifié le',
          'Début',
          'Fin',
          'Montant HT (€)',
          'PLIE',
          'Considérations sociales',
          'Heures réalisées',
          'Objectif (h)',
          `En retard${atYearEnd}`,
        ],
        rows: () =>
          filtered().map((r) => [
            r.reference,
            r.lot ?? '',
            r.title,
            r.buyer.name,
            r.awardee.name,
            r.awardee.siret ?? r.awardee.siren ?? r.awardee.identifier ?? '',
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
    none,
  );
  await changed(true);
}
