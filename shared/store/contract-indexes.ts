import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { holderSirens } from '#shared/domain/awardees';
import { essAwardBuyer, essAwardOperator, isEssAward } from '#shared/domain/reserved';
import { batchGetAll } from './batch-get';
import { type ContractRecord, contractFromItem } from './contract-item';
import type { ContractStore } from './contracts';
import { readItem } from './item';
import type { Key, Keys } from './keys';
import { queryAll } from './pagination';
import { plieAudiences, plieContractItem, plieContractKeys } from './plie-contracts';
import type { TransactItem } from './transact';

// The index items a contract writes besides itself, in the same transaction as the contract:
// the L2113-15 awards (a buyer's awards to an operator), the holders' index (the contracts a
// company holds) and the PLIEs' index (plie-contracts.ts). ContractStore writes them with the
// contract; ContractIndexStore reads them.

/** An index item of the holders' index: the company's key, the contract it holds. */
const holderItem = (key: Key, contractId: string) => ({ ...key, _type: 'holder', contractId });

/** The index items that let a company find the contracts it holds (an awardee's list). */
function holderKeys(keys: Keys, contract: ContractRecord): Key[] {
  return holderSirens(contract).map((siren) =>
    keys.holder(siren, contract.notifiedOn, contract.id),
  );
}

function essAwardKey(keys: Keys, contract: ContractRecord): Key {
  return keys.essAward(
    essAwardBuyer(contract.buyer),
    essAwardOperator(contract.awardee),
    contract.notifiedOn,
    contract.id,
  );
}

function essAwardPut(keys: Keys, tableName: string, contract: ContractRecord): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...essAwardKey(keys, contract),
        _type: 'ess-award',
        contractId: contract.id,
        notifiedOn: contract.notifiedOn,
      },
    },
  };
}

const holderPut = (tableName: string, key: Key, contractId: string): TransactItem => ({
  Put: { TableName: tableName, Item: holderItem(key, contractId) },
});

const plieContractPut = (tableName: string, key: Key, contractId: string): TransactItem => ({
  Put: { TableName: tableName, Item: plieContractItem(key, contractId) },
});

/** The index items to delete and to write when a contract's index keys go from one set to another. */
function indexChanges(
  tableName: string,
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
      .map((key): TransactItem => ({ Delete: { TableName: tableName, Key: key } })),
    ...after.filter((key) => !was.has(id(key))).map(put),
  ];
}

/** The index items a new contract writes with itself. */
export function contractIndexPuts(
  keys: Keys,
  tableName: string,
  record: ContractRecord,
): TransactItem[] {
  return [
    ...(isEssAward(record.reserved) ? [essAwardPut(keys, tableName, record)] : []),
    ...holderKeys(keys, record).map((key) => holderPut(tableName, key, record.id)),
    ...plieContractKeys(keys, record).map((key) => plieContractPut(tableName, key, record.id)),
  ];
}

/** The index items to delete and write when a contract goes from `current` to `next`. */
export function contractIndexChanges(
  keys: Keys,
  tableName: string,
  current: ContractRecord,
  next: ContractRecord,
): TransactItem[] {
  const items: TransactItem[] = [];
  const wasAward = isEssAward(current.reserved);
  const isAward = isEssAward(next.reserved);
  const awardMoved = wasAward !== isAward || (wasAward && current.notifiedOn !== next.notifiedOn);
  if (awardMoved && wasAward) {
    items.push({ Delete: { TableName: tableName, Key: essAwardKey(keys, current) } });
  }
  if (awardMoved && isAward) items.push(essAwardPut(keys, tableName, next));
  // The holders' index follows the awardee, the co-contractors and the notification date;
  // the PLIEs' index, the allocations and the end date.
  items.push(
    ...indexChanges(tableName, holderKeys(keys, current), holderKeys(keys, next), (key) =>
      holderPut(tableName, key, current.id),
    ),
    ...indexChanges(
      tableName,
      plieContractKeys(keys, current),
      plieContractKeys(keys, next),
      (key) => plieContractPut(tableName, key, current.id),
    ),
  );
  return items;
}

/** The contracts as their indexes find them, and the one-off writing of indexes added later. */
export class ContractIndexStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
    private readonly contracts: Pick<ContractStore, 'all'>,
  ) {}

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

  /**
   * Writes the holders' index of contracts stored before it existed (local data of an earlier
   * version): one idempotent Put per holder. Answers how many contracts were looked at.
   */
  async indexHolders(): Promise<number> {
    return this.writeIndex((contract) =>
      holderKeys(this.keys, contract).map((key) => holderItem(key, contract.id)),
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
    const contracts = await this.contracts.all({});
    for (const contract of contracts)
      for (const item of itemsOf(contract))
        await this.doc.send(new PutCommand({ TableName: this.tableName, Item: item }));
    return contracts.length;
  }
}
