// The API's shapes, from the same zod schemas that validate it (types only: nothing of zod
// reaches the pages' script).

export type { MonthlyReportJson as MonthlyReport } from '#shared/report/model';
export type { Change } from '#shared/schemas/changes';
export type { Contract } from '#shared/schemas/contracts';
export type { HoursLine } from '#shared/schemas/hours';
export type { Participant } from '#shared/schemas/participants';
export type { Plie } from '#shared/schemas/plies';

import type { z } from 'zod';
import type {
  Compliance as ComplianceSchema,
  ReservedMarkets as ReservedSchema,
} from '#shared/schemas/compliance';
import type { ContractDetail as Detail } from '#shared/schemas/contracts';
import type { Funding as FundingSchema } from '#shared/schemas/funding';
import type { Outcomes as OutcomesSchema } from '#shared/schemas/outcomes';
import type { PlieMonths as PlieMonthsSchema } from '#shared/schemas/plies';

export type ContractDetail = z.infer<typeof Detail>;
export type Funding = z.infer<typeof FundingSchema>;
export type Outcomes = z.infer<typeof OutcomesSchema>;
export type PlieMonths = z.infer<typeof PlieMonthsSchema>;
export type Compliance = z.infer<typeof ComplianceSchema>;
export type ReservedMarkets = z.infer<typeof ReservedSchema>;
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
export type { Statement } from '#shared/schemas/statements';
