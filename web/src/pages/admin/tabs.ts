import { h } from '../../dom';

// The administration's sections, as links (each its own page and address).

const TABS: [string, string, string][] = [
  ['plies', '#/administration', 'PLIE'],
  ['criteres', '#/administration/criteres', 'Critères et clé de répartition'],
  ['financement', '#/administration/financement', 'Conventions de financement'],
  ['seuils', '#/administration/seuils', 'Seuils européens'],
  ['relances', '#/administration/relances', 'Relances des titulaires'],
  ['export', '#/administration/export', 'Export des données'],
  ['acheteurs', '#/administration/acheteurs', 'Bilans des acheteurs'],
  ['donnees-ouvertes', '#/administration/donnees-ouvertes', 'Données ouvertes'],
];

export function adminTabs(current: string): HTMLElement {
  return h(
    'nav',
    { class: 'tabs', 'aria-label': 'Sections de l’administration' },
    h(
      'ul',
      null,
      TABS.map(([key, href, label]) =>
        h('li', null, h('a', { href, 'aria-current': key === current ? 'page' : null }, label)),
      ),
    ),
  );
}
