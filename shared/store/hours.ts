import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../errors';
import type { HoursLine } from '../schemas/hours';
import { changeItem, type WriteContext } from './changes';
import { type Key, keys, modeAttribute, monthAttribute, stripKeys } from './keys';
import { type Page, queryPage } from './pagination';
import { cancellationReasons } from './sdk-errors';
import { type TransactItem, transactWrite } from './transact';

export type HoursLineRecord = HoursLine & { source: string };

export interface IdempotencyRecord {
  requestHash: string;
  status: number;
  body: unknown;
  createdAt: string;
}

export interface IdempotencyClaim {
  sub: string;
  key: string;
  requestHash: string;
  response: { status: number; body: unknown };
}

/** Thrown when another request with the same idempotency key committed first. */
export class IdempotencyRaceError extends Error {}

/** Thrown when what a line refers to failed a check of its transaction (the service says why). */
export class LineRejectedError extends Error {}

/** How long a client may replay an idempotency key. */
const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600;

export interface LineFilter {
  contractId?: string | undefined;
  plieId?: string | undefined;
  month?: string | undefined;
}

export class HoursStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Writes the line, every total it feeds, its idempotency record and its change record in one
   * transaction: totals cannot drift from lines, and a replayed key cannot log twice. The same
   * transaction checks what the line refers to — the contract exists and runs that month, the
   * PLIE exists, the participant belongs to the PLIE — so that the usual request is one round
   * trip; the service reads the details only when a check fails, to say why.
   */
  async log(
    line: HoursLineRecord,
    context: WriteContext,
    idempotency?: IdempotencyClaim,
  ): Promise<void> {
    const month = { first: `${line.month}-01`, last: `${line.month}-31` };
    const items: TransactItem[] = [
      this.linePut(line),
      ...this.totalUpdates([line], +1, month),
      {
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.plie(line.plieId),
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
    ];
    if (line.participantId) {
      items.push({
        ConditionCheck: {
          TableName: this.tableName,
          Key: keys.participant(line.participantId),
          ConditionExpression: 'plieId = :plieId',
          ExpressionAttributeValues: { ':plieId': line.plieId },
        },
      });
    }
    const idempotencyIndex = items.length;
    if (idempotency) {
      items.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.idempotency(idempotency.sub, idempotency.key),
            _type: 'idempotency',
            requestHash: idempotency.requestHash,
            status: idempotency.response.status,
            body: idempotency.response.body,
            createdAt: context.at,
            expiresAt: Math.floor(Date.parse(context.at) / 1000) + IDEMPOTENCY_TTL_SECONDS,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    items.push(
      changeItem(this.tableName, context, {
        entityType: 'hours-line',
        entityId: line.id,
        action: 'log',
        data: { ...line },
      }),
    );
    try {
      await transactWrite(this.doc, items);
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (idempotency && reasons?.[idempotencyIndex]?.Code === 'ConditionalCheckFailed') {
        throw new IdempotencyRaceError();
      }
      if (reasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')) {
        throw new LineRejectedError();
      }
      throw error;
    }
  }

  async idempotencyRecord(sub: string, key: string): Promise<IdempotencyRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.idempotency(sub, key),
        ConsistentRead: true,
      }),
    );
    // DynamoDB deletes expired items lazily: an expired record no longer counts.
    if (!Item || (Item.expiresAt as number) * 1000 < Date.now()) return null;
    return Item as unknown as IdempotencyRecord;
  }

  async get(lineId: string): Promise<HoursLineRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.line(lineId), ConsistentRead: true }),
    );
    return Item ? (stripKeys(Item) as unknown as HoursLineRecord) : null;
  }

  /** Voids an active line and takes its hours out of every total, in one transaction. */
  async void(
    line: HoursLineRecord,
    reason: string,
    context: WriteContext,
  ): Promise<HoursLineRecord> {
    const voided: HoursLineRecord = {
      ...line,
      status: 'voided',
      voidedAt: context.at,
      voidedBy: context.actor.sub,
      voidReason: reason,
    };
    try {
      await transactWrite(this.doc, [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.line(line.id),
            UpdateExpression:
              'SET #status = :voided, voidedAt = :at, voidedBy = :by, voidReason = :reason',
            ConditionExpression: '#status = :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':voided': 'voided',
              ':active': 'active',
              ':at': voided.voidedAt,
              ':by': voided.voidedBy,
              ':reason': reason,
            },
          },
        },
        ...this.totalUpdates([line], -1),
        changeItem(this.tableName, context, {
          entityType: 'hours-line',
          entityId: line.id,
          action: 'void',
          reason,
        }),
      ]);
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError('Cette ligne d’heures est déjà annulée.');
      }
      throw error;
    }
    return voided;
  }

  /** Lines of a contract or of a PLIE (at least one is required), optionally of one month. */
  async list(
    filter: LineFilter & ({ contractId: string } | { plieId: string }),
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<HoursLineRecord>> {
    const byContract = filter.contractId !== undefined;
    const index = byContract ? 'gsi1' : 'gsi2';
    const partition = byContract
      ? keys.contractLinesIndex(filter.contractId as string)
      : keys.plieLinesIndex(filter.plieId as string);
    const values: Record<string, unknown> = { ':pk': partition };
    let keyCondition = `${index}pk = :pk`;
    if (filter.month) {
      keyCondition += ` AND begins_with(${index}sk, :month)`;
      values[':month'] = `${filter.month}#`;
    }
    const narrowByPlie = byContract && filter.plieId !== undefined;
    if (narrowByPlie) values[':plieId'] = filter.plieId;
    const result = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: keyCondition,
        ExpressionAttributeValues: values,
        ...(narrowByPlie ? { FilterExpression: 'plieId = :plieId' } : {}),
      },
      {
        ...page,
        keyAttributes: ['pk', 'sk', `${index}pk`, `${index}sk`],
        partition: { attribute: `${index}pk`, value: partition },
      },
    );
    return {
      ...result,
      items: result.items.map((item) => stripKeys(item) as unknown as HoursLineRecord),
    };
  }

  /**
   * Writes many lines (a monthly statement) in transactions of up to 100 items: each holds some
   * lines, their change records and the totals they feed, summed. A line whose id is already
   * stored is skipped, so posting the same lines again, or again after a crash, counts nothing
   * twice.
   */
  async importLines(
    lines: readonly HoursLineRecord[],
    context: WriteContext,
  ): Promise<{ imported: number; alreadyImported: number }> {
    let imported = 0;
    let alreadyImported = 0;
    for (const batch of packBatches(lines)) {
      for (let attempt = 1; ; attempt++) {
        const stored = await this.existingIds(batch.map((line) => line.id));
        const fresh = batch.filter((line) => !stored.has(line.id));
        if (fresh.length === 0) {
          alreadyImported += batch.length;
          break;
        }
        const items: TransactItem[] = [
          ...fresh.map((line) => this.linePut(line)),
          ...this.totalUpdates(fresh, +1),
          ...fresh.map((line) =>
            changeItem(this.tableName, context, {
              entityType: 'hours-line',
              entityId: line.id,
              action: 'import',
              data: { ...line },
            }),
          ),
        ];
        try {
          await transactWrite(this.doc, items);
          imported += fresh.length;
          alreadyImported += batch.length - fresh.length;
          break;
        } catch (error) {
          // Another upload of the same lines got there first: look again at what is stored.
          const reasons = cancellationReasons(error);
          const lost = reasons
            ?.slice(0, fresh.length)
            .some((r) => r.Code === 'ConditionalCheckFailed');
          if (!lost || attempt >= 3) throw error;
        }
      }
    }
    return { imported, alreadyImported };
  }

  private async existingIds(ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    let pending: Record<string, unknown>[] | undefined = ids.map((id) => ({ ...keys.line(id) }));
    while (pending?.length) {
      const result: BatchGetCommandOutput = await this.doc.send(
        new BatchGetCommand({
          RequestItems: {
            [this.tableName]: { Keys: pending, ConsistentRead: true, ProjectionExpression: 'id' },
          },
        }),
      );
      for (const item of result.Responses?.[this.tableName] ?? []) found.add(item.id as string);
      pending = result.UnprocessedKeys?.[this.tableName]?.Keys;
    }
    return found;
  }

  private linePut(line: HoursLineRecord): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: lineItem(line),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /**
   * The updates that add (sign +1) or remove (sign −1) lines from every total they feed. With
   * `month`, the contract must also run during that month.
   */
  private totalUpdates(
    lines: readonly HoursLineRecord[],
    sign: 1 | -1,
    month?: { first: string; last: string },
  ): TransactItem[] {
    return [...totalDeltas(lines, sign).values()].map((delta) => {
      if (delta.type === 'contract') {
        // The contract keeps its own running total; it must still exist, and with `month` run
        // that month: isMonthInPeriod (shared/domain/hours.ts) as a condition on ISO dates.
        return {
          Update: {
            TableName: this.tableName,
            Key: delta.key,
            UpdateExpression: 'ADD hoursLogged :h, lineCount :n',
            ConditionExpression: month
              ? 'attribute_exists(pk) AND startsOn <= :last AND endsOn >= :first'
              : 'attribute_exists(pk)',
            ExpressionAttributeValues: {
              ':h': delta.hours,
              ':n': delta.lines,
              ...(month ? { ':first': month.first, ':last': month.last } : {}),
            },
          },
        };
      }
      // Attribute names go through placeholders: several (month, hours…) are reserved words.
      const names: Record<string, string> = {
        '#type': '_type',
        '#hours': 'hours',
        '#lines': 'lines',
      };
      const values: Record<string, unknown> = {
        ':h': delta.hours,
        ':n': delta.lines,
        ':type': delta.type,
      };
      const sets = ['#type = :type'];
      for (const [name, value] of Object.entries(delta.identity)) {
        names[`#${name}`] = name;
        values[`:${name}`] = value;
        sets.push(`#${name} = :${name}`);
      }
      const adds = ['#hours :h', '#lines :n'];
      [...delta.parts].forEach(([attribute, hours], i) => {
        names[`#p${i}`] = attribute;
        values[`:p${i}`] = hours;
        adds.push(`#p${i} :p${i}`);
      });
      return {
        Update: {
          TableName: this.tableName,
          Key: delta.key,
          UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
    });
  }
}

export interface TotalDelta {
  key: Key;
  type:
    | 'contract'
    | 'total:contract-plie'
    | 'total:plie-month'
    | 'total:contract-plie-year'
    | 'total:contract-participant';
  identity: Record<string, string | number>;
  hours: number;
  lines: number;
  /** Hours broken down under other attributes: by mode (PLIE × month), by month (yearly). */
  parts: Map<string, number>;
}

/** Every total a set of lines feeds, with what they add to it (or take away, sign −1). */
export function totalDeltas(
  lines: readonly HoursLineRecord[],
  sign: 1 | -1,
): Map<string, TotalDelta> {
  const deltas = new Map<string, TotalDelta>();
  const feed = (
    key: Key,
    type: TotalDelta['type'],
    identity: Record<string, string | number>,
    line: HoursLineRecord,
    part: string | null,
  ) => {
    const id = `${key.pk}|${key.sk}`;
    const delta: TotalDelta = deltas.get(id) ?? {
      key,
      type,
      identity,
      hours: 0,
      lines: 0,
      parts: new Map(),
    };
    delta.hours += sign * line.hours;
    delta.lines += sign;
    if (part) delta.parts.set(part, (delta.parts.get(part) ?? 0) + sign * line.hours);
    deltas.set(id, delta);
  };
  for (const line of lines) {
    const { contractId, plieId, month, participantId } = line;
    const year = Number(month.slice(0, 4));
    feed(keys.contract(contractId), 'contract', {}, line, null);
    feed(
      keys.contractPlieTotal(contractId, plieId),
      'total:contract-plie',
      { contractId, plieId },
      line,
      null,
    );
    feed(
      keys.plieMonthTotal(plieId, month),
      'total:plie-month',
      { plieId, month },
      line,
      modeAttribute(line.mode),
    );
    feed(
      keys.contractPlieYearTotal(contractId, plieId, year),
      'total:contract-plie-year',
      { contractId, plieId, year },
      line,
      monthAttribute(month),
    );
    if (participantId) {
      feed(
        keys.contractParticipantTotal(contractId, participantId),
        'total:contract-participant',
        { contractId, participantId },
        line,
        null,
      );
    }
  }
  return deltas;
}

/** A line as the table stores it, with the keys of its two listings. */
export function lineItem(line: HoursLineRecord): Record<string, unknown> {
  return {
    ...keys.line(line.id),
    gsi1pk: keys.contractLinesIndex(line.contractId),
    gsi1sk: keys.lineIndexSort(line.month, line.id),
    gsi2pk: keys.plieLinesIndex(line.plieId),
    gsi2sk: keys.lineIndexSort(line.month, line.id),
    _type: 'hours-line',
    ...line,
  };
}

/**
 * A total as a whole item, for loading history into a table that holds none of it yet (the
 * benchmarks' national data set): the same keys and attributes the transactions maintain.
 */
export function totalItem(delta: TotalDelta): Record<string, unknown> {
  return {
    ...delta.key,
    _type: delta.type,
    ...delta.identity,
    hours: delta.hours,
    lines: delta.lines,
    ...Object.fromEntries(delta.parts),
  };
}

/** DynamoDB takes at most 100 items in a transaction. */
const MAX_TRANSACTION_ITEMS = 100;

/**
 * Cuts lines into batches whose transaction fits: two items per line (the line and its change
 * record) plus one per distinct total the batch feeds.
 */
export function packBatches(lines: readonly HoursLineRecord[]): HoursLineRecord[][] {
  const batches: HoursLineRecord[][] = [];
  let batch: HoursLineRecord[] = [];
  let totals = new Set<string>();
  for (const line of lines) {
    const lineTotals = [...totalDeltas([line], 1).keys()];
    const newTotals = lineTotals.filter((key) => !totals.has(key));
    if (
      batch.length &&
      (batch.length + 1) * 2 + totals.size + newTotals.length > MAX_TRANSACTION_ITEMS
    ) {
      batches.push(batch);
      batch = [];
      totals = new Set();
    }
    batch.push(line);
    for (const key of lineTotals) totals.add(key);
  }
  if (batch.length) batches.push(batch);
  return batches;
}
