import type { PlieCriteria, Weights } from '#shared/domain/allocation';
import type { IsoDate, YearMonth } from '#shared/domain/calendar';
import type { ComplianceIssue } from '#shared/domain/compliance';
import type { FundingConvention } from '#shared/domain/funding';
import type { Outcome } from '#shared/domain/outcomes';
import type { Plie } from '#shared/schemas/plies';
import type { ContractRecord } from '#shared/store/contracts';
import type { ContractYearTotal, PlieMonthTotal } from '#shared/store/totals-store';

// What the monthly report is built from: the totals and records the loader
// (services/report-data.ts) reads from the store, for everyone or for one PLIE.

export interface ReportData {
  month: YearMonth;
  generatedAt: string;
  plies: Plie[];
  /** Contracts running in the report's year, started by the end of the month. */
  contracts: ContractRecord[];
  /** Contract × PLIE hours month by month, for the report's year. */
  yearTotals: ContractYearTotal[];
  /** Hours logged for months after the report's month (later lines): taken out of "to date". */
  laterHours: { contractId: string; plieId: string; hours: number }[];
  plieMonths: PlieMonthTotal[];
  /** The year's funding conventions, one per funder (none: no funding to show). */
  conventions: FundingConvention[];
  /** Exits of the report's year up to the end of the month. */
  exits: { plieId: string; exitedOn: IsoDate; outcome: Outcome }[];
  /** Contracts notified in the month that are reserved. */
  reservedOfMonth: ContractRecord[];
  /** Compliance issues per contract id, judged on the last day of the month. */
  issues: Map<string, ComplianceIssue[]>;
  /** Allocation criteria and weights by year, for shared contracts. */
  criteria: Map<number, { plies: PlieCriteria[]; weights: Weights | null }>;
  /** Lifetime hours of the PLIE on each contract (PLIE reports only), `contractId#plieId`. */
  plieLifetime: Map<string, number>;
  /** Contracts whose awardee, invited to declare, has sent no statement for the month. */
  missingStatements?: ReadonlySet<string>;
}
