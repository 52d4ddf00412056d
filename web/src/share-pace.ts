import { monthOf, parisDate } from '#shared/domain/calendar';
import { paceDayOfYear } from '#shared/domain/pace';
import { paceJudgedOn } from '#shared/domain/schedule';
import { api } from './api';
import { reportRowProgress } from './charts';
import { h } from './dom';
import { frenchDate, lastMonth } from './format';
import { paceTag } from './pace-tag';
import type { MonthlyReport } from './types';

// A PLIE's share of a contract judged as the dashboard and the monthly report judge it: its
// allotted part of the target in force on the day the pace is judged on (the end of the last
// complete month), the PLIE's own hours up to that month, the domain's scheduleStatus. The API
// judges it: the PLIE's report's rows here, each share's `pace` on the contract's page
// (shared/services/contracts-pace.ts). A shared contract's status on a coordinator's pages is
// her PLIE's share's, not the whole contract's.

/** What paceTag and reportRowProgress read: a share's target, hours and expected hours. */
export interface PaceRow {
  targetHours: number | null;
  hoursToDate: number;
  expectedHours: number;
  behind: boolean;
}

/** The day the pace is judged on today, as the dashboard's month shows it. */
export const paceDay = (): string => paceJudgedOn(parisDate(new Date()));

/**
 * « au 31/12/2025 » for the contracts of a closed year, which the list (its `pace`) and the
 * year's December report judge at its end (paceDayOfYear); nothing for the current year's.
 */
export function yearEndWords(year: number | undefined): string {
  const judgedOn = paceDayOfYear(parisDate(new Date()), year);
  return judgedOn === `${year}-12-31` ? ` au ${frenchDate(judgedOn)}` : '';
}

/**
 * A coordinator's shares, by contract id: the rows of her PLIE's monthly report for the last
 * complete month (the API scopes the report to her PLIE), as her dashboard shows them; for the
 * contracts of a closed year, its December report's (paceDayOfYear, as the list's `pace`).
 */
export async function coordinatorShares(year?: number): Promise<Map<string, PaceRow>> {
  const month =
    year === undefined ? lastMonth() : monthOf(paceDayOfYear(parisDate(new Date()), year));
  const report = await api<MonthlyReport>('GET', `/api/reports/monthly/${month}`);
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
