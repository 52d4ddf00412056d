import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { changeItem, type WriteContext } from './changes';
import { type Item, readItem } from './item';
import type { Keys } from './keys';
import { queryAll } from './pagination';
import { transactWrite } from './transact';

// The people of an awardee company a facilitator invited: who receives the reminders, and who
// may sign in as the company. One item per company (SIREN) and address.

export interface AwardeeContact {
  siren: string;
  /** The SIRET the invitation was made for (the establishment on the contract). */
  siret: string;
  email: string;
  /** The contract the invitation was made from. */
  contractId: string;
  invitedAt: string;
  invitedBy: string;
}

function contactFromItem(item: Item): AwardeeContact {
  const read = readItem(item, 'awardee contact');
  return {
    siren: read.string('siren'),
    siret: read.string('siret'),
    email: read.string('email'),
    contractId: read.string('contractId'),
    invitedAt: read.string('invitedAt'),
    invitedBy: read.string('invitedBy'),
  };
}

export class AwardeeContactStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  async get(siren: string, email: string): Promise<AwardeeContact | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.awardeeContact(siren, email),
        ConsistentRead: true,
      }),
    );
    return Item ? contactFromItem(Item) : null;
  }

  /** Records an invitation (again: the latest one wins), with its change record. */
  async put(contact: AwardeeContact, context: WriteContext): Promise<void> {
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...this.keys.awardeeContact(contact.siren, contact.email),
            gsi1pk: this.keys.awardeeContactsIndex,
            gsi1sk: `${contact.siren}#${contact.email}`,
            _type: 'awardee-contact',
            ...contact,
          },
        },
      },
      changeItem(this.keys, this.tableName, context, {
        entityType: 'contract',
        entityId: contact.contractId,
        action: 'invite-awardee',
        data: { email: contact.email, siret: contact.siret },
      }),
    ]);
  }

  /** One company's contacts. */
  async ofCompany(siren: string): Promise<AwardeeContact[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.awardeeContact(siren, '').pk },
    });
    return items.map(contactFromItem);
  }

  /** Every contact of every company (the reminders' recipients: a few per awardee). */
  async all(): Promise<AwardeeContact[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.awardeeContactsIndex },
    });
    return items.map(contactFromItem);
  }
}
