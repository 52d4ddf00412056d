import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Item, readItem } from './item';
import { platformKeys } from './keys';
import { queryAll } from './pagination';
import { isConditionFailure } from './sdk-errors';

// The platform's record of the administrators its operator invited: who was invited, to which
// structure, by whom and when. Platform items, of no structure: the operator writes them
// without reading or writing any structure's data. One item per address, since an account
// serves one structure (Cognito's `custom:tenant` never changes).

export interface AdministratorRecord {
  email: string;
  tenant: string;
  /** How the invited person is named, when the operator said. */
  name: string | null;
  invitedAt: string;
  /** The operator's `sub`, and how histories name them. */
  invitedBy: string;
  invitedByName: string | null;
}

function administratorFromItem(item: Item): AdministratorRecord {
  const read = readItem(item, 'administrator');
  return {
    email: read.string('email'),
    tenant: read.string('tenant'),
    name: read.nullableString('name'),
    invitedAt: read.string('invitedAt'),
    invitedBy: read.string('invitedBy'),
    invitedByName: read.nullableString('invitedByName'),
  };
}

export class AdministratorStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(email: string): Promise<AdministratorRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: platformKeys.administrator(email),
        ConsistentRead: true,
      }),
    );
    return Item ? administratorFromItem(Item) : null;
  }

  /**
   * Records the first invitation of an address; a later one keeps the first (who and when).
   * Answers the record as stored: the caller's (written), or the one that was there (perhaps of
   * another structure, when two invitations of one address raced).
   */
  async record(
    invitation: AdministratorRecord,
  ): Promise<{ stored: AdministratorRecord; written: boolean }> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...platformKeys.administrator(invitation.email),
            _type: 'administrator',
            ...invitation,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { stored: invitation, written: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const stored = await this.get(invitation.email);
      if (!stored) throw error;
      return { stored, written: false };
    }
  }

  /** Every invited administrator: a few per structure, one partition for the platform. */
  async list(): Promise<AdministratorRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': platformKeys.administratorsPartition },
    });
    return items.map(administratorFromItem);
  }
}
