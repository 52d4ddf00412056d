import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { lastDayOf } from '#shared/domain/calendar';
import type { DuplicateFields } from '#shared/domain/duplicates';
import type { HourLine } from '#shared/domain/hours';
import { changeItem, type WriteContext } from './changes';
import { indexDuplicateKeys, linesSharingKey } from './duplicate-index';
import { lineKeyMarkerPut, markDuplicateKeys, noImportCheck } from './duplicate-markers';
import { lineFromItem, linePut, voidItems } from './hour-line-item';
import { type IdempotencyClaim, idempotencyPut } from './idempotency';
import type { Keys } from './keys';
import { type Page, queryAll, queryPage } from './pagination';
import { cancellationReasons } from './sdk-errors';
import { totalUpdates } from './totals';
import { type TransactItem, transactWrite } from './transact';

/** Thrown when another request with the same idempotency key committed first. */
export class IdempotencyRaceError extends Error {}

/** Thrown when what a line refers to failed a check of its transaction (the service says why). */
export class LineRejectedError extends Error {}

/**
 * Thrown when the line's transaction was refused only because a line of its duplicate key may
 * exist (duplicate-markers.ts): nothing was written; the service writes without the markers'
 * conditions and reads who.
 */
export class DuplicateKeySeenError extends Error {}

/** Thrown when the line was voided by someone else between the read and the write. */
export class LineAlreadyVoidedError extends Error {}

export interface LineFilter {
  contractId?: string | undefined;
  plieId?: string | undefined;
  month?: string | undefined;
  /** Within the PLIE's lines: one person's (a filter on the PLIE's partition, not a key). */
  participantId?: string | undefined;
}

export class HoursStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  /**
   * Writes the line, every total it feeds, its idempotency record and its change record in one
   * transaction: totals cannot drift from lines, and a replayed key cannot log twice. The same
   * transaction checks what the line refers to (lineReferenceProblems in shared/domain/hours.ts,
   * as conditions): the contract exists and runs that month, the PLIE exists, the participant
   * belongs to the PLIE — so that the usual request is one round trip; the service reads the
   * details only when a check fails, to say why.
   */
  async log(
    line: HourLine,
    context: WriteContext,
    idempotency?: IdempotencyClaim,
    /**
     * `check`: the line's transaction also says whether a line of its key may exist (refused
     * with DuplicateKeySeenError); `write`: it only leaves its marker (duplicate-markers.ts).
     */
    markers: 'check' | 'write' = 'check',
  ): Promise<void> {
    const month = { first: `${line.month}-01`, last: lastDayOf(line.month) };
    const check = markers === 'check';
    const items: TransactItem[] = [
      linePut(this.keys, this.tableName, line),
      // Indexes 1 and 2 (when checked): their refusal alone means "read who".
      lineKeyMarkerPut(this.keys, this.tableName, line, check),
      ...(check ? [noImportCheck(this.keys, this.tableName, line)] : []),
      ...totalUpdates(this.keys, this.tableName, [line], +1, { ...month, plieId: line.plieId }),
      {
        ConditionCheck: {
          TableName: this.tableName,
          Key: this.keys.plie(line.plieId),
          // plieActivityProblem (shared/domain/plies.ts): the PLIE was active that month.
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(activeFrom) OR activeFrom = :null OR activeFrom <= :last) AND (attribute_not_exists(activeUntil) OR activeUntil = :null OR activeUntil >= :first)',
          ExpressionAttributeValues: { ':null': null, ':first': month.first, ':last': month.last },
        },
      },
    ];
    if (line.participantId) {
      items.push({
        ConditionCheck: {
          TableName: this.tableName,
          Key: this.keys.participant(line.participantId),
          // presenceProblem (shared/domain/hours.ts): in the PLIE during the line's month.
          ConditionExpression:
            'plieId = :plieId AND enteredOn <= :last AND (exitedOn = :null OR exitedOn >= :first)',
          ExpressionAttributeValues: {
            ':plieId': line.plieId,
            ':first': month.first,
            ':last': month.last,
            ':null': null,
          },
        },
      });
    }
    const idempotencyIndex = items.length;
    if (idempotency) items.push(idempotencyPut(this.keys, this.tableName, idempotency, context.at));
    items.push(
      changeItem(this.keys, this.tableName, context, {
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
      const refused = (reason: { Code?: string } | undefined) =>
        reason?.Code === 'ConditionalCheckFailed';
      const markerIndexes = check ? [1, 2] : [];
      if (reasons?.some((reason, i) => refused(reason) && !markerIndexes.includes(i))) {
        throw new LineRejectedError();
      }
      if (markerIndexes.some((i) => refused(reasons?.[i]))) throw new DuplicateKeySeenError();
      throw error;
    }
  }

  async get(lineId: string): Promise<HourLine | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.line(lineId),
        ConsistentRead: true,
      }),
    );
    return Item ? lineFromItem(Item) : null;
  }

  /**
   * Writes `voided` (the line as voidedLine made it) over the active line and takes its hours
   * out of every total, in one transaction.
   */
  async void(voided: HourLine, context: WriteContext): Promise<void> {
    try {
      const [update, change] = voidItems(this.keys, this.tableName, voided, context) as [
        TransactItem,
        TransactItem,
      ];
      // The line's update first: its index tells a lost race (already voided) from the rest.
      await transactWrite(this.doc, [
        update,
        ...totalUpdates(this.keys, this.tableName, [voided], -1),
        change,
      ]);
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new LineAlreadyVoidedError();
      }
      throw error;
    }
  }

  /**
   * Every line of a contract in one year, voided ones included (the bilan of a buyer's contracts,
   * which totals kept per PLIE cannot give): the contract's index, that year's months only.
   */
  async ofContractInYear(contractId: string, year: number): Promise<HourLine[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': this.keys.contractLinesIndex(contractId),
        ':from': `${year}-01`,
        ':to': `${year}-12~`,
      },
    });
    return items.map(lineFromItem);
  }

  /**
   * Every line of a contract in one month, voided ones included: what a new line for that
   * contract and month may duplicate (shared/domain/duplicates.ts), from the contract's index.
   * `of`: only one PLIE's active lines of one person (none: unnamed lines) and of those hours —
   * what one typed line may duplicate, filtered by DynamoDB so that a line typed into a month
   * of hundreds does not bring them all back (the rule still decides on what comes back). The
   * typed line reads the duplicate index instead (sharingDuplicateKey) once it is complete:
   * DynamoDB still reads the whole month to filter it.
   */
  async ofContractMonth(
    contractId: string,
    month: string,
    of?: { plieId: string; participantId: string | null; hours: number },
  ): Promise<HourLine[]> {
    const filter = of && {
      FilterExpression: `#status = :active AND plieId = :plie AND hours = :hours AND ${
        of.participantId === null
          ? '(attribute_not_exists(participantId) OR attribute_type(participantId, :null))'
          : 'participantId = :person'
      }`,
      ExpressionAttributeNames: { '#status': 'status' },
    };
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :month)',
      ...filter,
      ExpressionAttributeValues: {
        ':pk': this.keys.contractLinesIndex(contractId),
        ':month': `${month}#`,
        ...(of && {
          ':active': 'active',
          ':plie': of.plieId,
          ':hours': of.hours,
          ...(of.participantId === null ? { ':null': 'NULL' } : { ':person': of.participantId }),
        }),
      },
    });
    return items.map(lineFromItem);
  }

  /**
   * The active lines sharing `line`'s duplicate key (contract, PLIE, month, person, hours): what
   * one typed line may repeat, read by key from the duplicate index (duplicate-index.ts),
   * whatever its month holds. Lines written before that index: see indexDuplicateKeys.
   */
  sharingDuplicateKey(line: DuplicateFields): Promise<HourLine[]> {
    return linesSharingKey(this.doc, this.tableName, this.keys, line);
  }

  /** The upgrade that puts lines written before the duplicate index in it (upgrades.ts). */
  indexDuplicateKeys(contractIds: readonly string[]): Promise<number> {
    return indexDuplicateKeys(this.doc, this.tableName, this.keys, contractIds);
  }

  /** The upgrade that leaves the markers of lines written before them (duplicate-markers.ts). */
  markDuplicateKeys(contractIds: readonly string[]): Promise<number> {
    return markDuplicateKeys(this.doc, this.tableName, this.keys, contractIds);
  }

  /** Lines of a contract or of a PLIE (at least one is required), optionally of one month. */
  async list(
    filter: LineFilter & ({ contractId: string } | { plieId: string }),
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<HourLine>> {
    const byContract = filter.contractId !== undefined;
    const index = byContract ? 'gsi1' : 'gsi2';
    const partition = byContract
      ? this.keys.contractLinesIndex(filter.contractId as string)
      : this.keys.plieLinesIndex(filter.plieId as string);
    const values: Record<string, unknown> = { ':pk': partition };
    let keyCondition = `${index}pk = :pk`;
    if (filter.month) {
      keyCondition += ` AND begins_with(${index}sk, :month)`;
      values[':month'] = `${filter.month}#`;
    }
    const narrowByPlie = byContract && filter.plieId !== undefined;
    if (narrowByPlie) values[':plieId'] = filter.plieId;
    const narrowByPerson = filter.participantId !== undefined;
    if (narrowByPerson) values[':participantId'] = filter.participantId;
    const conditions = [
      ...(narrowByPlie ? ['plieId = :plieId'] : []),
      ...(narrowByPerson ? ['participantId = :participantId'] : []),
    ];
    const result = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: keyCondition,
        ExpressionAttributeValues: values,
        ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
      },
      {
        ...page,
        keyAttributes: ['pk', 'sk', `${index}pk`, `${index}sk`],
        partition: { attribute: `${index}pk`, value: partition },
      },
    );
    return { ...result, items: result.items.map(lineFromItem) };
  }
}
