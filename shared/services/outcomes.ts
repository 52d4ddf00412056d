import { yearOf } from '#shared/domain/calendar';
import { type Outcome, outcomeRates } from '#shared/domain/outcomes';
import type { ParticipantRecord } from '#shared/store/participants';
import type { ServiceDeps } from './deps';
import { getContract } from './lookups';

/**
 * Outcome rates of the participants who exited in `year` (all years when only a contract is
 * given), optionally of one PLIE, optionally of one contract: the people with hours on it.
 */
export async function outcomes(
  deps: ServiceDeps,
  filter: {
    year?: number | undefined;
    plieId?: string | undefined;
    contractId?: string | undefined;
  },
) {
  const { stores } = deps;
  let exited: ParticipantRecord[];
  if (filter.contractId) {
    await getContract(deps, filter.contractId);
    const ids = await stores.totals.participantIds(filter.contractId);
    exited = (await stores.participants.getMany(ids)).filter(
      (p) =>
        p.exitedOn !== null && (filter.year === undefined || yearOf(p.exitedOn) === filter.year),
    );
    if (filter.plieId) exited = exited.filter((p) => p.plieId === filter.plieId);
  } else {
    exited = await stores.exits.ofYear(filter.year as number, filter.plieId);
  }
  return outcomeRates(exited.map((p) => p.outcome as Outcome));
}
