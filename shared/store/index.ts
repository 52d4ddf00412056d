import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AwardeeContactStore } from './awardee-contacts';
import { ChangeStore } from './changes';
import { ContractStore } from './contracts';
import { DeliveryStore } from './deliveries';
import { ErasureStore } from './erasure';
import { FundingStore } from './funding';
import { LineBatchStore } from './hour-batches';
import { HoursStore } from './hours';
import { ImportJobStore } from './import-jobs';
import { ExitStore } from './participant-exits';
import { ParticipantStore } from './participants';
import { PlieStore } from './plies';
import { SettingsStore } from './settings';
import { StatementListStore } from './statement-lists';
import { StatementScrubStore } from './statement-scrub';
import { StatementStore } from './statements';
import { ThresholdStore } from './thresholds';
import { TotalsStore } from './totals-store';

export function createStores(doc: DynamoDBDocumentClient, tableName: string) {
  const statements = new StatementStore(doc, tableName);
  return {
    plies: new PlieStore(doc, tableName),
    contracts: new ContractStore(doc, tableName),
    participants: new ParticipantStore(doc, tableName),
    exits: new ExitStore(doc, tableName),
    hours: new HoursStore(doc, tableName),
    lineBatches: new LineBatchStore(doc, tableName),
    changes: new ChangeStore(doc, tableName),
    funding: new FundingStore(doc, tableName),
    deliveries: new DeliveryStore(doc, tableName),
    totals: new TotalsStore(doc, tableName),
    thresholds: new ThresholdStore(doc, tableName),
    statements,
    statementLists: new StatementListStore(doc, tableName, statements),
    importJobs: new ImportJobStore(doc, tableName),
    awardeeContacts: new AwardeeContactStore(doc, tableName),
    settings: new SettingsStore(doc, tableName),
    erasure: new ErasureStore(doc, tableName),
    statementScrub: new StatementScrubStore(doc, tableName),
  };
}

export type Stores = ReturnType<typeof createStores>;
