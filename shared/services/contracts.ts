import type { Identity } from '../domain/access';
import { allocateHours, EQUAL_WEIGHTS } from '../domain/allocation';
import { yearOf } from '../domain/calendar';
import { requiredHours } from '../domain/contracts';
import { progress } from '../domain/hours';
import { reservationProblems } from '../domain/reserved';
import { BusinessRuleError, NotFoundError } from '../errors';
import { newId } from '../ids';
import { centsToEuros, eurosToCents } from '../schemas/common';
import type { Contract, ContractCreate } from '../schemas/contracts';
import type { ContractRecord } from '../store/contracts';
import type { CriteriaRecord } from '../store/plies';
import { type ServiceDeps, writeContext } from './deps';

export function contractView(record: ContractRecord): Contract {
  const { amountCents, insertionInputs, lineCount, createdBy, source, ...rest } = record;
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

export async function createContract(
  deps: ServiceDeps,
  actor: Identity,
  input: ContractCreate,
): Promise<ContractRecord> {
  const problems: { path: string; message: string }[] = [];
  if (input.allocation.mode === 'single') {
    const plie = await deps.stores.plies.get(input.allocation.plieId);
    if (!plie) problems.push({ path: 'allocation.plieId', message: 'PLIE inconnu' });
  }
  if (input.reserved) {
    for (const message of reservationProblems({ ...input.reserved, ...input })) {
      problems.push({ path: 'reserved', message });
    }
  }
  if (problems.length) {
    throw new BusinessRuleError(problems.map((p) => p.message).join(' '), problems);
  }

  const amountCents = eurosToCents(input.amount);
  const inputs = input.insertionInputs
    ? {
        labourShare: input.insertionInputs.labourShare,
        insertionRate: input.insertionInputs.insertionRate,
        hourlyCostCents: eurosToCents(input.insertionInputs.hourlyCost),
      }
    : null;
  const targetHours =
    input.targetHours ?? (inputs ? requiredHours({ amountCents, ...inputs }) : null);
  // A reservation detail implies the "reserved" consideration; keep the two consistent.
  const socialConsiderations =
    input.reserved && !input.socialConsiderations.includes('reserved')
      ? [...input.socialConsiderations, 'reserved' as const]
      : input.socialConsiderations;

  const context = writeContext(deps, actor);
  return deps.stores.contracts.create(
    {
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
      targetHours,
      insertionInputs: inputs,
      allocation: input.allocation,
      socialConsiderations,
      reserved: input.reserved ?? null,
      createdAt: context.at,
      createdBy: actor.sub,
      source: 'api',
    },
    context,
  );
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
