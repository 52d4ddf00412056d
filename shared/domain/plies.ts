import type { IsoDate, YearMonth } from './calendar';
import { longFrenchDate, monthOf } from './calendar';

// A PLIE has a life: it opens, and may close or merge into another. It is closed, never
// deleted, so that past years keep their figures; a year's funding, allocation keys and
// reports consider only the PLIEs active that year.

export interface PlieActivity {
  activeFrom: IsoDate | null;
  activeUntil: IsoDate | null;
}

/** Was the PLIE active at some point of `year`? */
export function isActiveInYear(plie: PlieActivity, year: number): boolean {
  return (
    (plie.activeFrom === null || plie.activeFrom <= `${year}-12-31`) &&
    (plie.activeUntil === null || plie.activeUntil >= `${year}-01-01`)
  );
}

/** The PLIEs active in `year`. */
export function activeInYear<T extends PlieActivity>(plies: readonly T[], year: number): T[] {
  return plies.filter((plie) => isActiveInYear(plie, year));
}

/** Why the PLIE cannot take hours of `month`; null when it was active that month. */
export function plieActivityProblem(plie: PlieActivity, month: YearMonth): string | null {
  if (plie.activeFrom && month < monthOf(plie.activeFrom)) {
    return `Ce PLIE n’est actif qu’à partir du ${longFrenchDate(plie.activeFrom)}`;
  }
  if (plie.activeUntil && month > monthOf(plie.activeUntil)) {
    return `Ce PLIE est fermé depuis le ${longFrenchDate(plie.activeUntil)}`;
  }
  return null;
}

// A file names a PLIE as people write it: "PLIE de Bordeaux", "plie des hauts de garonne",
// "Bordeaux" or its code `bordeaux`. Codes are hidden from most pages, so names must work.

/** A PLIE's name or code with case, accents, punctuation and the leading "PLIE de" set aside. */
export function plieNameKey(text: string): string {
  const plain = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’'`´\-_.,;:/\s\u00a0\u202f]+/g, ' ')
    .trim();
  return plain.replace(/^plie(?: (?:de la|de l|des|du|de|d))? /, '').trim();
}

export type PlieMatch<T> = { ok: true; plie: T } | { ok: false; message: string };

/**
 * The PLIE a file names: its code exactly, else the one PLIE whose code or name reads the same
 * once small differences are set aside. Two PLIEs that read the same are refused, naming both.
 */
export function findPlie<T extends { id: string; name: string }>(
  plies: readonly T[],
  written: string,
): PlieMatch<T> {
  const text = written.trim();
  if (!text) return { ok: false, message: 'PLIE manquant' };
  const byId = plies.find((plie) => plie.id === text);
  if (byId) return { ok: true, plie: byId };
  const key = plieNameKey(text);
  const found = plies.filter(
    (plie) => plieNameKey(plie.name) === key || plieNameKey(plie.id) === key,
  );
  if (found.length === 1) return { ok: true, plie: found[0] as T };
  if (found.length > 1) {
    const names = found.map((plie) => `« ${plie.name} » (${plie.id})`).join(' et ');
    return {
      ok: false,
      message: `PLIE ambigu : « ${text} » peut désigner ${names} ; écrivez son code`,
    };
  }
  return {
    ok: false,
    message: `PLIE inconnu : « ${text} » (attendu : le nom ou le code d’un PLIE de la structure${plies.length ? `, par exemple « ${plies[0]?.name} »` : ''})`,
  };
}
