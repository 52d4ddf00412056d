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

/** The Put that claims the key; it fails if the key was claimed before. */
export function idempotencyPut(
  keys: Keys,
  tableName: string,
  claim: IdempotencyClaim,
  at: string,
): TransactItem {
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
        expiresAt: Math.floor(Date.parse(at) / 1000) + IDEMPOTENCY_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
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
