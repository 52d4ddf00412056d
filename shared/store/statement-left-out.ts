import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#shared/errors';
import type { Keys } from './keys';
import type { DeclaredLine } from './statement-item';

// An awardee's declared lines that a facilitator leaves out as possible duplicates of hours
// already counted (shared/domain/duplicates.ts): recorded on the statement before its lines are
// logged, with what it then counts — its line count and hours, which reconcile holds its active
// lines to once validated.

export class StatementLeftOutStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  /**
   * Records the lines left out and what the statement counts, only while it is still submitted
   * with the lines it was read with (a refusal or another validation got there first: 409).
   */
  async record(
    statementId: string,
    decided: { leftOut: number[]; lineCount: number; hours: number },
    linesAsRead: DeclaredLine[],
  ): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.keys.statement(statementId),
          UpdateExpression: 'SET leftOut = :leftOut, lineCount = :lineCount, hours = :hours',
          ConditionExpression: '#status = :submitted AND declaredLines = :lines',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':leftOut': decided.leftOut,
            ':lineCount': decided.lineCount,
            ':hours': decided.hours,
            ':submitted': 'submitted',
            ':lines': linesAsRead,
          },
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
        throw new ConflictError('Ce relevé a changé entre-temps : rechargez-le.');
      }
      throw error;
    }
  }
}
