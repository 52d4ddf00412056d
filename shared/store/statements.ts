import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { HourMode } from '#shared/domain/hours';
import { ConflictError } from '#shared/errors';
import { changeItem, type WriteContext } from './changes';
import { type Item, readItem } from './item';
import { keys } from './keys';
import { type Page, queryAll, queryPage } from './pagination';
import { cancellationReasons } from './sdk-errors';
import { type TransactItem, transactWrite } from './transact';

// Monthly statements ("relevés mensuels") as records with an identity: the file's hash, who
// uploaded it, what it covers, its status. Its lines point back to it. A facilitator's upload
// is logged at once (importing → imported); an awardee's declaration waits for a facilitator
// (submitted → validated, its lines logged, or rejected, with the reasons).

export const STATEMENT_STATUSES = [
  'importing',
  'imported',
  'withdrawn',
  'replaced',
  'submitted',
  'validated',
  'rejected',
] as const;
export type StatementStatus = (typeof STATEMENT_STATUSES)[number];

/** One line of an awardee's statement: one person's hours of the month, as declared. */
export interface DeclaredLine {
  /** 1 for the first line. */
  line: number;
  /** The PLIE's pseudonymous reference of the person, when the awardee knows it. */
  participantRef: string | null;
  /** Otherwise a name-free description ("manœuvre, embauché le 3"). */
  description: string | null;
  plieId: string;
  hours: number;
  mode: HourMode;
  /** Why the facilitator refused this line (null: not refused). */
  rejection: string | null;
}

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
  /** Why it was withdrawn, replaced or rejected. */
  reason: string | null;
  /** `upload` for a facilitator's file, `awardee` for an awardee's declaration. */
  origin: 'upload' | 'awardee';
  /** An awardee's statement is for one contract and one month, by one company. */
  contractId: string | null;
  month: string | null;
  awardeeSiret: string | null;
  declaredLines: DeclaredLine[];
  /** When and by whom a facilitator validated or rejected it. */
  reviewedAt: string | null;
  reviewedBy: string | null;
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
    origin: item.origin === 'awardee' ? 'awardee' : 'upload',
    contractId: read.nullableString('contractId'),
    month: read.nullableString('month'),
    awardeeSiret: read.nullableString('awardeeSiret'),
    declaredLines: Array.isArray(item.declaredLines) ? (item.declaredLines as DeclaredLine[]) : [],
    reviewedAt: read.nullableString('reviewedAt'),
    reviewedBy: read.nullableString('reviewedBy'),
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

  /** A new statement: listed with all the others, and with its company's for an awardee's. */
  private statementPut(statement: StatementRecord, siren?: string): TransactItem {
    const sort = `${statement.uploadedAt}#${statement.id}`;
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.statement(statement.id),
          gsi1pk: keys.statementsIndex,
          gsi1sk: sort,
          ...(siren ? { gsi2pk: keys.awardeeStatementsIndex(siren), gsi2sk: sort } : {}),
          _type: 'statement',
          ...statement,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** Records a statement about to be imported; a statement already recorded is left as it is. */
  async claim(statement: StatementRecord, context: WriteContext): Promise<void> {
    try {
      await transactWrite(this.doc, [
        this.statementPut(statement),
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

  /**
   * Records an awardee's statement, submitted; when it corrects a rejected one, that one points
   * to it, in the same transaction. Answers false when a statement of this id exists already
   * (the same declaration sent again).
   */
  async submit(statement: StatementRecord, context: WriteContext, siren: string): Promise<boolean> {
    const items: TransactItem[] = [
      this.statementPut(statement, siren),
      changeItem(this.tableName, context, {
        entityType: 'statement',
        entityId: statement.id,
        action: 'submit',
        data: { ...statement },
      }),
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...keys.toValidate(statement.uploadedAt, statement.id),
            _type: 'statement-to-validate',
            statementId: statement.id,
          },
        },
      },
    ];
    if (statement.replaces) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: keys.statement(statement.replaces),
          UpdateExpression: 'SET replacedBy = :id',
          ConditionExpression: '#status = :rejected AND replacedBy = :none',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':id': statement.id,
            ':rejected': 'rejected',
            ':none': null,
          },
        },
      });
    }
    try {
      await transactWrite(this.doc, items);
      return true;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') return false;
      if (reasons?.[3]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError(
          'Le relevé à corriger n’est pas refusé, ou il a déjà été corrigé : rechargez-le.',
        );
      }
      throw error;
    }
  }

  /**
   * The two items that move a statement from one status to the next, with the reason and its
   * change record: written alone (setStatus), or with the last lines a validation logs.
   */
  statusItems(
    statementId: string,
    from: StatementStatus,
    to: {
      /** A submitted statement's upload time: its marker among those to validate goes. */
      submittedAt?: string;
      status: StatementStatus;
      reason?: string;
      replacedBy?: string;
      declaredLines?: DeclaredLine[];
      reviewed?: { at: string; by: string };
    },
    context: WriteContext,
  ): TransactItem[] {
    const values: Record<string, unknown> = {
      ':to': to.status,
      ':from': from,
      ':reason': to.reason ?? null,
      ':replacedBy': to.replacedBy ?? null,
    };
    let update = 'SET #status = :to, reason = :reason, replacedBy = :replacedBy';
    if (to.declaredLines) {
      update += ', declaredLines = :lines';
      values[':lines'] = to.declaredLines;
    }
    if (to.reviewed) {
      update += ', reviewedAt = :at, reviewedBy = :by';
      values[':at'] = to.reviewed.at;
      values[':by'] = to.reviewed.by;
    }
    const rejected = to.declaredLines?.filter((line) => line.rejection !== null);
    const decided: TransactItem[] = to.submittedAt
      ? [
          {
            Delete: {
              TableName: this.tableName,
              Key: keys.toValidate(to.submittedAt, statementId),
            },
          },
        ]
      : [];
    return [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.statement(statementId),
          UpdateExpression: update,
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        },
      },
      changeItem(this.tableName, context, {
        entityType: 'statement',
        entityId: statementId,
        action: to.status,
        ...(to.reason ? { reason: to.reason } : {}),
        ...(to.replacedBy ? { data: { replacedBy: to.replacedBy } } : {}),
        ...(rejected?.length
          ? {
              data: { rejectedLines: rejected.map(({ line, rejection }) => ({ line, rejection })) },
            }
          : {}),
      }),
      ...decided,
    ];
  }

  /** Moves a statement from one status to the next, with the reason; 409 if it moved meanwhile. */
  async setStatus(
    statementId: string,
    from: StatementStatus,
    to: Parameters<StatementStore['statusItems']>[2],
    context: WriteContext,
  ): Promise<void> {
    try {
      await transactWrite(this.doc, this.statusItems(statementId, from, to, context));
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new StatementMovedError();
      }
      throw error;
    }
  }

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
        ExpressionAttributeValues: { ':pk': keys.toValidatePartition },
      },
      {
        ...page,
        keyAttributes: ['pk', 'sk'],
        partition: { attribute: 'pk', value: keys.toValidatePartition },
      },
    );
    const statements = await Promise.all(
      result.items.map((item) => this.get(readItem(item, 'marker').string('statementId'))),
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
    status?: StatementStatus | undefined;
  }): Promise<Page<StatementRecord>> {
    const { status, ...rest } = page;
    const result = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: {
          ':pk': keys.statementsIndex,
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
        partition: { attribute: 'gsi1pk', value: keys.statementsIndex },
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
      ExpressionAttributeValues: { ':pk': keys.statementsIndex, ':from': from, ':until': until },
    });
    return items.map(statementFromItem);
  }

  /** The statements of one company (an awardee's), newest first. */
  async listOfAwardee(
    siren: string,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<StatementRecord>> {
    const partition = keys.awardeeStatementsIndex(siren);
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

/** The statement changed status between its reading and this write. */
export class StatementMovedError extends ConflictError {
  constructor() {
    super('Ce relevé a changé entre-temps : rechargez-le.');
  }
}
