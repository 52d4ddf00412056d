import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Weights } from '../domain/allocation';
import type { Criteria, Plie } from '../schemas/plies';
import { changeItem, type WriteContext } from './changes';
import { keys, stripKeys } from './keys';
import { queryAll } from './pagination';
import { transactWrite } from './transact';

export interface CriteriaRecord extends Criteria {
  plieId: string;
  year: number;
}

export class PlieStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** All PLIEs, by id: a handful per metropolis, a hundred or so nationally. */
  async list(): Promise<Plie[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.pliesPartition },
    });
    return items.map(toPlie);
  }

  async get(plieId: string): Promise<Plie | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.plie(plieId) }),
    );
    return Item ? toPlie(Item) : null;
  }

  /** Creates or replaces a PLIE; answers whether it was created. */
  async put(plie: Plie, context: WriteContext): Promise<{ created: boolean }> {
    const existing = await this.get(plie.id);
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.plie(plie.id), _type: 'plie', ...plie, updatedAt: context.at },
        },
      },
      changeItem(this.tableName, context, {
        entityType: 'plie',
        entityId: plie.id,
        action: existing ? 'update' : 'create',
        data: { ...plie },
      }),
    ]);
    return { created: existing === null };
  }

  async putCriteria(record: CriteriaRecord, context: WriteContext): Promise<void> {
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.criteria(record.year, record.plieId),
            _type: 'criteria',
            ...record,
            updatedAt: context.at,
          },
        },
      },
      changeItem(this.tableName, context, {
        entityType: 'plie',
        entityId: record.plieId,
        action: 'set-criteria',
        data: { ...record },
      }),
    ]);
  }

  async putWeights(year: number, weights: Weights, context: WriteContext): Promise<void> {
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...keys.weights(year), _type: 'weights', year, weights, updatedAt: context.at },
        },
      },
      changeItem(this.tableName, context, {
        entityType: 'allocation-weights',
        entityId: String(year),
        action: 'set',
        data: { ...weights },
      }),
    ]);
  }

  /** The weights set for `year`, or null when the default (equal weights) applies. */
  async weightsOfYear(year: number): Promise<Weights | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.weights(year) }),
    );
    return Item ? (Item.weights as Weights) : null;
  }

  /** The criteria every PLIE has for `year` (PLIEs without any are simply absent). */
  async criteriaOfYear(year: number): Promise<CriteriaRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :plie)',
      ExpressionAttributeValues: { ':pk': keys.criteriaPartition(year), ':plie': 'PLIE#' },
    });
    return items.map((item) => {
      const { updatedAt, ...criteria } = stripKeys(item);
      return criteria as unknown as CriteriaRecord;
    });
  }
}

function toPlie(item: Record<string, unknown>): Plie {
  return {
    id: item.id as string,
    name: item.name as string,
    communes: (item.communes as string[] | undefined) ?? [],
    coordinatorEmails: (item.coordinatorEmails as string[] | undefined) ?? [],
  };
}
