import { HOUR_MODES, type HourLine } from '#shared/domain/hours';
import { type Item, readItem } from './item';
import { keys } from './keys';

/** A line as the table stores it, with the keys of its two listings. */
export function lineItem(line: HourLine): Item {
  return {
    ...keys.line(line.id),
    gsi1pk: keys.contractLinesIndex(line.contractId),
    gsi1sk: keys.lineIndexSort(line.month, line.id),
    gsi2pk: keys.plieLinesIndex(line.plieId),
    gsi2sk: keys.lineIndexSort(line.month, line.id),
    _type: 'hours-line',
    ...line,
  };
}

export function lineFromItem(item: Item): HourLine {
  const read = readItem(item, 'hour line');
  return {
    id: read.string('id'),
    contractId: read.string('contractId'),
    plieId: read.string('plieId'),
    participantId: read.nullableString('participantId'),
    month: read.string('month'),
    hours: read.number('hours'),
    mode: read.oneOf('mode', HOUR_MODES),
    status: read.oneOf('status', ['active', 'voided'] as const),
    createdAt: read.string('createdAt'),
    createdBy: read.string('createdBy'),
    voidedAt: read.nullableString('voidedAt'),
    voidedBy: read.nullableString('voidedBy'),
    voidReason: read.nullableString('voidReason'),
    source: read.oneOf('source', ['api', 'statement'] as const),
    statementId: read.nullableString('statementId'),
    statementLine: read.nullableNumber('statementLine'),
  };
}
