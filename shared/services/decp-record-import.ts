import type { AmendedTerms } from '#shared/domain/amendments';
import { newId } from '#shared/ids';
import { contractFromDecp, type DecpContract } from '#shared/imports/decp';
import { type DecpVersion, decpVersion, versionedId } from '#shared/imports/decp-modifications';
import type { WriteContext } from '#shared/store/changes';
import type { DecpVersionRecord } from '#shared/store/contract-item';
import type { ContractChanges, ContractRecord } from '#shared/store/contracts';
import { findImported, holderKey, isFrameworkAgreement } from './decp-find';
import { type DecpNames, keepCompleted } from './decp-names';
import { applyVersion, newerThan, olderThan } from './decp-versions';
import type { ServiceDeps } from './deps';

// One DECP record against what the structure holds: created, updated where DECP changed it,
// skipped, or refused with a reason. The file-level loop (decp-import.ts) reads the records,
// counts the outcomes and reports progress; what a record does is decided here.
// A record's identity is its buyer, its id (without the modification number of the 2019
// convention, see decp-modifications.ts) and its lot. Of two versions of one record the most
// recently published wins (`datePublicationDonnees`, then the modification number): an older
// one changes nothing, whichever feed or file it comes from. Its `modifications` become
// amendments, each once.

export interface DecpPreviewItem {
  index: number;
  action: 'create' | 'update';
  reference: string;
  title: string;
  buyer: string;
  amountCents: number;
  /** For an update, what DECP changed (French field names). */
  changes: string[];
}

/** What importing one record did (or, in a dry run, would do). */
export type DecpRecordOutcome =
  | { kind: 'created' | 'updated'; preview?: DecpPreviewItem }
  | { kind: 'skipped'; notice?: string }
  | { kind: 'error'; message: string };

/**
 * The records of one file already read, by identity: a second one of the same published id is
 * a copy or a clash; one of another id is another version of the contract.
 */
export type DecpSeen = Map<
  string,
  { index: number; contract: DecpContract; publishedId: string; keys: Set<string> }
>;

export interface DecpRecordRun {
  deps: ServiceDeps;
  context: WriteContext;
  actorSub: string;
  dryRun: boolean;
  seen: DecpSeen;
  /** A dry run's framework agreements' contracts foreseen, by buyer and reference. */
  foreseen: Set<string>;
  /** Names the structure knows, for records that give none (see decp-names.ts). */
  names?: DecpNames;
  /** The file imported, as the user's browser named it: each version remembers it. */
  fileName?: string | null;
  /** Told each identifier repaired or reduced to read the record, for the import report. */
  onRepair?: (index: number, message: string) => void;
}

/** What DECP owns of a contract it created; what users complete is never overwritten. */
const DECP_FIELDS = [
  'title',
  'buyer',
  'awardee',
  'coAwardees',
  'lot',
  'amountCents',
  'notifiedOn',
  'startsOn',
  'endsOn',
  'cpv',
  'kind',
  'defenceOrSecurity',
  'toComplete',
] as const;

type DecpField = (typeof DECP_FIELDS)[number];

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Imports one record. A record already imported is updated only where DECP changed it (what
 * users completed stays); a contract entered by hand with the same buyer and reference is left
 * alone. Two records of one file with the same buyer and reference (lot included) are one
 * record published twice when they say the same thing, and a clash reported on the later one
 * when they do not: never merged.
 */
export async function importDecpRecord(
  run: DecpRecordRun,
  index: number,
  raw: unknown,
  /** One of a record's separate awardees (decp-apart.ts): known by its awardee too. */
  apart = false,
): Promise<DecpRecordOutcome> {
  const { deps, context, dryRun, seen } = run;
  const read = contractFromDecp(raw);
  if ('error' in read) return { kind: 'error', message: read.error };
  for (const repair of read.repairs) run.onRepair?.(index, repair);
  const incoming = run.names ? await run.names.complete(read.contract) : read.contract;
  const version = decpVersion(raw);
  const framework = apart || isFrameworkAgreement(raw);
  const stored = versionRecord(incoming, version, context.at, framework, run.fileName ?? null);
  const earlier = seen.get(stored.identity);
  const keys = new Set(version.modifications.map((m) => m.key));
  const sameObject = earlier && earlier.contract.title === incoming.title;
  if (earlier && earlier.publishedId === version.publishedId) {
    const differing = DECP_FIELDS.filter((f) => !same(earlier.contract[f], incoming[f]));
    if (differing.length === 0) return { kind: 'skipped' };
    return {
      kind: 'error',
      message: `même acheteur et même identifiant${incoming.lot ? ` (lot ${incoming.lot})` : ''} que l'enregistrement n° ${earlier.index + 1} du fichier, mais ${differing.map(fieldLabel).join(', ')} différent(s) : non importé — deux lots doivent être distingués par leur objet (« Lot 2 : … »)`,
    };
  }
  if (!earlier || sameObject)
    seen.set(stored.identity, {
      index,
      contract: incoming,
      publishedId: version.publishedId,
      keys,
    });
  // A dry run wrote nothing of the earlier version: what this one adds is its new modifications.
  if (earlier && sameObject && dryRun) {
    const more = [...keys].filter((key) => !earlier.keys.has(key)).length;
    return more
      ? { kind: 'updated', preview: previewItem(index, 'update', incoming, [`${more} avenant(s)`]) }
      : { kind: 'skipped' };
  }
  const existing = await findImported(deps, incoming, stored, framework);
  // An awardee of a framework agreement another awardee's record already holds the id of (in
  // the structure, or, in a dry run, among the contracts it foresees).
  const taken = async () => {
    const key = `${incoming.buyer.siret}|${incoming.reference}`;
    const foreseen = dryRun && run.foreseen.has(key);
    if (dryRun) run.foreseen.add(key);
    return (
      foreseen ||
      (await deps.stores.contracts.findByBuyerReference(incoming.buyer.siret, incoming.reference))
    );
  };
  const reference =
    !existing && framework && (await taken())
      ? `${incoming.reference}-${holderKey(incoming.awardee)}`
      : incoming.reference;
  if (!existing && dryRun) {
    return {
      kind: 'created',
      preview: previewItem(index, 'create', { ...incoming, reference }, []),
    };
  }
  const stamp = { at: context.at, by: run.actorSub };
  if (!existing) {
    const applied = applyVersion(incoming, version, null, stamp);
    const terms = asContractTerms(applied.terms);
    await deps.stores.contracts.create(
      {
        ...incoming,
        ...terms,
        reference,
        id: newId(),
        insertionInputs: null,
        reserved: null,
        consultationLaunchedOn: null,
        amendments: applied.amendments,
        allocationKey: null,
        decp: stored,
        createdAt: context.at,
        createdBy: run.actorSub,
        source: 'decp',
      },
      context,
    );
    return { kind: 'created' };
  }
  if (existing.source !== 'decp') return { kind: 'skipped' };
  const older = olderThan(stored, existing.decp);
  if (older) return { kind: 'skipped', notice: older };
  const applied = applyVersion(incoming, version, existing, stamp);
  const changes = decpChanges(
    existing,
    keepCompleted(existing, { ...incoming, ...asContractTerms(applied.terms) }),
  );
  // An amended amount moves a target computed from the tender's inputs.
  if (applied.terms.targetHours !== existing.targetHours)
    changes.targetHours = applied.terms.targetHours;
  if (!same(applied.amendments, existing.amendments)) changes.amendments = applied.amendments;
  const changed = Object.keys(changes).length > 0;
  // The version is recorded when it is newer, even unchanged: an older file then changes nothing.
  if (changed || newerThan(stored, existing.decp) || existing.decp?.identity !== stored.identity)
    changes.decp = stored;
  if (!changed) {
    if (changes.decp && !dryRun) await deps.stores.contracts.update(existing, changes, context);
    return { kind: 'skipped' };
  }
  if (dryRun) {
    const fields = DECP_FIELDS.filter((f) => f in changes).map(fieldLabel);
    if (applied.added) fields.push(`${applied.added} avenant(s)`);
    return { kind: 'updated', preview: previewItem(index, 'update', incoming, fields) };
  }
  await deps.stores.contracts.update(
    existing,
    changes,
    context,
    applied.added
      ? { action: 'amend', reason: `DECP : ${applied.added} modification(s) publiée(s)` }
      : { action: 'update' },
  );
  return { kind: 'updated' };
}

/**
 * Amended values as the contract keeps them. The awardee an amendment names is read from DECP
 * as the contract's own is (decp-holders.ts): the same kind of company.
 */
const asContractTerms = (terms: AmendedTerms) =>
  terms as AmendedTerms & Pick<DecpContract, 'awardee' | 'coAwardees'>;

/** Which version a record is, as the contract remembers it. */
function versionRecord(
  incoming: DecpContract,
  version: DecpVersion,
  importedAt: string,
  framework: boolean,
  fileName: string | null,
): DecpVersionRecord {
  const series = versionedId(version.publishedId, version.modifications.length);
  const identity = series
    ? `${incoming.buyer.siret}|${series.base}|versions|${incoming.lot ?? ''}`
    : `${incoming.buyer.siret}|${incoming.reference}`;
  return {
    // A framework agreement with several awardees is published as one record per awardee.
    identity: framework ? `${identity}|${holderKey(incoming.awardee)}` : identity,
    publishedId: version.publishedId,
    sequence: series?.sequence ?? null,
    publishedOn: version.publishedOn,
    importedAt,
    ...(fileName ? { fileName } : {}),
  };
}

function previewItem(
  index: number,
  action: DecpPreviewItem['action'],
  contract: DecpContract,
  changes: string[],
): DecpPreviewItem {
  return {
    index,
    action,
    reference: contract.reference,
    title: contract.title,
    buyer: contract.buyer.name,
    amountCents: contract.amountCents,
    changes,
  };
}

const FIELD_LABELS: Record<DecpField, string> = {
  title: 'objet',
  buyer: 'acheteur',
  awardee: 'titulaire',
  coAwardees: 'cotraitants',
  lot: 'lot',
  amountCents: 'montant',
  notifiedOn: 'date de notification',
  startsOn: 'début',
  endsOn: 'durée',
  cpv: 'code CPV',
  kind: 'nature des prestations',
  defenceOrSecurity: 'défense ou sécurité',
  toComplete: 'à compléter',
};

const fieldLabel = (field: DecpField) => FIELD_LABELS[field];

function decpChanges(existing: ContractRecord, incoming: DecpContract): ContractChanges {
  const changes: Record<string, unknown> = {};
  for (const field of DECP_FIELDS) {
    if (!same(incoming[field], existing[field])) changes[field] = incoming[field];
  }
  // Considerations DECP reports are added; what a user set (a reservation) is not taken away.
  const merged = [...new Set([...existing.socialConsiderations, ...incoming.socialConsiderations])];
  if (merged.length !== existing.socialConsiderations.length) changes.socialConsiderations = merged;
  return changes as ContractChanges;
}
