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
