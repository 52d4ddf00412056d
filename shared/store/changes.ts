import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Identity } from '#shared/domain/access';
import { type ChangeAction, type ChangeEntityType, inJournal } from '#shared/domain/change-log';
import { newId } from '#shared/ids';
import { indexJournal, type JournalQuery, readJournal, readJournalActors } from './change-journal';
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
  /** An edit's previous values of the fields `data` holds (settings, conventions, PLIEs…). */
  before?: Record<string, unknown>;
  /** What it concerns, beyond its own object: for the journal's filters and its « Concerne ». */
  contractIds?: string[];
  contractReferences?: string[];
  plieIds?: string[];
  months?: string[];
}

/** What a change concerns, when its object alone does not say it. */
export interface Concerns {
  contractIds?: readonly (string | null | undefined)[];
  contractReferences?: readonly string[];
  plieIds?: readonly (string | null | undefined)[];
  months?: readonly (string | null | undefined)[];
}

export function changeFromItem(item: Item): Change {
  const read = readItem(item, 'change');
  const actor = readItem(read.record('actor'), 'change actor');
  const actorPlie = actor.optionalString('plieId');
  const actorName = actor.optionalString('name');
  const reason = read.optionalString('reason');
  const data = read.optionalRecord('data');
  const before = read.optionalRecord('before');
  const list = (name: string) => {
    const value = item[name];
    return Array.isArray(value) && value.length ? { [name]: value.map(String) } : {};
  };
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
    ...(before !== undefined ? { before } : {}),
    ...list('contractIds'),
    ...list('contractReferences'),
    ...list('plieIds'),
    ...list('months'),
  };
}

const text = (value: unknown) => (typeof value === 'string' && value ? [value] : []);
const strings = (value: unknown) =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const unique = (values: readonly (string | null | undefined)[]) => [
  ...new Set(values.filter((v): v is string => typeof v === 'string' && v !== '')),
];

/**
 * What a record concerns, from its object and what it wrote (a line's contract, PLIE and
 * month; a statement's contracts and months), plus what the writer says: only the non-empty.
 */
export function concernsOf(change: {
  entityType: string;
  entityId: string;
  data?: unknown;
  concerns?: Concerns;
}): Record<string, string[]> {
  const data = (change.data ?? {}) as Record<string, unknown>;
  const extra = change.concerns ?? {};
  const all = {
    contractIds: unique([
      ...(change.entityType === 'contract' ? [change.entityId] : []),
      ...text(data.contractId),
      ...(extra.contractIds ?? []),
    ]),
    contractReferences: unique([
      ...strings(data.contractReferences),
      ...(extra.contractReferences ?? []),
    ]),
    plieIds: unique([
      ...(change.entityType === 'plie' ? [change.entityId] : []),
      ...text(data.plieId),
      ...(extra.plieIds ?? []),
    ]),
    months: unique([...text(data.month), ...strings(data.months), ...(extra.months ?? [])]),
  };
  return Object.fromEntries(Object.entries(all).filter(([, values]) => values.length));
}

/**
 * The append-only change record: a Put that joins the transaction of the write it describes,
 * so there is no write without its record and no record without its write.
 */
export function changeItem(
  keys: Keys,
  tableName: string,
  context: WriteContext,
  change: {
    entityType: ChangeEntityType;
    entityId: string;
    action: ChangeAction;
    reason?: string;
    data?: unknown;
    /** The previous values of the fields `data` writes, for an edit. */
    before?: unknown;
    concerns?: Concerns;
    /** Left out of the journal though its kind is in it (a line voided by a withdrawal). */
    partOfAnAction?: boolean;
  },
): TransactItem {
  const id = newId();
  const { actor, at } = context;
  const { concerns, partOfAnAction, ...recorded } = change;
  const journal = !partOfAnAction && inJournal(change.entityType, change.action);
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.change(change.entityType, change.entityId, at, id),
        gsi1pk: keys.changesOfDay(at.slice(0, 10)),
        gsi1sk: `${at}#${id}`,
        // The journal: one entry per action, by month of the write (UTC), newest read first.
        ...(journal ? { gsi2pk: keys.changeJournal(at.slice(0, 7)), gsi2sk: `${at}#${id}` } : {}),
        _type: 'change',
        id,
        ...recorded,
        ...concernsOf(change),
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

  /** One page of the journal (one entry per action) between two instants, newest first. */
  journal(query: JournalQuery): Promise<Page<Change>> {
    return readJournal(this.doc, this.tableName, this.keys, query);
  }

  /** Everyone who acted in the journal's range with its other filters, once each. */
  journalActors(query: Omit<JournalQuery, 'limit' | 'cursor' | 'actor'>) {
    return readJournalActors(this.doc, this.tableName, this.keys, query);
  }

  /** Puts the records written before the journal existed into it (the upgrade's). */
  indexJournal(firstDay: string, today: string): Promise<number> {
    return indexJournal(this.doc, this.tableName, this.keys, firstDay, today);
  }
}
