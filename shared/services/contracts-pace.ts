import { termsOn } from '#shared/domain/amendments';
import { type IsoDate, monthNumberOf, parisDate, yearOf } from '#shared/domain/calendar';
import { addHours, sumHours } from '#shared/domain/hours';
import { paceJudgedOn, scheduleStatus } from '#shared/domain/schedule';
import { limiter } from '#shared/limit';
import type { ContractRecord } from '#shared/store/contracts';
import type { ServiceDeps } from './deps';

// A contract's pace as the monthly report judges it (shared/report/contract-rows.ts), for the
// contracts list: on the last complete month's end (paceJudgedOn), with the target and end
// date in force that day (termsOn: an amendment counts from its date) and the hours up to that
// month (the running total less what was logged for later months). The list judged with the
// current terms and every hour logged, so a contract could be « En retard » in the report of
// November and not on the list on 7 December, or the reverse.

export interface ContractPace {
  judgedOn: IsoDate;
  targetHours: number | null;
  endsOn: IsoDate;
  hoursToDate: number;
  expectedHours: number;
  behind: boolean;
}

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

/** The hours logged for months after `judgedOn`'s month, by contract (none: absent). */
async function hoursAfter(
  deps: ServiceDeps,
  contracts: readonly ContractRecord[],
  judgedOn: IsoDate,
): Promise<Map<string, number>> {
  // A line's month lies within the contract's period: a contract that ended by the judged day,
  // never amended, has none later; one without lines has none at all.
  const concerned = contracts.filter(
    (c) => c.lineCount > 0 && (c.endsOn > judgedOn || c.amendments.length > 0),
  );
  const years = laterYears(judgedOn, yearOf(parisDate(deps.now())));
  const reads = concerned.length * years.length;
  if (reads === 0) return new Map();
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
  const later = new Map<string, number>();
  for (const total of totals.flat()) {
    if (!ids.has(total.contractId)) continue;
    const months = total.year === yearOf(judgedOn) ? total.months.slice(judgedMonth) : total.months;
    const hours = sumHours(months);
    if (hours !== 0) later.set(total.contractId, addHours(later.get(total.contractId) ?? 0, hours));
  }
  return later;
}

/** Each contract's pace on the day the report judges it, by contract id. */
export async function contractsPace(
  deps: ServiceDeps,
  contracts: readonly ContractRecord[],
): Promise<Map<string, ContractPace>> {
  const judgedOn = paceJudgedOn(parisDate(deps.now()));
  const later = await hoursAfter(deps, contracts, judgedOn);
  return new Map(
    contracts.map((contract) => {
      const terms = termsOn(contract, judgedOn);
      const hoursToDate = addHours(contract.hoursLogged, -(later.get(contract.id) ?? 0));
      const status = scheduleStatus({
        targetHours: terms.targetHours,
        hoursLogged: hoursToDate,
        startsOn: contract.startsOn,
        endsOn: terms.endsOn,
        asOf: judgedOn,
      });
      const pace: ContractPace = {
        judgedOn,
        targetHours: terms.targetHours,
        endsOn: terms.endsOn,
        hoursToDate,
        expectedHours: status.expectedHours,
        behind: status.behind,
      };
      return [contract.id, pace];
    }),
  );
}
