import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

// The floor of the benchmarks: what any function of this product must load — the DynamoDB
// document client, created at module scope — and a trivial handler that sends one command: the
// transaction a line needs (request overhead) or one GetItem (the first request of a cold start).
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export const handler = async (event: {
  items?: unknown[];
  get?: { TableName: string; Key: Record<string, string> };
}) => {
  if (event.items)
    await doc.send(new TransactWriteCommand({ TransactItems: event.items as never }));
  if (event.get) {
    const { Item } = await doc.send(new GetCommand(event.get));
    return { statusCode: Item ? 200 : 404, body: JSON.stringify(Item ?? null) };
  }
  return { statusCode: 200, body: '{"status":"ok"}' };
};
