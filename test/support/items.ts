import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { TestTable } from './dynamo';

/** Every item of the table: lets a test prove that a refused request wrote nothing. */
export async function allItems(table: Pick<TestTable, 'doc' | 'tableName'>) {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new ScanCommand({
        TableName: table.tableName,
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export async function itemCount(table: Pick<TestTable, 'doc' | 'tableName'>): Promise<number> {
  return (await allItems(table)).length;
}
