import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addDays } from '#shared/domain/calendar';
import { inJournal } from '#shared/domain/change-log';
import { InvalidInputError } from '#shared/errors';
import { type Change, changeFromItem, concernsOf } from './changes';
import type { Keys } from './keys';
import { type Page, queryAll, queryPage } from './pagination';

// The journal: one entry per action (shared/domain/change-log.ts), in the index gsi2 by month
// of the write (JOURNAL#<YYYY-MM> / <at>#<id>). A range of dates is read month by month, newest
// first, the filters applied by DynamoDB: a year is 12 or 13 queries of one page each, where
// the index by day (gsi1, the whole record) would be 365 — most of them empty. A month
// partition holds at most a month of actions (a busy structure's few thousand), well under a
// partition's limits; the lines an import writes are not in it.

export interface JournalQuery {
  /** ISO instants, both included. */
  fromAt: string;
  toAt: string;
  action?: string | undefined;
  entityType?: string | undefined;
  actor?: string | undefined;
  /** A contract: its own records, its lines', and the statements naming its reference. */
  contract?: { id: string; reference: string } | undefined;
  plieId?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

interface JournalCursor {
  /** The month partition to go on reading, and where in it (null: from its newest). */
  m: string;
  c: string | null;
}

const badCursor = () =>
  new InvalidInputError('Le curseur de pagination est invalide.', [
    { path: 'cursor', message: 'Curseur invalide : reprenez nextCursor de la page précédente' },
  ]);

function readCursor(cursor: string): JournalCursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as JournalCursor;
    if (typeof value.m === 'string' && /^\d{4}-\d{2}$/.test(value.m)) {
      if (value.c === null || typeof value.c === 'string') return value;
    }
  } catch {
    // fall through
  }
  throw badCursor();
}

const writeCursor = (cursor: JournalCursor) =>
  Buffer.from(JSON.stringify(cursor)).toString('base64url');

/** The months from `last` back to `first` (YYYY-MM), newest first. */
function monthsBack(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = last.split('-').map(Number) as [number, number];
  for (;;) {
    const text = `${year}-${String(month).padStart(2, '0')}`;
    if (text < first) break;
    months.push(text);
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return months;
}

function filterOf(query: Omit<JournalQuery, 'limit' | 'cursor'>) {
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (query.action) {
    conditions.push('#action = :action');
    names['#action'] = 'action';
    values[':action'] = query.action;
  }
  if (query.entityType) {
    conditions.push('entityType = :entityType');
    values[':entityType'] = query.entityType;
  }
  if (query.actor) {
    conditions.push('actor.#sub = :actor');
    names['#sub'] = 'sub';
    values[':actor'] = query.actor;
  }
  if (query.contract) {
    conditions.push('(contains(contractIds, :contract) OR contains(contractReferences, :ref))');
    values[':contract'] = query.contract.id;
    values[':ref'] = query.contract.reference;
  }
  if (query.plieId) {
    conditions.push('contains(plieIds, :plie)');
    values[':plie'] = query.plieId;
  }
  return { conditions, names, values };
}

/** One page of the journal between two instants, newest first, filtered. */
export async function readJournal(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: Keys,
  query: JournalQuery,
): Promise<Page<Change>> {
  const months = monthsBack(query.fromAt.slice(0, 7), query.toAt.slice(0, 7));
  const start = query.cursor ? readCursor(query.cursor) : { m: months[0] ?? '', c: null };
  const from = months.indexOf(start.m);
  if (query.cursor && from < 0) throw badCursor();
  const filter = filterOf(query);
  const items: Change[] = [];
  let inner = start.c;
  for (let i = Math.max(0, from); i < months.length; i += 1) {
    const month = months[i] as string;
    const pk = keys.changeJournal(month);
    const page = await queryPage(
      doc,
      {
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
        ScanIndexForward: false,
        ...(filter.conditions.length ? { FilterExpression: filter.conditions.join(' AND ') } : {}),
        ...(Object.keys(filter.names).length ? { ExpressionAttributeNames: filter.names } : {}),
        ExpressionAttributeValues: {
          ':pk': pk,
          // `<at>#<id>`: every id sorts after `#` and before `#~`.
          ':from': query.fromAt,
          ':to': `${query.toAt}#~`,
          ...filter.values,
        },
      },
      {
        limit: query.limit - items.length,
        cursor: inner ?? undefined,
        keyAttributes: ['pk', 'sk', 'gsi2pk', 'gsi2sk'],
        partition: { attribute: 'gsi2pk', value: pk },
      },
    );
    items.push(...page.items.map(changeFromItem));
    inner = null;
    if (page.nextCursor)
      return { items, nextCursor: writeCursor({ m: month, c: page.nextCursor }) };
    if (items.length === query.limit) {
      const next = months[i + 1];
      return { items, nextCursor: next ? writeCursor({ m: next, c: null }) : null };
    }
  }
  return { items, nextCursor: null };
}

/**
 * Everyone who acted in the range with the other filters (the actor's aside), once each: what
 * the journal's « Qui » offers, where the first page's entries named only the people of its
 * newest hundred. Each month of the range read whole: only the actor of each entry is returned,
 * but the index projects ALL, so every entry's whole size is paid. Measured on DynamoDB Local
 * (7 December 2026): the demo's 303 entries, 28.5 read units; a structure of 2,500 entries a
 * month (~700 bytes each), 4,460 entries and ~310 units for the default 30 days, 30,000 and
 * ~2,060 units (0.7 s) for a year. An index of actors kept by the writes was left: it would
 * serve only the unfiltered journal, and one more item in every write's transaction (updated
 * twice in one transaction, or by two writes of one person at once) could make writes fail.
 */
export async function readJournalActors(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: Keys,
  query: Omit<JournalQuery, 'limit' | 'cursor' | 'actor'>,
): Promise<Change['actor'][]> {
  const filter = filterOf(query);
  const names = { ...filter.names, '#actor': 'actor' };
  const months = monthsBack(query.fromAt.slice(0, 7), query.toAt.slice(0, 7));
  const read = await Promise.all(
    months.map((month) =>
      queryAll(doc, {
        TableName: tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
        ProjectionExpression: '#actor',
        ...(filter.conditions.length ? { FilterExpression: filter.conditions.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: {
          ':pk': keys.changeJournal(month),
          ':from': query.fromAt,
          ':to': `${query.toAt}#~`,
          ...filter.values,
        },
      }),
    ),
  );
  const actors = new Map<string, Change['actor']>();
  for (const item of read.flat()) {
    const actor = item.actor as Change['actor'] | undefined;
    if (actor?.sub && !actors.has(actor.sub)) actors.set(actor.sub, actor);
  }
  return [...actors.values()];
}

/**
 * The upgrade that puts the records written before the journal existed into it: the day index
 * read from `firstDay` to `today`, each record of an action (not a line an import wrote) given
 * its month's index keys and what it concerns. Run once (shared/store/upgrades.ts); running it
 * again writes each record again with the same values. Answers the number of records indexed.
 */
export async function indexJournal(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: Keys,
  firstDay: string,
  today: string,
): Promise<number> {
  const days: string[] = [];
  for (let day = firstDay; day <= today; day = addDays(day, 1)) days.push(day);
  let indexed = 0;
  // Most days are empty: read a few dozen at once.
  for (let i = 0; i < days.length; i += 32) {
    const counts = await Promise.all(
      days.slice(i, i + 32).map((day) => indexDay(doc, tableName, keys, day)),
    );
    indexed += counts.reduce((a, b) => a + b, 0);
  }
  return indexed;
}

async function indexDay(
  doc: DynamoDBDocumentClient,
  tableName: string,
  keys: Keys,
  day: string,
): Promise<number> {
  let indexed = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await doc.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.changesOfDay(day) },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of result.Items ?? []) {
      const change = changeFromItem(item);
      if (item.gsi2pk || !inJournal(change.entityType, change.action)) continue;
      const sets = ['gsi2pk = :pk', 'gsi2sk = :sk'];
      const values: Record<string, unknown> = {
        ':pk': keys.changeJournal(change.at.slice(0, 7)),
        ':sk': `${change.at}#${change.id}`,
      };
      for (const [name, list] of Object.entries(concernsOf(change))) {
        sets.push(`${name} = :${name}`);
        values[`:${name}`] = list;
      }
      await doc.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: item.pk, sk: item.sk },
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: values,
        }),
      );
      indexed += 1;
    }
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return indexed;
}
