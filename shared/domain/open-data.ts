import type { Bilan, HoursRow, PeopleRow } from './bilan';
import { fte, hiddenCounts, isSecretCount } from './consolidation';

// A structure's open data of a year: its bilan reduced to aggregates a stranger may read —
// hours and FTE by mode, contract kind, buyer, CPV division and PLIE; people by public; contract
// counts; exits by group and the positive rate — with statistical secrecy on every count of
// people (consolidation.ts's rule, the observatory's). Never a contract reference, a line, a
// participant, nor an awardee company: a company may be a sole trader, whose name is a person's,
// and nothing stored says which. Buyers are public bodies (or landlords), named in DECP already.

/** How a row of the published table splits the year (the `ventilation` column). */
export const OPEN_DATA_BREAKDOWNS = [
  'ensemble',
  'modalite',
  'type_marche',
  'acheteur',
  'division_cpv',
  'plie',
  'eligibilite',
  'sexe',
  'tranche_age',
  'qpv',
  'marches',
  'sorties',
] as const;
export type OpenDataBreakdown = (typeof OPEN_DATA_BREAKDOWNS)[number];

/** The measures, each a column with its own unit; null: not shown (secret, or not this row's). */
export interface OpenDataRow {
  ventilation: OpenDataBreakdown;
  code: string;
  libelle: string;
  heures: number | null;
  etp: number | null;
  personnes: number | null;
  marches: number | null;
  sorties: number | null;
  /** A percentage, to the tenth. */
  taux: number | null;
  /** Some value of this row is withheld by statistical secrecy. */
  secret: boolean;
}

export interface OpenDataTable {
  year: number;
  structure: string;
  rows: OpenDataRow[];
}

const percent = (share: number) => Math.round(share * 1000) / 10;

function row(
  ventilation: OpenDataBreakdown,
  code: string,
  libelle: string,
  values: Partial<Omit<OpenDataRow, 'ventilation' | 'code' | 'libelle'>>,
): OpenDataRow {
  return {
    ventilation,
    code,
    libelle,
    heures: null,
    etp: null,
    personnes: null,
    marches: null,
    sorties: null,
    taux: null,
    secret: false,
    ...values,
  };
}

const hoursRows = (ventilation: OpenDataBreakdown, rows: readonly HoursRow[]) =>
  rows.map((r) => row(ventilation, r.key, r.label, { heures: r.hours, etp: fte(r.hours) }));

/**
 * The counts to hide among breakdowns of one total that share counts (the eligibility code QPV
 * is the QPV residents; a sort of exit is in a group and positive or not): the secrecy rule on
 * each, again, until hiding a count in one gives nothing back in another. Keys name the counts.
 */
export function hiddenAcross(
  counts: ReadonlyMap<string, number>,
  breakdowns: readonly (readonly string[])[],
): Set<string> {
  const hidden = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const keys of breakdowns) {
      const already = new Set(keys.flatMap((key, i) => (hidden.has(key) ? [i] : [])));
      for (const i of hiddenCounts(
        keys.map((key) => counts.get(key) ?? 0),
        already,
      )) {
        const key = keys[i] as string;
        if (!hidden.has(key)) {
          hidden.add(key);
          changed = true;
        }
      }
    }
  }
  return hidden;
}

/** The year's open data of the structure, from its bilan (the structure's, not a buyer's). */
export function openDataTable(bilan: Bilan, structure: string): OpenDataTable {
  if (bilan.scope.buyerSiret !== null || bilan.scope.plieId !== null) {
    throw new Error('Open data is the structure’s whole bilan');
  }
  const { people, contracts, outcomes } = bilan;

  // People: the total alone, then its publics. Each public adds up to the total but eligibility
  // (a person counts under each of her codes), held to the rule all the same. The QPV residents
  // are a part whose rest (everyone else) a reader works out from the total: a count too.
  const peopleHidden = isSecretCount(people.count);
  const key = (breakdown: string, code: string) =>
    breakdown === 'eligibilite' && code === 'QPV' ? 'qpv:qpv' : `${breakdown}:${code}`;
  const publics: [OpenDataBreakdown, readonly PeopleRow[]][] = [
    ['eligibilite', people.byEligibility],
    ['sexe', people.bySex],
    ['tranche_age', people.byAgeBand],
  ];
  const peopleCounts = new Map<string, number>([
    ['qpv:qpv', people.qpv.people],
    ['qpv:reste', people.count - people.qpv.people],
    ...publics.flatMap(([b, rows]) =>
      rows.map((r) => [key(b, r.key), r.people] as [string, number]),
    ),
  ]);
  const peopleSecret = hiddenAcross(peopleCounts, [
    ...publics.map(([b, rows]) => rows.map((r) => key(b, r.key))),
    ['qpv:qpv', 'qpv:reste'],
  ]);
  /** A hidden count hides its hours too: the hours of one person are that person's. */
  const publicRow = (b: OpenDataBreakdown, r: PeopleRow, taux?: number) => {
    const secret = (peopleHidden || peopleSecret.has(key(b, r.key))) && r.people > 0;
    return row(b, r.key, r.label, {
      personnes: secret ? null : r.people,
      heures: secret ? null : r.hours,
      taux: secret || taux === undefined ? null : taux,
      secret,
    });
  };

  // Exits: by group, and positive or not (neutral ones apart), both adding up to the exits; a
  // rate gives its counts back, so it is shown only with all of them.
  const exitsHidden = isSecretCount(outcomes.exits);
  const counted = outcomes.exits - outcomes.neutral;
  const exitCounts = new Map<string, number>([
    ...outcomes.byGroup.map((g) => [g.key, g.exits] as [string, number]),
    ['positives', outcomes.positive],
    ['autres', counted - outcomes.positive],
  ]);
  const exitSecret = hiddenAcross(exitCounts, [
    outcomes.byGroup.map((g) => g.key),
    ['positives', 'autres', 'neutral'],
  ]);
  const exitHidden = (k: string) =>
    (exitsHidden || exitSecret.has(k)) && (exitCounts.get(k) ?? 0) > 0;
  const rateHidden =
    exitsHidden || ['positives', 'autres', 'neutral'].some((k) => exitSecret.has(k));

  return {
    year: bilan.year,
    structure,
    rows: [
      row('ensemble', 'heures-realisees', 'Heures d’insertion réalisées', {
        heures: bilan.hours.realised,
        etp: bilan.hours.fte,
      }),
      row('ensemble', 'heures-exigees', 'Heures exigées dans l’année (au prorata des marchés)', {
        heures: bilan.hours.required,
        etp: fte(bilan.hours.required),
        taux: percent(contracts.realisedRate),
      }),
      row('ensemble', 'heures-sans-participant', 'Heures des lignes sans participant nommé', {
        heures: people.linesWithoutParticipant.hours,
        etp: fte(people.linesWithoutParticipant.hours),
      }),
      row('ensemble', 'personnes', 'Participants (personnes distinctes ayant des heures)', {
        personnes: peopleHidden ? null : people.count,
        heures: peopleHidden ? null : people.hours,
        secret: peopleHidden,
      }),
      ...hoursRows('modalite', bilan.hours.byMode),
      ...hoursRows('type_marche', bilan.hours.byKind),
      ...hoursRows('acheteur', bilan.hours.byBuyer),
      ...hoursRows('division_cpv', bilan.hours.byCpvDivision),
      ...hoursRows('plie', bilan.hours.byPlie),
      ...publics.flatMap(([b, rows]) => rows.map((r) => publicRow(b, r))),
      publicRow(
        'qpv',
        {
          key: 'qpv',
          label: 'Résidents d’un quartier prioritaire (QPV)',
          people: people.qpv.people,
          hours: people.qpv.hours,
        },
        percent(people.qpv.share),
      ),
      row('marches', 'en-cours', 'Marchés en cours dans l’année', { marches: contracts.running }),
      row('marches', 'avec-heures', 'Marchés en cours avec des heures réalisées', {
        marches: contracts.withHours,
      }),
      row('marches', 'clause-sociale', 'Marchés en cours avec une clause sociale', {
        marches: contracts.withClause,
      }),
      row('marches', 'critere-social', 'Marchés en cours avec un critère social', {
        marches: contracts.withCriterion,
      }),
      row('marches', 'reserves', 'Marchés réservés en cours', { marches: contracts.reserved }),
      row('marches', 'notifies', 'Marchés notifiés dans l’année', {
        marches: contracts.withSocialConsideration.notified,
      }),
      row(
        'marches',
        'notifies-consideration-sociale',
        'Marchés notifiés dans l’année avec une considération sociale',
        {
          marches: contracts.withSocialConsideration.contracts,
          taux: percent(contracts.withSocialConsideration.share),
        },
      ),
      row('sorties', 'total', 'Sorties de l’année', {
        sorties: exitsHidden ? null : outcomes.exits,
        secret: exitsHidden,
      }),
      ...outcomes.byGroup.map((g) =>
        row('sorties', g.key, g.label, {
          sorties: exitHidden(g.key) ? null : g.exits,
          secret: exitHidden(g.key),
        }),
      ),
      row('sorties', 'positives', 'Sorties positives (au sens des PLIE) et leur taux', {
        sorties: exitHidden('positives') ? null : outcomes.positive,
        taux: rateHidden || counted === 0 ? null : percent(outcomes.positiveRate),
        secret: exitHidden('positives') || (rateHidden && counted > 0),
      }),
    ],
  };
}
