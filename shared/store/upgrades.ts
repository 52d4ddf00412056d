import type { Stores } from './index';

// Index items that data written by an earlier version lacks. Each upgrade runs once per table
// (a setting says it is done); a table created by this version has every index from the start.

/** Until this one is done, a PLIE's report reads every contract of the year (see report-data). */
export const PLIE_CONTRACTS_INDEX = 'plie-contracts-index';
/** Until this one is done, the missing-statement check reads every statement of 13 months. */
export const STATEMENTS_RECEIVED = 'statements-received';

const UPGRADES: [name: string, run: (stores: Stores) => Promise<number>][] = [
  ['holders-index', (stores) => stores.contractIndexes.indexHolders()],
  [PLIE_CONTRACTS_INDEX, (stores) => stores.contractIndexes.indexPlieContracts()],
  // People with hours in a year, counted from totals (the consolidation): written from the
  // participant × month totals. A line logged while it runs could be left out of that person's
  // year total (its Put overwrites what the line added): it runs at start, before requests
  // (local), or in the monthly job at 07:00 on the 1st (AWS); reconcile would show it.
  [
    'people-years',
    async (stores) => stores.totals.indexPeopleYears(await stores.participants.allIds()),
  ],
  // "Statement received" items of the statements that count: each written on the condition
  // that its statement is still in the state read, so a transition taken meanwhile is safe.
  [STATEMENTS_RECEIVED, (stores) => stores.received.indexStatements()],
  // A year's conventions are per funder (a metropolis and a département): the single
  // convention a year had moves to its funder's key. Until then it is read where it is
  // (shared/store/funding.ts), so the order of deployment and upgrade does not matter.
  ['funding-conventions-by-funder', (stores) => stores.funding.keyByFunder()],
];

/** Runs the upgrades not done yet; on a table just created, only records them as done. */
export async function upgradeIndexes(
  stores: Stores,
  at: string,
  options: { freshTable?: boolean } = {},
): Promise<void> {
  for (const [name, run] of UPGRADES) {
    if (!options.freshTable) {
      if (await stores.settings.done(name)) continue;
      await run(stores);
    }
    await stores.settings.markDone(name, at);
  }
}
