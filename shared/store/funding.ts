import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { FundingConvention } from '#shared/domain/funding';
import { changeItem, type WriteContext } from './changes';
import { readItem } from './item';
import type { Keys } from './keys';
import { transactWrite } from './transact';

export class FundingStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
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
            ...this.keys.fundingConvention(year),
            _type: 'funding-convention',
            year,
            ...convention,
            updatedAt: context.at,
          },
        },
      },
      changeItem(this.keys, this.tableName, context, {
        entityType: 'funding-convention',
        entityId: String(year),
        action: 'set',
        data: { ...convention },
      }),
    ]);
  }

  async convention(year: number): Promise<FundingConvention | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.keys.fundingConvention(year) }),
    );
    if (!Item) return null;
    const read = readItem(Item, 'funding convention');
    const envelopes = read.nullableRecord('envelopesCents');
    return {
      fixedPerPlieCents: read.number('fixedPerPlieCents'),
      perHourCents: read.number('perHourCents'),
      funderSiret: read.nullableString('funderSiret'),
      envelopesCents: envelopes
        ? Object.fromEntries(
            Object.keys(envelopes).map((plieId) => [
              plieId,
              readItem(envelopes, 'funding envelopes').number(plieId),
            ]),
          )
        : null,
    };
  }
}
