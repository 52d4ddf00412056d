import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '#shared/domain/access';
import { newId } from '#shared/ids';
import { type Item, readItem } from './item';
import type { Keys } from './keys';
import { type Page, queryPage } from './pagination';
import type { TransactItem } from './transact';

/** Who writes, and when: every store write takes one, and leaves it in the change record. */
export interface WriteContext {
  actor: Identity;
  /** ISO timestamp of the write, from the app's clock. */
  at: string;
}

export interface Change {
  id: string;
  entityType: string;
  entityId: string;
  action: string;
  actor: { sub: string; role: string; plieId?: string; name?: string };
  at: string;
  reason?: string;
  data?: Record<string, unknown>;
}

function changeFromItem(item: Item): Change {
  const read = readItem(item, 'change');
  const actor = readItem(read.record('actor'), 'change actor');
  const actorPlie = actor.optionalString('plieId');
  const actorName = actor.optionalString('name');
  const reason = read.optionalString('reason');
  const data = read.optionalRecord('data');
  return {
    id: read.string('id'),
    entityType: read.string('entityType'),
    entityId: read.string('entityId'),
    action: read.string('action'),
    actor: {
      sub: actor.string('sub'),
      role: actor.string('role'),
      ...(actorPlie ? { plieId: actorPlie } : {}),
      ...(actorName ? { name: actorName } : {}),
    },
    at: read.string('at'),
    ...(reason !== undefined ? { reason } : {}),
    ...(data !== undefined ? { data } : {}),
  };
}

/**
 * The append-only change record: a Put that joins the transaction of the write it describes,
 * so there is no write without its record and no record without its write.
 */
export function changeItem(
  keys: Keys,
  tableName: string,
  context: WriteContext,
  change: { entityType: string; entityId: string; action: string; reason?: string; data?: unknown },
): TransactItem {
  const id = newId();
  const { actor, at } = context;
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.change(change.entityType, change.entityId, at, id),
        gsi1pk: keys.changesOfDay(at.slice(0, 10)),
        gsi1sk: `${at}#${id}`,
        _type: 'change',
        id,
        ...change,
        actor: {
          sub: actor.sub,
          role: actor.role,
          ...(actor.plieId ? { plieId: actor.plieId } : {}),
          ...(actor.name ? { name: actor.name } : {}),
        },
        at,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export class ChangeStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  /** The history of one entity, oldest first. */
  async ofEntity(
    entityType: string,
    entityId: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<Change>> {
    const pk = this.keys.changesPartition(entityType, entityId);
    const result = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
      },
      { ...page, keyAttributes: ['pk', 'sk'], partition: { attribute: 'pk', value: pk } },
    );
    return { ...result, items: result.items.map(changeFromItem) };
  }

  /** Every change of one UTC day (timestamps are UTC), oldest first. */
  async ofDay(
    day: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<Change>> {
    const gsi1pk = this.keys.changesOfDay(day);
    const result = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk },
      },
      {
        ...page,
        keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
        partition: { attribute: 'gsi1pk', value: gsi1pk },
      },
    );
    return { ...result, items: result.items.map(changeFromItem) };
  }
}
