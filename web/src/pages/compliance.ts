import { BASIS_LABELS } from '#shared/domain/reserved';
import { api } from '../api';
import { contractCell } from '../contract-link';
import { h, loading, notice, replace, table } from '../dom';
import { eur, frenchDate, pct } from '../format';
import type { Compliance, ReservedMarkets } from '../types';

/** The year's reserved markets and every contract that breaks a rule. */
export async function compliancePage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const year = Number(params.get('annee') ?? new Date().getFullYear());
  const picker = h('input', {
    type: 'number',
    id: 'compliance-year',
    min: '2000',
    max: '2100',
    value: String(year),
    style: 'width:8em',
  });
  picker.addEventListener('change', () => {
    location.hash = `#/conformite?annee=${picker.value}`;
  });
  const body = h('div', null, loading());
  replace(
    main,
    h('h1', null, 'Marchés réservés et conformité'),
    h('div', { class: 'field' }, h('label', { for: 'compliance-year' }, 'Année'), picker),
    body,
  );
  const [reserved, compliance] = await Promise.all([
    api<ReservedMarkets>('GET', `/api/reserved-markets?year=${year}`),
    api<Compliance>('GET', `/api/compliance?year=${year}`),
  ]);
  const t = reserved.totals;
  replace(
    body,
    h('h2', null, `Marchés réservés notifiés en ${year}`),
    h(
      'div',
      { class: 'figures' },
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Marchés réservés'),
        h('strong', null, String(t.count)),
      ),
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Montant HT'),
        h('strong', null, eur(t.amount)),
      ),
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Part des marchés de l’année'),
        h('strong', null, pct(t.shareOfAmount)),
      ),
    ),
    Object.keys(t.byBasis).length
      ? table(
          ['Fondement', ['Marchés', 'num'], ['Montant HT', 'num']],
          Object.entries(t.byBasis).map(([, b]) =>
            h(
              'tr',
              null,
              h('td', null, b.label),
              h('td', { class: 'num' }, String(b.count)),
              h('td', { class: 'num' }, eur(b.amount)),
            ),
          ),
        )
      : null,
    reserved.items.length
      ? h(
          'div',
          { style: 'margin-top:12px' },
          table(
            ['Marché', 'Titulaire', 'Fondement', ['Montant HT', 'num'], 'Notifié le'],
            reserved.items.map((m) =>
              h(
                'tr',
                null,
                contractCell(m),
                h('td', null, m.awardee.name),
                h('td', null, m.basis ? BASIS_LABELS[m.basis] : 'à compléter'),
                h('td', { class: 'num' }, eur(m.amount)),
                h('td', null, frenchDate(m.notifiedOn)),
              ),
            ),
          ),
        )
      : notice('info', `Aucun marché réservé notifié en ${year}.`),
    h('h2', null, 'Écarts aux règles'),
    h(
      'p',
      { class: 'muted' },
      `${compliance.contractsChecked} marché(s) en cours contrôlé(s), situation au ${frenchDate(compliance.asOf)}.`,
    ),
    compliance.items.length
      ? table(
          ['Marché', 'Règle', 'Écart'],
          compliance.items.flatMap((item) =>
            item.issues.map((issue) =>
              h(
                'tr',
                null,
                contractCell(item.contract),
                h('td', null, issue.reference),
                h('td', null, issue.message),
              ),
            ),
          ),
        )
      : notice('success', 'Aucun écart : les marchés contrôlés respectent les règles.'),
  );
}
