import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { AllocationMode } from '../domain/allocation';
import type { ContractKind, SocialConsideration } from '../domain/contracts';
import {
  type AnyReservedBasis,
  type AwardeeType,
  essAwardBuyer,
  isEssAward,
} from '../domain/reserved';
import { ConflictError } from '../errors';
import { changeItem, type WriteContext } from './changes';
import { keys, monthNumberAttribute, stripKeys } from './keys';
import { type Page, queryAll, queryPage } from './pagination';
import { cancellationReasons } from './sdk-errors';
import { type TransactItem, transactWrite } from './transact';

export interface ContractRecord {
  id: string;
  reference: string;
  title: string;
  buyer: { name: string; siret?: string };
  awardee: { name: string; siret: string };
  kind: ContractKind;
  cpv?: string;
  amountCents: number;
  notifiedOn: string;
  startsOn: string;
  endsOn: string;
  targetHours: number | null;
  insertionInputs: { labourShare: number; insertionRate: number; hourlyCostCents: number } | null;
  /** Null until a user names the PLIE(s): contracts imported from DECP carry none. */
  allocation: AllocationMode | null;
  socialConsiderations: SocialConsideration[];
  reserved: { basis: AnyReservedBasis; awardeeType: AwardeeType | null } | null;
  defenceOrSecurity: boolean;
  /** Total of the contract's active lines, kept by the hour-line transactions. */
  hoursLogged: number;
  lineCount: number;
  createdAt: string;
  createdBy: string;
  /** Set by every later write: what an update checks it is not overwriting. */
  updatedAt?: string;
  source: 'api' | 'decp';
}

export type NewContract = Omit<ContractRecord, 'hoursLogged' | 'lineCount'>;

/** The fields a later write may change; the line totals are never among them. */
export type ContractChanges = Partial<
  Pick<
    ContractRecord,
    | 'title'
    | 'amountCents'
    | 'notifiedOn'
    | 'startsOn'
    | 'endsOn'
    | 'cpv'
    | 'kind'
    | 'targetHours'
    | 'insertionInputs'
    | 'allocation'
    | 'socialConsiderations'
    | 'reserved'
    | 'defenceOrSecurity'
  >
>;

export interface ContractFilter {
  year?: number | undefined;
  /** Notification month, `YYYY-MM`. */
  notifiedIn?: string | undefined;
  activeIn?: number | undefined;
  plieId?: string | undefined;
  reserved?: boolean | undefined;
}

export interface ContractYearTotal {
  contractId: string;
  plieId: string;
  year: number;
  hours: number;
  /** Hours of January … December. */
  months: number[];
}

export interface PlieTotal {
  plieId: string;
  hours: number;
  lines: number;
}

export class ContractStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  private essAwardPut(contract: ContractRecord): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: {
          ...keys.essAward(
            essAwardBuyer(contract.buyer),
            contract.awardee.siret,
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

  async create(contract: NewContract, context: WriteContext): Promise<ContractRecord> {
    const record: ContractRecord = { ...contract, hoursLogged: 0, lineCount: 0 };
    try {
      await transactWrite(this.doc, [
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.contract(record.id),
              gsi1pk: keys.contractsIndex,
              gsi1sk: keys.contractIndexSort(record.notifiedOn, record.id),
              gsi2pk: keys.contractReferenceIndex(record.reference),
              gsi2sk: record.id,
              _type: 'contract',
              ...record,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          Put: {
            TableName: this.tableName,
            Item: {
              ...keys.contractRef(record.buyer.siret, record.reference),
              _type: 'contract-ref',
              contractId: record.id,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...(isEssAward(record.reserved) ? [this.essAwardPut(record)] : []),
        changeItem(this.tableName, context, {
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
      values[':sort'] = keys.contractIndexSort(changes.notifiedOn, current.id);
    }
    names['#updatedAt'] = 'updatedAt';
    values[':at'] = context.at;
    values[':seen'] =
      (current as ContractRecord & { updatedAt?: string }).updatedAt ?? current.createdAt;
    sets.push('#updatedAt = :at');
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: keys.contract(current.id),
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
          Key: keys.essAward(
            essAwardBuyer(current.buyer),
            current.awardee.siret,
            current.notifiedOn,
            current.id,
          ),
        },
      });
    }
    if (awardMoved && isAward) items.push(this.essAwardPut(next));
    items.push(
      changeItem(this.tableName, context, {
        entityType: 'contract',
        entityId: current.id,
        action: 'update',
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
        Key: keys.contract(contractId),
        ConsistentRead: true,
      }),
    );
    return Item ? toContract(Item) : null;
  }

  /** The contract a buyer knows by this reference (the uniqueness key of imports). */
  async findByBuyerReference(
    buyerSiret: string | undefined,
    reference: string,
  ): Promise<ContractRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.contractRef(buyerSiret, reference),
        ConsistentRead: true,
      }),
    );
    return Item ? this.get(Item.contractId as string) : null;
  }

  /** Every contract with this reference, whatever the buyer (monthly statements name only it). */
  async findByReference(reference: string): Promise<ContractRecord[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.contractReferenceIndex(reference) },
    });
    return items.map(toContract);
  }

  /** Notification dates of the L2113-15 awards of this buyer to this operator. */
  async essAwardDates(
    buyer: string,
    awardeeSiret: string,
    exceptContractId?: string,
  ): Promise<string[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.essAwardsPartition(buyer, awardeeSiret) },
    });
    return items
      .filter((item) => item.contractId !== exceptContractId)
      .map((item) => item.notifiedOn as string);
  }

  /** Hours logged on the contract, PLIE by PLIE. */
  async plieTotals(contractId: string): Promise<PlieTotal[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :plie)',
      ExpressionAttributeValues: { ':pk': keys.contractPartition(contractId), ':plie': 'PLIE#' },
    });
    return items.map((item) => ({
      plieId: item.plieId as string,
      hours: item.hours as number,
      lines: item.lines as number,
    }));
  }

  /** A year's contract × PLIE totals, hours month by month: one item per pair. */
  async yearTotals(year: number): Promise<ContractYearTotal[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.contractsYearPartition(year) },
    });
    return items.map((item) => toYearTotal(item, year));
  }

  /** One contract's hours month by month and PLIE by PLIE, for one year. */
  async monthsOf(contractId: string, year: number): Promise<ContractYearTotal[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :contract)',
      ExpressionAttributeValues: {
        ':pk': keys.contractsYearPartition(year),
        ':contract': `${contractId}#`,
      },
    });
    return items.map((item) => toYearTotal(item, year));
  }

  /** Lifetime hours of some contract × PLIE pairs (BatchGet, 100 keys a call). */
  async plieLifetimeHours(
    pairs: readonly { contractId: string; plieId: string }[],
  ): Promise<Map<string, number>> {
    const hours = new Map<string, number>();
    for (let i = 0; i < pairs.length; i += 100) {
      let pending: Record<string, unknown>[] | undefined = pairs
        .slice(i, i + 100)
        .map((p) => ({ ...keys.contractPlieTotal(p.contractId, p.plieId) }));
      while (pending?.length) {
        const result: BatchGetCommandOutput = await this.doc.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }),
        );
        for (const item of result.Responses?.[this.tableName] ?? []) {
          hours.set(`${item.contractId}#${item.plieId}`, item.hours as number);
        }
        pending = result.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return hours;
  }

  /** Participants who have hours on the contract (voided lines taken out). */
  async participantIds(contractId: string): Promise<string[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: {
        ':pk': keys.contractPartition(contractId),
        ':p': 'PARTICIPANT#',
      },
    });
    return items
      .filter((item) => (item.lines as number) > 0)
      .map((item) => item.participantId as string);
  }

  /** Contracts, newest notification first, one page at a time. */
  async list(
    filter: ContractFilter,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ContractRecord>> {
    const result = await queryPage(this.doc, this.listQuery(filter), {
      ...page,
      keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
      partition: { attribute: 'gsi1pk', value: keys.contractsIndex },
    });
    return { ...result, items: result.items.map(toContract) };
  }

  /** Every contract the filter selects: for yearly figures (a few thousand at national scale). */
  async all(filter: ContractFilter): Promise<ContractRecord[]> {
    return (await queryAll(this.doc, this.listQuery(filter))).map(toContract);
  }

  private listQuery(filter: ContractFilter): QueryCommandInput {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': keys.contractsIndex };
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
      // A PLIE is concerned by the contracts allotted to it and by every shared contract.
      filters.push('(#alloc.#mode = :shared OR #alloc.#plieId = :plieId)');
      Object.assign(names, { '#alloc': 'allocation', '#mode': 'mode', '#plieId': 'plieId' });
      values[':shared'] = 'shared';
      values[':plieId'] = filter.plieId;
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

function toYearTotal(item: Record<string, unknown>, year: number): ContractYearTotal {
  return {
    contractId: item.contractId as string,
    plieId: item.plieId as string,
    year,
    hours: item.hours as number,
    months: Array.from(
      { length: 12 },
      (_, i) => (item[monthNumberAttribute(i + 1)] as number | undefined) ?? 0,
    ),
  };
}

function toContract(item: Record<string, unknown>): ContractRecord {
  return { defenceOrSecurity: false, ...stripKeys(item) } as unknown as ContractRecord;
}
