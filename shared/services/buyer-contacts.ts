import type { Identity } from '#shared/domain/access';
import { BusinessRuleError, type FieldError, InvalidInputError } from '#shared/errors';
import type { BuyerContact } from '#shared/store/buyer-contacts';
import { type ServiceDeps, writeContext } from './deps';

// The buyers' contacts: who receives each buyer's yearly bilan. The page offers the buyers the
// structure's contracts name (with a SIRET: a buyer's bilan is asked by its SIRET), and the
// addresses recorded for each; a buyer no contract names cannot be given one.

export interface KnownBuyer {
  siret: string;
  name: string;
  contracts: number;
}

/** The buyers the structure's contracts name, with a SIRET, by name. */
async function knownBuyers(deps: ServiceDeps): Promise<KnownBuyer[]> {
  const buyers = new Map<string, KnownBuyer>();
  for (const contract of await deps.stores.contracts.all({})) {
    const { siret, name } = contract.buyer;
    if (!siret) continue;
    const known = buyers.get(siret) ?? { siret, name, contracts: 0 };
    known.contracts += 1;
    buyers.set(siret, known);
  }
  return [...buyers.values()].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
}

export async function buyerContacts(
  deps: ServiceDeps,
): Promise<{ items: BuyerContact[]; buyers: KnownBuyer[] }> {
  const [items, buyers] = await Promise.all([deps.stores.buyerContacts.list(), knownBuyers(deps)]);
  return { items, buyers };
}

/**
 * Replaces the list: each buyer once, its addresses lower-cased and each once, a buyer left
 * without an address dropped; its name, when none is given, the contracts'. In the change log.
 */
export async function setBuyerContacts(
  deps: ServiceDeps,
  actor: Identity,
  input: readonly { siret: string; name?: string | undefined; emails: readonly string[] }[],
): Promise<{ items: BuyerContact[] }> {
  const seen = new Map<string, number>();
  const duplicates: FieldError[] = [];
  input.forEach((item, i) => {
    if (seen.has(item.siret))
      duplicates.push({ path: `items.${i}.siret`, message: 'Acheteur déjà dans la liste' });
    seen.set(item.siret, i);
  });
  if (duplicates.length) throw new InvalidInputError('Un acheteur figure deux fois.', duplicates);
  const known = new Map((await knownBuyers(deps)).map((b) => [b.siret, b]));
  const unknown = input.flatMap((item, i) =>
    known.has(item.siret)
      ? []
      : [{ path: `items.${i}.siret`, message: 'Aucun marché de la structure n’a cet acheteur' }],
  );
  if (unknown.length) {
    throw new BusinessRuleError(
      'Seuls les acheteurs des marchés de la structure reçoivent un bilan.',
      unknown,
    );
  }
  const items = input
    .map((item) => ({
      siret: item.siret,
      name: item.name?.trim() || (known.get(item.siret)?.name ?? item.siret),
      emails: [...new Set(item.emails.map((email) => email.trim().toLowerCase()))],
    }))
    .filter((item) => item.emails.length > 0)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  await deps.stores.buyerContacts.set(items, writeContext(deps, actor));
  return { items };
}
