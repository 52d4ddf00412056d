import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#shared/errors';
import { changeItem, type WriteContext } from './changes';
import { type Item, readItem } from './item';
import type { Keys } from './keys';
import { queryAll } from './pagination';
import { cancellationReasons } from './sdk-errors';
import { transactWrite } from './transact';

// A structure's published open data: one item per year, holding the files as they were the day
// they were published (a frozen copy: the public address serves these bytes, never figures
// computed again), who published them and when. Retracting deletes the item; both are in the
// change log. A year's files are a few kilobytes (aggregates only), far from the item limit.

export interface PublishedOpenData {
  year: number;
  csv: string;
  /** The Table Schema, as JSON text. */
  schema: string;
  /** SHA-256 of the CSV, hex: what the change log says was published. */
  sha256: string;
  rows: number;
  publishedAt: string;
  publishedBy: string;
}

const fromItem = (item: Item): PublishedOpenData => {
  const read = readItem(item, 'open data');
  return {
    year: read.number('year'),
    csv: read.string('csv'),
    schema: read.string('schema'),
    sha256: read.string('sha256'),
    rows: read.number('rows'),
    publishedAt: read.string('publishedAt'),
    publishedBy: read.string('publishedBy'),
  };
};

export class OpenDataStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  async get(year: number): Promise<PublishedOpenData | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.keys.openData(year) }),
    );
    return Item ? fromItem(Item) : null;
  }

  /** Every published year (a handful of items). */
  async list(): Promise<PublishedOpenData[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.openDataPartition },
    });
    return items.map(fromItem);
  }

  /** Publishes a year (again: the new copy replaces the old one), with its change record. */
  async publish(published: PublishedOpenData, context: WriteContext): Promise<void> {
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...this.keys.openData(published.year), _type: 'open-data', ...published },
        },
      },
      changeItem(this.keys, this.tableName, context, {
        entityType: 'open-data',
        entityId: String(published.year),
        action: 'publish',
        data: { year: published.year, sha256: published.sha256, rows: published.rows },
      }),
    ]);
  }

  /** Retracts a published year; false when it was not published. */
  async retract(year: number, context: WriteContext): Promise<boolean> {
    const current = await this.get(year);
    if (!current) return false;
    await transactWrite(this.doc, [
      {
        Delete: {
          TableName: this.tableName,
          Key: this.keys.openData(year),
          // Retracting what another person has just published again would be a surprise.
          ConditionExpression: 'sha256 = :sha',
          ExpressionAttributeValues: { ':sha': current.sha256 },
        },
      },
      changeItem(this.keys, this.tableName, context, {
        entityType: 'open-data',
        entityId: String(year),
        action: 'retract',
        data: { year, sha256: current.sha256, publishedAt: current.publishedAt },
      }),
    ]).catch((error: unknown) => {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError(
          'Cette année vient d’être publiée à nouveau par quelqu’un d’autre : rechargez la page.',
        );
      }
      throw error;
    });
    return true;
  }
}
