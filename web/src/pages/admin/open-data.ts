import { parisDate, yearOf } from '#shared/domain/calendar';
import { SECRECY_THRESHOLD } from '#shared/domain/consolidation';
import { api } from '../../api';
import { confirmDialog } from '../../dialog';
import { h, loading, notice, replace, table } from '../../dom';
import { frenchDateTime, hours, pct } from '../../format';
import { goTo } from '../../navigate';
import type { OpenDataBreakdown, OpenDataRow } from '../../types';
import { yearLinks } from '../../year-links';
import { adminTabs } from './tabs';

// Administration: « Données ouvertes ». What a finished year would publish — aggregates only,
// a count of people under 5 (and what would give it back) read « secret » — whether it is
// published, its public addresses, and the two acts: publish (a frozen copy of today's
// figures) and retract.

interface Published {
  year: number;
  publishedAt: string;
  publishedBy: string;
  csv: string;
  schema: string;
}
interface Preview {
  year: number;
  structure: string;
  finished: boolean;
  rows: OpenDataRow[];
  published: Published | null;
  upToDate: boolean;
}

const SECTIONS: Record<OpenDataBreakdown, string> = {
  ensemble: 'Ensemble',
  modalite: 'Heures par modalité',
  type_marche: 'Heures par type de marché',
  acheteur: 'Heures par acheteur',
  division_cpv: 'Heures par division CPV (métier)',
  plie: 'Heures par PLIE',
  eligibilite: 'Participants par critère d’éligibilité',
  sexe: 'Participants par sexe',
  tranche_age: 'Participants par tranche d’âge à l’entrée',
  qpv: 'Résidents d’un quartier prioritaire',
  marches: 'Marchés',
  sorties: 'Sorties',
};

type Measure = 'heures' | 'etp' | 'personnes' | 'marches' | 'sorties' | 'taux';
const MEASURES: [Measure, string][] = [
  ['heures', 'Heures'],
  ['etp', 'ETP'],
  ['personnes', 'Personnes'],
  ['marches', 'Marchés'],
  ['sorties', 'Sorties'],
  ['taux', 'Taux'],
];
const SECRET_NOTE_ID = 'open-data-secret';
const SECRET_MEANING = `moins de ${SECRECY_THRESHOLD} personnes, ou ce qui permettrait de le retrouver`;

const number = (n: number) => n.toLocaleString('fr-FR');
const shown: Record<Measure, (n: number) => string> = {
  heures: hours,
  etp: (n) => n.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  personnes: number,
  marches: number,
  sorties: number,
  taux: (n) => pct(n / 100),
};

/** The columns each breakdown has (its rows show them, or « — » where one does not apply). */
const COLUMNS: Record<OpenDataBreakdown, Measure[]> = {
  ensemble: ['heures', 'etp', 'personnes', 'taux'],
  modalite: ['heures', 'etp'],
  type_marche: ['heures', 'etp'],
  acheteur: ['heures', 'etp'],
  division_cpv: ['heures', 'etp'],
  plie: ['heures', 'etp'],
  eligibilite: ['personnes', 'heures'],
  sexe: ['personnes', 'heures'],
  tranche_age: ['personnes', 'heures'],
  qpv: ['personnes', 'heures', 'taux'],
  marches: ['marches', 'taux'],
  sorties: ['sorties', 'taux'],
};

/**
 * Whether an empty value is one secrecy withheld: a count of people or of exits, the hours of
 * people counted, the rate of QPV residents or of positive exits; any other is « — ».
 */
function withheld(r: OpenDataRow, m: Measure): boolean {
  if (!r.secret || r[m] !== null) return false;
  if (m === 'personnes' || m === 'sorties') return true;
  const counted = ['eligibilite', 'sexe', 'tranche_age', 'qpv'].includes(r.ventilation);
  if (m === 'heures') return counted || r.code === 'personnes';
  return m === 'taux' && (r.ventilation === 'qpv' || r.code === 'positives');
}

/** A breakdown's rows: a withheld value reads « secret », explained by the note. */
function section(ventilation: OpenDataBreakdown, rows: OpenDataRow[]): HTMLElement {
  const measures = COLUMNS[ventilation].map(
    (m) => MEASURES.find(([key]) => key === m) as [Measure, string],
  );
  const cell = (r: OpenDataRow, m: Measure) => {
    const value = r[m];
    if (value !== null) return h('td', { class: 'num' }, shown[m](value));
    if (withheld(r, m))
      return h(
        'td',
        { class: 'num secret', 'aria-describedby': SECRET_NOTE_ID },
        h('abbr', { title: SECRET_MEANING }, 'secret'),
      );
    return h('td', { class: 'num' }, '—');
  };
  const title = SECTIONS[ventilation];
  return h(
    'section',
    null,
    h('h3', null, title),
    table(
      ['Catégorie', ...measures.map(([, label]) => [label, 'num'] as [string, 'num'])],
      rows.map((r) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, r.libelle),
          measures.map(([m]) => cell(r, m)),
        ),
      ),
      title,
    ),
  );
}

function links(published: Published, index: string): HTMLElement {
  const absolute = (path: string) => `${location.origin}${path}`;
  const link = (label: string, path: string) =>
    h('li', null, `${label} : `, h('a', { href: absolute(path) }, absolute(path)));
  return h(
    'ul',
    { class: 'links' },
    link('Données (CSV)', published.csv),
    link('Schéma des colonnes (Table Schema)', published.schema),
    link('Index des années publiées', index),
  );
}

export async function adminOpenDataPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const title = 'Administration — données ouvertes';
  replace(main, h('h1', null, title), loading());
  const thisYear = yearOf(parisDate(new Date()));
  const asked = Number(params.get('annee'));
  const year = Number.isInteger(asked) && asked >= 2000 && asked < thisYear ? asked : thisYear - 1;
  const [preview, list] = await Promise.all([
    api<Preview>('GET', `/api/open-data/${year}`),
    api<{ index: string; items: Published[] }>('GET', '/api/open-data'),
  ]);
  const reload = (done: string) => {
    goTo(`#/administration/donnees-ouvertes?annee=${year}&fait=${done}`);
  };
  const publish = () =>
    confirmDialog({
      title: `Publier les chiffres de ${year} ?`,
      body: [
        `Les chiffres de ${year} de ${preview.structure}, tels que ci-dessous, seront lisibles par tous, sans compte, à une adresse publique. Ils y restent tels quels jusqu’à une nouvelle publication ou leur retrait.`,
      ],
      confirm: 'Publier',
      keep: 'Ne pas publier',
      act: async () => {
        await api('POST', `/api/open-data/${year}`);
      },
    }).then((done) => done && reload('publie'));
  const retract = () =>
    confirmDialog({
      title: `Retirer la publication de ${year} ?`,
      body: ['Ses adresses publiques ne répondront plus (un lecteur peut en garder une copie).'],
      confirm: 'Retirer',
      keep: 'Garder la publication',
      act: async () => {
        await api('DELETE', `/api/open-data/${year}`, undefined, { raw: true });
      },
    }).then((done) => done && reload('retire'));

  const { published } = preview;
  const status = published
    ? h(
        'div',
        { class: 'card' },
        h('h2', null, `Chiffres de ${year} publiés le ${frenchDateTime(published.publishedAt)}`),
        h('p', null, `Par ${published.publishedBy}. Adresses publiques, sans compte :`),
        links(published, list.index),
        preview.upToDate
          ? h('p', null, 'La copie publiée porte les chiffres d’aujourd’hui.')
          : notice(
              'info',
              'Les chiffres ont changé depuis la publication : la copie publiée reste celle de ce jour-là. Publiez à nouveau pour la mettre à jour.',
            ),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', onclick: publish }, 'Publier à nouveau'),
          ' ',
          h(
            'button',
            { type: 'button', class: 'secondary', onclick: retract },
            'Retirer la publication',
          ),
        ),
      )
    : h(
        'div',
        { class: 'card' },
        h('h2', null, `Chiffres de ${year} non publiés`),
        h(
          'p',
          null,
          'Publier est un acte : les chiffres ci-dessous sont figés ce jour-là et servis tels quels, sans compte, avec la description de chaque colonne.',
        ),
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', onclick: publish }, `Publier les chiffres de ${year}`),
        ),
      );
  const others = list.items.filter((p) => p.year !== year);
  const groups = [...new Set(preview.rows.map((r) => r.ventilation))];
  const done = params.get('fait');
  replace(
    main,
    h('h1', null, title),
    adminTabs('donnees-ouvertes'),
    done === 'publie' ? notice('success', `Les chiffres de ${year} sont publiés.`) : null,
    done === 'retire' ? notice('success', `La publication de ${year} est retirée.`) : null,
    h(
      'p',
      null,
      'Les résultats de l’année, en agrégats seulement : heures et équivalents temps plein par modalité, type de marché, acheteur, métier et PLIE ; participants par public ; marchés ; sorties et taux de sorties positives. Aucune personne, aucune ligne d’heures, aucune référence de marché ni entreprise titulaire (une entreprise individuelle porte le nom d’une personne).',
    ),
    yearLinks(
      [4, 3, 2, 1].map((n) => thisYear - n),
      year,
      (y) => `#/administration/donnees-ouvertes?annee=${y}`,
    ),
    status,
    others.length
      ? h(
          'p',
          null,
          'Autres années publiées : ',
          others.flatMap((p, i) => [
            i ? ', ' : '',
            h('a', { href: `#/administration/donnees-ouvertes?annee=${p.year}` }, String(p.year)),
          ]),
          '.',
        )
      : null,
    h(
      'h2',
      null,
      published ? `Les chiffres de ${year} aujourd’hui` : `Ce qui serait publié pour ${year}`,
    ),
    h(
      'p',
      { id: SECRET_NOTE_ID, class: 'hint' },
      `« secret » : ${SECRET_MEANING} (secret statistique) ; la case est vide dans le fichier publié, jamais 0. « — » : sans objet.`,
    ),
    groups.map((g) =>
      section(
        g,
        preview.rows.filter((r) => r.ventilation === g),
      ),
    ),
  );
}
