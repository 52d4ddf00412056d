import {
  type AllocationMode,
  CRITERIA,
  type CriteriaValues,
  type FrozenKey,
  type Weights,
} from '#shared/domain/allocation';
import type { AmendedTerms, Amendment, AmendmentSource } from '#shared/domain/amendments';
import {
  type Awardee,
  CONTRACT_KINDS,
  type CoAwardee,
  type ContractKind,
  SOCIAL_CONSIDERATIONS,
  type SocialConsideration,
} from '#shared/domain/contracts';
import {
  ALL_RESERVED_BASES,
  type AnyReservedBasis,
  AWARDEE_TYPES,
  type AwardeeType,
} from '#shared/domain/reserved';
import { TO_COMPLETE, type ToComplete } from '#shared/domain/to-complete';
import { type Item, readItem } from './item';
import type { Keys } from './keys';

/** A contract as the table keeps it: money in cents, and the running total of its lines. */
export interface ContractRecord {
  id: string;
  reference: string;
  title: string;
  buyer: { name: string; siret?: string };
  /** A SIRET, or as published a SIREN alone or a foreign identifier (see Awardee). */
  awardee: Awardee;
  /** The other members of the awarded group, in the order published. */
  coAwardees?: CoAwardee[];
  /** The lot of a contract let in lots, when known. */
  lot?: string | null;
  kind: ContractKind;
  cpv?: string;
  amountCents: number;
  notifiedOn: string;
  /** When the consultation was launched: the law in force then applies (null: notification). */
  consultationLaunchedOn?: string | null;
  startsOn: string;
  endsOn: string;
  targetHours: number | null;
  insertionInputs: { labourShare: number; insertionRate: number; hourlyCostCents: number } | null;
  /** Null until a user names the PLIE(s): contracts imported from DECP carry none. */
  allocation: AllocationMode | null;
  /** A shared contract's key, once decided (see FrozenKey). */
  allocationKey: FrozenKey | null;
  /**
   * A contract shared within a territory whose key is not decided yet: that territory's PLIEs,
   * the only ones its hours may go to until then (the key's PLIEs after). The hour-line
   * transaction checks it: it cannot read the PLIE's territory itself. Null otherwise.
   */
  territoryPlieIds?: string[] | null;
  socialConsiderations: SocialConsideration[];
  reserved: { basis: AnyReservedBasis; awardeeType: AwardeeType | null } | null;
  defenceOrSecurity: boolean;
  /** Its amendments, oldest first; the fields above hold the values of the last one. */
  amendments: Amendment[];
  /** For a contract imported from DECP: the published version its values come from. */
  decp?: DecpVersionRecord;
  /** Total of the contract's active lines, kept by the hour-line transactions. */
  hoursLogged: number;
  lineCount: number;
  createdAt: string;
  createdBy: string;
  /** Set by every later write: what an update checks it is not overwriting. */
  updatedAt?: string;
  source: 'api' | 'decp';
  /** What its open data did not give, until a user completes it (absent: nothing). */
  toComplete?: ToComplete[];
}

/** Which published version of a DECP record set a contract's values, and when. */
export interface DecpVersionRecord {
  /** Buyer SIRET, id without its modification number (see decp-modifications.ts), lot. */
  identity: string;
  /** The record's `id` as published, and its modification number when it carries one. */
  publishedId: string;
  sequence: number | null;
  /** `datePublicationDonnees`: what decides which of two versions is the newer. */
  publishedOn: string | null;
  importedAt: string;
  /** The file it was imported from, as the user's browser named it (none before it was kept). */
  fileName?: string | null;
}

export type NewContract = Omit<ContractRecord, 'hoursLogged' | 'lineCount'>;

/** The fields a later write may change; the line totals are never among them. */
export type ContractChanges = Partial<
  Pick<
    ContractRecord,
    | 'title'
    | 'buyer'
    | 'awardee'
    | 'coAwardees'
    | 'lot'
    | 'amountCents'
    | 'notifiedOn'
    | 'startsOn'
    | 'endsOn'
    | 'cpv'
    | 'kind'
    | 'targetHours'
    | 'insertionInputs'
    | 'allocation'
    | 'allocationKey'
    | 'territoryPlieIds'
    | 'socialConsiderations'
    | 'reserved'
    | 'defenceOrSecurity'
    | 'amendments'
    | 'decp'
    | 'toComplete'
  >
>;

/** The contract's item, with the keys of its two listings (by notification, by reference). */
export function contractItem(keys: Keys, record: ContractRecord): Item {
  return {
    ...keys.contract(record.id),
    gsi1pk: keys.contractsIndex,
    gsi1sk: keys.contractIndexSort(record.notifiedOn, record.id),
    gsi2pk: keys.contractReferenceIndex(record.reference),
    gsi2sk: record.id,
    _type: 'contract',
    ...record,
  };
}

export function contractFromItem(item: Item): ContractRecord {
  const read = readItem(item, 'contract');
  const party = (name: string) => readItem(read.record(name), `contract ${name}`);
  const buyer = party('buyer');
  const inputs = read.nullableRecord('insertionInputs');
  const allocation = read.nullableRecord('allocation');
  const reserved = read.nullableRecord('reserved');
  const cpv = read.optionalString('cpv');
  const buyerSiret = buyer.optionalString('siret');
  const updatedAt = read.optionalString('updatedAt');
  const toComplete = read.oneOfList('toComplete', TO_COMPLETE, []);
  return {
    id: read.string('id'),
    reference: read.string('reference'),
    title: read.string('title'),
    buyer: { name: buyer.string('name'), ...(buyerSiret ? { siret: buyerSiret } : {}) },
    awardee: coAwardeeOf(read.record('awardee')),
    coAwardees: read.records('coAwardees').map(coAwardeeOf),
    lot: read.nullableString('lot'),
    kind: read.oneOf('kind', CONTRACT_KINDS),
    ...(cpv ? { cpv } : {}),
    amountCents: read.number('amountCents'),
    notifiedOn: read.string('notifiedOn'),
    consultationLaunchedOn: read.nullableString('consultationLaunchedOn'),
    startsOn: read.string('startsOn'),
    endsOn: read.string('endsOn'),
    targetHours: read.nullableNumber('targetHours'),
    insertionInputs: inputs ? insertionInputsOf(inputs) : null,
    allocation: allocation ? allocationOf(allocation) : null,
    allocationKey: keyOf(read.nullableRecord('allocationKey')),
    territoryPlieIds: item.territoryPlieIds == null ? null : read.strings('territoryPlieIds'),
    socialConsiderations: read.oneOfList('socialConsiderations', SOCIAL_CONSIDERATIONS, []),
    reserved: reserved ? reservedOf(reserved) : null,
    defenceOrSecurity: read.boolean('defenceOrSecurity', false),
    amendments: read.records('amendments').map(amendmentOf),
    ...(item.decp ? { decp: decpVersionOf(read.record('decp')) } : {}),
    hoursLogged: read.optionalNumber('hoursLogged') ?? 0,
    lineCount: read.optionalNumber('lineCount') ?? 0,
    createdAt: read.string('createdAt'),
    createdBy: read.string('createdBy'),
    ...(updatedAt ? { updatedAt } : {}),
    source: read.oneOf('source', ['api', 'decp'] as const),
    ...(item.toComplete != null ? { toComplete } : {}),
  };
}

/** An awardee or co-contractor: whichever identifier it was published with. */
function coAwardeeOf(item: Item): CoAwardee {
  const read = readItem(item, 'contract awardee');
  const siret = read.optionalString('siret');
  const siren = read.optionalString('siren');
  const identifier = read.optionalString('identifier');
  return {
    name: read.string('name'),
    ...(siret ? { siret } : {}),
    ...(siren ? { siren } : {}),
    ...(identifier ? { identifier } : {}),
  };
}

function termsOf(item: Item | undefined, entity: string): Partial<AmendedTerms> {
  if (!item) return {};
  const read = readItem(item, entity);
  const terms: Partial<AmendedTerms> = {};
  if (item.amountCents !== undefined) terms.amountCents = read.number('amountCents');
  if (item.endsOn !== undefined) terms.endsOn = read.string('endsOn');
  if (item.targetHours !== undefined) terms.targetHours = read.nullableNumber('targetHours');
  if (item.allocation !== undefined) {
    const allocation = read.nullableRecord('allocation');
    terms.allocation = allocation ? allocationOf(allocation) : null;
  }
  if (item.awardee !== undefined) terms.awardee = coAwardeeOf(read.record('awardee'));
  if (item.coAwardees !== undefined) terms.coAwardees = read.records('coAwardees').map(coAwardeeOf);
  return terms;
}

function sourceOf(item: Item): AmendmentSource {
  const read = readItem(item, 'amendment source');
  return {
    kind: read.oneOf('kind', ['decp'] as const),
    key: read.string('key'),
    publishedId: read.string('publishedId'),
    publishedOn: read.nullableString('publishedOn'),
    notifiedOn: read.nullableString('notifiedOn'),
  };
}

function decpVersionOf(item: Item): DecpVersionRecord {
  const read = readItem(item, 'contract decp');
  return {
    identity: read.string('identity'),
    publishedId: read.string('publishedId'),
    sequence: read.nullableNumber('sequence'),
    publishedOn: read.nullableString('publishedOn'),
    importedAt: read.string('importedAt'),
    fileName: read.nullableString('fileName'),
  };
}

function amendmentOf(item: Item): Amendment {
  const read = readItem(item, 'contract amendment');
  const hoursByPlie = read.optionalRecord('hoursByPlie');
  const source = read.optionalRecord('source');
  return {
    id: read.string('id'),
    effectiveOn: read.string('effectiveOn'),
    reason: read.string('reason'),
    changes: termsOf(read.record('changes'), 'amendment changes'),
    before: termsOf(read.record('before'), 'amendment before'),
    ...(hoursByPlie
      ? {
          hoursByPlie: Object.fromEntries(
            Object.keys(hoursByPlie).map((plieId) => [
              plieId,
              readItem(hoursByPlie, 'amendment hours').number(plieId),
            ]),
          ),
        }
      : {}),
    ...(source ? { source: sourceOf(source) } : {}),
    at: read.string('at'),
    by: read.string('by'),
  };
}

function keyOf(item: Item | null): FrozenKey | null {
  if (!item) return null;
  const read = readItem(item, 'contract allocation key');
  const weights = readItem(read.record('weights'), 'allocation key weights');
  return {
    year: read.number('year'),
    plieIds: read.strings('plieIds'),
    criteria: read.records('criteria').map((entry) => {
      const c = readItem(entry, 'allocation key criteria');
      const values = readItem(c.record('criteria'), 'allocation key criteria');
      return {
        plieId: c.string('plieId'),
        criteria: Object.fromEntries(
          CRITERIA.map((name) => [name, values.number(name)]),
        ) as CriteriaValues,
      };
    }),
    weights: Object.fromEntries(CRITERIA.map((name) => [name, weights.number(name)])) as Weights,
    decidedAt: read.string('decidedAt'),
    decidedBy: read.string('decidedBy'),
  };
}

function insertionInputsOf(item: Item): NonNullable<ContractRecord['insertionInputs']> {
  const read = readItem(item, 'contract insertionInputs');
  return {
    labourShare: read.number('labourShare'),
    insertionRate: read.number('insertionRate'),
    hourlyCostCents: read.number('hourlyCostCents'),
  };
}

function allocationOf(item: Item): AllocationMode {
  const read = readItem(item, 'contract allocation');
  return read.oneOf('mode', ['single', 'shared'] as const) === 'single'
    ? { mode: 'single', plieId: read.string('plieId') }
    : { mode: 'shared', ...(item.territory ? { territory: read.string('territory') } : {}) };
}

function reservedOf(item: Item): NonNullable<ContractRecord['reserved']> {
  const read = readItem(item, 'contract reservation');
  return {
    basis: read.oneOf('basis', ALL_RESERVED_BASES),
    awardeeType: read.nullableOneOf('awardeeType', AWARDEE_TYPES),
  };
}
