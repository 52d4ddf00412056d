import { mayDo } from '#shared/domain/access';
import { lastDayOf, longFrenchDate } from '#shared/domain/calendar';
import { api } from '../api';
import { ownPlie, type Session } from '../auth';
import { progressLegend, reportRowProgress } from '../charts';
import { contractCell, contractLink } from '../contract-link';
import { h, loading, notice, replace, table } from '../dom';
import { exportButtons } from '../export';
import { eur, frenchMonth, hours, lastMonth } from '../format';
import { monthField } from '../month-field';
import { paceTag } from '../pace-tag';
import type { MonthlyReport, Page, Statement } from '../types';

/** Where each user starts: the month's contracts, progress against target and pace, alerts. */
export async function dashboardPage(
  main: HTMLElement,
  session: Session,
  params: URLSearchParams,
): Promise<void> {
  const month = params.get('mois') ?? lastMonth();
  const picker = monthField('Mois', { id: 'dashboard-month', value: month, max: lastMonth() });
  picker.onChange((chosen) => {
    location.hash = `#/?mois=${chosen}`;
  });
  const body = h('div', null, loading());
  replace(
    main,
    h('h1', null, ownPlie(session) ? 'Mon PLIE — tableau de bord' : 'Tableau de bord'),
    h('div', { class: 'row' }, picker.element),
    body,
  );
  const [report, waiting] = await Promise.all([
    api<MonthlyReport>('GET', `/api/reports/monthly/${month}`),
    // A facilitator learns here that awardees' statements wait for them (one marker read).
    mayDo(session, 'hours:write')
      ? api<Page<Statement>>('GET', '/api/statements?status=submitted&limit=1')
      : null,
  ]);
  const s = report.summary;
  replace(
    body,
    waiting?.items.length
      ? notice(
          'info',
          waiting.nextCursor
            ? 'Des relevés déclarés par les titulaires attendent votre validation : '
            : 'Un relevé déclaré par un titulaire attend votre validation : ',
          h('a', { href: '#/releves' }, 'voir les relevés à valider'),
          '.',
        )
      : null,
    h(
      'p',
      { class: 'muted' },
      `${report.scope.name} · ${frenchMonth(month)} · situation au dernier jour du mois`,
    ),
    h(
      'div',
      { class: 'figures' },
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Heures du mois'),
        h('strong', null, hours(s.hoursMonth)),
      ),
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Heures depuis janvier'),
        h('strong', null, hours(s.hoursYearToDate)),
      ),
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Marchés suivis'),
        h('strong', null, String(s.contracts)),
      ),
      h(
        'div',
        { class: `figure${s.contractsBehind ? ' alert' : ''}` },
        h('span', null, 'Marchés en retard'),
        h('strong', null, String(s.contractsBehind)),
      ),
      report.funding.totals || report.funding.rows[0]
        ? h(
            'div',
            { class: 'figure' },
            h('span', null, `Financement ${report.year} acquis`),
            h(
              'strong',
              null,
              eur(report.funding.totals?.total ?? report.funding.rows[0]?.total ?? 0),
            ),
          )
        : null,
    ),
    h(
      'div',
      { class: 'row between' },
      h('h2', null, 'Marchés'),
      exportButtons({
        name: `tableau-de-bord-${month}`,
        headers: [
          'Référence',
          'Objet',
          'Heures du mois',
          'Heures de l’année',
          'Réalisé',
          'Objectif',
          'Attendu au prorata',
          'En retard',
        ],
        rows: () =>
          report.contracts.map((c) => [
            c.reference,
            c.title,
            c.hoursMonth,
            c.hoursYearToDate,
            c.hoursToDate,
            c.targetHours,
            c.targetHours ? c.expectedHours : null,
            c.behind ? 'oui' : 'non',
          ]),
      }),
    ),
    report.contracts.length
      ? table(
          [
            'Marché',
            ['Mois', 'num'],
            ['Année', 'num'],
            ['Réalisé', 'num'],
            ['Objectif', 'num'],
            // The day the expected hours are judged on, said as the compliance page says it.
            `Avancement (attendu au ${longFrenchDate(lastDayOf(month))})`,
            'Statut',
          ],
          report.contracts.map((c) =>
            h(
              'tr',
              null,
              contractCell(c),
              h('td', { class: 'num' }, hours(c.hoursMonth)),
              h('td', { class: 'num' }, hours(c.hoursYearToDate)),
              h('td', { class: 'num' }, hours(c.hoursToDate)),
              h('td', { class: 'num' }, c.targetHours === null ? '—' : hours(c.targetHours)),
              h('td', null, reportRowProgress(c)),
              h('td', null, paceTag(c)),
            ),
          ),
        )
      : notice('info', 'Aucun marché en cours ce mois-ci.'),
    report.contracts.length ? progressLegend() : null,
    h('h2', null, 'Alertes'),
    report.alerts.length
      ? h(
          'ul',
          null,
          report.alerts.flatMap((a) =>
            a.issues.map((issue) =>
              h(
                'li',
                null,
                contractLink(a.contract),
                ' — ',
                h('strong', null, issue.reference),
                ' : ',
                issue.message,
              ),
            ),
          ),
        )
      : notice('success', 'Aucune alerte ce mois-ci.'),
  );
}
