import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { HourMode } from '../domain/hours';
import { ConflictError } from '../errors';
import type { HoursLine } from '../schemas/hours';
import { changeItem, type WriteContext } from './changes';
import { keys, modeAttribute, stripKeys } from './keys';
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
   * transaction: totals cannot drift from lines, and a replayed key cannot log twice.
   */
  async log(
    line: HoursLineRecord,
    context: WriteContext,
    idempotency?: IdempotencyClaim,
  ): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.line(line.id),
            gsi1pk: keys.contractLinesIndex(line.contractId),
            gsi1sk: keys.lineIndexSort(line.month, line.id),
            gsi2pk: keys.plieLinesIndex(line.plieId),
            gsi2sk: keys.lineIndexSort(line.month, line.id),
            _type: 'hours-line',
            ...line,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...this.totalUpdates(line, +1),
    ];
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
        ...this.totalUpdates(line, -1),
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

  /** The updates that add (sign +1) or remove (sign −1) a line from every total. */
  private totalUpdates(line: HoursLineRecord, sign: 1 | -1): TransactItem[] {
    const hours = sign * line.hours;
    const lines = sign;
    const add = (
      key: { pk: string; sk: string },
      type: string,
      identity: Record<string, string>,
      withMode: boolean,
    ): TransactItem => {
      // Attribute names go through placeholders: several (status, month, hours…) are reserved.
      const names: Record<string, string> = {
        '#type': '_type',
        '#hours': 'hours',
        '#lines': 'lines',
      };
      const values: Record<string, unknown> = { ':h': hours, ':n': lines, ':type': type };
      const sets = ['#type = :type'];
      for (const [name, value] of Object.entries(identity)) {
        names[`#${name}`] = name;
        values[`:${name}`] = value;
        sets.push(`#${name} = :${name}`);
      }
      let adds = '#hours :h, #lines :n';
      if (withMode) {
        names['#mode'] = modeAttribute(line.mode as HourMode);
        adds += ', #mode :h';
      }
      return {
        Update: {
          TableName: this.tableName,
          Key: key,
          UpdateExpression: `SET ${sets.join(', ')} ADD ${adds}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      };
    };
    const updates: TransactItem[] = [
      {
        // The contract keeps its own running total; it must still exist.
        Update: {
          TableName: this.tableName,
          Key: keys.contract(line.contractId),
          UpdateExpression: 'ADD hoursLogged :h, lineCount :n',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':h': hours, ':n': lines },
        },
      },
      add(
        keys.contractPlieTotal(line.contractId, line.plieId),
        'total:contract-plie',
        { contractId: line.contractId, plieId: line.plieId },
        false,
      ),
      add(
        keys.plieMonthTotal(line.plieId, line.month),
        'total:plie-month',
        { plieId: line.plieId, month: line.month },
        true,
      ),
      add(
        keys.contractPlieMonthTotal(line.contractId, line.plieId, line.month),
        'total:contract-plie-month',
        { contractId: line.contractId, plieId: line.plieId, month: line.month },
        true,
      ),
    ];
    if (line.participantId) {
      updates.push(
        add(
          keys.contractParticipantTotal(line.contractId, line.participantId),
          'total:contract-participant',
          { contractId: line.contractId, participantId: line.participantId },
          false,
        ),
      );
    }
    return updates;
  }
}
