import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { FundingConvention } from '../domain/funding';
import { changeItem, type WriteContext } from './changes';
import { keys } from './keys';
import { queryAll } from './pagination';
import { transactWrite } from './transact';

export interface PlieMonthTotal {
  plieId: string;
  month: string;
  hours: number;
  lines: number;
  byMode: Record<string, number>;
}

export class FundingStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putConvention(
    year: number,
    convention: FundingConvention,
    context: WriteContext,
  ): Promise<void> {
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.fundingConvention(year),
            _type: 'funding-convention',
            year,
            ...convention,
            updatedAt: context.at,
          },
        },
      },
      changeItem(this.tableName, context, {
        entityType: 'funding-convention',
        entityId: String(year),
        action: 'set',
        data: { ...convention },
      }),
    ]);
  }

  async convention(year: number): Promise<FundingConvention | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.fundingConvention(year) }),
    );
    return Item
      ? {
          fixedPerPlieCents: Item.fixedPerPlieCents as number,
          perHourCents: Item.perHourCents as number,
        }
      : null;
  }

  /**
   * The PLIE × month totals of a year, kept by the hour-line transactions: at most PLIEs × 12
   * items, however many lines were logged.
   */
  async plieMonths(year: number): Promise<PlieMonthTotal[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.pliesMonthsPartition(year) },
    });
    return items.map((item) => ({
      plieId: item.plieId as string,
      month: item.month as string,
      hours: item.hours as number,
      lines: item.lines as number,
      byMode: Object.fromEntries(
        Object.entries(item)
          .filter(([name]) => name.startsWith('mode:'))
          .map(([name, value]) => [name.slice(5), value as number]),
      ),
    }));
  }
}
