import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Item } from './item';
import type { Key } from './keys';
import { isConditionFailure } from './sdk-errors';

/** Reads and writes of one item before a rewrite gives up: others kept changing it. */
const ATTEMPTS = 5;

/**
 * Rewrites some attributes of one item from what it holds now: `rewrite` answers their new
 * values (an absent one is removed), or null to leave the item as it is. The write holds only
 * if those attributes did not change since the read (compare-and-set); otherwise the item is
 * read again and rewritten again. Answers whether it wrote; an absent item is left absent.
 */
export async function rewriteItem(
  doc: DynamoDBDocumentClient,
  tableName: string,
  key: Key,
  attributes: readonly string[],
  rewrite: (item: Item) => Item | null,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    const { Item: item } = await doc.send(
      new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
    );
    if (!item) return false;
    const next = rewrite(item);
    const changed = next && attributes.filter((a) => !sameValue(item[a], next[a]));
    if (!next || !changed?.length) return false;
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const removes: string[] = [];
    const conditions = ['attribute_exists(pk)'];
    changed.forEach((attribute, i) => {
      names[`#a${i}`] = attribute;
      if (next[attribute] === undefined) removes.push(`#a${i}`);
      else {
        sets.push(`#a${i} = :new${i}`);
        values[`:new${i}`] = next[attribute];
      }
      if (item[attribute] === undefined) conditions.push(`attribute_not_exists(#a${i})`);
      else {
        conditions.push(`#a${i} = :old${i}`);
        values[`:old${i}`] = item[attribute];
      }
    });
    try {
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: key,
          UpdateExpression: [
            sets.length ? `SET ${sets.join(', ')}` : '',
            removes.length ? `REMOVE ${removes.join(', ')}` : '',
          ].join(' '),
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error) || attempt >= ATTEMPTS) throw error;
    }
  }
}

/** Stored values compare as their JSON: what the table gives back keeps its maps' order. */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
