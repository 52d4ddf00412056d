import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { yearOf } from '#shared/domain/calendar';
import type { Outcome } from '#shared/domain/outcomes';
import { ConflictError } from '#shared/errors';
import { changeItem, type WriteContext } from './changes';
import type { Keys } from './keys';
import { queryAll } from './pagination';
import { type ParticipantRecord, participantFromItem } from './participant-item';
import { cancellationReasons } from './sdk-errors';
import { type TransactItem, transactWrite } from './transact';

// Participants' exits: recorded once, corrected or cancelled with a reason, and indexed by year
// so that a year's outcome rates read its exits without scanning participants.

/**
 * A correction or a cancellation starts from the exit as it was read, on a participant not
 * erased meanwhile: two corrections cannot undo each other, nor one revive an erased record.
 */
const EXIT_AS_READ =
  'exitedOn = :seenOn AND outcome = :seenOutcome AND attribute_not_exists(erasedAt)';

export class ExitStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  /** Participants who exited in `year`, of one PLIE when given: what outcome rates count. */
  async ofYear(year: number, plieId?: string): Promise<ParticipantRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: plieId
        ? 'gsi2pk = :pk AND begins_with(gsi2sk, :plie)'
        : 'gsi2pk = :pk',
      ExpressionAttributeValues: {
        ':pk': this.keys.exitsIndex(year),
        ...(plieId ? { ':plie': `${plieId}#` } : {}),
      },
    });
    return items.map(participantFromItem);
  }

  /** Records the exit; a participant exits once (409 otherwise). */
  async record(
    participant: ParticipantRecord,
    exit: { exitedOn: string; outcome: Outcome },
    context: WriteContext,
  ): Promise<void> {
    try {
      await transactWrite(this.doc, [
        {
          Update: {
            TableName: this.tableName,
            Key: this.keys.participant(participant.id),
            // The exits index lets outcomes of a year be read without scanning participants.
            UpdateExpression:
              'SET exitedOn = :on, outcome = :outcome, gsi2pk = :year, gsi2sk = :sort',
            // Followed (not exited, not erased): the exit transition's starting state.
            ConditionExpression:
              'attribute_exists(pk) AND exitedOn = :null AND attribute_not_exists(erasedAt)',
            ExpressionAttributeValues: {
              ':on': exit.exitedOn,
              ':outcome': exit.outcome,
              ':null': null,
              ':year': this.keys.exitsIndex(yearOf(exit.exitedOn)),
              ':sort': this.keys.exitIndexSort(participant.plieId, exit.exitedOn, participant.id),
            },
          },
        },
        changeItem(this.keys, this.tableName, context, {
          entityType: 'participant',
          entityId: participant.id,
          action: 'exit',
          data: { ...exit },
        }),
      ]);
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError('La sortie de ce participant est déjà enregistrée.');
      }
      throw error;
    }
  }

  /**
   * Corrects a recorded exit (date, outcome) with a reason, or cancels it (`exit` null): the
   * exits index follows, and the change record keeps what it was. The exit must still be the
   * one that was read (409 otherwise), so two corrections cannot undo each other.
   */
  async change(
    participant: ParticipantRecord,
    exit: { exitedOn: string; outcome: Outcome } | null,
    reason: string,
    context: WriteContext,
  ): Promise<void> {
    const seen = { ':seenOn': participant.exitedOn, ':seenOutcome': participant.outcome };
    const update: TransactItem = exit
      ? {
          Update: {
            TableName: this.tableName,
            Key: this.keys.participant(participant.id),
            UpdateExpression:
              'SET exitedOn = :on, outcome = :outcome, gsi2pk = :year, gsi2sk = :sort',
            ConditionExpression: EXIT_AS_READ,
            ExpressionAttributeValues: {
              ':on': exit.exitedOn,
              ':outcome': exit.outcome,
              ':year': this.keys.exitsIndex(yearOf(exit.exitedOn)),
              ':sort': this.keys.exitIndexSort(participant.plieId, exit.exitedOn, participant.id),
              ...seen,
            },
          },
        }
      : {
          Update: {
            TableName: this.tableName,
            Key: this.keys.participant(participant.id),
            UpdateExpression: 'SET exitedOn = :null, outcome = :null REMOVE gsi2pk, gsi2sk',
            ConditionExpression: EXIT_AS_READ,
            ExpressionAttributeValues: { ':null': null, ...seen },
          },
        };
    try {
      await transactWrite(this.doc, [
        update,
        changeItem(this.keys, this.tableName, context, {
          entityType: 'participant',
          entityId: participant.id,
          action: exit ? 'correct-exit' : 'cancel-exit',
          reason,
          data: {
            before: { exitedOn: participant.exitedOn, outcome: participant.outcome },
            after: exit ?? { exitedOn: null, outcome: null },
          },
        }),
      ]);
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError(
          'La sortie de ce participant a changé entre-temps : rechargez-la avant de la corriger.',
        );
      }
      throw error;
    }
  }
}
