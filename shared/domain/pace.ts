import { type Amendment, type ContractTerms, termsOn } from './amendments';
import type { IsoDate } from './calendar';
import { addHours } from './hours';
import { paceJudgedOn, scheduleStatus } from './schedule';

// The one composition of a contract's pace on the day it is judged, which the monthly report's
// rows (shared/report/contract-rows.ts), the contracts list and page (shared/services/
// contracts-pace.ts) and the compliance rules (compliance.ts) each wrote: the terms in force
// that day (an amendment counts from its date), the hours logged up to that day's month, the
// pro-rata rule of scheduleStatus.

/**
 * The day the contracts of `year` are judged on, seen on `today`: a closed year's 31 December
 * (a list of 2025's contracts says where they stood when 2025 ended, as its December report
 * did), the current year's last complete month's end; without a year, the latter.
 */
export function paceDayOfYear(today: IsoDate, year?: number): IsoDate {
  return paceJudgedOn(today, year === undefined ? undefined : `${year}-12-31`);
}

/** What a contract's pace reads of it: its start, and its terms with their amendments. */
export type PacedContract = ContractTerms & {
  startsOn: IsoDate;
  amendments?: readonly Amendment[];
};

/** A contract's pace, or a PLIE's share's, on the day it is judged. */
export interface ContractPace {
  judgedOn: IsoDate;
  /** The target in force that day: the contract's, or the share's. */
  targetHours: number | null;
  /** The end of the contract in force that day. */
  endsOn: IsoDate;
  /** The hours logged up to the judged day's month, that month included. */
  hoursToDate: number;
  /** The hours the target asks for by the judged day at an even pace. */
  expectedHours: number;
  behind: boolean;
}

/**
 * The pace of `contract` on `judgedOn` (a month's last day). `hoursLogged` are all the hours
 * logged on it (or a PLIE's own), `hoursLater` those logged for months after the judged day's
 * month: hours are logged month by month, so they may be there before the report of their
 * month. `share`, for a PLIE's share, is its part of the target in force that day (which the
 * caller splits, by termsOn on the same day); without it the contract's target is judged.
 */
export function paceOn(input: {
  contract: PacedContract;
  judgedOn: IsoDate;
  hoursLogged: number;
  hoursLater: number;
  share?: { targetHours: number | null } | undefined;
  /** Below the pro-rata by more than this share is behind (the compliance page's setting). */
  tolerance?: number | undefined;
}): ContractPace {
  const { contract, judgedOn } = input;
  const terms = termsOn(contract, judgedOn);
  const targetHours = input.share ? input.share.targetHours : terms.targetHours;
  const hoursToDate = addHours(input.hoursLogged, -input.hoursLater);
  const status = scheduleStatus({
    targetHours,
    hoursLogged: hoursToDate,
    startsOn: contract.startsOn,
    endsOn: terms.endsOn,
    asOf: judgedOn,
    ...(input.tolerance !== undefined ? { tolerance: input.tolerance } : {}),
  });
  return {
    judgedOn,
    targetHours,
    endsOn: terms.endsOn,
    hoursToDate,
    expectedHours: status.expectedHours,
    behind: status.behind,
  };
}
