import { newId } from '#shared/ids';
import { contractFromDecp, type DecpContract } from '#shared/imports/decp';
import type { WriteContext } from '#shared/store/changes';
import type { ContractChanges, ContractRecord } from '#shared/store/contracts';
import type { ServiceDeps } from './deps';

// One DECP record against what the structure holds: created, updated where DECP changed it,
// skipped, or refused with a reason. The file-level loop (decp-import.ts) reads the records,
// counts the outcomes and reports progress; what a record does is decided here.

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
  | { kind: 'skipped' }
  | { kind: 'error'; message: string };

/** The records of one file already read, by identity: a second one is a copy or a clash. */
export type DecpSeen = Map<string, { index: number; contract: DecpContract }>;

export interface DecpRecordRun {
  deps: ServiceDeps;
  context: WriteContext;
  actorSub: string;
  dryRun: boolean;
  seen: DecpSeen;
}

/** What DECP owns of a contract it created; what users complete is never overwritten. */
const DECP_FIELDS = [
  'title',
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
): Promise<DecpRecordOutcome> {
  const { deps, context, dryRun, seen } = run;
  const read = contractFromDecp(raw);
  if ('error' in read) return { kind: 'error', message: read.error };
  const incoming = read.contract;
  const identity = `${incoming.buyer.siret}|${incoming.reference}`;
  const earlier = seen.get(identity);
  if (earlier) {
    const differing = DECP_FIELDS.filter((f) => !same(earlier.contract[f], incoming[f]));
    if (differing.length === 0) return { kind: 'skipped' };
    return {
      kind: 'error',
      message: `même acheteur et même identifiant${incoming.lot ? ` (lot ${incoming.lot})` : ''} que l'enregistrement n° ${earlier.index + 1} du fichier, mais ${differing.map(fieldLabel).join(', ')} différent(s) : non importé — deux lots doivent être distingués par leur objet (« Lot 2 : … »)`,
    };
  }
  seen.set(identity, { index, contract: incoming });
  const existing = await findImported(deps, incoming);
  if (!existing && dryRun) {
    return { kind: 'created', preview: previewItem(index, 'create', incoming, []) };
  }
  if (!existing) {
    await deps.stores.contracts.create(
      {
        ...incoming,
        id: newId(),
        targetHours: null,
        insertionInputs: null,
        allocation: null,
        reserved: null,
        consultationLaunchedOn: null,
        amendments: [],
        allocationKey: null,
        createdAt: context.at,
        createdBy: run.actorSub,
        source: 'decp',
      },
      context,
    );
    return { kind: 'created' };
  }
  if (existing.source !== 'decp') return { kind: 'skipped' };
  const changes = decpChanges(existing, incoming);
  if (Object.keys(changes).length === 0) return { kind: 'skipped' };
  if (dryRun) {
    const fields = DECP_FIELDS.filter((f) => f in changes).map(fieldLabel);
    return { kind: 'updated', preview: previewItem(index, 'update', incoming, fields) };
  }
  await deps.stores.contracts.update(existing, changes, context);
  return { kind: 'updated' };
}

/**
 * The contract a record was imported as. A lot imported before lots were told apart kept the
 * bare id: it is the same record when its object is the same.
 */
async function findImported(
  deps: ServiceDeps,
  incoming: DecpContract,
): Promise<ContractRecord | null> {
  const { contracts } = deps.stores;
  const found = await contracts.findByBuyerReference(incoming.buyer.siret, incoming.reference);
  if (found || incoming.lot === null) return found;
  const bare = incoming.reference.replace(/-lot\d+$/, '');
  if (bare === incoming.reference) return null;
  const older = await contracts.findByBuyerReference(incoming.buyer.siret, bare);
  return older?.source === 'decp' && older.title === incoming.title ? older : null;
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
