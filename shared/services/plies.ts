import { type Identity, seesPlieContacts } from '#shared/domain/access';
import {
  allocateHours,
  allocationKey,
  decideKey,
  EQUAL_WEIGHTS,
  type Weights,
} from '#shared/domain/allocation';
import { monthsFrom, parisDate } from '#shared/domain/calendar';
import { addHours } from '#shared/domain/hours';
import { NotFoundError } from '#shared/errors';
import type { Criteria, Plie } from '#shared/schemas/plies';
import type { CriteriaRecord, PlieRecord } from '#shared/store/plies';
import { type ServiceDeps, writeContext } from './deps';
import { getPlie, yearKeyInputs } from './lookups';

// PLIEs, the criteria that share contracts between them, and the weights of those criteria.

export async function listPlies(deps: ServiceDeps, actor: Identity): Promise<Plie[]> {
  return (await deps.stores.plies.list()).map((plie) => plieAsSeenBy(actor, plie));
}

/** A PLIE as the caller may read it: its coordinators' addresses only to those who see them. */
export function plieAsSeenBy(actor: Identity, plie: Plie): Plie {
  if (seesPlieContacts(actor, plie.id)) return plie;
  const { coordinatorEmails: _, ...rest } = plie;
  return rest;
}

/** Creates or replaces a PLIE; says whether it was created. */
export async function putPlie(
  deps: ServiceDeps,
  actor: Identity,
  plieId: string,
  input: {
    name: string;
    communes: string[];
    territory?: string | undefined;
    coordinatorEmails: string[];
    activeFrom?: string | null | undefined;
    activeUntil?: string | undefined;
  },
): Promise<{ plie: PlieRecord; created: boolean }> {
  const existing = input.activeFrom === undefined ? await deps.stores.plies.get(plieId) : null;
  const plie: PlieRecord = {
    id: plieId,
    name: input.name,
    communes: input.communes,
    territory: input.territory ?? null,
    coordinatorEmails: input.coordinatorEmails,
    activeFrom: activeFromOf(input.activeFrom, existing, deps.now()),
    activeUntil: input.activeUntil ?? null,
  };
  const { created } = await deps.stores.plies.put(plie, writeContext(deps, actor));
  return { plie, created };
}

/**
 * When a PLIE starts: the date given (null: since always, on purpose); else, for a PLIE being
 * registered, the day it is, in Paris — a PLIE added today must not be paid a fixed part in
 * every past year, nor enter past years' allocation keys; and for an existing one, the date it
 * had. PLIEs stored before this rule keep their null (since always), so nothing of theirs moves.
 */
function activeFromOf(
  given: string | null | undefined,
  existing: PlieRecord | null,
  now: Date,
): string | null {
  if (given !== undefined) return given;
  return existing ? existing.activeFrom : parisDate(now);
}

export async function putCriteria(
  deps: ServiceDeps,
  actor: Identity,
  plieId: string,
  year: number,
  criteria: Criteria,
): Promise<CriteriaRecord> {
  await getPlie(deps, plieId);
  const record = { plieId, year, ...criteria };
  await deps.stores.plies.putCriteria(record, writeContext(deps, actor));
  return record;
}

export async function criteriaOf(
  deps: ServiceDeps,
  plieId: string,
  year: number,
): Promise<CriteriaRecord> {
  const criteria = await deps.stores.plies.criteriaOfYear(year);
  const found = criteria.find((record) => record.plieId === plieId);
  if (!found) throw new NotFoundError(`Aucun critère ${year} n’est enregistré pour ce PLIE.`);
  return found;
}

export interface WeightsOfYear {
  year: number;
  weights: Weights;
  isDefault: boolean;
}

export async function putWeights(
  deps: ServiceDeps,
  actor: Identity,
  year: number,
  weights: Weights,
): Promise<WeightsOfYear> {
  await deps.stores.plies.putWeights(year, weights, writeContext(deps, actor));
  return { year, weights, isDefault: false };
}

/** The year's weights; equal weights when none were set. */
export async function weightsOf(deps: ServiceDeps, year: number): Promise<WeightsOfYear> {
  const weights = await deps.stores.plies.weightsOfYear(year);
  return { year, weights: weights ?? EQUAL_WEIGHTS, isDefault: weights === null };
}

export interface KeyPreview {
  year: number;
  hours: number;
  weights: Weights;
  plies: { plieId: string; share: number; allottedHours: number }[];
  /** Why the key cannot be computed yet (a PLIE without criteria), or null. */
  issue: string | null;
}

/**
 * The key a shared contract notified in `year` would get today, and how `hours` would be split
 * by it: the very computation a new shared contract freezes (lookups.sharingFor), shown before
 * saving — on the contract form and beside the criteria an administrator types.
 */
export async function allocationKeyPreview(
  deps: ServiceDeps,
  year: number,
  hours: number,
  territory?: string,
): Promise<KeyPreview> {
  // One read of the year's PLIEs, criteria and weights, decided as a new shared contract is.
  const inputs = await yearKeyInputs(deps, year, { mode: 'shared', territory });
  const key = decideKey({ year, ...inputs, at: deps.now().toISOString(), by: 'preview' });
  if (!key) {
    const withCriteria = new Set(inputs.criteria.map((c) => c.plieId));
    const missing = inputs.plies.filter((p) => !withCriteria.has(p.id)).map((p) => p.name);
    return {
      year,
      hours,
      weights: inputs.weights ?? EQUAL_WEIGHTS,
      plies: [],
      issue: inputs.plies.length
        ? `Critères ${year} manquants pour : ${missing.join(', ')}. Un administrateur doit les saisir pour que la répartition soit calculée.`
        : territory
          ? `Aucun PLIE du territoire « ${territory} » n’est actif en ${year}.`
          : `Aucun PLIE n’est actif en ${year}.`,
    };
  }
  const shares = allocationKey(key.criteria, key.weights);
  const allotted = allocateHours(hours, key.criteria, key.weights);
  return {
    year,
    hours,
    weights: key.weights,
    plies: key.plieIds.map((plieId) => ({
      plieId,
      share: shares.get(plieId) ?? 0,
      allottedHours: allotted.get(plieId) ?? 0,
    })),
    issue: null,
  };
}

export interface PlieMonths {
  plieId: string;
  year: number;
  months: { month: string; hours: number; byMode: Record<string, number> }[];
}

/**
 * A PLIE's hours month by month in a year, by mode: the twelve months, zero where nothing was
 * logged, read from the PLIE × month totals (twelve items at most, however many lines).
 */
export async function plieMonths(
  deps: ServiceDeps,
  plieId: string,
  year: number,
): Promise<PlieMonths> {
  await getPlie(deps, plieId);
  const totals = await deps.stores.totals.plieMonths(year, plieId);
  const months = monthsFrom(`${year}-01`, `${year}-12`).map((month) => {
    const byMode: Record<string, number> = {};
    let hours = 0;
    for (const total of totals) {
      if (total.month !== month) continue;
      hours = addHours(hours, total.hours);
      for (const [mode, value] of Object.entries(total.byMode))
        if (value) byMode[mode] = addHours(byMode[mode] ?? 0, value);
    }
    return { month, hours, byMode };
  });
  return { plieId, year, months };
}
