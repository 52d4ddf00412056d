import type { ContractTerms } from '#shared/domain/amendments';
import { progress } from '#shared/domain/hours';
import { centsToEuros, eurosToCents } from '#shared/domain/money';
import type { Contract, ContractCreate } from '#shared/schemas/contracts';
import type { ContractRecord } from '#shared/store/contracts';

// A contract between its stored form (cents) and the API's (euros): the two edges of money.

export function contractView(record: ContractRecord): Contract {
  // territoryPlieIds is the transaction's copy of the territory's PLIEs, not for clients.
  const {
    amountCents,
    insertionInputs,
    lineCount,
    createdBy,
    amendments,
    territoryPlieIds: _,
    ...rest
  } = record;
  return {
    ...rest,
    amount: centsToEuros(amountCents),
    amendments: amendments.map((a) => ({
      ...a,
      changes: termsView(a.changes),
      before: termsView(a.before),
    })),
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

/** Amended terms as the API shows them: the amount in euros. */
function termsView(terms: Partial<ContractTerms>) {
  const { amountCents, ...rest } = terms;
  return { ...rest, ...(amountCents !== undefined ? { amount: centsToEuros(amountCents) } : {}) };
}

type Inputs = ContractCreate['insertionInputs'];

/** The tender's inputs as stored: the hourly cost in cents. */
export function storedInputs(inputs: Inputs | null | undefined): ContractRecord['insertionInputs'] {
  return inputs
    ? {
        labourShare: inputs.labourShare,
        insertionRate: inputs.insertionRate,
        hourlyCostCents: eurosToCents(inputs.hourlyCost),
      }
    : null;
}
