import { sameAllocation } from '#shared/domain/allocation';
import { termsOn } from '#shared/domain/amendments';
import { type IsoDate, monthNumberOf, parisDate, yearOf } from '#shared/domain/calendar';
import { addHours, sumHours } from '#shared/domain/hours';
import { type ContractPace, paceDayOfYear, paceOn } from '#shared/domain/pace';
import { paceJudgedOn } from '#shared/domain/schedule';
import { limiter } from '#shared/limit';
import type { ContractRecord } from '#shared/store/contracts';
import type { PlieTotal } from '#shared/store/totals-store';
import { type ContractAllocation, contractAllocation } from './contract-allocation';
import type { ServiceDeps } from './deps';

// A contract's pace as the monthly report judges it (shared/report/contract-rows.ts), for the
// contracts list: on the last complete month's end (paceJudgedOn), with the target and end
// date in force that day (termsOn: an amendment counts from its date) and the hours up to that
// month (the running total less what was logged for later months). The list judged with the
// current terms and every hour logged, so a contract could be « En retard » in the report of
// November and not on the list on 7 December, or the reverse. The rule itself is the domain's
// paceOn (shared/domain/pace.ts), which the report's rows use too; here are what it reads: the
// judged day and the hours logged for later months.

/**
 * Up to this many contract × year reads, each contract's own month totals are queried; beyond,
 * the year's partition of month totals once (what the report reads), which costs the same
 * whatever the page's size.
 */
const OWN_READS_MAX = 20;

/** The years whose months may hold hours logged after `judgedOn`'s month, up to this year's. */
function laterYears(judgedOn: IsoDate, thisYear: number): number[] {
  const first = monthNumberOf(judgedOn) === 12 ? yearOf(judgedOn) + 1 : yearOf(judgedOn);
  return Array.from({ length: Math.max(0, thisYear - first + 1) }, (_, i) => first + i);
}

/** Hours logged for months after the judged day's month: by contract, and by contract × PLIE. */
interface Later {
  byContract: Map<string, number>;
  byPair: Map<string, number>;
}

/**
 * The hours logged for months after `judgedOn`'s month (none: absent), to leave out of a pace
 * judged that day: the contracts list's and page's, and the compliance page's.
 */
export async function hoursAfter(
  deps: ServiceDeps,
  contracts: readonly ContractRecord[],
  judgedOn: IsoDate,
): Promise<Later> {
  const later: Later = { byContract: new Map(), byPair: new Map() };
  // A line's month lies within the contract's period: a contract that ended by the judged day,
  // never amended, has none later; one without lines has none at all.
  const concerned = contracts.filter(
    (c) => c.lineCount > 0 && (c.endsOn > judgedOn || c.amendments.length > 0),
  );
  const years = laterYears(judgedOn, yearOf(parisDate(deps.now())));
  const reads = concerned.length * years.length;
  if (reads === 0) return later;
  const ids = new Set(concerned.map((c) => c.id));
  const oneAtATime = limiter(8);
  const totals =
    reads <= OWN_READS_MAX
      ? await Promise.all(
          concerned.flatMap((c) =>
            years.map((year) => oneAtATime(() => deps.stores.totals.monthsOf(c.id, year))),
          ),
        )
      : await Promise.all(years.map((year) => deps.stores.totals.yearTotals(year)));
  const judgedMonth = monthNumberOf(judgedOn);
  for (const total of totals.flat()) {
    if (!ids.has(total.contractId)) continue;
    const months = total.year === yearOf(judgedOn) ? total.months.slice(judgedMonth) : total.months;
    const hours = sumHours(months);
    if (hours === 0) continue;
    const { contractId, plieId } = total;
    later.byContract.set(contractId, addHours(later.byContract.get(contractId) ?? 0, hours));
    const pair = `${contractId}#${plieId}`;
    later.byPair.set(pair, addHours(later.byPair.get(pair) ?? 0, hours));
  }
  return later;
}

/**
 * Each contract's pace on the day the report judges it, by contract id: for the contracts of a
 * year (`activeIn`), a closed year's 31 December (paceDayOfYear).
 */
export async function contractsPace(
  deps: ServiceDeps,
  contracts: readonly ContractRecord[],
  year?: number,
): Promise<Map<string, ContractPace>> {
  const judgedOn = paceDayOfYear(parisDate(deps.now()), year);
  const later = await hoursAfter(deps, contracts, judgedOn);
  return new Map(
    contracts.map((contract) => [
      contract.id,
      paceOn({
        contract,
        judgedOn,
        hoursLogged: contract.hoursLogged,
        hoursLater: later.byContract.get(contract.id) ?? 0,
      }),
    ]),
  );
}

/**
 * Each PLIE's share of a contract judged as that PLIE's monthly report judges it (its rows in
 * shared/report/contract-rows.ts): the share of the target in force on the judged day — split
 * again when an amendment since changed the target or the allocation — and the PLIE's own hours
 * up to that month. `totals` are the PLIE totals and `current` the split of the current terms,
 * both read for the contract's page: the later months' totals are read meanwhile.
 */
export async function sharesPace(
  deps: ServiceDeps,
  contract: ContractRecord,
  totals: readonly PlieTotal[],
  current: Promise<ContractAllocation>,
): Promise<Map<string, ContractPace>> {
  const judgedOn = paceJudgedOn(parisDate(deps.now()));
  const terms = termsOn(contract, judgedOn);
  const unchanged =
    terms.targetHours === contract.targetHours &&
    sameAllocation(terms.allocation, contract.allocation);
  const [later, shares, judged] = await Promise.all([
    hoursAfter(deps, [contract], judgedOn),
    current.then((split) => split.allocation),
    unchanged
      ? current.then((split) => split.allocation)
      : contractAllocation(
          deps,
          { ...contract, targetHours: terms.targetHours, allocation: terms.allocation },
          [...totals],
        ).then((split) => split.allocation),
  ]);
  const lifetime = new Map(totals.map((t) => [t.plieId, t.hours]));
  return new Map(
    (shares ?? []).map(({ plieId }) => [
      plieId,
      paceOn({
        contract,
        judgedOn,
        hoursLogged: lifetime.get(plieId) ?? 0,
        hoursLater: later.byPair.get(`${contract.id}#${plieId}`) ?? 0,
        share: { targetHours: judged?.find((s) => s.plieId === plieId)?.allottedHours ?? null },
      }),
    ]),
  );
}
