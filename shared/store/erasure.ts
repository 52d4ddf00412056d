import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ErasedPerson, mentions, scrubLineRecord, scrubText } from '#shared/domain/erasure';
import { batchGetAll } from './batch-get';
import { type Item, readItem } from './item';
import type { Keys } from './keys';
import { queryAll } from './pagination';
import { rewriteItem } from './rewrite';

// What erasing a person rewrites besides statements (statement-scrub.ts) and the participant
// itself (participants.ts): change records and hour lines. Each rewrite is conditional on what
// it read and changes nothing the second time, so an erasure cut off is finished by running it
// again.

export class ErasureStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  /**
   * The change records of one entity, their reason and data scrubbed (`scrubData`: how this
   * entity's data names a person). Answers how many were rewritten.
   */
  async scrubHistory(
    entityType: string,
    entityId: string,
    persons: readonly ErasedPerson[],
    scrubData: (data: Item) => Item,
  ): Promise<number> {
    const records = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.changesPartition(entityType, entityId) },
      ProjectionExpression: 'pk, sk',
    });
    let rewritten = 0;
    for (const record of records) {
      const key = { pk: record.pk as string, sk: record.sk as string };
      const wrote = await rewriteItem(this.doc, this.tableName, key, ['reason', 'data'], (item) => {
        const data = readItem(item, 'change').optionalRecord('data');
        return {
          ...(item.reason !== undefined ? { reason: scrubText(item.reason, persons) } : {}),
          ...(data ? { data: scrubData(data) } : {}),
        };
      });
      if (wrote) rewritten += 1;
    }
    return rewritten;
  }

  /**
   * Hour lines by id whose void reason (a withdrawal's or a replacement's, copied to each line)
   * names a person: the reason is scrubbed, on the line and in its history. With `everyHistory`
   * (the person's own lines), every line's history is looked at: a line voided, then restored,
   * keeps the void's reason in its history only.
   */
  async scrubLines(
    lineIds: readonly string[],
    persons: readonly ErasedPerson[],
    options: { everyHistory: boolean },
  ): Promise<void> {
    const lines = await batchGetAll(this.doc, this.tableName, lineIds.map(this.keys.line), {
      projection: 'id, voidReason',
    });
    for (const line of lines) {
      const id = readItem(line, 'hour line').string('id');
      const named = mentions(line.voidReason, persons);
      if (named) {
        await rewriteItem(this.doc, this.tableName, this.keys.line(id), ['voidReason'], (item) =>
          scrubLineRecord(item, persons),
        );
      }
      if (named || options.everyHistory) {
        await this.scrubHistory('hours-line', id, persons, (data) =>
          scrubLineRecord(data, persons),
        );
      }
    }
  }

  /**
   * The ids of a participant's hour lines. Their months come from the person's monthly totals
   * (one item a month ever worked); each month's lines are then read from the PLIE's lines of
   * that month, kept to the person's by a filter: the cost is the PLIE's lines of the months
   * the person worked, not all its lines.
   */
  async lineIdsOf(participantId: string, plieId: string): Promise<string[]> {
    const months = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :month)',
      ExpressionAttributeValues: {
        ':pk': this.keys.participant(participantId).pk,
        ':month': 'MONTH#',
      },
      ProjectionExpression: 'sk',
    });
    const ids: string[] = [];
    for (const month of months) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.doc.send(
          new QueryCommand({
            TableName: this.tableName,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :month)',
            FilterExpression: 'participantId = :id',
            ExpressionAttributeValues: {
              ':pk': this.keys.plieLinesIndex(plieId),
              ':month': `${String(month.sk).slice('MONTH#'.length)}#`,
              ':id': participantId,
            },
            ProjectionExpression: 'id',
            ExclusiveStartKey: startKey,
          }),
        );
        for (const line of page.Items ?? []) ids.push(readItem(line, 'hour line').string('id'));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return ids;
  }
}
