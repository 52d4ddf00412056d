import { awardeeSiren } from '#shared/domain/contracts';
import type { ToComplete } from '#shared/domain/to-complete';
import type { DecpContract } from '#shared/imports/decp';
import type { ContractRecord } from '#shared/store/contracts';
import type { ServiceDeps } from './deps';

// Names DECP does not give (the 2024 format publishes none) are taken from what the structure
// already knows: its buyers' contacts, the other contracts of the same buyer or company, the
// records of the same import that did name them. Otherwise the name stays empty, « à compléter »: a
// name is never made up from an identifier.

export class DecpNames {
  private buyers: Promise<Map<string, string>> | null = null;
  private readonly companies = new Map<string, Promise<string>>();
  private readonly named = new Map<string, string>();

  constructor(private readonly deps: ServiceDeps) {}

  /** The contract with the names the structure knows filled in, and `toComplete` following. */
  async complete(contract: DecpContract): Promise<DecpContract> {
    this.remember(contract);
    let { buyer, awardee, toComplete } = contract;
    if (!buyer.name) {
      const name =
        this.named.get(`buyer:${buyer.siret}`) ?? (await this.buyerNames()).get(buyer.siret);
      if (name) {
        buyer = { ...buyer, name };
        toComplete = without(toComplete, 'buyerName');
      }
    }
    const siren = awardeeSiren(awardee);
    if (!awardee.name && siren) {
      const name = this.named.get(`company:${siren}`) ?? (await this.companyName(siren));
      if (name) {
        awardee = { ...awardee, name };
        toComplete = without(toComplete, 'awardeeName');
      }
    }
    return { ...contract, buyer, awardee, toComplete };
  }

  /** Names a record of this import gives serve the later ones that give none. */
  private remember(contract: DecpContract): void {
    if (contract.buyer.name) this.named.set(`buyer:${contract.buyer.siret}`, contract.buyer.name);
    for (const holder of [contract.awardee, ...contract.coAwardees]) {
      const siren = awardeeSiren(holder);
      if (holder.name && siren) this.named.set(`company:${siren}`, holder.name);
    }
  }

  /**
   * Read once per import, and only when a record names no buyer: the names the administrator
   * gave her buyers' contacts, else those of the structure's contracts (one read of its
   * contracts index, never one per record).
   */
  private buyerNames(): Promise<Map<string, string>> {
    this.buyers ??= Promise.all([
      this.deps.stores.buyerContacts.list(),
      this.deps.stores.contracts.buyerNames(),
    ]).then(([contacts, ofContracts]) => {
      const names = new Map(ofContracts);
      for (const b of contacts) if (b.name) names.set(b.siret, b.name);
      return names;
    });
    return this.buyers;
  }

  /** The name a contract the structure holds gives this company, if any. */
  private companyName(siren: string): Promise<string> {
    let found = this.companies.get(siren);
    if (!found) {
      found = this.deps.stores.contractIndexes.heldBy(siren).then((held) => {
        for (const contract of held) {
          const holder = [contract.awardee, ...(contract.coAwardees ?? [])].find(
            (h) => h.name && awardeeSiren(h) === siren,
          );
          if (holder) return holder.name;
        }
        return '';
      });
      this.companies.set(siren, found);
    }
    return found;
  }
}

const without = (items: ToComplete[], item: ToComplete) => items.filter((i) => i !== item);

/**
 * What a user completed stays when DECP still lacks it: a placeholder published again never
 * overwrites the CPV code, duration, amount, identifier or name a user gave, and an item stays
 * « à compléter » only while both DECP and the contract lack it.
 */
export function keepCompleted(existing: ContractRecord, incoming: DecpContract): DecpContract {
  const missing = new Set(incoming.toComplete);
  const kept = { ...incoming };
  if (missing.has('cpv')) {
    kept.kind = existing.kind;
    if (existing.cpv) kept.cpv = existing.cpv;
  }
  if (missing.has('duration')) kept.endsOn = existing.endsOn;
  if (missing.has('amount')) kept.amountCents = existing.amountCents;
  if (missing.has('awardeeId')) kept.awardee = existing.awardee;
  else if (
    missing.has('awardeeName') &&
    awardeeSiren(existing.awardee) === awardeeSiren(incoming.awardee)
  )
    kept.awardee = { ...incoming.awardee, name: existing.awardee.name };
  if (missing.has('buyerName')) kept.buyer = { ...incoming.buyer, name: existing.buyer.name };
  const stillMissing = new Set(existing.toComplete ?? []);
  kept.toComplete = incoming.toComplete.filter((item) => stillMissing.has(item));
  return kept;
}
