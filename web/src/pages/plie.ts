import { mayDoForPlie } from '#shared/domain/access';
import { monthNumberOf, shortFrenchMonth, yearOf } from '#shared/domain/calendar';
import { HOUR_MODE_LABELS, HOUR_MODES } from '#shared/domain/hours';
import { all, api } from '../api';
import { ownPlie, type Session } from '../auth';
import { monthlyChart, PALETTE, reportRowProgress } from '../charts';
import { contractCell } from '../contract-link';
import { h, loading, notice, replace, table } from '../dom';
import { withExport } from '../export';
import { hours, lastMonth, pct } from '../format';
import { plies as knownPlies } from '../plies';
import type { MonthlyReport, Participant, PlieMonths } from '../types';
import { participantsTable } from './participants';
import { asOfLabel, plieFunding } from './plie-funding';
import { plieYears, readPlieYear } from './plie-years';

/** What a coordinator lands on: the PLIE's money this year, its contracts, its people. */
export async function pliePage(main: HTMLElement, session: Session, plieId: string): Promise<void> {
  replace(main, loading());
  const month = lastMonth();
  const year = yearOf(month);
  const [plies, report, participants, thisYear] = await Promise.all([
    knownPlies().then((byId) => [...byId.values()]),
    api<MonthlyReport>('GET', `/api/reports/monthly/${month}?plieId=${plieId}`),
    all<Participant>(`/api/participants?plieId=${plieId}`),
    // The money acquired at the end of the month just ended: the figure of its monthly report.
    readPlieYear(plieId, year, month),
  ]);
  const { outcomes, funding, months } = thisYear;
  // Every read is done before the page is made from what they gave.
  const overYears = await plieYears(plieId, year, thisYear);
  const plie = plies.find((p) => p.id === plieId);
  const money = plieFunding(plieId, year, month, funding);
  const people = h('div', null);
  const showPeople = (list: Participant[]) =>
    replace(
      people,
      list.length
        ? participantsTable(list, 'Participants du PLIE')
        : notice('info', 'Aucun participant enregistré.'),
    );
  showPeople(participants);

  replace(
    main,
    h('h1', null, plie?.name ?? plieId),
    h(
      'div',
      { class: 'figures' },
      money.figure,
      h(
        'div',
        { class: 'figure' },
        h('span', null, `Heures ${year} ${asOfLabel(month)}`),
        // Every hour of the PLIE, whichever convention pays for them (a funder's, its own only).
        h('strong', null, hours(report.summary.hoursYearToDate)),
      ),
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Sorties positives'),
        h('strong', null, outcomes.exits ? pct(outcomes.positiveRate) : '—'),
      ),
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Participants suivis'),
        h('strong', null, String(participants.length)),
      ),
    ),
    money.details,
    h(
      'h2',
      null,
      ownPlie(session) ? 'Mes marchés et mes heures attribuées' : 'Marchés et heures attribuées',
    ),
    withExport(
      table(
        ['Marché', ['Part du PLIE', 'num'], ['Réalisé', 'num'], 'Avancement'],
        report.contracts.map((c) =>
          h(
            'tr',
            null,
            contractCell(c),
            h('td', { class: 'num' }, c.targetHours === null ? '—' : hours(c.targetHours)),
            h('td', { class: 'num' }, hours(c.hoursToDate)),
            h('td', null, reportRowProgress(c)),
          ),
        ),
        'Marchés et heures attribuées du PLIE',
      ),
      `marches-${plieId}`,
      'Exporter les marchés du PLIE',
    ),
    h('h2', null, `Heures par mois en ${year}`),
    h('div', { class: 'card' }, hoursByMonth(months, monthNumberOf(month))),
    h('h2', null, `Sorties ${year}`),
    h(
      'p',
      null,
      `${outcomes.exits} sortie(s), dont ${outcomes.positive} positive(s) au sens du PLIE (${pct(outcomes.positiveRate)}). Sorties dynamiques IAE : ${outcomes.dynamic.durable} emploi(s) durable(s), ${outcomes.dynamic.transition} de transition, ${outcomes.dynamic.positive} sortie(s) positive(s).`,
    ),
    overYears,
    h('h2', null, 'Participants'),
    mayDoForPlie(session, 'participants:write', plieId)
      ? h(
          'p',
          null,
          h(
            'a',
            { href: `#/participants?plie=${plieId}` },
            'Gérer les participants : nouveau participant, sorties, effacement',
          ),
        )
      : null,
    people,
  );
}

/** The PLIE's hours of the year's months up to the last one ended, stacked by mode. */
function hoursByMonth(months: PlieMonths, upTo: number): HTMLElement {
  const shown = months.months.slice(0, upTo);
  const modes = HOUR_MODES.filter((mode) => shown.some((m) => m.byMode[mode]));
  return monthlyChart(
    shown.map((m) => shortFrenchMonth(m.month)),
    modes.map((mode, i) => ({
      name: HOUR_MODE_LABELS[mode],
      color: PALETTE[i % PALETTE.length] as string,
      values: shown.map((m) => m.byMode[mode] ?? 0),
    })),
    `Heures réalisées par mois en ${months.year}, par modalité`,
  );
}
