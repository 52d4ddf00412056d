import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '#shared/errors';
import { type Item, readItem } from './item';
import { platformKeys } from './keys';
import { queryAll } from './pagination';
import { isConditionFailure } from './sdk-errors';

// The platform's register of structures: the only items of no structure. The data of a
// deployment from before structures is the structure `default` as it lies (its keys carry no
// prefix, keys.ts): upgrading it writes its entry here, and nothing else.

export interface TenantRecord {
  id: string;
  name: string;
  createdAt: string;
  /** Who created it: the operator's `sub`, or `upgrade` / `demo`. */
  createdBy: string;
}

function tenantFromItem(item: Item): TenantRecord {
  const read = readItem(item, 'tenant');
  return {
    id: read.string('id'),
    name: read.string('name'),
    createdAt: read.string('createdAt'),
    createdBy: read.string('createdBy'),
  };
}

export class TenantStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Registers a structure; its id is taken once (409 otherwise). */
  async create(tenant: TenantRecord): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...platformKeys.tenant(tenant.id), _type: 'tenant', ...tenant },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError(`La structure « ${tenant.id} » existe déjà.`);
      }
      throw error;
    }
  }

  /** Registers it unless it is already (upgrades, demo data): says whether it wrote. */
  async ensure(tenant: TenantRecord): Promise<boolean> {
    try {
      await this.create(tenant);
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }

  async get(id: string): Promise<TenantRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: platformKeys.tenant(id) }),
    );
    return Item ? tenantFromItem(Item) : null;
  }

  /** Every structure, by id: a few hundred at most for a country, one partition. */
  async list(): Promise<TenantRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': platformKeys.tenantsPartition },
    });
    return items.map(tenantFromItem);
  }
}
