import type { CoAwardee } from '#shared/domain/contracts';
import { normaliseSiret, siretProblem } from '#shared/domain/identifiers';
import { z } from '#shared/schemas/zod';

// The awardees ("titulaires") of a DECP record, as files publish them: a list, one object, or
// a list of `{titulaire: …}` wrappers; the first identified by a SIRET is the awardee, the
// others its co-contractors in the order published.

/** DECP SIRETs are taken as published: spaces removed, 14 digits, key not checked. */
export const PUBLISHED = { checkKey: false };

const Holder = z.object({
  id: z.coerce.string(),
  typeIdentifiant: z.string().optional(),
  denominationSociale: z.string().optional(),
});
type Holder = z.infer<typeof Holder>;

/** Every awardee, whether `titulaires` is a list, one object, or wraps them in `titulaire`. */
function holdersOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(holdersOf);
  if (typeof value === 'object' && 'titulaire' in value) {
    return holdersOf((value as { titulaire: unknown }).titulaire);
  }
  return [value];
}

export const Holders = z
  .unknown()
  .transform(holdersOf)
  .pipe(z.array(Holder).min(1, { message: 'aucun titulaire' }));

const isSiretHolder = (holder: Holder) =>
  ['SIRET', ''].includes((holder.typeIdentifiant ?? 'SIRET').trim().toUpperCase()) &&
  siretProblem(normaliseSiret(holder.id), PUBLISHED) === null;

const holderName = (holder: Holder) =>
  holder.denominationSociale?.trim() || `Titulaire ${holder.id.trim()}`;

function noSiretReason(holders: Holder[]): string {
  const siren = holders.find((h) => /^\d{9}$/.test(normaliseSiret(h.id)));
  if (siren) {
    return `« ${siren.id.trim()} » est un SIREN (9 chiffres) là où un SIRET (14 chiffres) est attendu`;
  }
  const ids = holders.map((h) => `${h.typeIdentifiant?.trim() || '?'} ${h.id.trim()}`).join(', ');
  return `aucun titulaire identifié par un SIRET (${ids})`;
}

export interface DecpAwardees {
  awardee: { name: string; siret: string };
  coAwardees: CoAwardee[];
}

/** The awardee and co-contractors of a record's `titulaires`; `error` when none has a SIRET. */
export function awardeesFrom(holders: Holder[]): DecpAwardees | { error: string } {
  const holder = holders.find(isSiretHolder);
  if (!holder) return { error: `titulaires : ${noSiretReason(holders)}` };
  // Co-contractors ("cotraitants") are kept, in the order published, the first SIRET aside.
  const coAwardees = holders
    .filter((other) => other !== holder)
    .map((other): CoAwardee => {
      if (isSiretHolder(other)) return { name: holderName(other), siret: normaliseSiret(other.id) };
      const type = other.typeIdentifiant?.trim() || 'identifiant';
      return { name: holderName(other), identifier: `${type} ${other.id.trim()}` };
    });
  return { awardee: { name: holderName(holder), siret: normaliseSiret(holder.id) }, coAwardees };
}
