// What an imported contract still lacks because its buyer published a placeholder or nothing:
// a CPV code of `00000000-1` or `NC`, no duration, no amount, an awardee identifier nobody can
// read, no names (the 2024 format publishes none). The contract is kept, marked « à compléter »
// with each missing item named; a user's edit clears the items it completes.

export const TO_COMPLETE = [
  'cpv',
  'duration',
  'amount',
  'awardeeId',
  'awardeeName',
  'buyerName',
] as const;
export type ToComplete = (typeof TO_COMPLETE)[number];

/** How the pages and the import report name what is missing. */
export const TO_COMPLETE_LABELS: Record<ToComplete, string> = {
  cpv: 'code CPV (nature des prestations)',
  duration: 'durée',
  amount: 'montant',
  awardeeId: 'SIRET du titulaire',
  awardeeName: 'nom du titulaire',
  buyerName: 'nom de l’acheteur',
};

/** « à compléter : durée, code CPV », or null when nothing is missing. */
export function toCompleteText(items: readonly ToComplete[] | undefined): string | null {
  if (!items?.length) return null;
  return `à compléter : ${items.map((item) => TO_COMPLETE_LABELS[item]).join(', ')}`;
}

/** A DECP value standing for "not known": `NC` (non communiqué), empty, or absent. */
export function isPlaceholder(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  return typeof value === 'string' && /^(nc|n\/c|non communiqué|)$/i.test(value.trim());
}

/** The CPV codes buyers write when they have none: `00000000-1` and the like. */
export function isPlaceholderCpv(cpv: string): boolean {
  return /^0{8}(-\d)?$/.test(cpv.trim());
}

/**
 * A name as the pages, exports and bilans show it: the name, or, when the open data gave none,
 * « nom à compléter » with the identifier that tells the company or buyer apart.
 */
export function nameOrToComplete(name: string, identifier: string | null): string {
  if (name.trim()) return name;
  return identifier ? `nom à compléter (${identifier})` : 'nom à compléter';
}
