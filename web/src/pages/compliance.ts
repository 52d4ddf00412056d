import { lastDayOf, lastParisMonth, longFrenchDate } from '#shared/domain/calendar';
import { HOURS_TARGET_MISSING } from '#shared/domain/hours-target';
import { BASIS_LABELS } from '#shared/domain/reserved';
import { api } from '../api';
import { contractCell } from '../contract-link';
import { h, loading, notice, replace, table } from '../dom';
import { exportButtons, withExport } from '../export';
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
  // Every read is done before the page is made from what they gave.
  const overYears = await reservedOverYears(year);
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
        h('span', null, 'Part en montant'),
        h('strong', null, pct(t.shareOfAmount)),
      ),
      h(
        'div',
        { class: 'figure' },
        h('span', null, 'Part en nombre'),
        h('strong', null, pct(t.shareOfCount)),
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      `Parts calculées sur les ${t.contractsOfYear} marché(s) notifié(s) en ${year} : en montant HT, et en nombre de marchés.`,
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
      ? exportButtons({
          name: `marches-reserves-${year}`,
          label: 'Exporter les marchés réservés',
          headers: ['Référence', 'Objet', 'Titulaire', 'Fondement', 'Montant HT (€)', 'Notifié le'],
          rows: () =>
            reserved.items.map((m) => [
              m.reference,
              m.title,
              m.awardee.name,
              m.basis ? BASIS_LABELS[m.basis] : 'à compléter',
              m.amount,
              frenchDate(m.notifiedOn),
            ]),
        })
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
    overYears,
    h('h2', null, 'Écarts aux règles'),
    h(
      'p',
      { class: 'muted' },
      `Situation au ${frenchDate(compliance.asOf)} : heures réalisées jusqu’à ce jour, attendu au ${longFrenchDate(compliance.asOf)} au prorata de la durée de chaque marché${asToday(compliance) ? ', comme au tableau de bord de ce mois' : ''}. ${checkedText(compliance, year)}`,
    ),
    compliance.items.length
      ? exportButtons({
          name: `ecarts-${year}`,
          label: 'Exporter les écarts aux règles',
          headers: ['Référence', 'Objet', 'Notifié le', 'Règle', 'Écart'],
          rows: () =>
            compliance.items.flatMap((item) =>
              item.issues.map((issue) => [
                item.contract.reference,
                item.contract.title,
                frenchDate(item.contract.notifiedOn),
                issue.reference,
                issue.message,
              ]),
            ),
        })
      : null,
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
    withoutTarget(compliance, year),
  );
}

/**
 * Whether the page judges on the dashboard's day (the end of the last complete month): a closed
 * year is judged on its 31 December, which no dashboard shows any more.
 */
const asToday = (compliance: Compliance) =>
  compliance.asOf === lastDayOf(lastParisMonth(new Date()));

/**
 * What was checked, against the dashboard's « Marchés suivis » (the contracts started by the
 * judged day): a contract notified but not started yet is checked too, its rules applying from
 * its notification; without saying so, 8 « en cours » here read as a miscount beside 7 there.
 */
function checkedText(compliance: Compliance, year: number): string {
  const { contractsChecked: checked, contractsNotStarted: later } = compliance;
  const started = checked - later;
  const dashboard = asToday(compliance);
  if (!later)
    return `${checked} marché(s) de ${year} contrôlé(s), tous commencés à cette date${dashboard ? ', comme les compte le tableau de bord (« Marchés suivis »)' : ''}.`;
  const their = later > 1 ? 'leurs' : 'ses';
  return `${checked} marché(s) de ${year} contrôlé(s) : les ${started} commencé(s) à cette date${dashboard ? ', que compte le tableau de bord (« Marchés suivis »),' : ''} et ${later} notifié(s) qui ne commence(nt) qu’ensuite (${their} règles s’appliquent déjà, aucune heure n’en est encore attendue).`;
}

/** Running contracts with a social clause and no hours target: their pace cannot be judged. */

function withoutTarget(compliance: Compliance, year: number): HTMLElement {
  const list = compliance.withoutTarget;
  return h(
    'section',
    { 'aria-labelledby': 'sans-objectif' },
    h('h2', { id: 'sans-objectif' }, 'Clauses sociales sans objectif d’heures'),
    list.length
      ? h(
          'p',
          { class: 'muted' },
          `${list.length} marché(s) en cours en ${year} avec une clause sociale dont l’objectif d’heures n’est pas saisi : leur avancement ne peut pas être jugé tant qu’il ne l’est pas.`,
        )
      : null,
    list.length
      ? table(
          ['Marché', 'Acheteur', 'Notifié le', 'À faire'],
          list.map((c) =>
            h(
              'tr',
              null,
              contractCell(c),
              h('td', null, c.buyer.name || `SIRET ${c.buyer.siret ?? ''}`),
              h('td', null, frenchDate(c.notifiedOn)),
              h('td', null, h('span', { class: 'tag todo' }, HOURS_TARGET_MISSING)),
            ),
          ),
          'Clauses sociales sans objectif d’heures',
        )
      : notice('success', `Chaque clause sociale en cours en ${year} a son objectif d’heures.`),
  );
}

/** The share of reserved markets over five years, as bars and as the table they are drawn from. */
async function reservedOverYears(year: number): Promise<HTMLElement> {
  const years = [year - 4, year - 3, year - 2, year - 1, year];
  const all = await Promise.all(
    years.map((y) => api<ReservedMarkets>('GET', `/api/reserved-markets?year=${y}`)),
  );
  const bar = (share: number, label: string) =>
    h(
      'span',
      { class: 'bar', role: 'img', 'aria-label': label },
      // Sized through the CSSOM (dom.ts), as the other bars are.
      h('span', { class: 'done', style: `width:${Math.min(100, share * 100).toFixed(1)}%` }),
    );
  return h(
    'section',
    { 'aria-labelledby': 'reserved-years' },
    h('h2', { id: 'reserved-years' }, 'Sur cinq ans'),
    ...withExport(
      table(
        [
          'Année',
          ['Marchés réservés', 'num'],
          ['Montant HT', 'num'],
          'Part en montant',
          'Part en nombre',
        ],
        all.map((r, i) =>
          h(
            'tr',
            null,
            h('th', { scope: 'row' }, String(years[i])),
            h('td', { class: 'num' }, `${r.totals.count} sur ${r.totals.contractsOfYear}`),
            h('td', { class: 'num' }, eur(r.totals.amount)),
            h(
              'td',
              null,
              bar(r.totals.shareOfAmount, `${pct(r.totals.shareOfAmount)} en montant`),
              ' ',
              pct(r.totals.shareOfAmount),
            ),
            h(
              'td',
              null,
              bar(r.totals.shareOfCount, `${pct(r.totals.shareOfCount)} en nombre`),
              ' ',
              pct(r.totals.shareOfCount),
            ),
          ),
        ),
        'Marchés réservés sur cinq ans',
      ),
      `marches-reserves-${years[0]}-${year}`,
      'Exporter les cinq ans',
    ),
  );
}
