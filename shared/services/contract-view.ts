import { progress } from '#shared/domain/hours';
import { centsToEuros, eurosToCents } from '#shared/domain/money';
import type { Contract, ContractCreate } from '#shared/schemas/contracts';
import type { ContractRecord } from '#shared/store/contracts';

// A contract between its stored form (cents) and the API's (euros): the two edges of money.

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
