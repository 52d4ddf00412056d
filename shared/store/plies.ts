import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { CRITERIA, type CriteriaValues, type Weights } from '#shared/domain/allocation';
import { changeItem, type WriteContext } from './changes';
import { type Item, readItem } from './item';
import type { Keys } from './keys';
import { queryAll } from './pagination';
import { transactWrite } from './transact';

/** A PLIE: a local employment plan, with the communes it covers and its coordinators. */
export interface PlieRecord {
  id: string;
  name: string;
  communes: string[];
  /** The territory (a metropolis…) whose shared contracts the PLIE takes part in; null: none. */
  territory: string | null;
  coordinatorEmails: string[];
  activeFrom: string | null;
  activeUntil: string | null;
}

/** The allocation criteria of one PLIE for one year. */
export interface CriteriaRecord extends CriteriaValues {
  plieId: string;
  year: number;
}

export class PlieStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  /** All PLIEs, by id: a handful per metropolis, a hundred or so nationally. */
  async list(): Promise<PlieRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.pliesPartition },
    });
    return items.map(plieFromItem);
  }

  async get(plieId: string): Promise<PlieRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.keys.plie(plieId) }),
    );
    return Item ? plieFromItem(Item) : null;
  }

  /** Creates or replaces a PLIE; answers whether it was created. */
  async put(plie: PlieRecord, context: WriteContext): Promise<{ created: boolean }> {
    const existing = await this.get(plie.id);
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...this.keys.plie(plie.id), _type: 'plie', ...plie, updatedAt: context.at },
        },
      },
      changeItem(this.keys, this.tableName, context, {
        entityType: 'plie',
        entityId: plie.id,
        action: existing ? 'update' : 'create',
        data: { ...plie },
        ...(existing ? { before: changedFrom(existing, plie) } : {}),
      }),
    ]);
    return { created: existing === null };
  }

  async putCriteria(record: CriteriaRecord, context: WriteContext): Promise<void> {
    // The values it replaces, as read just before, for the journal's before → after.
    const previous = (await this.criteriaOfYear(record.year)).find(
      (c) => c.plieId === record.plieId,
    );
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...this.keys.criteria(record.year, record.plieId),
            _type: 'criteria',
            ...record,
            updatedAt: context.at,
          },
        },
      },
      changeItem(this.keys, this.tableName, context, {
        entityType: 'plie',
        entityId: record.plieId,
        action: 'set-criteria',
        data: { ...record },
        ...(previous ? { before: { ...previous } } : {}),
      }),
    ]);
  }

  async putWeights(year: number, weights: Weights, context: WriteContext): Promise<void> {
    const previous = await this.weightsOfYear(year);
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...this.keys.weights(year),
            _type: 'weights',
            year,
            weights,
            updatedAt: context.at,
          },
        },
      },
      changeItem(this.keys, this.tableName, context, {
        entityType: 'allocation-weights',
        entityId: String(year),
        action: 'set',
        data: { ...weights },
        ...(previous ? { before: { ...previous } } : {}),
      }),
    ]);
  }

  /** The weights set for `year`, or null when the default (equal weights) applies. */
  async weightsOfYear(year: number): Promise<Weights | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.keys.weights(year) }),
    );
    return Item ? criteriaValuesOf(readItem(Item, 'weights').record('weights'), 'weights') : null;
  }

  /** The criteria every PLIE has for `year` (PLIEs without any are simply absent). */
  async criteriaOfYear(year: number): Promise<CriteriaRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :plie)',
      ExpressionAttributeValues: { ':pk': this.keys.criteriaPartition(year), ':plie': 'PLIE#' },
    });
    return items.map(criteriaFromItem);
  }
}

function plieFromItem(item: Item): PlieRecord {
  const read = readItem(item, 'PLIE');
  return {
    id: read.string('id'),
    name: read.string('name'),
    communes: read.strings('communes', []),
    territory: read.nullableString('territory'),
    coordinatorEmails: read.strings('coordinatorEmails', []),
    activeFrom: read.nullableString('activeFrom'),
    activeUntil: read.nullableString('activeUntil'),
  };
}

function criteriaValuesOf(item: Item, entity: string): CriteriaValues {
  const read = readItem(item, entity);
  return Object.fromEntries(CRITERIA.map((name) => [name, read.number(name)])) as CriteriaValues;
}

function criteriaFromItem(item: Item): CriteriaRecord {
  const read = readItem(item, 'criteria');
  return {
    plieId: read.string('plieId'),
    year: read.number('year'),
    ...criteriaValuesOf(item, 'criteria'),
  };
}

/** The previous values of the fields an edit writes (a PLIE's name, territory, dates…). */
function changedFrom<T extends object>(existing: T, next: T): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(next).map((name) => [name, (existing as Record<string, unknown>)[name] ?? null]),
  );
}
