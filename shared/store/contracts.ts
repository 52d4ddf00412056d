import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ChangeAction } from '#shared/domain/change-log';
import { ConflictError } from '#shared/errors';
import { batchGetAll } from './batch-get';
import { changeItem, type WriteContext } from './changes';
import { contractIndexChanges, contractIndexPuts } from './contract-indexes';
import {
  type ContractChanges,
  type ContractRecord,
  contractFromItem,
  contractItem,
  type NewContract,
} from './contract-item';
import { type ContractFilter, contractListQuery } from './contract-list-query';
import { readItem } from './item';
import type { Keys } from './keys';
import { type Page, queryAll, queryPage } from './pagination';
import { cancellationReasons } from './sdk-errors';
import { type TransactItem, transactWrite } from './transact';

export type { ContractChanges, ContractRecord, NewContract } from './contract-item';

export type { ContractFilter } from './contract-list-query';

export class ContractStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  async create(contract: NewContract, context: WriteContext): Promise<ContractRecord> {
    const record: ContractRecord = { ...contract, hoursLogged: 0, lineCount: 0 };
    try {
      await transactWrite(this.doc, [
        {
          Put: {
            TableName: this.tableName,
            Item: contractItem(this.keys, record),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...this.keys.contractRef(record.buyer.siret, record.reference),
              _type: 'contract-ref',
              contractId: record.id,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...contractIndexPuts(this.keys, this.tableName, record),
        changeItem(this.keys, this.tableName, context, {
          entityType: 'contract',
          entityId: record.id,
          action: 'create',
          data: { ...record },
        }),
      ]);
    } catch (error) {
      if (cancellationReasons(error)?.[1]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError(
          `Un marché de référence « ${record.reference} » existe déjà pour cet acheteur.`,
          [{ path: 'reference', message: 'Référence déjà utilisée' }],
        );
      }
      throw error;
    }
    return record;
  }

  /**
   * Applies `changes` to `current`, keeping the L2113-15 award index in step. The contract must
   * not have changed since it was read (409 otherwise), so two editors cannot undo each other.
   */
  async update(
    current: ContractRecord,
    changes: ContractChanges,
    context: WriteContext,
    record: { action: ChangeAction; reason?: string } = { action: 'update' },
  ): Promise<ContractRecord> {
    const next: ContractRecord = { ...current, ...changes, updatedAt: context.at };
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = Object.entries(changes).map(([name, value], i) => {
      names[`#f${i}`] = name;
      values[`:v${i}`] = value ?? null;
      return `#f${i} = :v${i}`;
    });
    if (changes.notifiedOn) {
      sets.push('gsi1sk = :sort');
      values[':sort'] = this.keys.contractIndexSort(changes.notifiedOn, current.id);
    }
    names['#updatedAt'] = 'updatedAt';
    values[':at'] = context.at;
    values[':seen'] = current.updatedAt ?? current.createdAt;
    sets.push('#updatedAt = :at');
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: this.keys.contract(current.id),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression:
            'attribute_exists(pk) AND (#updatedAt = :seen OR (attribute_not_exists(#updatedAt) AND createdAt = :seen))',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        },
      },
    ];
    items.push(...contractIndexChanges(this.keys, this.tableName, current, next));
    items.push(
      changeItem(this.keys, this.tableName, context, {
        entityType: 'contract',
        entityId: current.id,
        action: record.action,
        ...(record.reason ? { reason: record.reason } : {}),
        data: { ...changes },
        before: Object.fromEntries(
          Object.keys(changes).map((name) => [name, current[name as keyof ContractRecord] ?? null]),
        ),
      }),
    );
    try {
      await transactWrite(this.doc, items);
    } catch (error) {
      if (cancellationReasons(error)?.[0]?.Code === 'ConditionalCheckFailed') {
        throw new ConflictError(
          'Ce marché a été modifié entre-temps : rechargez-le avant de le modifier à nouveau.',
        );
      }
      throw error;
    }
    return next;
  }

  async get(contractId: string): Promise<ContractRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.contract(contractId),
        ConsistentRead: true,
      }),
    );
    return Item ? contractFromItem(Item) : null;
  }

  /** The contract a buyer knows by this reference (the uniqueness key of imports). */
  async findByBuyerReference(
    buyerSiret: string | undefined,
    reference: string,
  ): Promise<ContractRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.contractRef(buyerSiret, reference),
        ConsistentRead: true,
      }),
    );
    return Item ? this.get(readItem(Item, 'contract reference').string('contractId')) : null;
  }

  /**
   * The contracts any of these references of one buyer name (one read for them all), in the
   * order of the references asked: the versions a DECP record may have been imported under.
   */
  async findByBuyerReferences(
    buyerSiret: string | undefined,
    references: readonly string[],
  ): Promise<ContractRecord[]> {
    const refs = await batchGetAll(
      this.doc,
      this.tableName,
      references.map((reference) => this.keys.contractRef(buyerSiret, reference)),
      { consistentRead: true },
    );
    const idOf = new Map(
      refs.map((item) => [item.pk, readItem(item, 'contract reference').string('contractId')]),
    );
    const ids = references
      .map((reference) => idOf.get(this.keys.contractRef(buyerSiret, reference).pk))
      .filter((id): id is string => id !== undefined);
    const found = await Promise.all([...new Set(ids)].map((id) => this.get(id)));
    return found.filter((c): c is ContractRecord => c !== null);
  }

  /** Every contract with this reference, whatever the buyer (monthly statements name only it). */
  async findByReference(reference: string): Promise<ContractRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.contractReferenceIndex(reference) },
    });
    return items.map(contractFromItem);
  }

  /** Contracts, newest notification first, one page at a time. */
  async list(
    filter: ContractFilter,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ContractRecord>> {
    const result = await queryPage(this.doc, this.listQuery(filter), {
      ...page,
      keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
      partition: { attribute: 'gsi1pk', value: this.keys.contractsIndex },
    });
    return { ...result, items: result.items.map(contractFromItem) };
  }

  /** How many contracts the structure has (the index's keys only are read). */
  async count(): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': this.keys.contractsIndex },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      count += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  /** Every contract the filter selects: for yearly figures (a few thousand at national scale). */
  async all(filter: ContractFilter): Promise<ContractRecord[]> {
    return (await queryAll(this.doc, this.listQuery(filter))).map(contractFromItem);
  }

  /**
   * The buyers' names the structure's contracts give, by SIRET (the most recently notified
   * contract's first): one read of the contracts index, its `buyer` attribute only, for an
   * import of records that name no buyer (the 2024 format).
   */
  async buyerNames(): Promise<Map<string, string>> {
    const items = await queryAll(this.doc, {
      ...this.listQuery({}),
      ProjectionExpression: '#buyer',
      ExpressionAttributeNames: { '#buyer': 'buyer' },
    });
    const names = new Map<string, string>();
    for (const item of items) {
      const buyer = item.buyer as { siret?: unknown; name?: unknown } | undefined;
      if (typeof buyer?.siret !== 'string' || typeof buyer.name !== 'string') continue;
      if (buyer.name.trim() && !names.has(buyer.siret)) names.set(buyer.siret, buyer.name);
    }
    return names;
  }

  private listQuery(filter: ContractFilter): QueryCommandInput {
    return contractListQuery(this.keys, this.tableName, filter);
  }
}
