import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { addHours } from '#shared/domain/hours';
import { batchGetAll } from './batch-get';
import { type Item, readItem } from './item';
import { type Keys, MODE_ATTRIBUTE_PREFIX, monthNumberAttribute } from './keys';
import { queryAll } from './pagination';

// Reads of the totals that the hour-line transactions keep (shared/store/totals.ts): reports,
// funding and allocations read these, never the lines.

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

export interface PlieMonthTotal {
  plieId: string;
  month: string;
  hours: number;
  lines: number;
  byMode: Record<string, number>;
}

export class TotalsStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  /** A person's hours in a month, on every contract (0 when none). */
  async personMonthHours(participantId: string, month: string): Promise<number> {
    const { Item } = await this.doc.send(
      new GetCommand({
        TableName: this.tableName,
        Key: this.keys.participantMonthTotal(participantId, month),
        ConsistentRead: true,
      }),
    );
    return Item ? readItem(Item, 'participant × month total').number('hours') : 0;
  }

  /** Hours logged on the contract, PLIE by PLIE. */
  async plieTotals(contractId: string): Promise<PlieTotal[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :plie)',
      ExpressionAttributeValues: {
        ':pk': this.keys.contractPartition(contractId),
        ':plie': 'PLIE#',
      },
    });
    return items.map((item) => {
      const read = readItem(item, 'contract × PLIE total');
      return {
        plieId: read.string('plieId'),
        hours: read.number('hours'),
        lines: read.number('lines'),
      };
    });
  }

  /** A year's contract × PLIE totals, hours month by month: one item per pair. */
  async yearTotals(year: number): Promise<ContractYearTotal[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.contractsYearPartition(year) },
    });
    return items.map((item) => yearTotalFromItem(item, year));
  }

  /** Some contract × PLIE pairs' hours month by month in one year (pairs without hours: absent). */
  async yearTotalsOf(
    pairs: readonly { contractId: string; plieId: string }[],
    year: number,
  ): Promise<ContractYearTotal[]> {
    const items = await batchGetAll(
      this.doc,
      this.tableName,
      pairs.map((p) => this.keys.contractPlieYearTotal(p.contractId, p.plieId, year)),
    );
    return items.map((item) => yearTotalFromItem(item, year));
  }

  /** One contract's hours month by month and PLIE by PLIE, for one year. */
  async monthsOf(contractId: string, year: number): Promise<ContractYearTotal[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :contract)',
      ExpressionAttributeValues: {
        ':pk': this.keys.contractsYearPartition(year),
        ':contract': `${contractId}#`,
      },
    });
    return items.map((item) => yearTotalFromItem(item, year));
  }

  /** Lifetime hours of some contract × PLIE pairs (BatchGet, 100 keys a call), `contractId#plieId`. */
  async plieLifetimeHours(
    pairs: readonly { contractId: string; plieId: string }[],
  ): Promise<Map<string, number>> {
    const items = await batchGetAll(
      this.doc,
      this.tableName,
      pairs.map((p) => this.keys.contractPlieTotal(p.contractId, p.plieId)),
    );
    const hours = new Map<string, number>();
    for (const item of items) {
      const read = readItem(item, 'contract × PLIE total');
      hours.set(`${read.string('contractId')}#${read.string('plieId')}`, read.number('hours'));
    }
    return hours;
  }

  /** Participants who have hours on the contract (voided lines taken out). */
  async participantIds(contractId: string): Promise<string[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: {
        ':pk': this.keys.contractPartition(contractId),
        ':p': 'PARTICIPANT#',
      },
    });
    return items
      .map((item) => readItem(item, 'contract × participant total'))
      .filter((read) => read.number('lines') > 0)
      .map((read) => read.string('participantId'));
  }

  /** How many people had hours in a year: the participant × year totals with hours left. */
  async peopleOfYear(year: number): Promise<number> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.peopleYearPartition(year) },
      ProjectionExpression: 'hours',
    });
    return items.filter((item) => Number(item.hours) > 0).length;
  }

  /**
   * The participant × year totals of a year: each person with lines that year, their hours and
   * lines (people whose lines were all voided are left out). One partition, an item per person.
   */
  async peopleYearTotals(
    year: number,
  ): Promise<{ participantId: string; hours: number; lines: number }[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.peopleYearPartition(year) },
    });
    return items
      .map((item) => readItem(item, 'participant × year total'))
      .filter((read) => read.number('lines') > 0)
      .map((read) => ({
        participantId: read.string('participantId'),
        hours: read.number('hours'),
        lines: read.number('lines'),
      }));
  }

  /**
   * Writes the participant × year totals of data from before they existed, from the
   * participant × month ones (a participant's months are one partition): one Put per person
   * and year. Answers how many participants were looked at.
   */
  async indexPeopleYears(participantIds: readonly string[]): Promise<number> {
    for (const participantId of participantIds) {
      const months = await queryAll(this.doc, {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :month)',
        ExpressionAttributeValues: {
          ':pk': this.keys.participant(participantId).pk,
          ':month': 'MONTH#',
        },
      });
      const years = new Map<number, { hours: number; lines: number }>();
      for (const item of months) {
        const year = Number(String(item.sk).slice('MONTH#'.length, 'MONTH#'.length + 4));
        const sum = years.get(year) ?? { hours: 0, lines: 0 };
        sum.hours = addHours(sum.hours, Number(item.hours ?? 0));
        sum.lines += Number(item.lines ?? 0);
        years.set(year, sum);
      }
      for (const [year, sum] of years) {
        await this.doc.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              ...this.keys.participantYearTotal(participantId, year),
              _type: 'total:participant-year',
              participantId,
              year,
              ...sum,
            },
          }),
        );
      }
    }
    return participantIds.length;
  }

  /**
   * The PLIE × month totals of a year (of one PLIE if given): at most PLIEs × 12 items, however
   * many lines were logged.
   */
  async plieMonths(year: number, plieId?: string): Promise<PlieMonthTotal[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      // One PLIE's months are the items whose sort key starts with its id: 12 at most.
      KeyConditionExpression: plieId ? 'pk = :pk AND begins_with(sk, :p)' : 'pk = :pk',
      ExpressionAttributeValues: {
        ':pk': this.keys.pliesMonthsPartition(year),
        ...(plieId ? { ':p': `${plieId}#` } : {}),
      },
    });
    return items.map((item) => {
      const read = readItem(item, 'PLIE × month total');
      const byMode: Record<string, number> = {};
      for (const name of Object.keys(item)) {
        if (name.startsWith(MODE_ATTRIBUTE_PREFIX))
          byMode[name.slice(MODE_ATTRIBUTE_PREFIX.length)] = read.number(name);
      }
      return {
        plieId: read.string('plieId'),
        month: read.string('month'),
        hours: read.number('hours'),
        lines: read.number('lines'),
        byMode,
      };
    });
  }
}

function yearTotalFromItem(item: Item, year: number): ContractYearTotal {
  const read = readItem(item, 'contract × PLIE × year total');
  return {
    contractId: read.string('contractId'),
    plieId: read.string('plieId'),
    year,
    hours: read.number('hours'),
    months: Array.from(
      { length: 12 },
      (_, i) => read.optionalNumber(monthNumberAttribute(i + 1)) ?? 0,
    ),
  };
}
