import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * Puts many items with BatchWriteItem (25 a call, `concurrency` calls at a time), retrying what
 * DynamoDB leaves unprocessed. No conditions and no transaction: for loading data into a table
 * that does not hold it yet (history, benchmarks), never for live writes.
 */
export async function batchPut(
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>,
  concurrency = 8,
): Promise<number> {
  let written = 0;
  const inFlight = new Set<Promise<void>>();
  const send = async (chunk: Record<string, unknown>[]) => {
    let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; pending.length; attempt++) {
      const result = await doc.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
      );
      pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      if (pending.length)
        await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
    }
    written += chunk.length;
  };
  let chunk: Record<string, unknown>[] = [];
  const flush = async () => {
    const task = send(chunk).finally(() => inFlight.delete(task));
    inFlight.add(task);
    chunk = [];
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  };
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length === 25) await flush();
  }
  if (chunk.length) await flush();
  await Promise.all(inFlight);
  return written;
}
