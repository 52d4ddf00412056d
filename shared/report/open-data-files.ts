import { LEGAL_YEARLY_HOURS, SECRECY_THRESHOLD } from '#shared/domain/consolidation';
import {
  OPEN_DATA_BREAKDOWNS,
  type OpenDataRow,
  type OpenDataTable,
} from '#shared/domain/open-data';

// A structure's open data as files anyone may read: the CSV (RFC 4180: commas, decimal points,
// UTF-8 without byte order mark — what data portals and tools read as is) and its Table Schema
// (Frictionless Data, https://specs.frictionlessdata.io/table-schema/) describing each column,
// in French, with its unit; and the index of the published years as a Data Package.

/** A Table Schema field, with the unit the brief of each column gives (a custom property). */
interface Field {
  name: keyof OpenDataRow | 'annee' | 'structure';
  title: string;
  type: 'year' | 'string' | 'number' | 'integer' | 'boolean';
  unit: string | null;
  description: string;
  constraints?: Record<string, unknown>;
  trueValues?: string[];
  falseValues?: string[];
}

const SECRET_WORDS = `moins de ${SECRECY_THRESHOLD} personnes, ou ce qui permettrait de le retrouver`;

export const OPEN_DATA_FIELDS: readonly Field[] = [
  {
    name: 'annee',
    title: 'Année',
    type: 'year',
    unit: null,
    description: 'Année civile des heures réalisées, des marchés en cours et des sorties.',
    constraints: { required: true },
  },
  {
    name: 'structure',
    title: 'Structure',
    type: 'string',
    unit: null,
    description: 'La structure qui anime les clauses sociales et publie ces chiffres.',
    constraints: { required: true },
  },
  {
    name: 'ventilation',
    title: 'Ventilation',
    type: 'string',
    unit: null,
    description:
      'Ce que la ligne décompose : ensemble (totaux), modalite (modalité d’exécution), ' +
      'type_marche, acheteur, division_cpv (division du code CPV, le métier), plie, ' +
      'eligibilite (critère d’éligibilité ; une personne compte sous chacun des siens), sexe, ' +
      'tranche_age (à l’entrée), qpv (résidents d’un quartier prioritaire), marches, sorties.',
    constraints: { required: true, enum: [...OPEN_DATA_BREAKDOWNS] },
  },
  {
    name: 'code',
    title: 'Code',
    type: 'string',
    unit: null,
    description:
      'La catégorie dans sa ventilation : code de la modalité, du type de marché, SIRET de ' +
      'l’acheteur (« nom: » suivi de son nom quand il n’en a pas), numéro de division CPV, ' +
      'identifiant du PLIE, code du critère, F ou M, tranche d’âge ; unknown : non renseigné.',
    constraints: { required: true },
  },
  {
    name: 'libelle',
    title: 'Libellé',
    type: 'string',
    unit: null,
    description: 'La catégorie en mots.',
    constraints: { required: true },
  },
  {
    name: 'heures',
    title: 'Heures',
    type: 'number',
    unit: 'heure',
    description:
      'Heures d’insertion, au centième (les heures exigées : celles des marchés en cours, ' +
      'réparties au prorata de leur durée dans l’année). Vide quand la ligne n’en a pas, ou ' +
      'quand elles sont celles de personnes couvertes par le secret statistique.',
    constraints: { minimum: 0 },
  },
  {
    name: 'etp',
    title: 'Équivalents temps plein',
    type: 'number',
    unit: 'ETP',
    description: `Les heures divisées par ${LEGAL_YEARLY_HOURS} (la durée légale annuelle du travail), au dixième.`,
    constraints: { minimum: 0 },
  },
  {
    name: 'personnes',
    title: 'Personnes',
    type: 'integer',
    unit: 'personne',
    description: `Participants distincts ayant des heures dans l’année. Vide quand le nombre est couvert par le secret statistique (${SECRET_WORDS}).`,
    constraints: { minimum: 0 },
  },
  {
    name: 'marches',
    title: 'Marchés',
    type: 'integer',
    unit: 'marché',
    description: 'Nombre de marchés publics.',
    constraints: { minimum: 0 },
  },
  {
    name: 'sorties',
    title: 'Sorties',
    type: 'integer',
    unit: 'sortie',
    description: `Sorties de parcours de l’année (une par personne sortie). Vide quand le nombre est couvert par le secret statistique (${SECRET_WORDS}).`,
    constraints: { minimum: 0 },
  },
  {
    name: 'taux',
    title: 'Taux',
    type: 'number',
    unit: '%',
    description:
      'Un pourcentage, au dixième : heures réalisées sur heures exigées (ligne heures-exigees), ' +
      'part des marchés notifiés avec une considération sociale, part des participants ' +
      'résidant en QPV, sorties positives sur sorties hors sorties neutres (ligne positives). ' +
      'Vide quand il permettrait de retrouver un nombre couvert par le secret.',
    constraints: { minimum: 0 },
  },
  {
    name: 'secret',
    title: 'Secret statistique',
    type: 'boolean',
    unit: null,
    description: `oui : une valeur de la ligne est tue au titre du secret statistique (${SECRET_WORDS}) ; elle est vide, jamais 0.`,
    constraints: { required: true },
    trueValues: ['oui'],
    falseValues: ['non'],
  },
];

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell: one that starts like a spreadsheet formula is neutralised, as every export. */
function text(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const number = (value: number | null) =>
  value === null ? '' : String(Math.round(value * 100) / 100);

export function openDataCsv(table: OpenDataTable): string {
  const lines = [OPEN_DATA_FIELDS.map((f) => f.name).join(',')];
  for (const row of table.rows) {
    lines.push(
      [
        String(table.year),
        text(table.structure),
        row.ventilation,
        text(row.code),
        text(row.libelle),
        number(row.heures),
        number(row.etp),
        number(row.personnes),
        number(row.marches),
        number(row.sorties),
        number(row.taux),
        row.secret ? 'oui' : 'non',
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function openDataSchema(table: OpenDataTable): Record<string, unknown> {
  return {
    $schema: 'https://specs.frictionlessdata.io/schemas/table-schema.json',
    name: `resultats-clauses-sociales-${table.year}`,
    title: `Résultats des clauses sociales d’insertion — ${table.structure} — ${table.year}`,
    description:
      'Chiffres agrégés de l’année : heures d’insertion réalisées et exigées, par modalité, ' +
      'type de marché, acheteur, division CPV et PLIE ; participants par public ; marchés ; ' +
      'sorties par groupe et taux de sorties positives. Aucune personne, aucune ligne, aucune ' +
      `référence de marché ni aucune entreprise titulaire n’y figure. Secret statistique : ${SECRET_WORDS} n’est pas publié (colonne secret).`,
    // A column without a unit says none (a null is no unit).
    fields: OPEN_DATA_FIELDS.map(({ unit, ...field }) => (unit ? { ...field, unit } : field)),
    missingValues: [''],
    primaryKey: ['annee', 'ventilation', 'code'],
  };
}

/** The index of a structure's published years: a Frictionless Data Package, paths relative. */
export function openDataPackage(
  tenant: string,
  structure: string,
  years: readonly { year: number; publishedAt: string; bytes: number }[],
): Record<string, unknown> {
  return {
    name: `clauses-sociales-${tenant}`,
    title: `Résultats des clauses sociales d’insertion — ${structure}`,
    description:
      'Les années que la structure a publiées, chacune figée le jour de sa publication : un ' +
      'fichier CSV et son schéma (Table Schema).',
    licenses: [
      {
        name: 'etalab-2.0',
        title: 'Licence Ouverte / Open Licence version 2.0',
        path: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
      },
    ],
    resources: [...years]
      .sort((a, b) => b.year - a.year)
      .map(({ year, publishedAt, bytes }) => ({
        name: `resultats-${year}`,
        title: `Résultats ${year}`,
        path: `${year}.csv`,
        schema: `${year}.schema.json`,
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        bytes,
        published: publishedAt,
      })),
  };
}

/** Names of the files a year publishes, under `/open-data/<structure>/`. */
export const openDataFiles = (year: number) => ({
  csv: `${year}.csv`,
  schema: `${year}.schema.json`,
});
