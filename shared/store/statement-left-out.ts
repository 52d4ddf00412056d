import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#shared/errors';
import { type Concerns, changeItem, type WriteContext } from './changes';
import type { Keys } from './keys';
import { cancellationReasons } from './sdk-errors';
import type { DeclaredLine } from './statement-item';
import { transactWrite } from './transact';

// An awardee's declared lines that a facilitator leaves out as possible duplicates of hours
// already counted (shared/domain/duplicates.ts): recorded on the statement before its lines are
// logged, with what it then counts — its line count and hours, which reconcile holds its active
// lines to once validated — and, in the same transaction, the journal's entry that says how
// many lines were left out and what the statement counts instead of what was declared.

/** What a validation leaves out, and what the statement counts then. */
export interface LeftOutDecision {
  leftOut: number[];
  lineCount: number;
  hours: number;
}

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
    decided: LeftOutDecision,
    linesAsRead: DeclaredLine[],
    logged: {
      context: WriteContext;
      declared: { lineCount: number; hours: number };
      concerns: Concerns;
    },
  ): Promise<void> {
    try {
      await transactWrite(this.doc, [
        {
          Update: {
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
          },
        },
        // None left out (a validation that now counts them all): nothing for the journal.
        ...(decided.leftOut.length === 0
          ? []
          : [
              changeItem(this.keys, this.tableName, logged.context, {
                entityType: 'statement',
                entityId: statementId,
                action: 'leave-out-duplicates',
                data: {
                  leftOutCount: decided.leftOut.length,
                  leftOutLines: decided.leftOut,
                  countedLines: decided.lineCount,
                  countedHours: decided.hours,
                },
                before: {
                  leftOutCount: 0,
                  leftOutLines: [],
                  countedLines: logged.declared.lineCount,
                  countedHours: logged.declared.hours,
                },
                concerns: logged.concerns,
              }),
            ]),
      ]);
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError('Ce relevé a changé entre-temps : rechargez-le.');
      }
      throw error;
    }
  }
}
