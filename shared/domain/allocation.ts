import { fromHundredths, toHundredths } from './hours';
// The key that shares a contract's insertion hours between PLIEs (seed 004): each criterion
// becomes a share of its sum over the PLIEs, shares are averaged with weights, and hours are
// rounded by the largest-remainder method so that the allocations add up to the target.

export const CRITERIA = [
  'population',
  'socialHousingRate',
  'qpvResidents',
  'qpvShare',
  'unemploymentRate',
] as const;
export type Criterion = (typeof CRITERIA)[number];

export type CriteriaValues = Record<Criterion, number>;
export type Weights = Record<Criterion, number>;

/** QPV number and QPV share count as two criteria, each with the same weight as the others. */
export const EQUAL_WEIGHTS: Weights = {
  population: 1,
  socialHousingRate: 1,
  qpvResidents: 1,
  qpvShare: 1,
  unemploymentRate: 1,
};

export interface PlieCriteria {
  plieId: string;
  criteria: CriteriaValues;
}

/**
 * Each PLIE's share of the key, summing to 1. A criterion whose values are all zero tells
 * nothing about the PLIEs and is left out of the mean rather than dividing by zero.
 */
export function allocationKey(
  plies: readonly PlieCriteria[],
  weights: Weights,
): Map<string, number> {
  const used = CRITERIA.filter(
    (criterion) => weights[criterion] > 0 && plies.some((p) => p.criteria[criterion] > 0),
  );
  const weightSum = used.reduce((sum, criterion) => sum + weights[criterion], 0);
  const key = new Map<string, number>();
  if (plies.length === 0) return key;
  if (weightSum === 0) {
    for (const plie of plies) key.set(plie.plieId, 1 / plies.length);
    return key;
  }
  const sums = Object.fromEntries(
    used.map((criterion) => [criterion, plies.reduce((s, p) => s + p.criteria[criterion], 0)]),
  ) as Record<Criterion, number>;
  for (const plie of plies) {
    const share = used.reduce(
      (acc, criterion) => acc + (weights[criterion] * plie.criteria[criterion]) / sums[criterion],
      0,
    );
    key.set(plie.plieId, share / weightSum);
  }
  return key;
}

/**
 * Splits `total` units between the shares so that the parts are whole, add up to `total`
 * exactly, and each differs from its exact share by less than one unit. Ties go to the larger
 * share, then to the first id in alphabetical order, so the result never depends on input order.
 */
export function largestRemainder(
  total: number,
  shares: ReadonlyMap<string, number>,
): Map<string, number> {
  const entries = [...shares.entries()];
  const shareSum = entries.reduce((s, [, share]) => s + share, 0);
  const exact = entries.map(([id, share]) => {
    const value = shareSum > 0 ? (total * share) / shareSum : total / entries.length;
    return { id, share, floor: Math.floor(value), remainder: value - Math.floor(value) };
  });
  let left = total - exact.reduce((s, e) => s + e.floor, 0);
  const order = [...exact].sort(
    (a, b) =>
      b.remainder - a.remainder || b.share - a.share || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const result = new Map(exact.map((e) => [e.id, e.floor]));
  for (const entry of order) {
    if (left <= 0) break;
    result.set(entry.id, (result.get(entry.id) ?? 0) + 1);
    left -= 1;
  }
  return result;
}

/**
 * Hours allotted to each PLIE. Whole hours when the target is whole; hundredths when the target
 * itself carries a fraction, so the parts still add up to it exactly.
 */
export function allocateHours(
  targetHours: number,
  plies: readonly PlieCriteria[],
  weights: Weights = EQUAL_WEIGHTS,
): Map<string, number> {
  const whole = Number.isInteger(targetHours);
  const units = whole ? targetHours : toHundredths(targetHours);
  const parts = largestRemainder(units, allocationKey(plies, weights));
  return new Map([...parts].map(([id, n]) => [id, whole ? n : fromHundredths(n)]));
}

/**
 * Who a contract's hours go to: one PLIE, or every PLIE by the key (null until a user says).
 * A shared contract may name a territory: it is then shared between that territory's PLIEs
 * only (a national deployment holds several metropolises, each sharing its own contracts).
 */
export type AllocationMode =
  | { mode: 'single'; plieId: string }
  | { mode: 'shared'; territory?: string | undefined };

/** What the allocation rules need to know of a PLIE. */
export interface PlieTerritory {
  id: string;
  territory?: string | null | undefined;
}

/** The PLIEs a shared contract is split between: those of its territory, or all of them. */
export function sharingPlies<P extends PlieTerritory>(
  allocation: AllocationMode | null,
  plies: readonly P[],
): P[] {
  if (allocation?.mode !== 'shared' || !allocation.territory) return [...plies];
  return plies.filter((p) => p.territory === allocation.territory);
}

export function sameAllocation(a: AllocationMode | null, b: AllocationMode | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Does this contract concern the PLIE: allotted to it, or shared between all PLIEs (or all those
 * of its territory).
 */
export function concernsPlie(allocation: AllocationMode | null, plie: PlieTerritory): boolean {
  if (allocation?.mode === 'single') return allocation.plieId === plie.id;
  if (allocation?.mode === 'shared') {
    return !allocation.territory || allocation.territory === plie.territory;
  }
  return false;
}

/**
 * Does a PLIE's report list this contract: one that concerns it, or one it still has hours on
 * this year (logged before an amendment moved the contract elsewhere) — so that the report's
 * rows add up to its hours. Both the data the report reads and the report itself ask this.
 */
export function listedForPlie(
  allocation: AllocationMode | null,
  plie: PlieTerritory,
  hasHoursThisYear: boolean,
): boolean {
  return hasHoursThisYear || concernsPlie(allocation, plie);
}

/**
 * The key a shared contract's hours were split by, decided once from the criteria and weights
 * of its notification year and kept with the contract: later corrections of those criteria
 * change it only when an administrator recomputes it.
 */
export interface FrozenKey {
  year: number;
  /** The PLIEs of the key: the only ones the contract's hours may go to. */
  plieIds: string[];
  criteria: PlieCriteria[];
  weights: Weights;
  decidedAt: string;
  decidedBy: string;
}

export type ContractSplit =
  | { ok: true; shared: boolean; allotted: Map<string, number> }
  | { ok: false; issue: string };

/**
 * Each PLIE's part of a contract's target: all of it for a single-PLIE contract; for a shared
 * one, the key of the contract's notification year over every PLIE. A PLIE without criteria for
 * that year blocks the key, and the issue names it.
 */
export function contractSplit(input: {
  targetHours: number | null;
  allocation: AllocationMode | null;
  notificationYear: number;
  /** The PLIEs active that year (those outside the contract's territory are left out here). */
  plies: readonly { id: string; name: string; territory?: string | null | undefined }[];
  /** The criteria of the notification year (PLIEs without any are absent). */
  criteria: readonly PlieCriteria[];
  /** The weights of that year; null for equal weights. */
  weights: Weights | null;
  /** The key decided for the contract, when it was: it wins over the year's current criteria. */
  frozen?: FrozenKey | null | undefined;
}): ContractSplit {
  const { allocation, notificationYear: year } = input;
  const plies = sharingPlies(allocation, input.plies);
  const target = input.targetHours ?? 0;
  if (!allocation) {
    return { ok: false, issue: 'Aucun PLIE n’est encore désigné pour ce marché : complétez-le.' };
  }
  if (allocation.mode === 'single') {
    return { ok: true, shared: false, allotted: new Map([[allocation.plieId, target]]) };
  }
  if (input.frozen) {
    const allotted = allocateHours(target, input.frozen.criteria, input.frozen.weights);
    return { ok: true, shared: true, allotted };
  }
  if (plies.length === 0) {
    return {
      ok: false,
      issue: allocation.territory
        ? `Aucun PLIE actif en ${year} n’est du territoire « ${allocation.territory} » : la répartition ne peut pas être calculée.`
        : 'Aucun PLIE n’est enregistré : la répartition ne peut pas être calculée.',
    };
  }
  const byPlie = new Map(input.criteria.map((c) => [c.plieId, c]));
  const missing = plies.filter((p) => !byPlie.has(p.id));
  if (missing.length) {
    const names = missing.map((p) => p.name).join(', ');
    return {
      ok: false,
      issue: `Répartition impossible : critères ${year} manquants pour ${names}.`,
    };
  }
  const allotted = allocateHours(
    target,
    plies.map((p) => byPlie.get(p.id) as PlieCriteria),
    input.weights ?? EQUAL_WEIGHTS,
  );
  return { ok: true, shared: true, allotted };
}

/**
 * Decides the key of a shared contract from its notification year's criteria: null when a PLIE
 * active that year has none yet (the split is then shown live, with the issue, until decided).
 */
export function decideKey(input: {
  year: number;
  plies: readonly { id: string }[];
  criteria: readonly PlieCriteria[];
  weights: Weights | null;
  at: string;
  by: string;
}): FrozenKey | null {
  const byPlie = new Map(input.criteria.map((c) => [c.plieId, c]));
  if (input.plies.length === 0 || input.plies.some((p) => !byPlie.has(p.id))) return null;
  return {
    year: input.year,
    plieIds: input.plies.map((p) => p.id),
    criteria: input.plies.map((p) => byPlie.get(p.id) as PlieCriteria),
    weights: input.weights ?? EQUAL_WEIGHTS,
    decidedAt: input.at,
    decidedBy: input.by,
  };
}

/**
 * May the contract's hours go to this PLIE: a shared contract's key PLIEs once it is decided,
 * otherwise the PLIEs the contract concerns (allotted, or of its territory).
 */
export function takesHoursFor(
  allocation: AllocationMode | null,
  key: Pick<FrozenKey, 'plieIds'> | null | undefined,
  plie: PlieTerritory,
): boolean {
  if (allocation?.mode === 'shared' && key) return key.plieIds.includes(plie.id);
  return concernsPlie(allocation, plie);
}

/** The PLIEs a shared contract's hours may go to: those of its key, once decided. */
export function keyPlies(key: FrozenKey): Set<string> {
  return new Set(key.plieIds);
}
