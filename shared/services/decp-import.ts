import type { Identity } from '#shared/domain/access';
import { InvalidInputError, PayloadTooLargeError } from '#shared/errors';
import { newId } from '#shared/ids';
import { contractFromDecp, type DecpContract, decpEnvelope } from '#shared/imports/decp';
import type { ContractChanges, ContractRecord } from '#shared/store/contracts';
import { type ImportProgress, type ServiceDeps, writeContext } from './deps';

export interface DecpImportError {
  /** The record's place in the file as sent (0 first, concessions counted). */
  index: number;
  /** Its `id`, when it has one. */
  id?: string;
  message: string;
}

export interface DecpImportResult {
  created: number;
  updated: number;
  skipped: number;
  errors: DecpImportError[];
  /** A dry run's first contracts to be created or updated, for the page to show. */
  preview?: DecpPreviewItem[];
}

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

/** How many contracts a dry run lists: enough to recognise the file, not the whole of it. */
const PREVIEW_ITEMS = 50;
/**
 * A dry run answers within the request, reading each record's contract: a file of a few
 * thousand records at most. A bigger one is imported in the background, without a preview.
 */
export const DRY_RUN_MAX_RECORDS = 2000;

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
 * Imports a DECP document. A record already imported is updated only where DECP changed it
 * (what users completed stays); a contract entered by hand with the same buyer and reference
 * is left alone. Importing the same file again creates nothing. Two records of one file with
 * the same buyer and reference (lot included) are one record published twice when they say
 * the same thing, and a clash reported on the later one when they do not: never merged.
 */
export async function importDecp(
  deps: ServiceDeps,
  actor: Identity,
  document: unknown,
  onProgress?: ImportProgress,
  options: { dryRun?: boolean } = {},
): Promise<DecpImportResult> {
  const envelope = decpEnvelope(document);
  if (!envelope) {
    throw new InvalidInputError(
      'Document DECP non reconnu : attendu {"marches": {"marche": [...]}}, {"marches": [...]} ou un tableau de marchés.',
      [{ path: 'body', message: 'enveloppe DECP non reconnue' }],
    );
  }
  if (options.dryRun && envelope.records.length > DRY_RUN_MAX_RECORDS) {
    throw new PayloadTooLargeError(
      `Aperçu limité à ${DRY_RUN_MAX_RECORDS} enregistrements (le fichier en a ${envelope.records.length}) : importez-le directement, il sera traité en tâche de fond.`,
    );
  }
  const result: DecpImportResult = {
    created: 0,
    updated: 0,
    skipped: envelope.concessions,
    errors: [],
    ...(options.dryRun ? { preview: [] } : {}),
  };
  // A dry run reads what is there and counts what the import would do; it writes nothing.
  const foresee = (item: DecpPreviewItem) => {
    if (result.preview && result.preview.length < PREVIEW_ITEMS) result.preview.push(item);
  };
  const context = writeContext(deps, actor);
  const { contracts } = deps.stores;
  const seen = new Map<string, { index: number; contract: DecpContract }>();
  const total = envelope.records.length;

  for (const [position, { index, raw }] of envelope.records.entries()) {
    if (onProgress && position % 100 === 0) await onProgress(position, total);
    const read = contractFromDecp(raw);
    const id = publishedId(raw);
    if ('error' in read) {
      result.errors.push({ index, ...(id ? { id } : {}), message: read.error });
      continue;
    }
    const incoming = read.contract;
    const identity = `${incoming.buyer.siret}|${incoming.reference}`;
    const earlier = seen.get(identity);
    if (earlier) {
      const differing = DECP_FIELDS.filter((f) => !same(earlier.contract[f], incoming[f]));
      if (differing.length === 0) result.skipped += 1;
      else
        result.errors.push({
          index,
          ...(id ? { id } : {}),
          message: `même acheteur et même identifiant${incoming.lot ? ` (lot ${incoming.lot})` : ''} que l'enregistrement n° ${earlier.index + 1} du fichier, mais ${differing.map(fieldLabel).join(', ')} différent(s) : non importé — deux lots doivent être distingués par leur objet (« Lot 2 : … »)`,
        });
      continue;
    }
    seen.set(identity, { index, contract: incoming });
    const existing = await findImported(deps, incoming);
    if (!existing && options.dryRun) {
      foresee(previewItem(index, 'create', incoming, []));
      result.created += 1;
      continue;
    }
    if (!existing) {
      await contracts.create(
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
          createdBy: actor.sub,
          source: 'decp',
        },
        context,
      );
      result.created += 1;
      continue;
    }
    if (existing.source !== 'decp') {
      result.skipped += 1;
      continue;
    }
    const changes = decpChanges(existing, incoming);
    if (Object.keys(changes).length === 0) {
      result.skipped += 1;
      continue;
    }
    if (options.dryRun) {
      const fields = DECP_FIELDS.filter((f) => f in changes).map(fieldLabel);
      foresee(previewItem(index, 'update', incoming, fields));
    } else await contracts.update(existing, changes, context);
    result.updated += 1;
  }
  if (onProgress) await onProgress(total, total);
  return result;
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

function publishedId(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 100) : undefined;
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
