import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { changeItem, type WriteContext } from './changes';
import { readItem } from './item';
import type { Keys } from './keys';
import { transactWrite } from './transact';

// Who, at each buyer (donneur d'ordre) of the structure, receives the buyer's bilan every
// January. A buyer is not an entity of its own — contracts name it (SIRET and name) — so its
// addresses are a setting of the structure's administrator: one item, the whole list, a few
// hundred buyers at most, read at once by the page and by the January run.

export interface BuyerContact {
  siret: string;
  /** The buyer's name as the administrator knows it (the contracts' when given none). */
  name: string;
  emails: string[];
}

export class BuyerContactStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  async list(): Promise<BuyerContact[]> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.setting('buyer-contacts'),
        ConsistentRead: true,
      }),
    );
    if (!Item) return [];
    return readItem(Item, 'buyer contacts')
      .records('buyers')
      .map((buyer) => {
        const read = readItem(buyer, 'buyer contact');
        return {
          siret: read.string('siret'),
          name: read.string('name'),
          emails: read.strings('emails'),
        };
      });
  }

  /** Replaces the list, with its change record. */
  async set(buyers: readonly BuyerContact[], context: WriteContext): Promise<void> {
    const list = buyers.map(({ siret, name, emails }) => ({ siret, name, emails: [...emails] }));
    // The list it replaces, as read just before, for the journal's before → after.
    const before = await this.list();
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: { ...this.keys.setting('buyer-contacts'), _type: 'setting', buyers: list },
        },
      },
      changeItem(this.keys, this.tableName, context, {
        entityType: 'setting',
        entityId: 'buyer-contacts',
        action: 'update',
        data: { buyers: list },
        before: { buyers: before },
      }),
    ]);
  }
}
