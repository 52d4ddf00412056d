import { shortFrenchMonth } from '#shared/domain/calendar';
import { CONTRACT_KIND_LABELS } from '#shared/domain/contracts';
import { HOUR_MODE_LABELS, type HourMode } from '#shared/domain/hours';
import { barList } from '../bar-list';
import { monthlyChart, PALETTE } from '../charts';
import { h, table } from '../dom';
import { hours, pct } from '../format';
import type { Bilan, BilanHoursRow as HoursRow, BilanPeopleRow as PeopleRow } from '../types';

// The bilan's four sections — hours, people, contracts, exits — each its key figures, then its
// charts (hours by month and modality as stacked bars; people by public as bars whose words
// are their text) and its tables. Every figure is the API's, in French: `1 234,5 h`,
// `46,8 ETP`, `76,5 %`.

export const count = (n: number) => n.toLocaleString('fr-FR');
/** Full-time equivalents to the tenth: `46,8 ETP`. */
export const fteText = (n: number) =>
  `${n.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} ETP`;
const plural = (n: number, one: string, many: string) => `${count(n)} ${n > 1 ? many : one}`;
/** A share of a whole that may be nothing: « — » rather than 0 %. */
const shareOf = (part: number, whole: number) => (whole ? pct(part / whole) : '—');

function section(id: string, title: string, ...children: (Node | null)[]): HTMLElement {
  return h(
    'section',
    { class: `bilan-section ${id}`, 'aria-labelledby': id },
    h('h2', { id }, title),
    ...children,
  );
}

/** Key figures: a label, the value, and what it is made of if it needs saying. */
function figures(items: ([string, string] | [string, string, string])[]): HTMLElement {
  return h(
    'div',
    { class: 'figures' },
    items.map(([label, value, detail]) =>
      h(
        'div',
        { class: 'figure' },
        h('span', null, label),
        h('strong', null, value),
        detail ? h('span', { class: 'detail' }, detail) : null,
      ),
    ),
  );
}

/** A breakdown of the year's hours: each key's hours and its share of them. */
function breakdown(title: string, header: string, rows: HoursRow[], total: number): HTMLElement {
  return h(
    'div',
    { class: 'bilan-table' },
    h('h3', null, title),
    rows.length
      ? table(
          [header, ['Heures', 'num'], ['Part', 'num']],
          rows.map((r) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, r.label),
              h('td', { class: 'num' }, hours(r.hours)),
              h('td', { class: 'num' }, shareOf(r.hours, total)),
            ),
          ),
          `${title} — heures`,
        )
      : h('p', { class: 'muted' }, 'Aucun.'),
  );
}

export function hoursSection(bilan: Bilan): HTMLElement {
  const { hours: y, scope } = bilan;
  const total = y.realised;
  return section(
    'bilan-heures',
    'Heures d’insertion',
    figures([
      ['Heures réalisées', hours(y.realised)],
      ['Heures exigées dans l’année (au prorata)', hours(y.required)],
      ['Équivalents temps plein', fteText(y.fte)],
    ]),
    h('div', { class: 'card bilan-chart' }, monthChart(bilan)),
    h(
      'div',
      { class: 'bilan-tables' },
      breakdown('Par modalité', 'Modalité', y.byMode, total),
      breakdown('Par type de marché', 'Type de marché', y.byKind, total),
      scope.buyerSiret
        ? null
        : breakdown('Par acheteur (donneur d’ordre)', 'Acheteur', y.byBuyer, total),
      breakdown('Par entreprise titulaire', 'Entreprise', y.byAwardee, total),
      breakdown('Par métier (division CPV)', 'Division CPV', y.byCpvDivision, total),
      scope.plieId ? null : breakdown('Par PLIE', 'PLIE', y.byPlie, total),
    ),
  );
}

/** The year's hours month by month, stacked by modality (the modalities used that year). */
function monthChart(bilan: Bilan): HTMLElement {
  const title = `Heures réalisées par mois et par modalité en ${bilan.year}`;
  if (!bilan.hours.realised)
    return h('p', null, `Aucune heure d’insertion n’est comptée en ${bilan.year}.`);
  // Each modality keeps its colour from one bilan to the next, used or not.
  const used = bilan.hours.byMode
    .map((mode, i) => ({ mode, color: PALETTE[i % PALETTE.length] as string }))
    .filter(({ mode }) => mode.hours > 0);
  return monthlyChart(
    bilan.hours.byMonth.map((m) => shortFrenchMonth(m.month)),
    used.map(({ mode, color }) => ({
      name: HOUR_MODE_LABELS[mode.key as HourMode] ?? mode.label,
      color,
      values: bilan.hours.byMonth.map((m) => m.byMode[mode.key] ?? 0),
    })),
    title,
  );
}

/** A public as bars: each row says its people and their hours, so the words are the chart. */
function publicBars(caption: string, rows: PeopleRow[], wide?: 'wide'): HTMLElement {
  return h(
    'div',
    { class: `card bilan-bars${wide ? ' wide' : ''}` },
    barList(
      caption,
      rows.map((r) => ({
        label: r.label,
        value: r.people,
        text: `${plural(r.people, 'personne', 'personnes')} · ${hours(r.hours)}`,
      })),
    ),
  );
}

export function peopleSection(bilan: Bilan): HTMLElement {
  const p = bilan.people;
  return section(
    'bilan-personnes',
    'Personnes',
    figures([
      ['Participants (personnes distinctes)', count(p.count)],
      ['Leurs heures', hours(p.hours)],
      [
        'Heures des lignes sans participant nommé',
        `${hours(p.linesWithoutParticipant.hours)} (${plural(p.linesWithoutParticipant.lines, 'ligne', 'lignes')})`,
      ],
      ['Résidents d’un quartier prioritaire (QPV)', `${count(p.qpv.people)} (${pct(p.qpv.share)})`],
    ]),
    p.count
      ? h(
          'div',
          { class: 'bilan-publics' },
          publicBars('Par sexe', p.bySex),
          publicBars('Par tranche d’âge à l’entrée', p.byAgeBand),
          publicBars(
            'Par critère d’éligibilité (une personne compte sous chacun de ses critères)',
            p.byEligibility,
            'wide',
          ),
        )
      : h('p', null, `Aucun participant nommé n’a d’heures en ${bilan.year}.`),
  );
}

export function contractsSection(bilan: Bilan): HTMLElement {
  const c = bilan.contracts;
  const social = c.withSocialConsideration;
  return section(
    'bilan-marches',
    'Marchés',
    figures([
      ['Marchés en cours dans l’année', count(c.running)],
      ['Avec des heures dans l’année', count(c.withHours)],
      ['Avec une clause sociale', count(c.withClause)],
      ['Avec un critère social', count(c.withCriterion)],
      ['Réservés', count(c.reserved)],
      ['Entreprises titulaires', count(c.companies)],
      ['Acheteurs', count(c.buyers)],
      [
        'Marchés notifiés dans l’année avec une considération sociale',
        shareOf(social.contracts, social.notified),
        `${count(social.contracts)} sur ${plural(social.notified, 'marché notifié', 'marchés notifiés')}`,
      ],
      [
        'Taux de réalisation',
        c.required ? pct(c.realisedRate) : '—',
        `${hours(c.realised)} réalisées pour ${hours(c.required)} exigées`,
      ],
    ]),
    h('h3', null, 'Heures exigées et réalisées, marché par marché'),
    c.rows.length
      ? table(
          [
            'Marché',
            'Acheteur',
            'Titulaire',
            'Type',
            ['Exigées dans l’année', 'num'],
            ['Réalisées', 'num'],
            ['Taux', 'num'],
          ],
          c.rows.map((r) =>
            h(
              'tr',
              null,
              h(
                'th',
                { scope: 'row' },
                h('strong', null, r.reference),
                ' ',
                r.title,
                r.note ? [h('br'), h('span', { class: 'muted' }, r.note)] : null,
              ),
              h('td', null, r.buyer),
              h('td', null, r.awardee),
              h('td', null, CONTRACT_KIND_LABELS[r.kind]),
              h('td', { class: 'num' }, hours(r.required)),
              h('td', { class: 'num' }, hours(r.realised)),
              h('td', { class: 'num' }, shareOf(r.realised, r.required)),
            ),
          ),
          'Heures exigées et réalisées, marché par marché',
        )
      : h('p', { class: 'muted' }, `Aucun marché en cours en ${bilan.year}.`),
  );
}

export function outcomesSection(bilan: Bilan): HTMLElement {
  const o = bilan.outcomes;
  return section(
    'bilan-sorties',
    'Sorties',
    figures([
      ['Sorties', count(o.exits)],
      ['dont neutres', count(o.neutral)],
      ['Sorties positives', count(o.positive)],
      ['Taux de sorties positives', o.exits - o.neutral ? pct(o.positiveRate) : '—'],
    ]),
    h(
      'p',
      { class: 'muted' },
      'Taux de sorties positives : sorties positives ÷ sorties, les sorties neutres (déménagement, maladie, retraite…) mises à part.',
    ),
    h(
      'div',
      { class: 'bilan-tables' },
      h(
        'div',
        { class: 'bilan-table' },
        h('h3', null, 'Par groupe'),
        table(
          ['Groupe', ['Sorties', 'num'], ['Part', 'num']],
          o.byGroup.map((g) =>
            h(
              'tr',
              null,
              h('th', { scope: 'row' }, g.label),
              h('td', { class: 'num' }, count(g.exits)),
              h('td', { class: 'num' }, shareOf(g.exits, o.exits)),
            ),
          ),
          'Sorties par groupe',
        ),
      ),
      h(
        'div',
        { class: 'bilan-table' },
        h('h3', null, 'Par situation à la sortie'),
        o.byOutcome.length
          ? table(
              ['Situation', ['Sorties', 'num']],
              o.byOutcome.map((r) =>
                h(
                  'tr',
                  null,
                  h('th', { scope: 'row' }, r.label),
                  h('td', { class: 'num' }, count(r.exits)),
                ),
              ),
              'Sorties par situation',
            )
          : h('p', { class: 'muted' }, `Aucune sortie en ${bilan.year}.`),
      ),
    ),
  );
}
