import type { Identity } from '../domain/access';
import { allocateHours, EQUAL_WEIGHTS } from '../domain/allocation';
import { yearOf } from '../domain/calendar';
import { requiredHours } from '../domain/contracts';
import { progress } from '../domain/hours';
import { repeatAwardProblem, reservationProblems } from '../domain/reserved';
import { BusinessRuleError, type FieldError, NotFoundError } from '../errors';
import { newId } from '../ids';
import { centsToEuros, eurosToCents } from '../schemas/common';
import type { Contract, ContractCreate, ContractPatch } from '../schemas/contracts';
import {
  type ContractChanges,
  type ContractRecord,
  essAwardBuyer,
  type NewContract,
} from '../store/contracts';
import type { CriteriaRecord } from '../store/plies';
import { type ServiceDeps, writeContext } from './deps';

export function contractView(record: ContractRecord): Contract {
  const { amountCents, insertionInputs, lineCount, createdBy, ...rest } = record;
  return {
    ...rest,
    amount: centsToEuros(amountCents),
    insertionInputs: insertionInputs
      ? {
          labourShare: insertionInputs.labourShare,
          insertionRate: insertionInputs.insertionRate,
          hourlyCost: centsToEuros(insertionInputs.hourlyCostCents),
        }
      : null,
    progress: progress(record.hoursLogged, record.targetHours),
  };
}

/** L2113-15: the same buyer's earlier award of this basis to the same operator, if too recent. */
export async function repeatAward(
  deps: ServiceDeps,
  contract: Pick<ContractRecord, 'id' | 'reserved' | 'notifiedOn' | 'buyer' | 'awardee'>,
) {
  if (contract.reserved?.basis !== 'L2113-15') return null;
  const earlier = await deps.stores.contracts.essAwardDates(
    essAwardBuyer(contract),
    contract.awardee.siret,
    contract.id,
  );
  return repeatAwardProblem(contract.notifiedOn, earlier);
}

/** The rules a contract's allocation and reservation must meet, as field errors. */
async function ruleProblems(
  deps: ServiceDeps,
  contract: Pick<
    ContractRecord,
    'id' | 'allocation' | 'reserved' | 'notifiedOn' | 'startsOn' | 'endsOn' | 'buyer' | 'awardee'
  >,
): Promise<FieldError[]> {
  const problems: FieldError[] = [];
  if (contract.allocation?.mode === 'single') {
    if (!(await deps.stores.plies.get(contract.allocation.plieId))) {
      problems.push({ path: 'allocation.plieId', message: 'PLIE inconnu' });
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

function refuse(problems: FieldError[]): void {
  if (problems.length) {
    throw new BusinessRuleError(problems.map((p) => p.message).join(' '), problems);
  }
}

type Inputs = ContractCreate['insertionInputs'];

function storedInputs(inputs: Inputs | null | undefined): ContractRecord['insertionInputs'] {
  return inputs
    ? {
        labourShare: inputs.labourShare,
        insertionRate: inputs.insertionRate,
        hourlyCostCents: eurosToCents(inputs.hourlyCost),
      }
    : null;
}

/** A reservation detail implies the "reserved" consideration; keep the two consistent. */
function withReserved(
  considerations: ContractRecord['socialConsiderations'],
  reserved: unknown,
): ContractRecord['socialConsiderations'] {
  return reserved && !considerations.includes('reserved')
    ? [...considerations, 'reserved']
    : considerations;
}

export async function createContract(
  deps: ServiceDeps,
  actor: Identity,
  input: ContractCreate,
  source: ContractRecord['source'] = 'api',
): Promise<ContractRecord> {
  const amountCents = eurosToCents(input.amount);
  const inputs = storedInputs(input.insertionInputs);
  const context = writeContext(deps, actor);
  const draft: NewContract = {
    id: newId(),
    reference: input.reference,
    title: input.title,
    buyer: input.buyer,
    awardee: input.awardee,
    kind: input.kind,
    ...(input.cpv ? { cpv: input.cpv } : {}),
    amountCents,
    notifiedOn: input.notifiedOn,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    targetHours: input.targetHours ?? (inputs ? requiredHours({ amountCents, ...inputs }) : null),
    insertionInputs: inputs,
    allocation: input.allocation,
    socialConsiderations: withReserved(input.socialConsiderations, input.reserved),
    reserved: input.reserved
      ? { basis: input.reserved.basis, awardeeType: input.reserved.awardeeType ?? null }
      : null,
    defenceOrSecurity: input.defenceOrSecurity,
    createdAt: context.at,
    createdBy: actor.sub,
    source,
  };
  refuse(await ruleProblems(deps, draft));
  return deps.stores.contracts.create(draft, context);
}

/** Completes or corrects a contract: PLIE, hours target, reservation, considerations. */
export async function patchContract(
  deps: ServiceDeps,
  actor: Identity,
  contractId: string,
  patch: ContractPatch,
): Promise<ContractRecord> {
  const current = await getContract(deps, contractId);
  const changes: ContractChanges = {};
  if (patch.title !== undefined) changes.title = patch.title;
  if (patch.allocation !== undefined) changes.allocation = patch.allocation;
  if (patch.defenceOrSecurity !== undefined) changes.defenceOrSecurity = patch.defenceOrSecurity;
  if (patch.insertionInputs !== undefined) {
    changes.insertionInputs = storedInputs(patch.insertionInputs);
    if (changes.insertionInputs) {
      changes.targetHours = requiredHours({
        amountCents: current.amountCents,
        ...changes.insertionInputs,
      });
    }
  }
  if (patch.targetHours !== undefined) {
    changes.targetHours = patch.targetHours;
    changes.insertionInputs = null;
  }
  if (patch.reserved !== undefined) {
    changes.reserved = patch.reserved
      ? { basis: patch.reserved.basis, awardeeType: patch.reserved.awardeeType ?? null }
      : null;
  }
  const considerations = patch.socialConsiderations ?? current.socialConsiderations;
  const reserved = changes.reserved !== undefined ? changes.reserved : current.reserved;
  if (patch.socialConsiderations !== undefined || patch.reserved !== undefined) {
    changes.socialConsiderations = withReserved(considerations, reserved);
  }
  refuse(await ruleProblems(deps, { ...current, ...changes }));
  return deps.stores.contracts.update(current, changes, writeContext(deps, actor));
}

export interface ContractAllocation {
  allocation: { plieId: string; allottedHours: number; hoursLogged: number }[] | null;
  allocationIssue: string | null;
  hoursByPlie: { plieId: string; hoursLogged: number }[];
}

/**
 * Each PLIE's share of the contract's target and what it has logged. Shared contracts use the
 * criteria of their notification year; a PLIE without criteria blocks the key, and says so.
 */
export async function contractAllocation(
  deps: ServiceDeps,
  contract: ContractRecord,
): Promise<ContractAllocation> {
  const totals = await deps.stores.contracts.plieTotals(contract.id);
  const logged = new Map(totals.map((t) => [t.plieId, t.hours]));
  const hoursByPlie = totals
    .filter((t) => t.lines > 0 || t.hours !== 0)
    .map((t) => ({ plieId: t.plieId, hoursLogged: t.hours }))
    .sort((a, b) => a.plieId.localeCompare(b.plieId));
  const target = contract.targetHours ?? 0;

  if (!contract.allocation) {
    return {
      allocation: null,
      allocationIssue: 'Aucun PLIE n’est encore désigné pour ce marché : complétez-le.',
      hoursByPlie,
    };
  }
  if (contract.allocation.mode === 'single') {
    const { plieId } = contract.allocation;
    return {
      allocation: [{ plieId, allottedHours: target, hoursLogged: logged.get(plieId) ?? 0 }],
      allocationIssue: null,
      hoursByPlie,
    };
  }

  const year = yearOf(contract.notifiedOn);
  const [plies, criteria, weights] = await Promise.all([
    deps.stores.plies.list(),
    deps.stores.plies.criteriaOfYear(year),
    deps.stores.plies.weightsOfYear(year),
  ]);
  const byPlie = new Map(criteria.map((c) => [c.plieId, c]));
  const missing = plies.filter((p) => !byPlie.has(p.id));
  if (plies.length === 0 || missing.length > 0) {
    const names = missing.map((p) => p.name).join(', ');
    return {
      allocation: null,
      allocationIssue:
        plies.length === 0
          ? 'Aucun PLIE n’est enregistré : la répartition ne peut pas être calculée.'
          : `Répartition impossible : critères ${year} manquants pour ${names}.`,
      hoursByPlie,
    };
  }
  const allotted = allocateHours(
    target,
    plies.map((p) => ({ plieId: p.id, criteria: byPlie.get(p.id) as CriteriaRecord })),
    weights ?? EQUAL_WEIGHTS,
  );
  return {
    allocation: plies.map((p) => ({
      plieId: p.id,
      allottedHours: allotted.get(p.id) ?? 0,
      hoursLogged: logged.get(p.id) ?? 0,
    })),
    allocationIssue: null,
    hoursByPlie,
  };
}

export async function getContract(deps: ServiceDeps, contractId: string): Promise<ContractRecord> {
  const contract = await deps.stores.contracts.get(contractId);
  if (!contract) throw new NotFoundError('Ce marché n’existe pas.');
  return contract;
}
