import type { Stores } from './index';

// Index items that data written by an earlier version lacks. Each upgrade runs once per table
// (a setting says it is done); a table created by this version has every index from the start.

/** Until this one is done, a PLIE's report reads every contract of the year (see report-data). */
export const PLIE_CONTRACTS_INDEX = 'plie-contracts-index';
/** Until this one is done, the missing-statement check reads every statement of 13 months. */
export const STATEMENTS_RECEIVED = 'statements-received';
export const CHANGE_JOURNAL = 'change-journal';
/** Until this one is done, a typed line's possible duplicates are read from its whole month. */
export const DUPLICATE_INDEX = 'duplicate-index';
/** Until this one is done, every typed line reads what it may repeat (by key, once the above is). */
export const DUPLICATE_MARKERS = 'duplicate-markers';
/** The first day the journal's upgrade reads (no record of this product is older). */
export const JOURNAL_FIRST_DAY = '2014-01-01';

const UPGRADES: [name: string, run: (stores: Stores, at: string) => Promise<number>][] = [
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
  // The journal (one entry per action, by month): the records written before it, read day by
  // day from before the product's first year; until then the journal shows the newer ones only.
  [CHANGE_JOURNAL, (stores, at) => stores.changes.indexJournal(JOURNAL_FIRST_DAY, at.slice(0, 10))],
  // Every line under its duplicate key (gsi3), contract by contract; a line written meanwhile
  // has its key already (lineItem), and a line undone meanwhile is not written back.
  [
    DUPLICATE_INDEX,
    async (stores) =>
      stores.hours.indexDuplicateKeys((await stores.contracts.all({})).map((c) => c.id)),
  ],
  // The marker each line's writer leaves today (shared/store/duplicate-markers.ts), for lines
  // written before: a line written meanwhile leaves its own. After the index: a typed line that
  // finds a marker reads by key, which this upgrade being done says is complete.
  [
    DUPLICATE_MARKERS,
    async (stores) =>
      stores.hours.markDuplicateKeys((await stores.contracts.all({})).map((c) => c.id)),
  ],
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
      await run(stores, at);
    }
    await stores.settings.markDone(name, at);
  }
}
