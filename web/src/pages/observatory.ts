import { h, notice, replace } from '../dom';

// The observatory's home. Its consolidation of every structure's yearly figures is not built
// yet: until it is, the page says so plainly rather than showing an empty table.

export function observatoryPage(main: HTMLElement): void {
  replace(
    main,
    h('h1', null, 'Observatoire'),
    notice(
      'info',
      h('strong', null, 'La consolidation n’est pas encore disponible. '),
      'Cette page montrera les chiffres annuels de toutes les structures de la plateforme : heures d’insertion, équivalents temps plein, personnes, marchés, sorties et taux de sorties positives.',
    ),
    h(
      'p',
      null,
      'Elle n’en donnera que des totaux, sous secret statistique : un effectif de moins de 5 personnes n’est pas affiché. Aucune donnée d’une structure n’est ouverte à l’observatoire.',
    ),
  );
}
