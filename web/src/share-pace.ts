import { monthNumberOf, monthOf, parisDate, yearOf } from '#shared/domain/calendar';
import { sumHours } from '#shared/domain/hours';
import { paceJudgedOn, scheduleStatus } from '#shared/domain/schedule';
import { api } from './api';
import { reportRowProgress } from './charts';
import { h } from './dom';
import { lastMonth } from './format';
import { paceTag } from './pace-tag';
import type { MonthlyReport } from './types';

// A PLIE's share of a contract judged as the dashboard and the monthly report judge it: its
// allotted hours as the target, the PLIE's own hours up to the day the pace is judged on (the
// end of the last complete month), the domain's scheduleStatus. A shared contract's status on a
// coordinator's pages is her PLIE's share's, not the whole contract's.

/** What paceTag and reportRowProgress read: a share's target, hours and expected hours. */
export interface PaceRow {
  targetHours: number | null;
  hoursToDate: number;
  expectedHours: number;
  behind: boolean;
}

/** The months endpoint's answer: each PLIE's hours, month by month, per year. */
interface PlieMonths {
  items: { year: number; plieId: string; months: number[] }[];
}

/** The day the pace is judged on today, as the dashboard's month shows it. */
export const paceDay = (): string => paceJudgedOn(parisDate(new Date()));

/** A PLIE's share of `contract` on the pace day, from its allotted hours and its months. */
export function sharePace(
  contract: { startsOn: string; endsOn: string },
  share: { plieId: string; allottedHours: number },
  months: PlieMonths,
  asOf = paceDay(),
): PaceRow {
  const last = monthOf(asOf);
  const hoursToDate = sumHours(
    months.items
      .filter((r) => r.plieId === share.plieId && r.year <= yearOf(last))
      .flatMap((r) => (r.year < yearOf(last) ? r.months : r.months.slice(0, monthNumberOf(last)))),
  );
  const status = scheduleStatus({
    targetHours: share.allottedHours,
    hoursLogged: hoursToDate,
    startsOn: contract.startsOn,
    endsOn: contract.endsOn,
    asOf,
  });
  return {
    targetHours: share.allottedHours,
    hoursToDate,
    expectedHours: status.expectedHours,
    behind: status.behind,
  };
}

/**
 * A coordinator's shares, by contract id: the rows of her PLIE's monthly report for the last
 * complete month (the API scopes the report to her PLIE), as her dashboard shows them.
 */
export async function coordinatorShares(): Promise<Map<string, PaceRow>> {
  const report = await api<MonthlyReport>('GET', `/api/reports/monthly/${lastMonth()}`);
  return new Map(report.contracts.map((c) => [c.id, c]));
}

/**
 * The status cell of a coordinator's share in the contract list: the share's progress against
 * the hours expected, and its status; a shared contract says whose share it is.
 */
export function sharePaceCell(row: PaceRow, plieName: string | null): (Node | string)[] {
  const whose = plieName ? h('span', { class: 'muted' }, `Part du ${plieName} : `) : null;
  // No hours allotted to the share yet: nothing to judge, said once.
  if (!row.targetHours) return [whose, reportRowProgress(row)].filter((n) => n !== null);
  return [whose, reportRowProgress(row), h('br'), paceTag(row)].filter((n) => n !== null);
}
