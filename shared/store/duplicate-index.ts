import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DuplicateFields } from '#shared/domain/duplicates';
import type { HourLine } from '#shared/domain/hours';
import { limiter } from '#shared/limit';
import { duplicateIndexKeys, lineFromItem } from './hour-line-item';
import type { Keys } from './keys';
import { queryAll } from './pagination';
import { isConditionFailure } from './sdk-errors';

// The duplicate index (gsi3): every line under its duplicate key (shared/domain/duplicates.ts),
// so that what a typed line may repeat is read by key — a few items — instead of its contract's
// whole month, which a busy month makes hundreds (issue 26's request overhead).

/** Writes of the upgrade at a time: enough to keep DynamoDB busy, not the SDK's sockets. */
const WRITES_AT_ONCE = 8;

/**
 * The active lines sharing `line`'s duplicate key, from gsi3. A global index cannot be read
 * consistently: a line written a moment ago may be missing, which a warning can afford (the
 * typed line counts either way, and the contract's page applies the rule to every line).
 */
export async function linesSharingKey(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: Keys,
  line: DuplicateFields,
): Promise<HourLine[]> {
  const items = await queryAll(doc, {
    TableName: tableName,
    IndexName: 'gsi3',
    KeyConditionExpression: 'gsi3pk = :pk',
    // Voided lines keep their key (see lineItem): left out here, not by the writes.
    FilterExpression: '#status = :active',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pk': keys.duplicateLinesIndex(line), ':active': 'active' },
  });
  return items.map(lineFromItem);
}

/**
 * Gives the lines written before the duplicate index existed their keys in it, read contract
 * by contract from the contracts' line index (the structure's own lines only, no table scan).
 * Each write holds only if the line is still there (a line undone meanwhile stays gone); a
 * line's key never changes, so no other condition is needed. Answers the lines it wrote.
 */
export async function indexDuplicateKeys(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: Keys,
  contractIds: readonly string[],
): Promise<number> {
  const limit = limiter(WRITES_AT_ONCE);
  let written = 0;
  for (const contractId of contractIds) {
    const items = await queryAll(doc, {
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ProjectionExpression:
        'pk, sk, #id, contractId, plieId, participantId, #month, #hours, gsi3pk',
      ExpressionAttributeNames: { '#id': 'id', '#month': 'month', '#hours': 'hours' },
      ExpressionAttributeValues: { ':pk': keys.contractLinesIndex(contractId) },
    });
    const missing = items.filter((item) => item.gsi3pk === undefined);
    const done = await Promise.all(
      missing.map((item) =>
        limit(() => setKeys(doc, tableName, keys, item as unknown as StoredLineKeys)),
      ),
    );
    written += done.filter(Boolean).length;
  }
  return written;
}

type StoredLineKeys = DuplicateFields & { pk: string; sk: string; id: string };

async function setKeys(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: Keys,
  item: StoredLineKeys,
): Promise<boolean> {
  const { gsi3pk, gsi3sk } = duplicateIndexKeys(keys, {
    ...item,
    participantId: item.participantId ?? null,
  });
  try {
    await doc.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET gsi3pk = :pk, gsi3sk = :sk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':pk': gsi3pk, ':sk': gsi3sk },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
