import { frenchMonth, isValidDate, isValidMonth, longFrenchDate } from './calendar';
import { entityLabel, SETTING_LABELS } from './change-log';
import { formatEurosFromCents, formatHours, formatPercent } from './format';

// How the journal says what an entry changed, in French: the object named as users know it
// (« Marché 2025-0099 — Gymnase », « PLIE du Médoc » — not « PLIE PLIE du Médoc »), and an
// edit's fields, each « avant → après ».

/** The names the journal gives the objects an entry points to, looked up by the service. */
export interface ChangeNames {
  contracts: ReadonlyMap<string, { reference: string; title: string }>;
  /** A file names its contracts by reference: the title of the one contract of each. */
  titlesByReference?: ReadonlyMap<string, string>;
  plies: ReadonlyMap<string, { name: string }>;
}

export interface FieldChange {
  field: string;
  /** The field as the pages name it. */
  label: string;
  before: string;
  after: string;
}

const FIELD_LABELS: Record<string, string> = {
  day: 'Jour des relances',
  emails: 'Destinataires',
  buyers: 'Acheteurs',
  name: 'Nom',
  code: 'Code',
  territory: 'Territoire',
  activeFrom: 'Ouvert le',
  activeUntil: 'Fermé le',
  communes: 'Communes',
  coordinatorEmails: 'Adresses des coordinateurs',
  reference: 'Référence',
  title: 'Intitulé',
  buyer: 'Acheteur',
  awardee: 'Titulaire',
  coAwardees: 'Cotraitants',
  lot: 'Lot',
  kind: 'Nature',
  cpv: 'Code CPV',
  amountCents: 'Montant',
  notifiedOn: 'Notifié le',
  consultationLaunchedOn: 'Consultation lancée le',
  startsOn: 'Début',
  endsOn: 'Fin',
  targetHours: 'Heures d’insertion à réaliser',
  insertionInputs: 'Calcul des heures',
  labourShare: 'part de main-d’œuvre',
  insertionRate: 'taux d’insertion',
  hourlyCostCents: 'coût horaire',
  allocation: 'Répartition entre PLIE',
  allocationKey: 'Clé de répartition',
  territoryPlieIds: 'PLIE du territoire',
  socialConsiderations: 'Considérations sociales',
  reserved: 'Marché réservé',
  defenceOrSecurity: 'Défense ou sécurité',
  fixedPerPlieCents: 'Part fixe par PLIE',
  perHourCents: 'Montant par heure',
  funderSiret: 'Financeur (SIRET)',
  funderName: 'Financeur',
  envelopesCents: 'Enveloppes par PLIE',
  siret: 'SIRET',
  population: 'Population',
  socialHousingRate: 'Taux de logement social',
  qpvResidents: 'Habitants en QPV',
  qpvShare: 'Part de la population en QPV',
  unemploymentRate: 'Taux de chômage',
  worksCents: 'Seuil des travaux',
  suppliesServicesCents: 'Seuil des fournitures et services',
  central: 'État',
  local: 'collectivités',
  from: 'Du',
  to: 'Au',
  mode: 'mode',
  plieId: 'PLIE',
  plieIds: 'PLIE',
  shares: 'parts',
  leftOutCount: 'Lignes laissées de côté (doublons possibles)',
  leftOutLines: 'Numéros des lignes laissées de côté',
  countedLines: 'Lignes comptées',
  countedHours: 'Heures comptées',
};

/** Technical fields an edit writes that say nothing to a reader. */
const UNSAID = new Set([
  'id',
  'updatedAt',
  'createdAt',
  'createdBy',
  'year',
  '_type',
  'amendments',
]);

const SHARES = new Set(['labourShare', 'insertionRate']);

// Built on first use, as shared/domain/format.ts does (a French formatter loads locale data).
let plainNumber: Intl.NumberFormat | undefined;

/** A value as a French reader reads it: euros, hours, dates, months, lists, yes/no. */
export function frenchValue(field: string, value: unknown, names?: ChangeNames): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'number') {
    if (field.endsWith('Cents')) return formatEurosFromCents(value);
    if (field.endsWith('Hours') || field === 'hours') return formatHours(value);
    if (SHARES.has(field)) return formatPercent(value);
    plainNumber ??= new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 4 });
    return plainNumber.format(value);
  }
  if (typeof value === 'string') {
    if ((field === 'plieId' || field === 'plieIds') && names?.plies.get(value))
      return names.plies.get(value)?.name ?? value;
    if (isValidDate(value)) return longFrenchDate(value);
    if (isValidMonth(value)) return frenchMonth(value);
    return value;
  }
  if (Array.isArray(value)) {
    return value.length ? value.map((v) => frenchValue(field, v, names)).join(', ') : '—';
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    );
    // A PLIE-keyed map (envelopes, shares): named by PLIE.
    return entries
      .map(([k, v]) => {
        const label = names?.plies.get(k)?.name ?? FIELD_LABELS[k] ?? k;
        const inner = field.endsWith('Cents') || names?.plies.has(k) ? field : k;
        return `${label} : ${frenchValue(inner, v, names)}`;
      })
      .join(' ; ');
  }
  return String(value);
}

/**
 * An edit's fields, each before → after (unchanged ones left out): the fields it wrote, or,
 * for a removal, those it removed. Empty when the record keeps no previous values.
 */
export function fieldChanges(
  change: { data?: Record<string, unknown>; before?: Record<string, unknown> },
  names?: ChangeNames,
): FieldChange[] {
  const { data = {}, before } = change;
  if (!before) return [];
  const fields = Object.keys(data).length ? Object.keys(data) : Object.keys(before);
  return fields
    .filter((field) => !UNSAID.has(field))
    .map((field) => ({
      field,
      label: FIELD_LABELS[field] ?? field,
      before: frenchValue(field, before[field], names),
      after: frenchValue(field, data[field], names),
    }))
    .filter((c) => c.before !== c.after);
}

const startsWith = (text: string, prefix: string) =>
  text.toLocaleLowerCase('fr').startsWith(prefix.toLocaleLowerCase('fr'));

/** The object an entry is about, named: its kind, and its name when it has one. */
export function objectName(
  change: { entityType: string; entityId: string; data?: Record<string, unknown> },
  names: ChangeNames,
): string {
  const kind = entityLabel(change.entityType);
  const { entityType, entityId } = change;
  let name: string | undefined;
  if (entityType === 'contract') {
    const contract = names.contracts.get(entityId);
    name = contract ? `${contract.reference} — ${contract.title}` : undefined;
  } else if (entityType === 'plie') {
    name = names.plies.get(entityId)?.name ?? entityId;
  } else if (entityType === 'setting') {
    return `${kind} : ${SETTING_LABELS[entityId] ?? entityId}`;
  } else if (entityType === 'eu-thresholds') {
    name = isValidDate(entityId) ? `au ${longFrenchDate(entityId)}` : entityId;
  } else if (
    entityType === 'funding-convention' ||
    entityType === 'allocation-weights' ||
    entityType === 'open-data'
  ) {
    name = entityId;
  }
  if (!name) return kind;
  // A PLIE is named « PLIE du Médoc »: its kind is already in its name.
  return startsWith(name, kind) ? name : `${kind} ${name}`;
}

/** What an entry concerns besides its object, in words: contracts, months, PLIEs. */
export function concernsText(
  change: {
    entityType: string;
    contractIds?: string[];
    contractReferences?: string[];
    plieIds?: string[];
    months?: string[];
  },
  names: ChangeNames,
): string {
  const parts: string[] = [];
  if (change.entityType !== 'contract') {
    const contracts = (change.contractIds ?? []).map((id) => {
      const found = names.contracts.get(id);
      return found ? `${found.reference} — ${found.title}` : id;
    });
    const known = new Set(
      (change.contractIds ?? []).map((id) => names.contracts.get(id)?.reference),
    );
    contracts.push(
      ...(change.contractReferences ?? [])
        .filter((ref) => !known.has(ref))
        .map((ref) => {
          const title = names.titlesByReference?.get(ref);
          return title ? `${ref} — ${title}` : ref;
        }),
    );
    if (contracts.length)
      parts.push(`${contracts.length > 1 ? 'Marchés' : 'Marché'} ${contracts.join(', ')}`);
  }
  const months = [...(change.months ?? [])].sort().map(frenchMonth);
  if (months.length) parts.push(months.join(', '));
  if (change.entityType !== 'plie') {
    const plies = (change.plieIds ?? []).map((id) => names.plies.get(id)?.name ?? id);
    parts.push(...plies.map((name) => (startsWith(name, 'PLIE') ? name : `PLIE ${name}`)));
  }
  return parts.join(' · ');
}
