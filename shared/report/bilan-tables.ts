import type { Bilan, HoursRow, PeopleRow } from '#shared/domain/bilan';
import { frenchMonth } from '#shared/domain/calendar';
import { CONTRACT_KIND_LABELS } from '#shared/domain/contracts';
import { HOUR_MODE_LABELS, type HourMode } from '#shared/domain/hours';

// The bilan as tables, one per breakdown, with French headers: the CSV gives them one section
// each, the workbook one sheet each (bilan-export.ts). The figures are the JSON's, numbers as
// numbers; a rate is a percentage to the tenth.

export interface BilanTable {
  /** The sheet's name: 31 characters at most, as Excel allows. */
  sheet: string;
  headers: string[];
  rows: (string | number)[][];
}

/** A share (0–1) as the percentage the exports show, to the tenth: 0.765 → 76.5. */
export const percent = (share: number) => Math.round(share * 1000) / 10;

/** Who the bilan is of, in words. */
export function bilanScopeName(bilan: Bilan): string {
  const parts = [
    bilan.scope.buyerSiret
      ? `Acheteur : ${bilan.scope.buyerName ?? bilan.scope.buyerSiret} (${bilan.scope.buyerSiret})`
      : null,
    bilan.scope.plieId ? `PLIE : ${bilan.scope.plieName ?? bilan.scope.plieId}` : null,
  ].filter(Boolean);
  return parts.length ? parts.join(' — ') : 'Toute la structure';
}

const hoursTable = (sheet: string, label: string, rows: HoursRow[]): BilanTable => ({
  sheet,
  headers: [label, 'Heures'],
  rows: rows.map((r) => [r.label, r.hours]),
});

/** A buyer or a company: its name, its SIRET (none for a buyer known by its name only). */
const siretTable = (sheet: string, label: string, rows: HoursRow[]): BilanTable => ({
  sheet,
  headers: [label, 'SIRET', 'Heures'],
  rows: rows.map((r) => [r.label, r.key.startsWith('nom:') ? '' : r.key, r.hours]),
});

const peopleTable = (sheet: string, label: string, rows: PeopleRow[]): BilanTable => ({
  sheet,
  headers: [label, 'Personnes', 'Heures'],
  rows: rows.map((r) => [r.label, r.people, r.hours]),
});

export function bilanTables(bilan: Bilan): BilanTable[] {
  const { hours, people, contracts, outcomes } = bilan;
  const modes = hours.byMode.map((m) => m.key);
  return [
    {
      sheet: 'Synthèse',
      headers: ['Indicateur', 'Valeur'],
      rows: [
        ['Année', bilan.year],
        ['Périmètre', bilanScopeName(bilan)],
        ['Heures réalisées', hours.realised],
        ['Heures exigées dans l’année (au prorata)', hours.required],
        ['Équivalents temps plein (heures ÷ 1 607)', hours.fte],
        ['Participants (personnes distinctes)', people.count],
        ['Heures des participants', people.hours],
        ['Heures sans participant nommé', people.linesWithoutParticipant.hours],
        ['Lignes sans participant nommé', people.linesWithoutParticipant.lines],
        ['Participants résidant en QPV', people.qpv.people],
        ['Marchés en cours', contracts.running],
        ['Marchés avec des heures', contracts.withHours],
        ['Marchés avec une clause sociale', contracts.withClause],
        ['Marchés avec un critère social', contracts.withCriterion],
        ['Marchés réservés', contracts.reserved],
        ['Marchés notifiés dans l’année', contracts.withSocialConsideration.notified],
        ['dont avec une considération sociale', contracts.withSocialConsideration.contracts],
        [
          'Part avec une considération sociale (%)',
          percent(contracts.withSocialConsideration.share),
        ],
        ['Entreprises titulaires', contracts.companies],
        ['Acheteurs', contracts.buyers],
        ['Taux de réalisation (%)', percent(contracts.realisedRate)],
        ['Sorties', outcomes.exits],
        ['Sorties neutres', outcomes.neutral],
        ['Sorties positives', outcomes.positive],
        ['Taux de sorties positives (%)', percent(outcomes.positiveRate)],
      ],
    },
    {
      sheet: 'Heures par mois',
      headers: ['Mois', 'Heures', ...modes.map((m) => HOUR_MODE_LABELS[m as HourMode] ?? m)],
      rows: hours.byMonth.map((m) => [
        frenchMonth(m.month),
        m.hours,
        ...modes.map((mode) => m.byMode[mode] ?? 0),
      ]),
    },
    hoursTable('Par modalité', 'Modalité', hours.byMode),
    hoursTable('Par type de marché', 'Type de marché', hours.byKind),
    siretTable('Par acheteur', 'Acheteur', hours.byBuyer),
    siretTable('Par entreprise', 'Entreprise titulaire', hours.byAwardee),
    hoursTable('Par division CPV', 'Division CPV', hours.byCpvDivision),
    hoursTable('Par PLIE', 'PLIE', hours.byPlie),
    peopleTable('Par critère d’éligibilité', 'Critère d’éligibilité', people.byEligibility),
    peopleTable('Par sexe', 'Sexe', people.bySex),
    peopleTable('Par tranche d’âge', 'Tranche d’âge à l’entrée', people.byAgeBand),
    {
      sheet: 'Marchés',
      headers: [
        'Référence',
        'Intitulé',
        'Acheteur',
        'Titulaire',
        'Type',
        'Heures exigées dans l’année',
        'Heures réalisées',
        'Observation',
      ],
      rows: contracts.rows.map((c) => [
        c.reference,
        c.title,
        c.buyer,
        c.awardee,
        CONTRACT_KIND_LABELS[c.kind],
        c.required,
        c.realised,
        c.note ?? '',
      ]),
    },
    {
      sheet: 'Sorties',
      headers: ['Groupe', 'Sorties'],
      rows: outcomes.byGroup.map((g) => [g.label, g.exits]),
    },
    {
      sheet: 'Sorties par situation',
      headers: ['Situation à la sortie', 'Groupe', 'Sorties'],
      rows: outcomes.byOutcome.map((o) => [
        o.label,
        outcomes.byGroup.find((g) => g.key === o.group)?.label ?? o.group,
        o.exits,
      ]),
    },
  ];
}
