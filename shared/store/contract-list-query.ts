import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { SocialConsideration } from '#shared/domain/contracts';
import type { Keys } from './keys';

// The one query every contract list is: the structure's contracts index (gsi1, newest
// notification first). Only the notification year or month narrows the key; every other
// criterion is a FilterExpression, so a list reads every contract of the partition (or of the
// year) and DynamoDB drops the others before answering. At a structure's size (a few hundred
// contracts, ~1 KB each) that is one or two 1 MB query pages: cheaper than keeping one more
// index item per buyer, source and consideration in step with every contract write.

export interface ContractFilter {
  year?: number | undefined;
  /** Notification month, `YYYY-MM`. */
  notifiedIn?: string | undefined;
  activeIn?: number | undefined;
  plieId?: string | undefined;
  /** With `plieId`: that PLIE's territory, whose shared contracts concern it too. */
  plieTerritory?: string | null | undefined;
  reserved?: boolean | undefined;
  buyerSiret?: string | undefined;
  source?: 'api' | 'decp' | undefined;
  consideration?: SocialConsideration | undefined;
  /** Contracts with a social clause and no hours target (the target is to be entered). */
  targetMissing?: boolean | undefined;
}

export function contractListQuery(
  keys: Keys,
  tableName: string,
  filter: ContractFilter,
): QueryCommandInput {
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
  if (filter.buyerSiret !== undefined) {
    filters.push('#buyer.#siret = :buyerSiret');
    Object.assign(names, { '#buyer': 'buyer', '#siret': 'siret' });
    values[':buyerSiret'] = filter.buyerSiret;
  }
  if (filter.source !== undefined) {
    filters.push('#source = :source');
    names['#source'] = 'source';
    values[':source'] = filter.source;
  }
  if (filter.consideration !== undefined) {
    filters.push('contains(socialConsiderations, :consideration)');
    values[':consideration'] = filter.consideration;
  }
  if (filter.targetMissing !== undefined) {
    // targetHours is stored as null when there is none; older items may lack it.
    const missing = '(attribute_not_exists(targetHours) OR attribute_type(targetHours, :null))';
    filters.push(
      filter.targetMissing
        ? `contains(socialConsiderations, :clause) AND ${missing}`
        : `NOT (contains(socialConsiderations, :clause) AND ${missing})`,
    );
    values[':clause'] = 'social-clause';
    values[':null'] = 'NULL';
  }
  return {
    TableName: tableName,
    IndexName: 'gsi1',
    KeyConditionExpression: keyCondition,
    ScanIndexForward: false,
    ExpressionAttributeValues: values,
    ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
    ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
  };
}
