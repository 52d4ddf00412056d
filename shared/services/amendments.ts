import type { Identity } from '#shared/domain/access';
import {
  type Amendment,
  amendmentProblems,
  type ContractTerms,
  TERM_NAMES,
} from '#shared/domain/amendments';
import { requiredHours } from '#shared/domain/contracts';
import { eurosToCents } from '#shared/domain/money';
import { refuseProblems } from '#shared/errors';
import { newId } from '#shared/ids';
import type { AmendmentCreate } from '#shared/schemas/contracts';
import type { ContractRecord } from '#shared/store/contracts';
import { type ServiceDeps, writeContext } from './deps';
import { contractRuleProblems, getContract, sharingFor } from './lookups';

// Amendments ("avenants") of a contract, and the rule that an allocation with hours changes
// only through one.

/**
 * Amends a contract ("avenant"): new amount, end date, target hours or allocation from a date,
 * with a reason. Hours already logged stay valid and stay with their PLIE (the amendment keeps
 * how many each had); the rules of the contract are checked on the amended terms.
 */
export async function amendContract(
  deps: ServiceDeps,
  actor: Identity,
  contractId: string,
  input: AmendmentCreate,
): Promise<ContractRecord> {
  const current = await getContract(deps, contractId);
  const changes: Partial<ContractTerms> = {};
  if (input.amount !== undefined) changes.amountCents = eurosToCents(input.amount);
  if (input.endsOn !== undefined) changes.endsOn = input.endsOn;
  if (input.targetHours !== undefined) changes.targetHours = input.targetHours;
  else if (changes.amountCents !== undefined && current.insertionInputs) {
    // The target follows the amount when it was computed from the tender's inputs.
    changes.targetHours = requiredHours({
      amountCents: changes.amountCents,
      ...current.insertionInputs,
    });
  }
  if (input.allocation !== undefined) changes.allocation = input.allocation;
  for (const name of TERM_NAMES) {
    if (name in changes && JSON.stringify(changes[name]) === JSON.stringify(current[name])) {
      delete changes[name];
    }
  }
  refuseProblems(
    amendmentProblems(current, { effectiveOn: input.effectiveOn, changes }).map((p) => ({
      path: p.field,
      message: p.message,
    })),
  );
  const amended = { ...current, ...changes };
  refuseProblems(await contractRuleProblems(deps, amended));
  const context = writeContext(deps, actor);
  const before = Object.fromEntries(
    Object.keys(changes).map((name) => [name, current[name as keyof ContractTerms]]),
  ) as Partial<ContractTerms>;
  const hoursByPlie =
    changes.allocation !== undefined && current.lineCount > 0
      ? Object.fromEntries(
          (await deps.stores.totals.plieTotals(current.id))
            .filter((t) => t.lines > 0)
            .map((t) => [t.plieId, t.hours]),
        )
      : undefined;
  const amendment: Amendment = {
    id: newId(),
    effectiveOn: input.effectiveOn,
    reason: input.reason,
    changes,
    before,
    ...(hoursByPlie ? { hoursByPlie } : {}),
    at: context.at,
    by: actor.sub,
  };
  // A contract becoming shared gets its key now; one that stops being shared loses it.
  const key =
    changes.allocation !== undefined
      ? await sharingFor(deps, amended, { at: context.at, by: actor.sub })
      : {};
  return deps.stores.contracts.update(
    current,
    { ...changes, ...key, amendments: [...current.amendments, amendment] },
    context,
    { action: 'amend', reason: input.reason },
  );
}
