import {
  type AllocationMode,
  CRITERIA,
  type CriteriaValues,
  decideKey,
  type FrozenKey,
  type PlieCriteria,
  sharingPlies,
  type Weights,
} from '#shared/domain/allocation';
import { yearOf } from '#shared/domain/calendar';
import { type ComplianceIssue, contractIssues } from '#shared/domain/compliance';
import { activeInYear } from '#shared/domain/plies';
import {
  essAwardBuyer,
  essAwardOperator,
  isEssAward,
  repeatAwardProblem,
  reservationProblems,
} from '#shared/domain/reserved';
import { type ThresholdPeriod, thresholdPeriods } from '#shared/domain/thresholds';
import { BusinessRuleError, type FieldError, NotFoundError } from '#shared/errors';
import type { ContractRecord } from '#shared/store/contracts';
import type { ParticipantRecord } from '#shared/store/participants';
import type { CriteriaRecord, PlieRecord } from '#shared/store/plies';
import type { ServiceDeps } from './deps';

// Reads that several use cases need, each with its refusal in French. Use cases call these,
// never each other.

export async function getContract(deps: ServiceDeps, contractId: string): Promise<ContractRecord> {
  const contract = await deps.stores.contracts.get(contractId);
  if (!contract) throw new NotFoundError('Ce marché n’existe pas.');
  return contract;
}

export async function getPlie(deps: ServiceDeps, plieId: string): Promise<PlieRecord> {
  const plie = await deps.stores.plies.get(plieId);
  if (!plie) throw new NotFoundError('Ce PLIE n’existe pas.');
  return plie;
}

/** Refuses, as a business rule on field `path`, a PLIE id that names no PLIE. */
export async function requireKnownPlie(
  deps: ServiceDeps,
  plieId: string,
  path = 'plieId',
): Promise<void> {
  if (!(await deps.stores.plies.get(plieId))) {
    throw new BusinessRuleError('Ce PLIE n’existe pas.', [{ path, message: 'PLIE inconnu' }]);
  }
}

export async function getParticipant(
  deps: ServiceDeps,
  participantId: string,
): Promise<ParticipantRecord> {
  const participant = await deps.stores.participants.get(participantId);
  if (!participant) throw new NotFoundError('Ce participant n’existe pas.');
  return participant;
}

/** L2113-15: the same buyer's earlier award of this basis to the same operator, if too recent. */
export async function repeatAward(
  deps: ServiceDeps,
  contract: Pick<ContractRecord, 'id' | 'reserved' | 'notifiedOn' | 'buyer' | 'awardee'>,
) {
  if (!isEssAward(contract.reserved)) return null;
  const earlier = await deps.stores.contractIndexes.essAwardDates(
    essAwardBuyer(contract.buyer),
    essAwardOperator(contract.awardee),
    contract.id,
  );
  return repeatAwardProblem(contract.notifiedOn, earlier);
}

/** The EU threshold periods in force: recorded ones over built-in ones. */
export async function knownThresholds(deps: ServiceDeps): Promise<ThresholdPeriod[]> {
  return thresholdPeriods(await deps.stores.thresholds.list());
}

/** A contract's issues on `asOf`, with its L2113-15 history looked up. */
export async function issuesOf(
  deps: ServiceDeps,
  contract: ContractRecord,
  context: { asOf: string; tolerance?: number | undefined; thresholds: readonly ThresholdPeriod[] },
): Promise<ComplianceIssue[]> {
  return contractIssues(contract, { ...context, repeatAward: await repeatAward(deps, contract) });
}

/** Who a shared contract's hours may go to, as the contract keeps it. */
export interface Sharing {
  /**
   * The key its hours are split by, decided now from the criteria and weights of its
   * notification year over the PLIEs active that year (those of its territory, if it names
   * one); null for a single-PLIE contract, or while a PLIE lacks criteria (the split is then
   * shown live until an administrator decides it).
   */
  allocationKey: FrozenKey | null;
  /** For a contract shared within a territory, until its key is decided: that territory's PLIEs. */
  territoryPlieIds: string[] | null;
}

export async function sharingFor(
  deps: ServiceDeps,
  contract: Pick<ContractRecord, 'allocation' | 'notifiedOn'>,
  made: { at: string; by: string },
): Promise<Sharing> {
  if (contract.allocation?.mode !== 'shared')
    return { allocationKey: null, territoryPlieIds: null };
  const year = yearOf(contract.notifiedOn);
  const inputs = await yearKeyInputs(deps, year, contract.allocation);
  const allocationKey = decideKey({ year, ...inputs, ...made });
  return {
    allocationKey,
    territoryPlieIds:
      contract.allocation.territory && !allocationKey ? inputs.plies.map((p) => p.id) : null,
  };
}

/**
 * What a year's key is decided from: the PLIEs active that year (those of the contract's
 * territory, when it names one), their criteria, the weights.
 */
export async function yearKeyInputs(
  deps: ServiceDeps,
  year: number,
  allocation: AllocationMode | null = null,
): Promise<{ plies: PlieRecord[]; criteria: PlieCriteria[]; weights: Weights | null }> {
  const [plies, criteria, weights] = await Promise.all([
    deps.stores.plies.list(),
    deps.stores.plies.criteriaOfYear(year),
    deps.stores.plies.weightsOfYear(year),
  ]);
  return {
    plies: sharingPlies(allocation, activeInYear(plies, year)),
    criteria: criteria.map((record) => ({
      plieId: record.plieId,
      criteria: criteriaValues(record),
    })),
    weights,
  };
}

function criteriaValues(record: CriteriaRecord): CriteriaValues {
  return Object.fromEntries(CRITERIA.map((name) => [name, record[name]])) as CriteriaValues;
}

/** The rules a contract's allocation and reservation must meet, as field errors. */
export async function contractRuleProblems(
  deps: ServiceDeps,
  contract: Pick<
    ContractRecord,
    | 'id'
    | 'allocation'
    | 'reserved'
    | 'kind'
    | 'notifiedOn'
    | 'consultationLaunchedOn'
    | 'startsOn'
    | 'endsOn'
    | 'buyer'
    | 'awardee'
  >,
): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  if (contract.allocation?.mode === 'single') {
    if (!(await deps.stores.plies.get(contract.allocation.plieId))) {
      problems.push({ path: 'allocation.plieId', message: 'PLIE inconnu' });
    }
  }
  if (contract.allocation?.mode === 'shared' && contract.allocation.territory) {
    const plies = sharingPlies(contract.allocation, await deps.stores.plies.list());
    if (plies.length === 0) {
      problems.push({
        path: 'allocation.territory',
        message: `Aucun PLIE n’est du territoire « ${contract.allocation.territory} »`,
      });
    }
  }
  if (contract.reserved) {
    for (const problem of reservationProblems({ ...contract.reserved, ...contract })) {
      problems.push({ path: `reserved.${problem.field}`, message: problem.message });
    }
    const repeat = await repeatAward(deps, contract);
    if (repeat) problems.push({ path: 'reserved.basis', message: repeat.message });
  }
  return problems;
}
