import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ThresholdPeriod } from '#shared/domain/thresholds';
import { changeItem, type WriteContext } from './changes';
import { type Item, readItem } from './item';
import type { Keys } from './keys';
import { queryAll } from './pagination';
import { transactWrite } from './transact';

// The EU thresholds an administrator records for a new two-year period (L2112-2-1 reads them).

function thresholdFromItem(item: Item): ThresholdPeriod {
  const read = readItem(item, 'EU threshold period');
  return {
    from: read.string('from'),
    to: read.string('to'),
    worksCents: read.number('worksCents'),
    suppliesServicesCents: {
      central: read.number('centralCents'),
      local: read.number('localCents'),
    },
  };
}

export class ThresholdStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  async list(): Promise<ThresholdPeriod[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.euThresholdsPartition },
    });
    return items.map(thresholdFromItem);
  }

  async put(period: ThresholdPeriod, context: WriteContext): Promise<void> {
    // The period's thresholds it replaces, as read just before, for the journal's before → after.
    const previous = (await this.list()).find((p) => p.from === period.from);
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...this.keys.euThreshold(period.from),
            _type: 'eu-threshold',
            from: period.from,
            to: period.to,
            worksCents: period.worksCents,
            centralCents: period.suppliesServicesCents.central,
            localCents: period.suppliesServicesCents.local,
            updatedAt: context.at,
          },
        },
      },
      changeItem(this.keys, this.tableName, context, {
        entityType: 'eu-thresholds',
        entityId: period.from,
        action: 'set',
        data: { ...period },
        ...(previous ? { before: { ...previous } } : {}),
      }),
    ]);
  }
}
