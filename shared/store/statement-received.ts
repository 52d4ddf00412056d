import { type DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ReceivedMark } from '#shared/domain/awardees';
import { countsAsReceived } from '#shared/domain/statement-lifecycle';
import { readItem } from './item';
import type { Keys } from './keys';
import { queryAll } from './pagination';
import { type StatementRecord, statementFromItem } from './statement-item';
import { ReceivedItems, writeRest } from './statement-received-items';

// The "statement received" items as the missing-statement check reads them — a month's, or one
// contract reference's in a month — and their first writing for statements recorded before
// they existed. The statements' transitions keep them (statement-received-items.ts).

export class ReceivedStore {
  private readonly items: ReceivedItems;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {
    this.items = new ReceivedItems(keys, tableName);
  }

  /** Every statement received for `month`: the marks of its partition, small items. */
  async ofMonth(month: string): Promise<ReceivedMark[]> {
    return marksOf(
      await queryAll(this.doc, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': this.keys.receivedPartition(month) },
      }),
    );
  }

  /** The statements received for `month` that name this contract reference. */
  async ofReference(month: string, reference: string): Promise<ReceivedMark[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :reference)',
      ExpressionAttributeValues: {
        ':pk': this.keys.receivedPartition(month),
        ':reference': `${reference}#`,
      },
    });
    // A reference may hold a '#': "A#B…" begins with "A#" too.
    return marksOf(items).filter((mark) => mark.reference === reference);
  }

  /**
   * Writes the items of every statement that counts, for data recorded before they existed
   * (shared/store/upgrades.ts): each statement's in transactions conditioned on the state it
   * was read in, so that one a transition moves meanwhile is read again rather than marked
   * from a state it has left. Written again, an item is the same item: a run cut off is run
   * again whole. Answers the number of items written.
   */
  async indexStatements(): Promise<number> {
    let written = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': this.keys.statementsIndex },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) written += await this.index(statementFromItem(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return written;
  }

  private async index(read: StatementRecord): Promise<number> {
    let statement: StatementRecord | null = read;
    // A few moves at most: each one is a transition another request took meanwhile.
    for (let attempt = 0; attempt < 5 && statement; attempt++) {
      if (!countsAsReceived(statement.origin, statement.status)) return 0;
      const puts = this.items.puts(statement);
      const plan = {
        inline: [],
        rest: puts,
        condition: this.items.inState(statement.id, statement.status),
      };
      if (await writeRest(this.doc, plan)) return puts.length;
      statement = await this.get(statement.id);
    }
    if (!statement) return 0;
    throw new Error(`Statement ${read.id} kept moving while its received items were written`);
  }

  private async get(statementId: string): Promise<StatementRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.statement(statementId),
        ConsistentRead: true,
      }),
    );
    return Item ? statementFromItem(Item) : null;
  }
}

function marksOf(items: Record<string, unknown>[]): ReceivedMark[] {
  return items.map((item) => {
    const read = readItem(item, 'statement received');
    return {
      month: read.string('month'),
      reference: read.string('reference'),
      contractId: read.nullableString('contractId'),
    };
  });
}
