import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

// The single table's shape, read both by the store and by the CDK stack, so that the deployed
// table and the one DynamoDB Local creates cannot drift apart.

export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
export const TTL_ATTRIBUTE = 'expiresAt';

export const INDEXES = {
  gsi1: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  gsi2: { partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  // Sparse: only hour lines carry gsi3pk (their duplicate key), so it holds nothing else.
  gsi3: { partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
} as const;
export type IndexName = keyof typeof INDEXES;

export function createTableInput(tableName: string): CreateTableCommandInput {
  const indexNames = Object.keys(INDEXES) as IndexName[];
  const keyAttributes = [
    PARTITION_KEY,
    SORT_KEY,
    ...indexNames.flatMap((name) => [INDEXES[name].partitionKey, INDEXES[name].sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyAttributes.map((AttributeName) => ({
      AttributeName,
      AttributeType: 'S',
    })),
    KeySchema: [
      { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
      { AttributeName: SORT_KEY, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: indexNames.map((IndexName) => ({
      IndexName,
      KeySchema: [
        { AttributeName: INDEXES[IndexName].partitionKey, KeyType: 'HASH' },
        { AttributeName: INDEXES[IndexName].sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}
