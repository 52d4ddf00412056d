import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { InvalidInputError } from '#shared/errors';

type StoredItem = Record<string, unknown>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const badCursor = () =>
  new InvalidInputError('Le curseur de pagination est invalide.', [
    { path: 'cursor', message: 'Curseur invalide : reprenez nextCursor de la page précédente' },
  ]);

/** A cursor is the key of the last item returned; it must belong to the same query. */
function decodeCursor(
  cursor: string,
  keyAttributes: readonly string[],
  partition: { attribute: string; value: string },
): Record<string, string> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw badCursor();
  const entries = Object.entries(key);
  const valid =
    entries.length === keyAttributes.length &&
    entries.every(([name, value]) => keyAttributes.includes(name) && typeof value === 'string') &&
    (key as Record<string, string>)[partition.attribute] === partition.value;
  if (!valid) throw badCursor();
  return key as Record<string, string>;
}

/**
 * One page of a query, `limit` items long even when a filter drops items, with a cursor that
 * resumes right after the last item returned.
 */
export async function queryPage(
  doc: DynamoDBDocumentClient,
  input: QueryCommandInput,
  options: {
    limit: number;
    cursor?: string | undefined;
    /** Attributes that make up an item's key for this query (table keys + index keys). */
    keyAttributes: readonly string[];
    partition: { attribute: string; value: string };
  },
): Promise<Page<StoredItem>> {
  const { limit, keyAttributes } = options;
  let startKey = options.cursor
    ? decodeCursor(options.cursor, keyAttributes, options.partition)
    : undefined;
  const items: StoredItem[] = [];
  do {
    const remaining = limit - items.length;
    const result = await doc.send(
      new QueryCommand({
        ...input,
        ExclusiveStartKey: startKey,
        // With a filter, ask for more than needed: DynamoDB applies Limit before filtering.
        Limit: input.FilterExpression ? Math.max(remaining, 100) : remaining,
      }),
    );
    const page = result.Items ?? [];
    for (const [index, item] of page.entries()) {
      items.push(item);
      if (items.length === limit) {
        const more = index < page.length - 1 || result.LastEvaluatedKey !== undefined;
        const key = Object.fromEntries(keyAttributes.map((name) => [name, item[name]]));
        return { items, nextCursor: more ? encodeCursor(key) : null };
      }
    }
    startKey = result.LastEvaluatedKey as Record<string, string> | undefined;
  } while (startKey);
  return { items, nextCursor: null };
}

/** Every item of a query, page after page: for small, bounded collections only. */
export async function queryAll(
  doc: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return items;
}
