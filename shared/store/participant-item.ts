import { OUTCOMES, type Outcome } from '#shared/domain/outcomes';
import { type Item, readItem } from './item';

/** A participant as the table keeps it: a pseudonym, eligibility codes, dates and the exit. */
export interface ParticipantRecord {
  id: string;
  plieId: string;
  ref: string;
  eligibility: string[];
  enteredOn: string;
  exitedOn: string | null;
  outcome: Outcome | null;
  createdAt: string;
  createdBy: string;
  /** Set when the person was forgotten (GDPR): ref and eligibility are gone. */
  erasedAt?: string;
}

export function participantFromItem(item: Item): ParticipantRecord {
  const read = readItem(item, 'participant');
  const erasedAt = read.optionalString('erasedAt');
  return {
    id: read.string('id'),
    plieId: read.string('plieId'),
    ref: read.string('ref'),
    eligibility: read.strings('eligibility', []),
    enteredOn: read.string('enteredOn'),
    exitedOn: read.nullableString('exitedOn'),
    outcome: read.nullableOneOf('outcome', OUTCOMES),
    createdAt: read.string('createdAt'),
    createdBy: read.string('createdBy'),
    ...(erasedAt ? { erasedAt } : {}),
  };
}
