// The API's shapes as the pages receive them: the types generated from `/openapi.json` into
// `clients/typescript/api.d.ts` (`npm run client:generate`), so that a page reading a field the
// API no longer sends fails to compile. Types only: nothing of the client reaches the pages' script.

import type { components } from '../../clients/typescript/api';

type Schemas = components['schemas'];

export type MonthlyReport = Schemas['MonthlyReport'];
export type SentMonthlyReport = Schemas['SentMonthlyReport'];
export type Change = Schemas['Change'];
export type Contract = Schemas['Contract'];
export type ContractDetail = Schemas['ContractDetail'];
export type HoursLine = Schemas['HoursLine'];
export type Participant = Schemas['Participant'];
export type Plie = Schemas['Plie'];
export type Statement = Schemas['Statement'];
export type Funding = Schemas['Funding'];
export type Outcomes = Schemas['Outcomes'];
export type PlieMonths = Schemas['PlieMonths'];
export type Compliance = Schemas['Compliance'];
export type ReservedMarkets = Schemas['ReservedMarkets'];
export type DecpImportResult = Schemas['DecpImportResult'];
export type FlaggedLine = Schemas['FlaggedLine'];
export type StatementImportResult = Schemas['StatementImportResult'];
export type StatementReplaceResult = Schemas['StatementReplaceResult'];
export type Attestation = Schemas['Attestation'];

/** A page of a list, as every list route answers it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Bilan = Schemas['Bilan'];
export type BilanHoursRow = Schemas['BilanHoursRow'];
export type BilanPeopleRow = Schemas['BilanPeopleRow'];
export type Consolidation = Schemas['Consolidation'];
/** One structure's figures of a year, as the observatory receives them. */
export type PublishedYear = Consolidation['tenants'][number];
export type OpenDataRow = Schemas['OpenDataRow'];
export type OpenDataBreakdown = OpenDataRow['ventilation'];
