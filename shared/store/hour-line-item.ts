import type { DuplicateFields } from '#shared/domain/duplicates';
import { HOUR_MODES, type HourLine } from '#shared/domain/hours';
import { changeItem, type WriteContext } from './changes';
import { type Item, readItem } from './item';
import type { Keys } from './keys';
import type { TransactItem } from './transact';

/**
 * A line as the table stores it, with the keys of its two listings and of its duplicate key
 * (gsi3: what a typed line may repeat, read by key). A line keeps its duplicate key once voided:
 * voiding, restoring and undoing would each have to take it out and put it back, while the read
 * leaves voided lines out and a key holds few lines (shared/store/duplicate-index.ts).
 */
export function lineItem(keys: Keys, line: HourLine): Item {
  return {
    ...keys.line(line.id),
    gsi1pk: keys.contractLinesIndex(line.contractId),
    gsi1sk: keys.lineIndexSort(line.month, line.id),
    gsi2pk: keys.plieLinesIndex(line.plieId),
    gsi2sk: keys.lineIndexSort(line.month, line.id),
    ...duplicateIndexKeys(keys, line),
    _type: 'hours-line',
    ...line,
  };
}

/** A line's keys in the duplicate index (gsi3): its duplicate key, then its id. */
export function duplicateIndexKeys(
  keys: Keys,
  line: DuplicateFields & { id: string },
): { gsi3pk: string; gsi3sk: string } {
  return { gsi3pk: keys.duplicateLinesIndex(line), gsi3sk: line.id };
}

export function lineFromItem(item: Item): HourLine {
  const read = readItem(item, 'hour line');
  return {
    id: read.string('id'),
    contractId: read.string('contractId'),
    plieId: read.string('plieId'),
    participantId: read.nullableString('participantId'),
    month: read.string('month'),
    hours: read.number('hours'),
    mode: read.oneOf('mode', HOUR_MODES),
    status: read.oneOf('status', ['active', 'voided'] as const),
    createdAt: read.string('createdAt'),
    createdBy: read.string('createdBy'),
    voidedAt: read.nullableString('voidedAt'),
    voidedBy: read.nullableString('voidedBy'),
    voidReason: read.nullableString('voidReason'),
    source: read.oneOf('source', ['api', 'statement'] as const),
    statementId: read.nullableString('statementId'),
    statementLine: read.nullableNumber('statementLine'),
  };
}

/** The Put of a new line; it fails if the line is already stored. */
export function linePut(keys: Keys, tableName: string, line: HourLine): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: lineItem(keys, line),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * What voiding a line writes besides its totals: the line marked voided (only if still active)
 * and its change record. `voided` is the line as voidedLine (shared/domain/hours.ts) made it.
 */
export function voidItems(
  keys: Keys,
  tableName: string,
  voided: HourLine,
  context: WriteContext,
  /** Voided by a statement's withdrawal or replacement, whose journal entry says it. */
  partOfAnAction = false,
): TransactItem[] {
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.line(voided.id),
        UpdateExpression:
          'SET #status = :voided, voidedAt = :at, voidedBy = :by, voidReason = :reason',
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':voided': 'voided',
          ':active': 'active',
          ':at': voided.voidedAt,
          ':by': voided.voidedBy,
          ':reason': voided.voidReason,
        },
      },
    },
    changeItem(keys, tableName, context, {
      entityType: 'hours-line',
      entityId: voided.id,
      action: 'void',
      ...(voided.voidReason ? { reason: voided.voidReason } : {}),
      concerns: {
        contractIds: [voided.contractId],
        plieIds: [voided.plieId],
        months: [voided.month],
      },
      ...(partOfAnAction ? { partOfAnAction } : {}),
    }),
  ];
}
