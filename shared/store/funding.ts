import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { FundingConvention } from '#shared/domain/funding';
import { byCode } from '#shared/domain/order';
import { changeItem, type WriteContext } from './changes';
import { type Item, readItem } from './item';
import type { Key, Keys } from './keys';
import { queryAll } from './pagination';
import { cancellationReasons } from './sdk-errors';
import { transactWrite } from './transact';

// Funding conventions, one per funder and year: a metropolis and a département may each fund
// the PLIEs the same year. Before, a year had one convention, kept at the year's key; such an
// item still counts as its funder's until the upgrade moves it (keyByFunder), and a convention
// written since for the same funder wins over it.

/** A funder's key: its SIRET, or none for a convention over every contract. */
const funderOf = (convention: Pick<FundingConvention, 'funderSiret'>) =>
  convention.funderSiret ?? null;

export class FundingStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly keys: Keys,
  ) {}

  /** Records the year's convention of its funder, replacing that funder's only. */
  async putConvention(
    year: number,
    convention: FundingConvention,
    context: WriteContext,
  ): Promise<void> {
    // The funder's convention it replaces, as read just before, for the journal's before → after.
    const previous = (await this.conventions(year)).find(
      (c) => funderOf(c) === funderOf(convention),
    );
    await transactWrite(this.doc, [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...this.keys.fundingConvention(year, funderOf(convention)),
            _type: 'funding-convention',
            year,
            ...convention,
            funderSiret: funderOf(convention),
            updatedAt: context.at,
          },
        },
      },
      changeItem(this.keys, this.tableName, context, {
        entityType: 'funding-convention',
        entityId: String(year),
        action: 'set',
        data: { ...convention },
        ...(previous ? { before: { ...previous } } : {}),
      }),
    ]);
  }

  /** The year's conventions: the one over every contract first, then by funder's SIRET. */
  async conventions(year: number): Promise<FundingConvention[]> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :year)',
      ExpressionAttributeValues: {
        ':pk': this.keys.fundingConventionsPartition,
        ':year': String(year),
      },
    });
    const legacy = this.keys.legacyFundingConvention(year).sk;
    const byFunder = new Map<string, FundingConvention>();
    // The old item first, so that a convention written since for its funder replaces it.
    const ordered = [
      ...items.filter((i) => i.sk === legacy),
      ...items.filter((i) => String(i.sk).startsWith(`${year}#`)),
    ];
    for (const item of ordered) {
      const convention = conventionFromItem(item);
      byFunder.set(funderOf(convention) ?? '', convention);
    }
    return [...byFunder.entries()]
      .sort(([a], [b]) => byCode(a, b))
      .map(([, convention]) => convention);
  }

  /**
   * The year's convention of one funder (`null`: the one over every contract); without a
   * funder named, the one over every contract, else the year's only one (a year's single
   * convention, as before conventions were per funder), else null.
   */
  async convention(year: number, funderSiret?: string | null): Promise<FundingConvention | null> {
    const all = await this.conventions(year);
    if (funderSiret !== undefined) return all.find((c) => funderOf(c) === funderSiret) ?? null;
    return all.find((c) => funderOf(c) === null) ?? (all.length === 1 ? (all[0] ?? null) : null);
  }

  /** Removes the year's convention of one funder; answers whether there was one. */
  async deleteConvention(
    year: number,
    funderSiret: string | null,
    context: WriteContext,
  ): Promise<boolean> {
    const found = (await this.conventions(year)).find((c) => funderOf(c) === funderSiret);
    if (!found) return false;
    const change = changeItem(this.keys, this.tableName, context, {
      entityType: 'funding-convention',
      entityId: String(year),
      action: 'delete',
      data: { funderSiret },
    });
    const remove = (key: Key, condition?: string) => ({
      Delete: {
        TableName: this.tableName,
        Key: key,
        ...(condition
          ? {
              ConditionExpression: condition,
              ExpressionAttributeValues: { ':f': funderSiret },
            }
          : {}),
      },
    });
    // The funder's item, and the year's old one if it was that funder's (else it would count
    // again): the old one only on that condition, read in the same transaction.
    await transactWrite(this.doc, [
      remove(this.keys.fundingConvention(year, funderSiret)),
      remove(
        this.keys.legacyFundingConvention(year),
        funderSiret === null
          ? 'attribute_not_exists(funderSiret) OR funderSiret = :f'
          : 'funderSiret = :f',
      ),
      change,
    ]).catch(async (error) => {
      // The old item is another funder's (or gone): only the funder's own item goes.
      if (cancellationReasons(error)?.[1]?.Code !== 'ConditionalCheckFailed') throw error;
      await transactWrite(this.doc, [
        remove(this.keys.fundingConvention(year, funderSiret)),
        change,
      ]);
    });
    return true;
  }

  /**
   * The upgrade (shared/store/upgrades.ts): each year's single convention of before moves to its
   * funder's key, in one transaction each, so that a run cut short leaves every item either
   * moved or not, and running again moves the rest. One written meanwhile at that key is newer:
   * the old item is then dropped. Answers how many were moved or dropped.
   */
  async keyByFunder(): Promise<number> {
    const items = await queryAll(this.doc, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': this.keys.fundingConventionsPartition },
    });
    const legacy = items.filter((i) => !String(i.sk).includes('#'));
    for (const item of legacy) {
      const year = Number(item.sk);
      const convention = conventionFromItem(item);
      const oldKey = this.keys.legacyFundingConvention(year);
      const drop = {
        Delete: {
          TableName: this.tableName,
          Key: oldKey,
          ConditionExpression: 'attribute_exists(pk)',
        },
      };
      try {
        await transactWrite(this.doc, [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...item,
                ...this.keys.fundingConvention(year, funderOf(convention)),
                funderSiret: funderOf(convention),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          drop,
        ]);
      } catch (error) {
        const [put, del] = cancellationReasons(error) ?? [];
        if (del?.Code === 'ConditionalCheckFailed') continue; // moved by another run
        if (put?.Code !== 'ConditionalCheckFailed') throw error;
        await transactWrite(this.doc, [drop]).catch((again) => {
          if (cancellationReasons(again)?.[0]?.Code !== 'ConditionalCheckFailed') throw again;
        });
      }
    }
    return legacy.length;
  }
}

function conventionFromItem(item: Item): FundingConvention {
  const read = readItem(item, 'funding convention');
  const envelopes = read.nullableRecord('envelopesCents');
  return {
    fixedPerPlieCents: read.number('fixedPerPlieCents'),
    perHourCents: read.number('perHourCents'),
    funderSiret: read.nullableString('funderSiret'),
    envelopesCents: envelopes
      ? Object.fromEntries(
          Object.keys(envelopes).map((plieId) => [
            plieId,
            readItem(envelopes, 'funding envelopes').number(plieId),
          ]),
        )
      : null,
  };
}
