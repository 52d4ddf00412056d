import { yearOf } from '#shared/domain/calendar';
import { ApiError, api } from '../api';
import { h, loading, notice, replace, table } from '../dom';
import { exportButtons } from '../export';
import { eur, hours, lastMonth, pct } from '../format';
import { plies } from '../plies';
import type { Funding, Outcomes } from '../types';
import { yearLinks } from '../year-links';

// Every PLIE at a glance, for procurement and administrators: the year's hours, the money
// they bring under the convention, and the share of positive exits. Each opens on its page.

export async function pliesPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  replace(main, h('h1', null, 'PLIE'), loading());
  const year = Number(params.get('annee') ?? yearOf(lastMonth()));
  const list = [...(await plies()).values()];
  const [funding, outcomes] = await Promise.all([
    api<Funding>('GET', `/api/funding?year=${year}`).catch((e) =>
      e instanceof ApiError && e.status === 404 ? null : Promise.reject(e),
    ),
    Promise.all(list.map((p) => api<Outcomes>('GET', `/api/outcomes?year=${year}&plieId=${p.id}`))),
  ]);
  const rowOf = (id: string) => funding?.plies.find((r) => r.plieId === id);
  replace(
    main,
    h('h1', null, `PLIE — ${year}`),
    yearLinks([year - 2, year - 1, year], year, (y) => `#/plies?annee=${y}`),
    funding
      ? null
      : notice(
          'info',
          `Aucune convention de financement n’est saisie pour ${year} : les montants restent vides.`,
        ),
    h(
      'div',
      { class: 'row between' },
      h('p', { class: 'muted' }, `${list.length} PLIE`),
      exportButtons({
        name: `plie-${year}`,
        headers: [
          'PLIE',
          'Heures',
          'Part fixe (€)',
          'Part variable (€)',
          'Financement (€)',
          'Sorties',
          'Sorties positives',
          'Taux de sorties positives',
        ],
        rows: () =>
          list.map((p, i) => {
            const row = rowOf(p.id);
            const o = outcomes[i] as Outcomes;
            return [
              p.name,
              row?.hours ?? null,
              row?.fixed ?? null,
              row?.variable ?? null,
              row?.total ?? null,
              o.exits,
              o.positive,
              o.exits - o.neutral ? Math.round(o.positiveRate * 1000) / 10 : null,
            ];
          }),
      }),
    ),
    table(
      [
        'PLIE',
        ['Heures', 'num'],
        ['Part fixe', 'num'],
        ['Part variable', 'num'],
        ['Financement', 'num'],
        ['Sorties positives', 'num'],
      ],
      list.map((p, i) => {
        const row = rowOf(p.id);
        const o = outcomes[i] as Outcomes;
        return h(
          'tr',
          null,
          h('td', null, h('a', { href: `#/plie/${p.id}` }, p.name)),
          h('td', { class: 'num' }, row ? hours(row.hours) : '—'),
          h('td', { class: 'num' }, row ? eur(row.fixed) : '—'),
          h('td', { class: 'num' }, row ? eur(row.variable) : '—'),
          h('td', { class: 'num' }, row ? h('strong', null, eur(row.total)) : '—'),
          h(
            'td',
            { class: 'num' },
            o.exits ? `${pct(o.positiveRate)} (${o.positive} sur ${o.exits - o.neutral})` : '—',
          ),
        );
      }),
      `Les PLIE en ${year}`,
    ),
    funding
      ? h(
          'p',
          { class: 'muted' },
          `Total ${year} : ${hours(funding.totals.hours)} réalisées, ${eur(funding.totals.total)} de financement.`,
        )
      : null,
  );
}
