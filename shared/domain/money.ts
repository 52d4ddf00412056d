// Money is integer cents everywhere inside the product; euros exist only at its edges (the
// JSON the API speaks, the pages, the CSV and the emails). These are the only conversions.

export type Cents = number;

export function eurosToCents(euros: number): Cents {
  return Math.round(euros * 100);
}

export function centsToEuros(cents: Cents): number {
  return cents / 100;
}

/** Euros written with at most two decimals (a float's noise aside): they are whole cents. */
export function isWholeCents(euros: number): boolean {
  return Math.abs(euros * 100 - Math.round(euros * 100)) < 1e-6;
}
