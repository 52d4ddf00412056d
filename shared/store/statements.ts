import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#shared/errors';
import { changeItem, type WriteContext } from './changes';
import { type Item, readItem } from './item';
import { keys } from './keys';
import { type Page, queryPage } from './pagination';
import { cancellationReasons } from './sdk-errors';
import { transactWrite } from './transact';

// Monthly statements ("relevés mensuels") as records with an identity: the file's hash, who
// uploaded it, what it covers, its status. Its lines point back to it.

export const STATEMENT_STATUSES = ['importing', 'imported', 'withdrawn', 'replaced'] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

export interface StatementRecord {
  id: string;
  fileHash: string;
  uploadedAt: string;
  uploadedBy: string;
  contractReferences: string[];
  months: string[];
  lineCount: number;
  /** The file's last line number: its lines are numbered 2 (after the header) to this. */
  lastLine: number;
  hours: number;
  status: StatementStatus;
  /** The statement this one corrects, and the one that corrected this one. */
  replaces: string | null;
  replacedBy: string | null;
  /** Why it was withdrawn or replaced. */
  reason: string | null;
}

function statementFromItem(item: Item): StatementRecord {
  const read = readItem(item, 'statement');
  return {
    id: read.string('id'),
    fileHash: read.string('fileHash'),
    uploadedAt: read.string('uploadedAt'),
    uploadedBy: read.string('uploadedBy'),
    contractReferences: read.strings('contractReferences', []),
    months: read.strings('months', []),
    lineCount: read.number('lineCount'),
    lastLine: read.number('lastLine'),
    hours: read.number('hours'),
    status: read.oneOf('status', STATEMENT_STATUSES),
    replaces: read.nullableString('replaces'),
    replacedBy: read.nullableString('replacedBy'),
    reason: read.nullableString('reason'),
  };
}

export class StatementStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(statementId: string): Promise<StatementRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.statement(statementId),
        ConsistentRead: true,
      }),
    );
    return Item ? statementFromItem(Item) : null;
  }

  /** Records a statement about to be imported; a statement already recorded is left as it is. */
  async claim(statement: StatementRecord, context: WriteContext): Promise<void> {
    try {
      await transactWrite(this.doc, [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.statement(statement.id),
              gsi1pk: keys.statementsIndex,
              gsi1sk: `${statement.uploadedAt}#${statement.id}`,
              _type: 'statement',
              ...statement,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        changeItem(this.tableName, context, {
          entityType: 'statement',
          entityId: statement.id,
          action: 'upload',
          data: { ...statement },
        }),
      ]);
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
    }
  }

  /** Moves a statement from one status to the next, with the reason; 409 if it moved meanwhile. */
  async setStatus(
    statementId: string,
    from: StatementStatus,
    to: { status: StatementStatus; reason?: string; replacedBy?: string },
    context: WriteContext,
  ): Promise<void> {
    try {
      await transactWrite(this.doc, [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.statement(statementId),
            UpdateExpression: 'SET #status = :to, reason = :reason, replacedBy = :replacedBy',
            ConditionExpression: '#status = :from',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':to': to.status,
              ':from': from,
              ':reason': to.reason ?? null,
              ':replacedBy': to.replacedBy ?? null,
            },
          },
        },
        changeItem(this.tableName, context, {
          entityType: 'statement',
          entityId: statementId,
          action: to.status,
          ...(to.reason ? { reason: to.reason } : {}),
          ...(to.replacedBy ? { data: { replacedBy: to.replacedBy } } : {}),
        }),
      ]);
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError('Ce relevé a changé entre-temps : rechargez-le.');
      }
      throw error;
    }
  }

  /** Statements, newest upload first. */
  async list(page: { limit: number; cursor?: string | undefined }): Promise<Page<StatementRecord>> {
    const result = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.statementsIndex },
        ScanIndexForward: false,
      },
      {
        ...page,
        keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
        partition: { attribute: 'gsi1pk', value: keys.statementsIndex },
      },
    );
    return { ...result, items: result.items.map(statementFromItem) };
  }
}
