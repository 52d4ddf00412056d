import { OUTCOMES, type Outcome } from '#shared/domain/outcomes';
import { AGE_BANDS, type AgeBand, SEXES, type Sex } from '#shared/domain/people';
import { type Item, readItem } from './item';

/** A participant as the table keeps it: a pseudonym, eligibility codes, dates and the exit. */
export interface ParticipantRecord {
  id: string;
  plieId: string;
  ref: string;
  eligibility: string[];
  /** Recorded by the PLIE for the funders' figures, or not (absent or null: "non renseigné"). */
  sex?: Sex | null;
  /** The age band on entering the PLIE, when recorded. */
  ageBand?: AgeBand | null;
  enteredOn: string;
  exitedOn: string | null;
  outcome: Outcome | null;
  createdAt: string;
  createdBy: string;
  /** Set when the person was forgotten (GDPR): ref, eligibility, sex and age band are gone. */
  erasedAt?: string;
  /**
   * Who erased them: the retention rule (`retention`), or the user who asked on the person's
   * behalf (their id). Absent on erasures from before it was kept.
   */
  erasedBy?: string;
}

export function participantFromItem(item: Item): ParticipantRecord {
  const read = readItem(item, 'participant');
  const erasedAt = read.optionalString('erasedAt');
  const erasedBy = read.optionalString('erasedBy');
  return {
    id: read.string('id'),
    plieId: read.string('plieId'),
    ref: read.string('ref'),
    eligibility: read.strings('eligibility', []),
    sex: read.nullableOneOf('sex', SEXES),
    ageBand: read.nullableOneOf('ageBand', AGE_BANDS),
    enteredOn: read.string('enteredOn'),
    exitedOn: read.nullableString('exitedOn'),
    outcome: read.nullableOneOf('outcome', OUTCOMES),
    createdAt: read.string('createdAt'),
    createdBy: read.string('createdBy'),
    ...(erasedAt ? { erasedAt } : {}),
    ...(erasedBy ? { erasedBy } : {}),
  };
}
