import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ERASED_REF } from '#shared/domain/erasure';
import type { AgeBand, Sex } from '#shared/domain/people';
import { ConflictError } from '#shared/errors';
import { batchGetAll } from './batch-get';
import { changeItem, type WriteContext } from './changes';
import { readItem } from './item';
import type { Keys } from './keys';
import { type Page, queryAll, queryPage } from './pagination';
import { type ParticipantRecord, participantFromItem } from './participant-item';
import { cancellationReasons } from './sdk-errors';
import { type TransactItem, transactWrite } from './transact';

export type { ParticipantRecord } from './participant-item';

export class ParticipantStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  async create(participant: ParticipantRecord, context: WriteContext): Promise<void> {
    try {
      await transactWrite(this.doc, [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...this.keys.participant(participant.id),
              gsi1pk: this.keys.participantsIndex,
              gsi1sk: this.keys.participantIndexSort(participant.plieId, participant.ref),
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
              ...this.keys.participantRef(participant.plieId, participant.ref),
              _type: 'participant-ref',
              participantId: participant.id,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        changeItem(this.keys, this.tableName, context, {
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
      new GetCommand({ TableName: this.tableName, Key: this.keys.participant(participantId) }),
    );
    return Item ? participantFromItem(Item) : null;
  }

  /** The participant a PLIE knows by this pseudonymous reference. */
  async idByRef(plieId: string, ref: string): Promise<string | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: this.keys.participantRef(plieId, ref) }),
    );
    return Item ? readItem(Item, 'participant reference').string('participantId') : null;
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
          ':pk': this.keys.participantsIndex,
          ...(plieId ? { ':plie': `${plieId}#` } : {}),
        },
      },
      {
        ...page,
        keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
        partition: { attribute: 'gsi1pk', value: this.keys.participantsIndex },
      },
    );
    return {
      ...result,
      items: result.items.map(participantFromItem),
    };
  }

  /** Every participant's id (the upgrades'): the participants' index, keys only. */
  async allIds(): Promise<string[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.participantsIndex },
      ProjectionExpression: 'id',
    });
    return items.map((item) => String(item.id));
  }

  /** Several participants at once (BatchGet, 100 keys a call), in no particular order. */
  async getMany(ids: readonly string[]): Promise<ParticipantRecord[]> {
    const items = await batchGetAll(this.doc, this.tableName, ids.map(this.keys.participant));
    return items.map(participantFromItem);
  }

  /**
   * Records, corrects or removes (null) the sex and the age band at entry of a person who was
   * not erased (409 otherwise: an erasure took them away for good), with the change recorded.
   */
  async describe(
    participant: ParticipantRecord,
    changes: { sex?: Sex | null | undefined; ageBand?: AgeBand | null | undefined },
    context: WriteContext,
  ): Promise<void> {
    const sets: string[] = [];
    const removes: string[] = [];
    const values: Record<string, unknown> = {};
    for (const name of ['sex', 'ageBand'] as const) {
      const value = changes[name];
      if (value === undefined) continue;
      if (value === null) removes.push(name);
      else {
        sets.push(`${name} = :${name}`);
        values[`:${name}`] = value;
      }
    }
    if (!sets.length && !removes.length) return;
    try {
      await transactWrite(this.doc, [
        {
          Update: {
            TableName: this.tableName,
            Key: this.keys.participant(participant.id),
            UpdateExpression: [
              sets.length ? `SET ${sets.join(', ')}` : '',
              removes.length ? `REMOVE ${removes.join(', ')}` : '',
            ]
              .filter(Boolean)
              .join(' '),
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasedAt)',
            ...(sets.length ? { ExpressionAttributeValues: values } : {}),
          },
        },
        changeItem(this.keys, this.tableName, context, {
          entityType: 'participant',
          entityId: participant.id,
          action: 'update',
          data: { ...changes },
        }),
      ]);
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError(
          'Ce participant a été effacé (RGPD) : rien ne peut plus le décrire.',
        );
      }
      throw error;
    }
  }

  /**
   * Forgets a person (GDPR), last step: the pseudonymous reference, the eligibility codes, the
   * sex and the age band leave the participant, its reference is free again, and the erasure is
   * recorded. The hours and the exit stay, tied to the participant's random id, so that totals,
   * funding and outcome rates do not change. What else named the person (its change records,
   * statements, lines' reasons) is scrubbed before, by services/erasure.ts, which calls this
   * once that is done: a participant marked erased is one with nothing left to scrub.
   */
  async erase(
    participant: ParticipantRecord,
    context: WriteContext,
    reason: string,
  ): Promise<void> {
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: this.keys.participant(participant.id),
          UpdateExpression:
            'SET #ref = :ref, eligibility = :none, erasedAt = :at, erasedBy = :by, gsi1sk = :sort REMOVE sex, ageBand',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasedAt)',
          ExpressionAttributeNames: { '#ref': 'ref' },
          ExpressionAttributeValues: {
            ':ref': ERASED_REF,
            ':none': [],
            ':at': context.at,
            ':by': context.actor.sub,
            ':sort': this.keys.participantIndexSort(participant.plieId, `~${participant.id}`),
          },
        },
      },
      {
        Delete: {
          TableName: this.tableName,
          Key: this.keys.participantRef(participant.plieId, participant.ref),
        },
      },
      changeItem(this.keys, this.tableName, context, {
        entityType: 'participant',
        entityId: participant.id,
        action: 'erase',
        reason,
      }),
    ];
    try {
      await transactWrite(this.doc, items);
    } catch (error) {
      // Two erasures of one person at once: both scrub, one records it.
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError('Ce participant a déjà été effacé.');
      }
      throw error;
    }
  }
}
