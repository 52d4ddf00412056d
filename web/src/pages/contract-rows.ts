import { all } from '../api';
import { progressBar } from '../charts';
import { h } from '../dom';
import { frenchDate, hours } from '../format';
import type { Contract } from '../types';
import type { ContractRow } from './contract-filters';

// The contracts list's rows as the API answers them for a query (its filters applied by
// DynamoDB, contract-list-query.ts), each with whether it is behind schedule.

/** Whether a coordinator's PLIE's share of a contract is behind (share-pace.ts), by contract. */
type Shares = ReadonlyMap<string, { behind: boolean }> | null;

export async function contractRows(query: string, shares: Shares): Promise<ContractRow[]> {
  const contracts = await all<Contract>(`/api/contracts${query ? `?${query}` : ''}`);
  // Behind schedule as the monthly report says it: the API judges each contract on the report's
  // day with the terms in force then and the hours up to that month (`pace`). Judged here, from
  // the current terms and every hour logged, the list and the report disagreed.
  return contracts.map((c) => ({
    ...c,
    behind: shares?.get(c.id)?.behind ?? c.pace?.behind ?? false,
  }));
}

/**
 * A buyer's progress cell: the hours logged against the target, and « En retard » with the
 * figures the report judged on, which may differ from the bar's (hours logged for the month
 * under way, an amendment since): without them the tag beside a fuller bar reads as a mistake.
 * A closed year's list (`atYearEnd`) is « Avancement au 31/12 » : its bar is the judged day's
 * hours against that day's target, not what has been logged since.
 */
export function progressCell(r: ContractRow, atYearEnd = false): (Node | null)[] {
  const [done, target] =
    atYearEnd && r.pace ? [r.pace.hoursToDate, r.pace.targetHours] : [r.hoursLogged, r.targetHours];
  const bar = progressBar(done, target, null, r.behind);
  if (!r.behind) return [bar];
  return [
    bar,
    h('span', { class: 'tag late' }, 'En retard'),
    r.pace
      ? h(
          'span',
          { class: 'muted pace-detail' },
          ` au ${frenchDate(r.pace.judgedOn)} : ${hours(r.pace.hoursToDate)} sur ${hours(r.pace.expectedHours)} attendues`,
        )
      : null,
  ];
}

/** A buyer as the filter offers it: by SIRET (the same name may be two buyers), named. */
export function buyerChoice(row: Pick<Contract, 'buyer'>): [string, string] {
  const { siret, name } = row.buyer;
  return siret ? [siret, `${name || 'Nom à compléter'} (${siret})`] : [name, name];
}
