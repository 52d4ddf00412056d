import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { StatementState } from '#shared/domain/statement-lifecycle';
import { readItem } from './item';
import type { Keys } from './keys';
import { type Page, queryAll, queryPage } from './pagination';
import { type StatementRecord, statementFromItem } from './statement-item';
import type { StatementStore } from './statements';

// The statements as lists: all of them newest first, those waiting for a facilitator, one
// company's, those sent within some days. Their changes are StatementStore's (statements.ts).

export class StatementListStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
    /** Where one statement is read: its own store's consistent read. */
    private readonly records: Pick<StatementStore, 'get'>,
  ) {}

  /**
   * Awardees' statements waiting for validation, oldest first (the first sent, the first
   * looked at): read from their markers, whatever the number of statements ever sent.
   */
  async toValidate(page: {
    limit: number;
    cursor?: string | undefined;
  }): Promise<Page<StatementRecord>> {
    const result = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': this.keys.toValidatePartition },
      },
      {
        ...page,
        keyAttributes: ['pk', 'sk'],
        partition: { attribute: 'pk', value: this.keys.toValidatePartition },
      },
    );
    const statements = await Promise.all(
      result.items.map((item) => this.records.get(readItem(item, 'marker').string('statementId'))),
    );
    return {
      items: statements.filter((s): s is StatementRecord => s !== null),
      nextCursor: result.nextCursor,
    };
  }

  /** Statements, newest upload first; only those of one status, when asked. */
  async list(page: {
    limit: number;
    cursor?: string | undefined;
    status?: StatementState | undefined;
  }): Promise<Page<StatementRecord>> {
    const { status, ...rest } = page;
    const result = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: {
          ':pk': this.keys.statementsIndex,
          ...(status ? { ':status': status } : {}),
        },
        ...(status
          ? {
              FilterExpression: '#status = :status',
              ExpressionAttributeNames: { '#status': 'status' },
            }
          : {}),
        ScanIndexForward: false,
      },
      {
        ...rest,
        keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
        partition: { attribute: 'gsi1pk', value: this.keys.statementsIndex },
      },
    );
    return { ...result, items: result.items.map(statementFromItem) };
  }

  /** Every statement sent from day `from` to before day `until` (YYYY-MM-DD). */
  async sentBetween(from: string, until: string): Promise<StatementRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :until',
      ExpressionAttributeValues: {
        ':pk': this.keys.statementsIndex,
        ':from': from,
        ':until': until,
      },
    });
    return items.map(statementFromItem);
  }

  /** The statements of one company (an awardee's), newest first. */
  async listOfAwardee(
    siren: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<StatementRecord>> {
    const partition = this.keys.awardeeStatementsIndex(siren);
    const result = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
      },
      {
        ...page,
        keyAttributes: ['pk', 'sk', 'gsi2pk', 'gsi2sk'],
        partition: { attribute: 'gsi2pk', value: partition },
      },
    );
    return { ...result, items: result.items.map(statementFromItem) };
  }
}
