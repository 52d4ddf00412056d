import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DuplicateFields } from '#shared/domain/duplicates';
import { limiter } from '#shared/limit';
import type { Keys } from './keys';
import { queryAll } from './pagination';
import type { TransactItem } from './transact';

// Markers that take the duplicate read off the usual typed line (issue 26's request overhead).
// A typed line's transaction puts the marker of its duplicate key on the condition that it is
// not there yet, and checks that no import wrote into its contract × PLIE × month: when both
// hold, no line can share its key and nothing is read; when either fails, a line of that key
// may exist and the service writes again without the conditions and reads who (gsi3, as
// before). So every writer of lines leaves a marker the typed line's transaction sees:
//  - a typed (or loaded) line, the marker of its own key (one item more in its transaction);
//  - an import (statement, validated declaration, replacement), one coarser marker per
//    contract × PLIE × month, all written before its first transaction — a statement names
//    few, so an import grows by a few requests, where a marker per key would double its
//    writes. A typed line in such a month then always reads, as every typed line did before.
// Markers are never deleted: a stale one (its lines voided, undone) only sends the next typed
// line to the read, which leaves voided lines out; voids, restores and undos need no change.
// Markers are constant items, so writing one again, or at once from two writers, is harmless.

/** The marker of a typed line's key; `check`: refused if the key was seen before. */
export function lineKeyMarkerPut(
  keys: Keys,
  tableName: string,
  line: DuplicateFields,
  check: boolean,
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.lineKeyMarker(line), _type: 'line-key' },
      ...(check ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
    },
  };
}

/** Refused if lines were ever imported into the line's contract × PLIE × month. */
export function noImportCheck(keys: Keys, tableName: string, line: DuplicateFields): TransactItem {
  return {
    ConditionCheck: {
      TableName: tableName,
      Key: keys.importedLinesMarker(line.contractId, line.plieId, line.month),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The contract × PLIE × month markers of imported lines, one per triple they name. */
export function importedMarkerItems(keys: Keys, lines: readonly DuplicateFields[]) {
  const items = new Map<string, Record<string, unknown>>();
  for (const { contractId, plieId, month } of lines) {
    const key = keys.importedLinesMarker(contractId, plieId, month);
    items.set(key.pk, { ...key, _type: 'lines-imported' });
  }
  return [...items.values()];
}

/** Markers written at a time (an import's few, an upgrade's contract). */
const PUTS_AT_ONCE = 8;

/**
 * Puts constant items, a few at a time, with no condition: written again, or by two writers at
 * once, they stay the same. PutItem, not BatchWriteItem: the functions' roles grant item
 * writes only (infra/aws/constructs/app-function.ts), and an import names a few triples.
 */
async function putMarkers(
  doc: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Record<string, unknown>[],
): Promise<number> {
  const limit = limiter(PUTS_AT_ONCE);
  await Promise.all(
    items.map((Item) => limit(() => doc.send(new PutCommand({ TableName: tableName, Item })))),
  );
  return items.length;
}

/** Writes those markers: before an import's first transaction. */
export function markImportedLines(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: Keys,
  lines: readonly DuplicateFields[],
): Promise<number> {
  return putMarkers(doc, tableName, importedMarkerItems(keys, lines));
}

type StoredLine = DuplicateFields & { statementId?: string | null };

/**
 * The upgrade for lines written before the markers: read contract by contract from the
 * contracts' line index (the structure's own lines only, no table scan), each line leaves the
 * marker its writer leaves today — a typed line its key's, an imported one its contract × PLIE
 * × month's. Voided lines too: a replacement undone makes its old lines active again. Lines
 * written meanwhile leave their own. Answers the markers written.
 */
export async function markDuplicateKeys(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: Keys,
  contractIds: readonly string[],
): Promise<number> {
  let written = 0;
  for (const contractId of contractIds) {
    const items = (await queryAll(doc, {
      TableName: tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ProjectionExpression: 'contractId, plieId, participantId, #month, #hours, statementId',
      ExpressionAttributeNames: { '#month': 'month', '#hours': 'hours' },
      ExpressionAttributeValues: { ':pk': keys.contractLinesIndex(contractId) },
    })) as unknown as StoredLine[];
    const typed = new Map<string, Record<string, unknown>>();
    for (const line of items.filter((item) => !item.statementId)) {
      const key = keys.lineKeyMarker({ ...line, participantId: line.participantId ?? null });
      typed.set(key.pk, { ...key, _type: 'line-key' });
    }
    const imported = importedMarkerItems(
      keys,
      items.filter((item) => item.statementId),
    );
    written += await putMarkers(doc, tableName, [...typed.values(), ...imported]);
  }
  return written;
}
