import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { type Item, readItem } from './item';
import type { Keys } from './keys';
import type { TransactItem } from './transact';

// The answer a client's Idempotency-Key remembers: written in the same transaction as what it
// answers, so a replay either finds it or finds nothing written at all.

export interface IdempotencyRecord {
  requestHash: string;
  status: number;
  body: unknown;
  createdAt: string;
  /** Epoch seconds after which DynamoDB's TTL may delete it. */
  expiresAt: number;
}

export interface IdempotencyClaim {
  sub: string;
  key: string;
  requestHash: string;
  response: { status: number; body: unknown };
}

/** How long a client may replay an idempotency key. */
const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600;

/**
 * The Put that claims the key; it fails if the key was claimed before and has not expired.
 * `at` is the app's clock (deps.now()), as is the `now` a replay's read is judged with: the
 * expiry is a date of that clock, whatever the machine's own (a test's clock set days back
 * must not find its own record expired, nor a record expired by it be kept).
 */
export function idempotencyPut(
  keys: Keys,
  tableName: string,
  claim: IdempotencyClaim,
  at: string,
): TransactItem {
  const atMs = Date.parse(at);
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.idempotency(claim.sub, claim.key),
        _type: 'idempotency',
        requestHash: claim.requestHash,
        status: claim.response.status,
        body: claim.response.body,
        createdAt: at,
        expiresAt: Math.floor(atMs / 1000) + IDEMPOTENCY_TTL_SECONDS,
      },
      // An expired record DynamoDB has not deleted yet (TTL deletes within days) is replaced,
      // as readIdempotency no longer counts it: the key is free again, not a 500.
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': atMs / 1000 },
    },
  };
}

function idempotencyFromItem(item: Item): IdempotencyRecord {
  const read = readItem(item, 'idempotency record');
  return {
    requestHash: read.string('requestHash'),
    status: read.number('status'),
    body: item.body,
    createdAt: read.string('createdAt'),
    expiresAt: read.number('expiresAt'),
  };
}

/** `now`: the app's clock in epoch milliseconds (deps.now()), not the machine's. */
export async function readIdempotency(
  doc: DynamoDBDocumentClient,
  keys: Keys,
  tableName: string,
  sub: string,
  key: string,
  now: number,
): Promise<IdempotencyRecord | null> {
  const { Item } = await doc.send(
    new GetCommand({ TableName: tableName, Key: keys.idempotency(sub, key), ConsistentRead: true }),
  );
  if (!Item) return null;
  const record = idempotencyFromItem(Item);
  // DynamoDB deletes expired items lazily: an expired record no longer counts.
  return record.expiresAt * 1000 < now ? null : record;
}

/** The records of a structure's idempotency keys, read with the app's clock. */
export class IdempotencyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  /** `now`: deps.now(), the clock the record's expiry was written with (idempotencyPut). */
  record(sub: string, key: string, now: Date): Promise<IdempotencyRecord | null> {
    return readIdempotency(this.doc, this.keys, this.tableName, sub, key, now.getTime());
  }
}
