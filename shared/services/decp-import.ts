import type { Identity } from '#shared/domain/access';
import { InvalidInputError } from '#shared/errors';
import { newId } from '#shared/ids';
import { contractFromDecp, decpEnvelope } from '#shared/imports/decp';
import type { ContractChanges, ContractRecord } from '#shared/store/contracts';
import { type ServiceDeps, writeContext } from './deps';

export interface DecpImportResult {
  created: number;
  updated: number;
  skipped: number;
  errors: { index: number; message: string }[];
}

const DECP_FIELDS = [
  'title',
  'amountCents',
  'notifiedOn',
  'startsOn',
  'endsOn',
  'cpv',
  'kind',
  'defenceOrSecurity',
] as const;

/**
 * Imports a DECP document. A record already imported is updated only where DECP changed it
 * (what users completed stays); a contract entered by hand with the same buyer and reference
 * is left alone. Importing the same file again creates nothing.
 */
export async function importDecp(
  deps: ServiceDeps,
  actor: Identity,
  document: unknown,
): Promise<DecpImportResult> {
  const envelope = decpEnvelope(document);
  if (!envelope) {
    throw new InvalidInputError(
      'Document DECP non reconnu : attendu {"marches": {"marche": [...]}}, {"marches": [...]} ou un tableau de marchés.',
      [{ path: 'body', message: 'enveloppe DECP non reconnue' }],
    );
  }
  const result: DecpImportResult = {
    created: 0,
    updated: 0,
    skipped: envelope.concessions,
    errors: [],
  };
  const context = writeContext(deps, actor);
  const { contracts } = deps.stores;

  for (const [index, raw] of envelope.records.entries()) {
    const read = contractFromDecp(raw);
    if ('error' in read) {
      result.errors.push({ index, message: read.error });
      continue;
    }
    const incoming = read.contract;
    const existing = await contracts.findByBuyerReference(incoming.buyer.siret, incoming.reference);
    if (!existing) {
      await contracts.create(
        {
          ...incoming,
          id: newId(),
          targetHours: null,
          insertionInputs: null,
          allocation: null,
          reserved: null,
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
    await contracts.update(existing, changes, context);
    result.updated += 1;
  }
  return result;
}

function decpChanges(
  existing: ContractRecord,
  incoming: Pick<ContractRecord, (typeof DECP_FIELDS)[number] | 'socialConsiderations'>,
): ContractChanges {
  const changes: Record<string, unknown> = {};
  for (const field of DECP_FIELDS) {
    if (incoming[field] !== existing[field]) changes[field] = incoming[field];
  }
  // Considerations DECP reports are added; what a user set (a reservation) is not taken away.
  const merged = [...new Set([...existing.socialConsiderations, ...incoming.socialConsiderations])];
  if (merged.length !== existing.socialConsiderations.length) changes.socialConsiderations = merged;
  return changes as ContractChanges;
}
