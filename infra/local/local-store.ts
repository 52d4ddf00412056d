import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient, localDynamoConfig } from '../../shared/store/client';
import { createStores, type Stores } from '../../shared/store/index';
import type { LocalConfig } from './config';
import { ensureTable, type RunningDynamo, startDynamoLocal } from './dynamodb-local';

export interface LocalStore {
  dynamo: RunningDynamo;
  doc: DynamoDBDocumentClient;
  stores: Stores;
  /** True when this call created the table (a first start). */
  createdTable: boolean;
  close(): Promise<void>;
}

/**
 * The store on this machine: the DynamoDB Local already answering on DYNAMODB_PORT (a running
 * `npm start`), or one started on DATA_DIR for as long as the command runs.
 */
export async function openLocalStore(config: LocalConfig): Promise<LocalStore> {
  const dynamo = await startDynamoLocal({
    port: config.dynamoPort,
    dataDir: `${config.dataDir}/dynamodb`,
  });
  try {
    const createdTable = await ensureTable(dynamo.endpoint, config.tableName);
    const doc = createDocumentClient(localDynamoConfig(dynamo.endpoint));
    return {
      dynamo,
      doc,
      stores: createStores(doc, config.tableName),
      createdTable,
      close: async () => {
        doc.destroy();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}
