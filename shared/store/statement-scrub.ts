import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ErasedPerson, scrubStatementRecord, statementNames } from '#shared/domain/erasure';
import { readItem } from './item';
import type { Keys } from './keys';
import { rewriteItem } from './rewrite';

// Statements that name a person being erased: found, and scrubbed by key. The lifecycle's
// store (statements.ts) is left to its transitions: this one only rewrites the attributes
// that can name a person, conditionally on what it read (rewrite.ts).

/** A page of the statements' listing: its items are a few KB (an awardee's declared lines). */
const PAGE = 500;

export class StatementScrubStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  /**
   * The statements that name one of the persons (a declared line, or free text), oldest first,
   * and the listing's last sort key, from which a later look starts (`after`).
   *
   * No index holds declared references, so this reads every statement after `after` from the
   * statements' listing (gsi1 STATEMENTS, by upload time): its cost grows with all statements
   * ever sent, about 1–2 KB each (e.g. 50,000 statements ≈ 100 MB read, 100 pages, some
   * 12,000 read units and 10–20 s), once per erasure request — the retention rule reads them
   * once for all the persons it erases. Only the attributes that can name a person come back.
   * An index of declared references, written with each statement, would make it a query.
   */
  async naming(
    persons: readonly ErasedPerson[],
    after?: string,
  ): Promise<{ ids: string[]; last: string | undefined }> {
    const ids: string[] = [];
    let last = after;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: after ? 'gsi1pk = :pk AND gsi1sk > :after' : 'gsi1pk = :pk',
          ExpressionAttributeValues: {
            ':pk': this.keys.statementsIndex,
            ...(after ? { ':after': after } : {}),
          },
          ProjectionExpression: 'pk, sk, gsi1pk, gsi1sk, id, #reason, declaredLines',
          ExpressionAttributeNames: { '#reason': 'reason' },
          Limit: PAGE,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const read = readItem(item, 'statement');
        last = read.string('gsi1sk');
        if (statementNames(item, persons)) ids.push(read.string('id'));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { ids, last };
  }

  /**
   * The statement's lines and free text scrubbed, and an awardee's fingerprint replaced by
   * `erasedHash` (scrubStatementRecord). Answers whether it wrote.
   */
  scrub(statementId: string, persons: readonly ErasedPerson[], erasedHash: string) {
    return rewriteItem(
      this.doc,
      this.tableName,
      this.keys.statement(statementId),
      ['declaredLines', 'reason', 'fileHash'],
      (item) => scrubStatementRecord(item, persons, erasedHash),
    );
  }
}
