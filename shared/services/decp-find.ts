import { initialTerms } from '#shared/domain/amendments';
import type { DecpContract } from '#shared/imports/decp';
import { referenceWithLot } from '#shared/imports/decp-lots';
import type { DecpVersionRecord } from '#shared/store/contract-item';
import type { ContractRecord } from '#shared/store/contracts';
import type { ServiceDeps } from './deps';

// Which contract a DECP record was imported as: by its reference, by another version of it
// (the 2019 convention), and, for a framework agreement published once per awardee, the one
// of its awardee.

/**
 * The contract a record was imported as: by its reference, or, for a version of the 2019
 * convention, by the reference of any other version of it (one read for them all). A lot
 * imported before lots were told apart kept the bare id: it is the same record when its object
 * is the same.
 */
export async function findImported(
  deps: ServiceDeps,
  incoming: DecpContract,
  stored: DecpVersionRecord,
  framework: boolean,
): Promise<ContractRecord | null> {
  // Of a framework agreement, the contract of this record's awardee (as awarded), not another's.
  const ours = (c: ContractRecord | null) =>
    c && framework
      ? holderKey(initialTerms({ ...c, coAwardees: c.coAwardees ?? [] }).awardee) ===
        holderKey(incoming.awardee)
        ? c
        : null
      : c;
  const found = ours(await findVersion(deps, incoming, stored));
  if (found || !framework) return found;
  return ours(
    await deps.stores.contracts.findByBuyerReference(
      incoming.buyer.siret,
      `${incoming.reference}-${holderKey(incoming.awardee)}`,
    ),
  );
}

/** A company as an identity: whichever identifier it was published with. */
export function holderKey(holder: { name: string }): string {
  const { name: _, ...identified } = holder as Record<string, string>;
  return Object.values(identified).join('') || holder.name;
}

/** `nature` in 1.x files, `techniques` in 2.0 ones. */
export function isFrameworkAgreement(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const { nature, techniques } = raw as { nature?: unknown; techniques?: unknown };
  return /accord[\s-]*cadre/i.test(`${String(nature ?? '')} ${JSON.stringify(techniques ?? '')}`);
}

async function findVersion(
  deps: ServiceDeps,
  incoming: DecpContract,
  stored: DecpVersionRecord,
): Promise<ContractRecord | null> {
  const { contracts } = deps.stores;
  const siret = incoming.buyer.siret;
  const sequence = stored.sequence;
  if (sequence !== null) {
    const base = stored.publishedId.slice(0, -2);
    const versions = Array.from({ length: Math.max(10, sequence + 3) }, (_, k) =>
      referenceWithLot(`${base}${String(k).padStart(2, '0')}`, incoming.lot),
    );
    const found = await contracts.findByBuyerReferences(siret, versions);
    // Versions keep the award's object ("le tronc ne change pas", decp-rama): another object
    // under a neighbouring id is another contract, whatever its last two digits.
    const same = found.find(
      (c) =>
        c.reference === incoming.reference ||
        (c.source === 'decp' &&
          c.title === incoming.title &&
          (c.decp?.identity === stored.identity ||
            // Imported before versions were told apart: an earlier version.
            (!c.decp && versions.indexOf(c.reference) < sequence))),
    );
    if (same) return same;
  }
  const found = await contracts.findByBuyerReference(siret, incoming.reference);
  if (found || incoming.lot === null) return found;
  const bare = incoming.reference.replace(/-lot\d+$/, '');
  if (bare === incoming.reference) return null;
  const older = await contracts.findByBuyerReference(siret, bare);
  return older?.source === 'decp' && older.title === incoming.title ? older : null;
}
