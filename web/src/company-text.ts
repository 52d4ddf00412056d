import { type Awardee, awardeeIdentifier } from '#shared/domain/contracts';
import { type ToComplete, toCompleteText } from '#shared/domain/to-complete';
import { h } from './dom';

// How the pages name a contract's buyer and companies when the open data did not: an empty
// name reads « nom à compléter » beside the identifier, and a foreign company says it has no
// access. What a contract still lacks is one tag, « à compléter : durée, code CPV ».

/** « CMP BAYLE (SIREN 614500585) », « nom à compléter (SIRET …) ». */
export function companyText(company: Awardee): string {
  const foreign = !company.siret && !company.siren && company.identifier;
  return `${company.name || 'nom à compléter'} (${awardeeIdentifier(company)}${foreign ? ', sans accès' : ''})`;
}

/** The company's name alone, or « nom à compléter » with its identifier. */
export function companyName(company: Awardee): string {
  return company.name || `nom à compléter (${awardeeIdentifier(company)})`;
}

/** The buyer's name, or « nom à compléter » with its SIRET. */
export function buyerName(buyer: { name: string; siret?: string }): string {
  return buyer.name || `nom à compléter${buyer.siret ? ` (SIRET ${buyer.siret})` : ''}`;
}

/** The « à compléter » tag of a contract, or null when nothing is missing. */
export function toCompleteTag(items: readonly ToComplete[] | undefined): HTMLElement | null {
  const text = toCompleteText(items);
  return text ? h('span', { class: 'tag todo' }, text) : null;
}
