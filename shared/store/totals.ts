import { yearOf } from '#shared/domain/calendar';
import { MAX_HOURS_PER_PERSON_MONTH } from '#shared/domain/hour-line-references';
import { addHours, type HourLine } from '#shared/domain/hours';
import { type Key, type Keys, modeAttribute, monthAttribute } from './keys';
import type { TransactItem } from './transact';

// The totals that reports read, kept in step with the hour lines by the same transactions:
// per contract, contract × PLIE, PLIE × month (by mode), contract × PLIE × year (by month) and
// contract × participant, participant × month and participant × year. Every write of lines goes
// through `totalUpdates`.

export interface TotalDelta {
  key: Key;
  type:
    | 'contract'
    | 'total:contract-plie'
    | 'total:plie-month'
    | 'total:contract-plie-year'
    | 'total:contract-participant'
    | 'total:participant-month'
    | 'total:participant-year';
  identity: Record<string, string | number>;
  hours: number;
  lines: number;
  /** Hours broken down under other attributes: by mode (PLIE × month), by month (yearly). */
  parts: Map<string, number>;
}

/** Every total a set of lines feeds, with what they add to it (or take away, sign −1). */
export function totalDeltas(
  keys: Keys,
  lines: readonly HourLine[],
  sign: 1 | -1,
): Map<string, TotalDelta> {
  const deltas = new Map<string, TotalDelta>();
  const feed = (
    key: Key,
    type: TotalDelta['type'],
    identity: Record<string, string | number>,
    line: HourLine,
    part: string | null,
  ) => {
    const id = `${key.pk}|${key.sk}`;
    const delta: TotalDelta = deltas.get(id) ?? {
      key,
      type,
      identity,
      hours: 0,
      lines: 0,
      parts: new Map(),
    };
    // DynamoDB keeps exactly the number it is given: a float's noise would stay in the total.
    delta.hours = addHours(delta.hours, sign * line.hours);
    delta.lines += sign;
    if (part) delta.parts.set(part, addHours(delta.parts.get(part) ?? 0, sign * line.hours));
    deltas.set(id, delta);
  };
  for (const line of lines) {
    const { contractId, plieId, month, participantId } = line;
    const year = yearOf(month);
    feed(keys.contract(contractId), 'contract', {}, line, null);
    feed(
      keys.contractPlieTotal(contractId, plieId),
      'total:contract-plie',
      { contractId, plieId },
      line,
      null,
    );
    feed(
      keys.plieMonthTotal(plieId, month),
      'total:plie-month',
      { plieId, month },
      line,
      modeAttribute(line.mode),
    );
    feed(
      keys.contractPlieYearTotal(contractId, plieId, year),
      'total:contract-plie-year',
      { contractId, plieId, year },
      line,
      monthAttribute(month),
    );
    if (participantId) {
      feed(
        keys.contractParticipantTotal(contractId, participantId),
        'total:contract-participant',
        { contractId, participantId },
        line,
        null,
      );
      feed(
        keys.participantMonthTotal(participantId, month),
        'total:participant-month',
        { participantId, month },
        line,
        null,
      );
      // The people with hours in a year, counted without reading a line (the bilan and the
      // observatory's consolidation): one item per person and year, in one partition.
      feed(
        keys.participantYearTotal(participantId, year),
        'total:participant-year',
        { participantId, year },
        line,
        null,
      );
    }
  }
  return deltas;
}

/**
 * The updates that add (sign +1) or remove (sign −1) lines from every total they feed. With
 * `month`, the contract must also run during that month. Adding hours to a person's month
 * never takes it past MAX_HOURS_PER_PERSON_MONTH (a condition of the same transaction).
 */
export function totalUpdates(
  keys: Keys,
  tableName: string,
  lines: readonly HourLine[],
  sign: 1 | -1,
  /** For one line: its month's first and last days, and its PLIE. */
  line?: { first: string; last: string; plieId: string },
): TransactItem[] {
  return [...totalDeltas(keys, lines, sign).values()].map((delta) => {
    if (delta.type === 'contract') {
      // The contract keeps its own running total; it must still exist, and for a line run that
      // month and be allotted to its PLIE: isMonthInPeriod and allotmentProblem
      // (shared/domain/hours.ts) as conditions.
      return {
        Update: {
          TableName: tableName,
          Key: delta.key,
          UpdateExpression: 'ADD hoursLogged :h, lineCount :n',
          ConditionExpression: line
            ? 'attribute_exists(pk) AND startsOn <= :last AND endsOn >= :first AND ((#alloc.#mode = :shared AND (attribute_not_exists(#key) OR #key = :null OR contains(#key.#keyPlies, :plieId)) AND (attribute_not_exists(#territoryPlies) OR #territoryPlies = :null OR contains(#territoryPlies, :plieId))) OR #alloc.#plie = :plieId)'
            : 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':h': delta.hours,
            ':n': delta.lines,
            ...(line
              ? {
                  ':first': line.first,
                  ':last': line.last,
                  ':shared': 'shared',
                  ':plieId': line.plieId,
                  ':null': null,
                }
              : {}),
          },
          ...(line
            ? {
                ExpressionAttributeNames: {
                  '#alloc': 'allocation',
                  '#mode': 'mode',
                  '#plie': 'plieId',
                  '#key': 'allocationKey',
                  '#keyPlies': 'plieIds',
                  '#territoryPlies': 'territoryPlieIds',
                },
              }
            : {}),
        },
      };
    }
    // Attribute names go through placeholders: several (month, hours…) are reserved words.
    const names: Record<string, string> = {
      '#type': '_type',
      '#hours': 'hours',
      '#lines': 'lines',
    };
    const values: Record<string, unknown> = {
      ':h': delta.hours,
      ':n': delta.lines,
      ':type': delta.type,
    };
    const sets = ['#type = :type'];
    for (const [name, value] of Object.entries(delta.identity)) {
      names[`#${name}`] = name;
      values[`:${name}`] = value;
      sets.push(`#${name} = :${name}`);
    }
    const capped = delta.type === 'total:participant-month' && sign > 0;
    if (capped) {
      values[':max'] = MAX_HOURS_PER_PERSON_MONTH;
      values[':room'] = addHours(MAX_HOURS_PER_PERSON_MONTH, -delta.hours);
    }
    const adds = ['#hours :h', '#lines :n'];
    [...delta.parts].forEach(([attribute, hours], i) => {
      names[`#p${i}`] = attribute;
      values[`:p${i}`] = hours;
      adds.push(`#p${i} :p${i}`);
    });
    return {
      Update: {
        TableName: tableName,
        Key: delta.key,
        UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
        ...(capped
          ? {
              // personMonthProblem (shared/domain/hours.ts), as a condition.
              ConditionExpression:
                '(attribute_not_exists(#hours) AND :h <= :max) OR #hours <= :room',
            }
          : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    };
  });
}

/**
 * A total as a whole item, for loading history into a table that holds none of it yet (the
 * benchmarks' national data set): the same keys and attributes the transactions maintain.
 */
export function totalItem(delta: TotalDelta): Record<string, unknown> {
  return {
    ...delta.key,
    _type: delta.type,
    ...delta.identity,
    hours: delta.hours,
    lines: delta.lines,
    ...Object.fromEntries(delta.parts),
  };
}

/** DynamoDB takes at most 100 items in a transaction. */
const MAX_TRANSACTION_ITEMS = 100;

/**
 * Cuts lines into batches whose transaction fits: two items per line (the line and its change
 * record) plus one per distinct total the batch feeds, plus `reserve` items of the caller's,
 * plus one per distinct `alsoPer` of its lines (an import's markers: duplicate-markers.ts).
 */
export function packBatches(
  keys: Keys,
  lines: readonly HourLine[],
  reserve = 0,
  alsoPer?: (line: HourLine) => string,
): HourLine[][] {
  const batches: HourLine[][] = [];
  let batch: HourLine[] = [];
  let totals = new Set<string>();
  for (const line of lines) {
    const lineTotals = [...totalDeltas(keys, [line], 1).keys()];
    if (alsoPer) lineTotals.push(`also|${alsoPer(line)}`);
    const newTotals = lineTotals.filter((key) => !totals.has(key));
    if (
      batch.length &&
      (batch.length + 1) * 2 + totals.size + newTotals.length + reserve > MAX_TRANSACTION_ITEMS
    ) {
      batches.push(batch);
      batch = [];
      totals = new Set();
    }
    batch.push(line);
    for (const key of lineTotals) totals.add(key);
  }
  if (batch.length) batches.push(batch);
  return batches;
}
