import type { Identity } from '#shared/domain/access';
import { EQUAL_WEIGHTS, type Weights } from '#shared/domain/allocation';
import { NotFoundError } from '#shared/errors';
import type { Criteria, Plie } from '#shared/schemas/plies';
import type { CriteriaRecord, PlieRecord } from '#shared/store/plies';
import { type ServiceDeps, writeContext } from './deps';
import { getPlie } from './lookups';

// PLIEs, the criteria that share contracts between them, and the weights of those criteria.

export function listPlies(deps: ServiceDeps): Promise<Plie[]> {
  return deps.stores.plies.list();
}

/** Creates or replaces a PLIE; says whether it was created. */
export async function putPlie(
  deps: ServiceDeps,
  actor: Identity,
  plieId: string,
  input: {
    name: string;
    communes: string[];
    coordinatorEmails: string[];
    activeFrom?: string | undefined;
    activeUntil?: string | undefined;
  },
): Promise<{ plie: PlieRecord; created: boolean }> {
  const plie: PlieRecord = {
    id: plieId,
    name: input.name,
    communes: input.communes,
    coordinatorEmails: input.coordinatorEmails,
    activeFrom: input.activeFrom ?? null,
    activeUntil: input.activeUntil ?? null,
  };
  const { created } = await deps.stores.plies.put(plie, writeContext(deps, actor));
  return { plie, created };
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
