import { monthNumberOf, type YearMonth, yearOf } from '#shared/domain/calendar';
import { type DuplicateFields, duplicateKey } from '#shared/domain/duplicates';
import { DEFAULT_TENANT } from '#shared/domain/tenants';

// Every item the table holds and every way it is read, in one place. Keys are generic
// (pk/sk, gsi1pk/gsi1sk, gsi2pk/gsi2sk, gsi3pk/gsi3sk); `_type` names the item type for scans
// and reconcile.
//
// Access patterns:
//  PLIEs ............................. pk = PLIES                          (list all, get one)
//  criteria of a year ................ pk = CRITERIA#<year>, sk = PLIE#<id> (all PLIEs of a year)
//  allocation weights of a year ...... pk = CRITERIA#<year>, sk = WEIGHTS
//  contract .......................... pk = CONTRACT#<id>, sk = CONTRACT
//    its totals per PLIE ............. pk = CONTRACT#<id>, sk = PLIE#<plieId>
//    its totals per participant ...... pk = CONTRACT#<id>, sk = PARTICIPANT#<participantId>
//    list by notification date ....... gsi1 CONTRACTS / <notifiedOn>#<id>
//    by reference alone (CSV import) . gsi2 CONTRACT-REFERENCE#<reference> / <id>
//  contract reference (uniqueness) ... pk = CONTRACT-REF#<buyer siret or ->#<reference>
//  L2113-15 awards of a buyer to an operator
//                                      pk = ESS-AWARDS#<buyer>#<awardee SIREN>, sk = <notifiedOn>#<id>
//  participant ....................... pk = PARTICIPANT#<id>, sk = PARTICIPANT
//    their hours per month, all contracts  pk = PARTICIPANT#<id>, sk = MONTH#<month>
//    list, all or one PLIE ........... gsi1 PARTICIPANTS / <plieId>#<ref>
//    exits of a year ................. gsi2 EXITS#<year> / <plieId>#<exitedOn>#<id>
//  participant ref (uniqueness) ...... pk = PARTICIPANT-REF#<plieId>#<ref>
//  funding convention of a year ...... pk = FUNDING-CONVENTIONS, sk = <year>#<funder SIRET or ALL>
//    (one per funder and year; before, one a year at sk = <year>: see upgrades.ts)
//  EU thresholds of a period ........ pk = EU-THRESHOLDS, sk = <from>
//  monthly statement ................. pk = STATEMENT#<id>, sk = STATEMENT
//  import job (big file) ............. pk = IMPORT-JOB#<id>, sk = IMPORT-JOB; gsi1 IMPORT-JOBS by creation
//    list, newest first .............. gsi1 STATEMENTS / <uploadedAt>#<id>
//    an awardee's, newest first ...... gsi2 AWARDEE-STATEMENTS#<SIREN> / <uploadedAt>#<id>
//    waiting for validation .......... pk = STATEMENTS-TO-VALIDATE, sk = <uploadedAt>#<id>
//    received, while it counts ....... pk = RECEIVED#<month>, sk = <contract reference>#<id>
//      (one per statement and contract-month: the missing-statement check reads a month's,
//      or one contract's by its reference)
//  contracts a company holds ......... pk = HOLDER#<SIREN>, sk = <notifiedOn>#<contractId>
//  contracts that concern PLIEs ...... pk = PLIE-CONTRACTS#<audience>, sk = <endsOn>#<contractId>
//    (audience: PLIE#<id>, TERRITORY#<name>, ALL for every PLIE, NONE for a reserved contract
//    with no PLIE yet; a PLIE's report reads its own, from its year on)
//  awardee contact (invited) ......... pk = AWARDEE-CONTACTS#<SIREN>, sk = <email>
//    every contact ................... gsi1 AWARDEE-CONTACTS / <SIREN>#<email>
//  a setting (reminder day) .......... pk = SETTINGS, sk = <name>
//    (the buyers' contacts, who receive their bilan in January: sk = buyer-contacts)
//  open data published for a year ... pk = OPEN-DATA, sk = <year> (its frozen CSV and schema)
//  hour line ......................... pk = LINE#<id>
//    lines of a contract ............. gsi1 LINES#CONTRACT#<contractId> / <month>#<id>
//    lines of a PLIE ................. gsi2 LINES#PLIE#<plieId> / <month>#<id>
//    lines that may repeat each other  gsi3 DUPLICATES#<contract>#<plie>#<month>#<person>#<hours
//      in hundredths> / <id> (the duplicate key, shared/domain/duplicates.ts; voided ones too)
//    a duplicate key seen (typed) .... pk = LINE-KEY#<the same key>, sk = LINE-KEY
//    lines imported into a contract × PLIE × month
//                                      pk = LINES-IMPORTED#<contract>#<plie>#<month>, sk = LINES-IMPORTED
//      (markers never deleted: a typed line reads what it may repeat only when one is there,
//      shared/store/duplicate-markers.ts)
//  PLIE × month totals ............... pk = PLIE-MONTHS#<year>, sk = <plieId>#<month>
//  contract × PLIE × year totals ..... pk = CONTRACT-YEARS#<year>, sk = <contractId>#<plieId>
//                                      (hours per month in m01…m12: one item a year, whatever the lines)
//  participant × year totals ........ pk = PEOPLE-YEARS#<year>, sk = <participantId>
//  idempotency record ................ pk = IDEMPOTENCY#<sub>#<key>
//  monthly report delivery ........... pk = REPORT#<month>, sk = <scope>#<recipient>
//    a scheduled run of the month done  pk = REPORT#<month>, sk = RUN#<kind> (reminders)
//    the report as sent to an audience  pk = REPORT#<month>, sk = SENT#<scope> (its HTML, gzipped)
//  change record (audit) ............. pk = CHANGES#<entityType>#<entityId>, sk = <at>#<id>
//    changes of a day ................ gsi1 CHANGES#<YYYY-MM-DD> / <at>#<id>
//    the journal, one entry per action  gsi2 JOURNAL#<YYYY-MM> / <at>#<id> (not a line an
//      import wrote, nor a file's receipt: shared/domain/change-log.ts)

//  Platform items, of no structure:
//  structure (tenant) ................ pk = PLATFORM#TENANTS, sk = <tenant id>
//  administrator invited by the operator  pk = PLATFORM#ADMINISTRATORS, sk = <email>

export interface Key {
  pk: string;
  sk: string;
}

/**
 * The keys of one structure's items: every partition (table's and indexes') begins with the
 * structure, so a store made for one structure cannot name another's items. The structure
 * `default` — the data of a deployment from before structures — keeps its keys as they were
 * (no prefix: no other structure's partition can equal them, theirs begin with `T#`), so an
 * upgraded deployment's data needs no rewrite (shared/store/tenants.ts says more).
 */
export function tenantKeys(tenant: string) {
  const prefix = tenantPrefix(tenant);
  const P = (partition: string) => `${prefix}${partition}`;
  const single = (pk: string, sk: string): Key => ({ pk: P(pk), sk });
  return {
    pliesPartition: P('PLIES'),
    plie: (plieId: string) => single('PLIES', `PLIE#${plieId}`),

    criteriaPartition: (year: number) => P(`CRITERIA#${year}`),
    criteria: (year: number, plieId: string) => single(`CRITERIA#${year}`, `PLIE#${plieId}`),
    weights: (year: number) => single(`CRITERIA#${year}`, 'WEIGHTS'),

    contractPartition: (contractId: string) => P(`CONTRACT#${contractId}`),
    contract: (contractId: string) => single(`CONTRACT#${contractId}`, 'CONTRACT'),
    contractsIndex: P('CONTRACTS'),
    contractIndexSort: (notifiedOn: string, contractId: string) => `${notifiedOn}#${contractId}`,
    contractPlieTotal: (contractId: string, plieId: string) =>
      single(`CONTRACT#${contractId}`, `PLIE#${plieId}`),
    contractParticipantTotal: (contractId: string, participantId: string) =>
      single(`CONTRACT#${contractId}`, `PARTICIPANT#${participantId}`),
    contractRef: (buyerSiret: string | undefined, reference: string) =>
      single(`CONTRACT-REF#${buyerSiret ?? '-'}#${reference}`, 'CONTRACT-REF'),
    contractReferenceIndex: (reference: string) => P(`CONTRACT-REFERENCE#${reference}`),
    essAwardsPartition: (buyer: string, operator: string) => P(`ESS-AWARDS#${buyer}#${operator}`),
    essAward: (buyer: string, operator: string, notifiedOn: string, contractId: string) =>
      single(`ESS-AWARDS#${buyer}#${operator}`, `${notifiedOn}#${contractId}`),

    participant: (participantId: string) => single(`PARTICIPANT#${participantId}`, 'PARTICIPANT'),
    participantsIndex: P('PARTICIPANTS'),
    participantIndexSort: (plieId: string, ref: string) => `${plieId}#${ref}`,
    exitsIndex: (year: number) => P(`EXITS#${year}`),
    exitIndexSort: (plieId: string, exitedOn: string, participantId: string) =>
      `${plieId}#${exitedOn}#${participantId}`,
    participantMonthTotal: (participantId: string, month: YearMonth) =>
      single(`PARTICIPANT#${participantId}`, `MONTH#${month}`),
    participantRef: (plieId: string, ref: string) =>
      single(`PARTICIPANT-REF#${plieId}#${ref}`, 'PARTICIPANT-REF'),

    fundingConventionsPartition: P('FUNDING-CONVENTIONS'),
    /** A year's convention of one funder (none: the convention over every contract's hours). */
    fundingConvention: (year: number, funderSiret: string | null = null) =>
      single('FUNDING-CONVENTIONS', `${year}#${funderSiret ?? 'ALL'}`),
    /** Where a year's single convention was kept before conventions were keyed by funder. */
    legacyFundingConvention: (year: number) => single('FUNDING-CONVENTIONS', String(year)),
    statement: (statementId: string) => single(`STATEMENT#${statementId}`, 'STATEMENT'),
    statementsIndex: P('STATEMENTS'),
    /** An awardee's own statements (gsi2), by its company's SIREN. */
    awardeeStatementsIndex: (siren: string) => P(`AWARDEE-STATEMENTS#${siren}`),
    /** Awardees' statements waiting for a facilitator: one marker each, gone once decided. */
    toValidatePartition: P('STATEMENTS-TO-VALIDATE'),
    toValidate: (uploadedAt: string, statementId: string) =>
      single('STATEMENTS-TO-VALIDATE', `${uploadedAt}#${statementId}`),
    /** A statement that counts for a contract (by reference) and a month: see statement-received.ts. */
    receivedPartition: (month: string) => P(`RECEIVED#${month}`),
    received: (month: string, reference: string, statementId: string) =>
      single(`RECEIVED#${month}`, `${reference}#${statementId}`),
    /** Statements with a change under way (replacing…): one marker each, gone once it ends. */
    statementChangesPartition: P('STATEMENT-CHANGES'),
    statementChange: (at: string, statementId: string) =>
      single('STATEMENT-CHANGES', `${at}#${statementId}`),
    /** A contract held by a company (awardee or co-contractor), newest notification first. */
    holder: (siren: string, notifiedOn: string, contractId: string) =>
      single(`HOLDER#${siren}`, `${notifiedOn}#${contractId}`),
    holderPartition: (siren: string) => P(`HOLDER#${siren}`),
    plieContractsPartition: (audience: string) => P(`PLIE-CONTRACTS#${audience}`),
    plieContract: (audience: string, endsOn: string, contractId: string) =>
      single(`PLIE-CONTRACTS#${audience}`, `${endsOn}#${contractId}`),
    awardeeContact: (siren: string, email: string) => single(`AWARDEE-CONTACTS#${siren}`, email),
    awardeeContactsIndex: P('AWARDEE-CONTACTS'),
    setting: (name: string) => single('SETTINGS', name),
    openDataPartition: P('OPEN-DATA'),
    openData: (year: number) => single('OPEN-DATA', String(year)),
    importJob: (jobId: string) => single(`IMPORT-JOB#${jobId}`, 'IMPORT-JOB'),
    /** Who may send a prepared job's file, and which: gone once the job starts. */
    uploadGrant: (jobId: string) => single(`IMPORT-JOB#${jobId}`, 'UPLOAD-GRANT'),
    importJobsIndex: P('IMPORT-JOBS'),
    euThresholdsPartition: P('EU-THRESHOLDS'),
    euThreshold: (from: string) => single('EU-THRESHOLDS', from),

    line: (lineId: string) => single(`LINE#${lineId}`, 'LINE'),
    contractLinesIndex: (contractId: string) => P(`LINES#CONTRACT#${contractId}`),
    plieLinesIndex: (plieId: string) => P(`LINES#PLIE#${plieId}`),
    lineIndexSort: (month: YearMonth, lineId: string) => `${month}#${lineId}`,
    /**
     * The lines sharing a line's duplicate key (contract, PLIE, month, person, hours in
     * hundredths): the rule's own key (shared/domain/duplicates.ts), its parts joined by `#` —
     * none of them holds one (ids, a PLIE's slug, YYYY-MM, a number; no person: empty).
     */
    duplicateLinesIndex: (line: DuplicateFields) =>
      P(`DUPLICATES#${duplicateKey(line).replaceAll('\u0000', '#')}`),
    /** "Lines of this duplicate key may exist": written with every line typed (or loaded). */
    lineKeyMarker: (line: DuplicateFields) =>
      single(`LINE-KEY#${duplicateKey(line).replaceAll('\u0000', '#')}`, 'LINE-KEY'),
    /** "Lines were imported into this contract × PLIE × month": written by every import. */
    importedLinesMarker: (contractId: string, plieId: string, month: YearMonth) =>
      single(`LINES-IMPORTED#${contractId}#${plieId}#${month}`, 'LINES-IMPORTED'),

    pliesMonthsPartition: (year: number) => P(`PLIE-MONTHS#${year}`),
    plieMonthTotal: (plieId: string, month: YearMonth) =>
      single(`PLIE-MONTHS#${yearOf(month)}`, `${plieId}#${month}`),

    contractsYearPartition: (year: number) => P(`CONTRACT-YEARS#${year}`),
    peopleYearPartition: (year: number) => P(`PEOPLE-YEARS#${year}`),
    participantYearTotal: (participantId: string, year: number) =>
      single(`PEOPLE-YEARS#${year}`, participantId),
    contractPlieYearTotal: (contractId: string, plieId: string, year: number) =>
      single(`CONTRACT-YEARS#${year}`, `${contractId}#${plieId}`),

    delivery: (month: string, recipient: string, scope: string) =>
      single(`REPORT#${month}`, `${scope}#${recipient}`),
    deliveryRun: (month: string, kind: string) => single(`REPORT#${month}`, `RUN#${kind}`),
    sentReport: (month: string, scope: string) => single(`REPORT#${month}`, `SENT#${scope}`),

    idempotency: (sub: string, key: string) => single(`IDEMPOTENCY#${sub}#${key}`, 'IDEMPOTENCY'),

    changesPartition: (entityType: string, entityId: string) =>
      P(`CHANGES#${entityType}#${entityId}`),
    change: (entityType: string, entityId: string, at: string, changeId: string) =>
      single(`CHANGES#${entityType}#${entityId}`, `${at}#${changeId}`),
    changesOfDay: (day: string) => P(`CHANGES#${day}`),
    changeJournal: (month: string) => P(`JOURNAL#${month}`),
  } as const;
}
export type Keys = ReturnType<typeof tenantKeys>;

/** Items of the platform itself, of no structure (every structure's prefix begins `T#`). */
export const platformKeys = {
  tenantsPartition: 'PLATFORM#TENANTS',
  tenant: (tenant: string): Key => ({ pk: 'PLATFORM#TENANTS', sk: tenant }),
  /** One item per address: an address administers one structure only. */
  administratorsPartition: 'PLATFORM#ADMINISTRATORS',
  administrator: (email: string): Key => ({ pk: 'PLATFORM#ADMINISTRATORS', sk: email }),
} as const;

/** The structure whose item has this partition key (every partition says it, but `default`'s). */
export function tenantOfPartition(partition: string): string {
  if (!partition.startsWith('T#')) return DEFAULT_TENANT;
  return partition.slice(2, partition.indexOf('#', 2));
}

/** What begins every partition of a structure's items (nothing for `default`). */
export function tenantPrefix(tenant: string): string {
  return tenant === DEFAULT_TENANT ? '' : `T#${tenant}#`;
}

/** Attribute under which a total keeps the hours of one mode ("modalité"). */
export function modeAttribute(mode: string): string {
  return `${MODE_ATTRIBUTE_PREFIX}${mode}`;
}

export const MODE_ATTRIBUTE_PREFIX = 'mode:';

/** Attribute under which a yearly total keeps the hours of one month (`m01` … `m12`). */
export function monthAttribute(month: YearMonth): string {
  return monthNumberAttribute(monthNumberOf(month));
}

/** `m01` … `m12`: the attribute of the month numbered `month` (1–12). */
export function monthNumberAttribute(month: number): string {
  return `m${String(month).padStart(2, '0')}`;
}
