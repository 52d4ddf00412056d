import {
  longFrenchDate,
  monthNumberOf,
  monthOf,
  monthsFrom,
  shortFrenchMonth,
  yearOf,
} from '#shared/domain/calendar';
import { api } from '../api';
import { monthlyChart, PALETTE, progressBar, reportRowProgress } from '../charts';
import { h, notice, replace, table } from '../dom';
import { withExport } from '../export';
import { hours } from '../format';
import { paceTag } from '../pace-tag';
import { paceDay } from '../share-pace';
import type { ContractDetail } from '../types';

// The contract's figures that its hour lines make: the total against its objective, the split
// between PLIEs and the months' chart. Drawn from the API each time, so that voiding a line
// below shows its effect at once instead of after a reload.

export interface ContractMonths {
  items: { year: number; plieId: string; months: number[] }[];
}

export interface ContractFigures {
  /** The total, the objective and the progress, at the top of the page. */
  totals: HTMLElement;
  /** The split between PLIEs and the hours month by month. */
  split: HTMLElement;
  /** Reads the contract and its months again and redraws both boxes in place. */
  refresh(): Promise<void>;
}

export function contractFigures(
  contract: ContractDetail,
  months: ContractMonths,
  names: Map<string, string>,
): ContractFigures {
  const totals = h('div', { class: 'figures' });
  const split = h('div', null);
  const draw = (c: ContractDetail, m: ContractMonths) => {
    replace(totals, totalsOf(c));
    replace(split, ...splitOf(c, m, names));
  };
  draw(contract, months);
  return {
    totals,
    split,
    async refresh() {
      const [c, m] = await Promise.all([
        api<ContractDetail>('GET', `/api/contracts/${contract.id}`),
        api<ContractMonths>('GET', `/api/contracts/${contract.id}/months`),
      ]);
      draw(c, m);
    },
  };
}

function totalsOf(contract: ContractDetail): HTMLElement[] {
  const figure = (label: string, value: Node | string) =>
    h('div', { class: 'figure' }, h('span', null, label), h('strong', null, value));
  return [
    figure('Réalisé', hours(contract.hoursLogged)),
    figure('Objectif', contract.targetHours === null ? '—' : hours(contract.targetHours)),
    figure('Avancement', progressBar(contract.hoursLogged, contract.targetHours, null, false)),
  ];
}

function splitOf(
  contract: ContractDetail,
  months: ContractMonths,
  names: Map<string, string>,
): (Node | Node[] | null)[] {
  // Months of the contract's period that have passed, as chart columns.
  const keys = monthsFrom(monthOf(contract.startsOn), monthOf(contract.endsOn));
  const labels = keys.map(shortFrenchMonth);
  const series = [...new Set(months.items.map((i) => i.plieId))].map((plieId, i) => ({
    name: names.get(plieId) ?? plieId,
    color: PALETTE[i % PALETTE.length] as string,
    values: keys.map(
      (key) =>
        months.items.find((r) => r.plieId === plieId && r.year === yearOf(key))?.months[
          monthNumberOf(key) - 1
        ] ?? 0,
    ),
  }));
  const lastWithHours = Math.max(0, ...series.flatMap((s) => s.values.map((v, i) => (v ? i : 0))));
  const shown = Math.max(lastWithHours + 1, Math.min(keys.length, 12));
  return [
    h('h2', null, 'Répartition entre PLIE'),
    contract.allocationMode?.mode === 'shared' && contract.allocationMode.territory
      ? h(
          'p',
          null,
          `Marché partagé entre les PLIE du territoire « ${contract.allocationMode.territory} ».`,
        )
      : null,
    contract.allocation
      ? withExport(
          table(
            [
              'PLIE',
              ['Heures attribuées', 'num'],
              ['Heures réalisées', 'num'],
              // Each share judged on the day the dashboard judges it, by the same rule.
              `Avancement (attendu au ${longFrenchDate(paceDay())})`,
              'Statut',
            ],
            contract.allocation.map((a) => {
              // Judged by the API as the PLIE's monthly report judges it.
              const pace = a.pace;
              return h(
                'tr',
                null,
                h('td', null, names.get(a.plieId) ?? a.plieId),
                h('td', { class: 'num' }, hours(a.allottedHours)),
                h('td', { class: 'num' }, hours(a.hoursLogged)),
                h('td', null, pace ? reportRowProgress(pace) : '—'),
                h('td', null, pace ? paceTag(pace) : '—'),
              );
            }),
            'Répartition entre PLIE',
          ),
          'repartition-marche',
          'Exporter la répartition',
        )
      : notice('info', contract.allocationIssue ?? 'Pas de répartition.'),
    h('h2', null, 'Heures par mois'),
    h(
      'div',
      { class: 'card' },
      monthlyChart(
        labels.slice(0, shown),
        series.map((s) => ({ ...s, values: s.values.slice(0, shown) })),
        'Heures réalisées par mois et par PLIE',
      ),
    ),
  ];
}
