import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ContractKind, SocialConsideration } from '../domain/contracts';
import type { AwardeeType, LegacyReservedBasis, ReservedBasis } from '../domain/reserved';
import { ConflictError } from '../errors';
import { changeItem, type WriteContext } from './changes';
import { keys, stripKeys } from './keys';
import { type Page, queryAll, queryPage } from './pagination';
import { cancellationReasons } from './sdk-errors';
import { transactWrite } from './transact';

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
  allocation: { mode: 'single'; plieId: string } | { mode: 'shared' };
  socialConsiderations: SocialConsideration[];
  reserved: { basis: ReservedBasis | LegacyReservedBasis; awardeeType: AwardeeType | null } | null;
  /** Total of the contract's active lines, kept by the hour-line transactions. */
  hoursLogged: number;
  lineCount: number;
  createdAt: string;
  createdBy: string;
  source: 'api' | 'decp';
}

export type NewContract = Omit<ContractRecord, 'hoursLogged' | 'lineCount'>;

export interface ContractFilter {
  year?: number | undefined;
  activeIn?: number | undefined;
  plieId?: string | undefined;
  reserved?: boolean | undefined;
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

  async get(contractId: string): Promise<ContractRecord | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: keys.contract(contractId) }),
    );
    return Item ? toContract(Item) : null;
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

  /** Contracts, newest notification first. */
  async list(
    filter: ContractFilter,
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ContractRecord>> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':pk': keys.contractsIndex };
    let keyCondition = 'gsi1pk = :pk';
    if (filter.year !== undefined) {
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
    const result = await queryPage(
      this.doc,
      {
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: keyCondition,
        ScanIndexForward: false,
        ExpressionAttributeValues: values,
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      },
      {
        ...page,
        keyAttributes: ['pk', 'sk', 'gsi1pk', 'gsi1sk'],
        partition: { attribute: 'gsi1pk', value: keys.contractsIndex },
      },
    );
    return { ...result, items: result.items.map(toContract) };
  }
}

function toContract(item: Record<string, unknown>): ContractRecord {
  return stripKeys(item) as unknown as ContractRecord;
}
