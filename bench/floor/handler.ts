import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

// The floor of the cold-start benchmark: what any function of this product must load — the
// DynamoDB document client, created at module scope — and a trivial handler.
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: { items?: unknown[] }) => {
  if (event.items)
    await doc.send(new TransactWriteCommand({ TransactItems: event.items as never }));
  return { statusCode: 200, body: '{"status":"ok"}' };
};
