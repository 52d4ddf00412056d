import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { holderSirens } from '#shared/domain/awardees';
import { essAwardBuyer, essAwardOperator, isEssAward } from '#shared/domain/reserved';
import { ConflictError } from '#shared/errors';
import { batchGetAll } from './batch-get';
import { changeItem, type WriteContext } from './changes';
import {
  type ContractChanges,
  type ContractRecord,
  contractFromItem,
  contractItem,
  type NewContract,
} from './contract-item';
import { readItem } from './item';
import type { Key, Keys } from './keys';
import { type Page, queryAll, queryPage } from './pagination';
import { plieAudiences, plieContractItem, plieContractKeys } from './plie-contracts';
import { cancellationReasons } from './sdk-errors';
import { type TransactItem, transactWrite } from './transact';

export type { ContractChanges, ContractRecord, NewContract } from './contract-item';

export interface ContractFilter {
  year?: number | undefined;
  /** Notification month, `YYYY-MM`. */
  notifiedIn?: string | undefined;
  activeIn?: number | undefined;
  plieId?: string | undefined;
  /** With `plieId`: that PLIE's territory, whose shared contracts concern it too. */
  plieTerritory?: string | null | undefined;
  reserved?: boolean | undefined;
}

/** An index item of the holders' index: the company's key, the contract it holds. */
const holderItem = (key: Key, contractId: string) => ({ ...key, _type: 'holder', contractId });

export class ContractStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  private essAwardPut(contract: ContractRecord): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...this.keys.essAward(
            essAwardBuyer(contract.buyer),
            essAwardOperator(contract.awardee),
            contract.notifiedOn,
            contract.id,
          ),
          _type: 'ess-award',
          contractId: contract.id,
          notifiedOn: contract.notifiedOn,
        },
      },
    };
  }

  /** The index items that let a company find the contracts it holds (an awardee's list). */
  private holderKeys(contract: ContractRecord): Key[] {
    return holderSirens(contract).map((siren) =>
      this.keys.holder(siren, contract.notifiedOn, contract.id),
    );
  }

  private holderPut(key: Key, contractId: string): TransactItem {
    return { Put: { TableName: this.tableName, Item: holderItem(key, contractId) } };
  }

  private plieContractPut(key: Key, contractId: string): TransactItem {
    return { Put: { TableName: this.tableName, Item: plieContractItem(key, contractId) } };
  }

  /** The index items to delete and to write when a contract's index keys go from one set to another. */
  private indexChanges(
    before: Key[],
    after: Key[],
    put: (key: Key) => TransactItem,
  ): TransactItem[] {
    const id = (key: Key) => `${key.pk}\u0000${key.sk}`;
    const was = new Set(before.map(id));
    const is = new Set(after.map(id));
    return [
      ...before
        .filter((key) => !is.has(id(key)))
        .map((key): TransactItem => ({ Delete: { TableName: this.tableName, Key: key } })),
      ...after.filter((key) => !was.has(id(key))).map(put),
    ];
  }

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
        ...(isEssAward(record.reserved) ? [this.essAwardPut(record)] : []),
        ...this.holderKeys(record).map((key) => this.holderPut(key, record.id)),
        ...plieContractKeys(this.keys, record).map((key) => this.plieContractPut(key, record.id)),
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
    record: { action: string; reason?: string } = { action: 'update' },
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
    const wasAward = isEssAward(current.reserved);
    const isAward = isEssAward(next.reserved);
    const awardMoved = wasAward !== isAward || (wasAward && current.notifiedOn !== next.notifiedOn);
    if (awardMoved && wasAward) {
      items.push({
        Delete: {
          TableName: this.tableName,
          Key: this.keys.essAward(
            essAwardBuyer(current.buyer),
            essAwardOperator(current.awardee),
            current.notifiedOn,
            current.id,
          ),
        },
      });
    }
    if (awardMoved && isAward) items.push(this.essAwardPut(next));
    // The holders' index follows the awardee, the co-contractors and the notification date;
    // the PLIEs' index, the allocations and the end date.
    items.push(
      ...this.indexChanges(this.holderKeys(current), this.holderKeys(next), (key) =>
        this.holderPut(key, current.id),
      ),
      ...this.indexChanges(
        plieContractKeys(this.keys, current),
        plieContractKeys(this.keys, next),
        (key) => this.plieContractPut(key, current.id),
      ),
    );
    items.push(
      changeItem(this.keys, this.tableName, context, {
        entityType: 'contract',
        entityId: current.id,
        action: record.action,
        ...(record.reason ? { reason: record.reason } : {}),
        data: { ...changes },
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

  /** Notification dates of the L2113-15 awards of this buyer to this operator. */
  async essAwardDates(
    buyer: string,
    operator: string,
    exceptContractId?: string,
  ): Promise<string[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.essAwardsPartition(buyer, operator) },
    });
    return items
      .map((item) => readItem(item, 'L2113-15 award'))
      .filter((read) => read.string('contractId') !== exceptContractId)
      .map((read) => read.string('notifiedOn'));
  }

  /** Whether the company (SIREN) holds any contract here: one key of the holders' index. */
  async holdsAny(siren: string): Promise<boolean> {
    const { Items } = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': this.keys.holderPartition(siren) },
        Limit: 1,
        ProjectionExpression: 'pk',
      }),
    );
    return (Items?.length ?? 0) > 0;
  }

  /** The contracts a company (SIREN) holds, as awardee or co-contractor, newest first. */
  async heldBy(siren: string): Promise<ContractRecord[]> {
    const held = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.holderPartition(siren) },
      ScanIndexForward: false,
    });
    const ids = held.map((item) => readItem(item, 'holder').string('contractId'));
    const items = await batchGetAll(this.doc, this.tableName, ids.map(this.keys.contract));
    const found = new Map(items.map(contractFromItem).map((c) => [c.id, c]));
    return ids.flatMap((contractId) => found.get(contractId) ?? []);
  }

  /**
   * Writes the holders' index of contracts stored before it existed (local data of an earlier
   * version): one idempotent Put per holder. Answers how many contracts were looked at.
   */
  async indexHolders(): Promise<number> {
    return this.writeIndex((contract) =>
      this.holderKeys(contract).map((key) => holderItem(key, contract.id)),
    );
  }

  /**
   * Writes the PLIEs' index of contracts stored before it existed: one idempotent Put per
   * audience. Until it has run, a PLIE's report reads every contract of the year, as before.
   */
  async indexPlieContracts(): Promise<number> {
    return this.writeIndex((contract) =>
      plieContractKeys(this.keys, contract).map((key) => plieContractItem(key, contract.id)),
    );
  }

  /** Puts every contract's index items, one idempotent Put each; answers the contracts seen. */
  private async writeIndex(
    itemsOf: (contract: ContractRecord) => Record<string, unknown>[],
  ): Promise<number> {
    const contracts = await this.all({});
    for (const contract of contracts)
      for (const item of itemsOf(contract))
        await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
    return contracts.length;
  }

  /**
   * The contracts that may concern a PLIE in `year`: those listed under its audiences and
   * ending in that year or later (some may start after it: the caller filters). A PLIE's report
   * reads these instead of every contract of the year.
   */
  async ofPlieFrom(
    plie: { id: string; territory?: string | null },
    year: number,
  ): Promise<ContractRecord[]> {
    const listed = await Promise.all(
      plieAudiences(plie).map((audience) =>
        queryAll(this.doc, {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk >= :from',
          ExpressionAttributeValues: {
            ':pk': this.keys.plieContractsPartition(audience),
            ':from': `${year}-01-01`,
          },
        }),
      ),
    );
    const ids = [
      ...new Set(listed.flat().map((item) => readItem(item, 'PLIE contract').string('contractId'))),
    ];
    const items = await batchGetAll(this.doc, this.tableName, ids.map(this.keys.contract));
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

  private listQuery(filter: ContractFilter): QueryCommandInput {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': this.keys.contractsIndex };
    let keyCondition = 'gsi1pk = :pk';
    if (filter.notifiedIn !== undefined) {
      keyCondition += ' AND begins_with(gsi1sk, :month)';
      values[':month'] = `${filter.notifiedIn}-`;
    } else if (filter.year !== undefined) {
      keyCondition += ' AND begins_with(gsi1sk, :year)';
      values[':year'] = `${filter.year}-`;
    }
    const filters: string[] = [];
    if (filter.activeIn !== undefined) {
      filters.push('startsOn <= :yearEnd AND endsOn >= :yearStart');
      values[':yearStart'] = `${filter.activeIn}-01-01`;
      values[':yearEnd'] = `${filter.activeIn}-12-31`;
    }
    if (filter.plieId !== undefined) {
      // A PLIE is concerned by the contracts allotted to it and by every shared contract that
      // names no territory or its own (concernsPlie in shared/domain/allocation.ts).
      const territory = filter.plieTerritory
        ? 'attribute_not_exists(#alloc.#territory) OR #alloc.#territory = :territory'
        : 'attribute_not_exists(#alloc.#territory)';
      filters.push(`((#alloc.#mode = :shared AND (${territory})) OR #alloc.#plieId = :plieId)`);
      Object.assign(names, {
        '#alloc': 'allocation',
        '#mode': 'mode',
        '#plieId': 'plieId',
        '#territory': 'territory',
      });
      values[':shared'] = 'shared';
      values[':plieId'] = filter.plieId;
      if (filter.plieTerritory) values[':territory'] = filter.plieTerritory;
    }
    if (filter.reserved !== undefined) {
      filters.push(
        filter.reserved
          ? 'contains(socialConsiderations, :reserved)'
          : 'NOT contains(socialConsiderations, :reserved)',
      );
      values[':reserved'] = 'reserved';
    }
    return {
      TableName: this.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: keyCondition,
      ScanIndexForward: false,
      ExpressionAttributeValues: values,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
    };
  }
}
