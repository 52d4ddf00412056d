import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Outcome } from '../domain/outcomes';
import { ConflictError } from '../errors';
import type { Participant } from '../schemas/participants';
import { changeItem, type WriteContext } from './changes';
import { keys, stripKeys } from './keys';
import { type Page, queryPage } from './pagination';
import { cancellationReasons } from './sdk-errors';
import { transactWrite } from './transact';

export type ParticipantRecord = Participant & { createdBy: string };

export class ParticipantStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(participant: ParticipantRecord, context: WriteContext): Promise<void> {
    try {
      await transactWrite(this.doc, [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.participant(participant.id),
              gsi1pk: keys.participantsIndex,
              gsi1sk: keys.participantIndexSort(participant.plieId, participant.ref),
              _type: 'participant',
              ...participant,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.participantRef(participant.plieId, participant.ref),
              _type: 'participant-ref',
              participantId: participant.id,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        changeItem(this.tableName, context, {
          entityType: 'participant',
          entityId: participant.id,
          action: 'create',
          data: { ...participant },
        }),
      ]);
    } catch (error) {
      if (cancellationReasons(error)?.[1]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError(
          `Ce PLIE suit déjà un participant de référence « ${participant.ref} ».`,
          [{ path: 'ref', message: 'Référence déjà utilisée dans ce PLIE' }],
        );
      }
      throw error;
    }
  }

  async get(participantId: string): Promise<ParticipantRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.participant(participantId) }),
    );
    return Item ? (stripKeys(Item) as unknown as ParticipantRecord) : null;
  }

  /** Participants by PLIE then reference; one PLIE's only when `plieId` is given. */
  async list(
    plieId: string | undefined,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ParticipantRecord>> {
    const result = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: plieId
          ? 'gsi1pk = :pk AND begins_with(gsi1sk, :plie)'
          : 'gsi1pk = :pk',
        ExpressionAttributeValues: {
          ':pk': keys.participantsIndex,
          ...(plieId ? { ':plie': `${plieId}#` } : {}),
        },
      },
      {
        ...page,
        keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
        partition: { attribute: 'gsi1pk', value: keys.participantsIndex },
      },
    );
    return {
      ...result,
      items: result.items.map((item) => stripKeys(item) as unknown as ParticipantRecord),
    };
  }

  /** Records the exit; a participant exits once (409 otherwise). */
  async exit(
    participantId: string,
    exit: { exitedOn: string; outcome: Outcome },
    context: WriteContext,
  ): Promise<void> {
    try {
      await transactWrite(this.doc, [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.participant(participantId),
            UpdateExpression: 'SET exitedOn = :on, outcome = :outcome',
            ConditionExpression: 'attribute_exists(pk) AND exitedOn = :null',
            ExpressionAttributeValues: {
              ':on': exit.exitedOn,
              ':outcome': exit.outcome,
              ':null': null,
            },
          },
        },
        changeItem(this.tableName, context, {
          entityType: 'participant',
          entityId: participantId,
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
}
