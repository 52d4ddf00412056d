import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import { yearOf } from '#shared/domain/calendar';
import { OUTCOMES, type Outcome } from '#shared/domain/outcomes';
import { ConflictError } from '#shared/errors';
import { changeItem, type WriteContext } from './changes';
import { type Item, readItem } from './item';
import { keys } from './keys';
import { type Page, queryAll, queryPage } from './pagination';
import { cancellationReasons } from './sdk-errors';
import { type TransactItem, transactWrite } from './transact';

/** A participant as the table keeps it: a pseudonym, eligibility codes, dates and the exit. */
export interface ParticipantRecord {
  id: string;
  plieId: string;
  ref: string;
  eligibility: string[];
  enteredOn: string;
  exitedOn: string | null;
  outcome: Outcome | null;
  createdAt: string;
  createdBy: string;
  /** Set when the person was forgotten (GDPR): ref and eligibility are gone. */
  erasedAt?: string;
}

function participantFromItem(item: Item): ParticipantRecord {
  const read = readItem(item, 'participant');
  const erasedAt = read.optionalString('erasedAt');
  return {
    id: read.string('id'),
    plieId: read.string('plieId'),
    ref: read.string('ref'),
    eligibility: read.strings('eligibility', []),
    enteredOn: read.string('enteredOn'),
    exitedOn: read.nullableString('exitedOn'),
    outcome: read.nullableOneOf('outcome', OUTCOMES),
    createdAt: read.string('createdAt'),
    createdBy: read.string('createdBy'),
    ...(erasedAt ? { erasedAt } : {}),
  };
}

/** What an erased participant's reference reads. */
export const ERASED_REF = 'effacé';

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
    return Item ? participantFromItem(Item) : null;
  }

  /** The participant a PLIE knows by this pseudonymous reference. */
  async idByRef(plieId: string, ref: string): Promise<string | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.participantRef(plieId, ref) }),
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
      items: result.items.map(participantFromItem),
    };
  }

  /** Participants who exited in `year`, of one PLIE when given: what outcome rates count. */
  async exitsOfYear(year: number, plieId?: string): Promise<ParticipantRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: plieId
        ? 'gsi2pk = :pk AND begins_with(gsi2sk, :plie)'
        : 'gsi2pk = :pk',
      ExpressionAttributeValues: {
        ':pk': keys.exitsIndex(year),
        ...(plieId ? { ':plie': `${plieId}#` } : {}),
      },
    });
    return items.map(participantFromItem);
  }

  /** Several participants at once (BatchGet, 100 keys a call), in no particular order. */
  async getMany(ids: readonly string[]): Promise<ParticipantRecord[]> {
    const found: ParticipantRecord[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      let keysLeft: Record<string, unknown>[] | undefined = ids
        .slice(i, i + 100)
        .map((id) => ({ ...keys.participant(id) }));
      while (keysLeft?.length) {
        const result: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keysLeft } } }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          found.push(participantFromItem(item));
        }
        keysLeft = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  /**
   * Forgets a person (GDPR): the pseudonymous reference and the eligibility codes go, from the
   * participant and from the change records that held them; the hour lines and the exit stay,
   * tied to an anonymous id, so that totals, funding and outcome rates do not change.
   */
  async erase(participant: ParticipantRecord, context: WriteContext): Promise<void> {
    const history = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.changesPartition('participant', participant.id) },
    });
    const redact = history.map(
      (change): TransactItem => ({
        Update: {
          TableName: this.tableName,
          Key: { pk: change.pk as string, sk: change.sk as string },
          UpdateExpression: 'REMOVE #data.#ref, #data.eligibility',
          ConditionExpression: 'attribute_exists(#data)',
          ExpressionAttributeNames: { '#data': 'data', '#ref': 'ref' },
        },
      }),
    );
    await transactWrite(this.doc, [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.participant(participant.id),
          UpdateExpression: 'SET #ref = :ref, eligibility = :none, erasedAt = :at, gsi1sk = :sort',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasedAt)',
          ExpressionAttributeNames: { '#ref': 'ref' },
          ExpressionAttributeValues: {
            ':ref': ERASED_REF,
            ':none': [],
            ':at': context.at,
            ':sort': keys.participantIndexSort(participant.plieId, `~${participant.id}`),
          },
        },
      },
      {
        Delete: {
          TableName: this.tableName,
          Key: keys.participantRef(participant.plieId, participant.ref),
        },
      },
      ...redact.filter((_, i) => history[i]?.data !== undefined),
      changeItem(this.tableName, context, {
        entityType: 'participant',
        entityId: participant.id,
        action: 'erase',
      }),
    ]);
  }

  /**
   * Corrects a recorded exit (date, outcome) with a reason, or cancels it (`exit` null): the
   * exits index follows, and the change record keeps what it was. The exit must still be the
   * one that was read (409 otherwise), so two corrections cannot undo each other.
   */
  async changeExit(
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
            Key: keys.participant(participant.id),
            UpdateExpression:
              'SET exitedOn = :on, outcome = :outcome, gsi2pk = :year, gsi2sk = :sort',
            ConditionExpression: 'exitedOn = :seenOn AND outcome = :seenOutcome',
            ExpressionAttributeValues: {
              ':on': exit.exitedOn,
              ':outcome': exit.outcome,
              ':year': keys.exitsIndex(yearOf(exit.exitedOn)),
              ':sort': keys.exitIndexSort(participant.plieId, exit.exitedOn, participant.id),
              ...seen,
            },
          },
        }
      : {
          Update: {
            TableName: this.tableName,
            Key: keys.participant(participant.id),
            UpdateExpression: 'SET exitedOn = :null, outcome = :null REMOVE gsi2pk, gsi2sk',
            ConditionExpression: 'exitedOn = :seenOn AND outcome = :seenOutcome',
            ExpressionAttributeValues: { ':null': null, ...seen },
          },
        };
    try {
      await transactWrite(this.doc, [
        update,
        changeItem(this.tableName, context, {
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

  /** Records the exit; a participant exits once (409 otherwise). */
  async exit(
    participant: ParticipantRecord,
    exit: { exitedOn: string; outcome: Outcome },
    context: WriteContext,
  ): Promise<void> {
    try {
      await transactWrite(this.doc, [
        {
          Update: {
            TableName: this.tableName,
            Key: keys.participant(participant.id),
            // The exits index lets outcomes of a year be read without scanning participants.
            UpdateExpression:
              'SET exitedOn = :on, outcome = :outcome, gsi2pk = :year, gsi2sk = :sort',
            ConditionExpression: 'attribute_exists(pk) AND exitedOn = :null',
            ExpressionAttributeValues: {
              ':on': exit.exitedOn,
              ':outcome': exit.outcome,
              ':null': null,
              ':year': keys.exitsIndex(yearOf(exit.exitedOn)),
              ':sort': keys.exitIndexSort(participant.plieId, exit.exitedOn, participant.id),
            },
          },
        },
        changeItem(this.tableName, context, {
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
}
