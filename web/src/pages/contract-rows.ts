import { parisDate } from '#shared/domain/calendar';
import { paceJudgedOn, scheduleStatus } from '#shared/domain/schedule';
import { all } from '../api';
import type { Contract } from '../types';
import type { ContractRow } from './contract-filters';

// The contracts list's rows as the API answers them for a query (its filters applied by
// DynamoDB, contract-list-query.ts), each with whether it is behind schedule.

/** Whether a coordinator's PLIE's share of a contract is behind (share-pace.ts), by contract. */
type Shares = ReadonlyMap<string, { behind: boolean }> | null;

export async function contractRows(query: string, shares: Shares): Promise<ContractRow[]> {
  const contracts = await all<Contract>(`/api/contracts${query ? `?${query}` : ''}`);
  // Behind schedule by the rule the report and the dashboard apply (the domain's
  // scheduleStatus), judged on the same day (the last complete month's end, paceJudgedOn),
  // from what the list already holds: no report is read for a list.
  const judgedOn = paceJudgedOn(parisDate(new Date()));
  return contracts.map((c) => ({
    ...c,
    behind:
      shares?.get(c.id)?.behind ??
      scheduleStatus({
        targetHours: c.targetHours,
        hoursLogged: c.hoursLogged,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        asOf: judgedOn,
      }).behind,
  }));
}

/** A buyer as the filter offers it: by SIRET (the same name may be two buyers), named. */
export function buyerChoice(row: Pick<Contract, 'buyer'>): [string, string] {
  const { siret, name } = row.buyer;
  return siret ? [siret, `${name || 'Nom à compléter'} (${siret})`] : [name, name];
}
