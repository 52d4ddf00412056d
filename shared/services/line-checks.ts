import { parisMonth } from '#shared/domain/calendar';
import { lineReferenceProblems } from '#shared/domain/hour-line-references';
import { addHours, type LineProblem } from '#shared/domain/hours';
import { limiter } from '#shared/limit';
import type { ContractRecord } from '#shared/store/contracts';
import type { ParticipantRecord } from '#shared/store/participants';
import type { ServiceDeps } from './deps';

// One check of hour lines against the store, for the form, the API and every import: each
// distinct contract, PLIE, participant and person-month is looked up once, however many lines
// name it, and the rule itself is the domain's (lineReferenceProblems).

/** A line about to be logged, naming what it refers to by id (API, form) or by reference (files). */
export interface LineToCheck {
  contract: { id: string } | { reference: string };
  plieId: string;
  participant: { id: string } | { ref: string } | null;
  month: string;
  hours: number;
}

export type CheckedLine =
  | { ok: true; contract: ContractRecord; participantId: string | null }
  | {
      ok: false;
      problems: LineProblem[];
      /**
       * What the line names, when it names one contract and a known person (or none): a line
       * refused only for its hours may still be found a possible duplicate.
       */
      resolved: { contractId: string; participantId: string | null } | null;
    };

/** Store reads in flight at once for one batch of lines (see `limiter`). */
const READS_AT_ONCE = 24;

/** Looks each distinct key up once, through `limit`. */
function memo<T>(
  limit: ReturnType<typeof limiter>,
  load: (key: string) => Promise<T>,
): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let value = cache.get(key);
    if (!value) {
      value = limit(() => load(key));
      cache.set(key, value);
    }
    return value;
  };
}

/**
 * Checks a batch of lines in order: a person's hours in a month count the lines before them in
 * the batch, so that a file cannot take someone past 250 h where each line alone would not.
 */
export async function checkLines(
  deps: ServiceDeps,
  lines: readonly LineToCheck[],
  /** Hours about to be given back (a replaced statement's), by `personMonthKey`. */
  released?: ReadonlyMap<string, number>,
): Promise<CheckedLine[]> {
  const { stores } = deps;
  const currentMonth = parisMonth(deps.now());
  const limit = limiter(READS_AT_ONCE);
  const contractById = memo(limit, async (id) => {
    const contract = await stores.contracts.get(id);
    return contract ? [contract] : [];
  });
  const contractsByReference = memo(limit, (reference) =>
    stores.contracts.findByReference(reference),
  );
  const plieById = memo(limit, (plieId) => stores.plies.get(plieId));
  const participantById = memo(limit, (id) => stores.participants.get(id));
  const participantByRef = memo(limit, async (key) => {
    const [plieId, ref] = key.split('\u0000') as [string, string];
    const id = await stores.participants.idByRef(plieId, ref);
    return id ? stores.participants.get(id) : null;
  });
  const monthHours = memo(limit, (key) => {
    const [participantId, month] = key.split('\u0000') as [string, string];
    return stores.totals.personMonthHours(participantId, month);
  });

  const found = await Promise.all(
    lines.map(async (line) => {
      const [contracts, plie, participant] = await Promise.all([
        'id' in line.contract
          ? contractById(line.contract.id)
          : contractsByReference(line.contract.reference),
        plieById(line.plieId),
        line.participant === null
          ? Promise.resolve(undefined)
          : 'id' in line.participant
            ? participantById(line.participant.id)
            : participantByRef(`${line.plieId}\u0000${line.participant.ref}`),
      ]);
      const key = participant ? personMonthKey(participant.id, line.month) : null;
      const stored = key ? addHours(await monthHours(key), -(released?.get(key) ?? 0)) : 0;
      // A single-PLIE contract's PLIE, when it is not the line's: its refusal names it.
      const allotted = contracts.length === 1 ? contracts[0]?.allocation : null;
      const other =
        allotted?.mode === 'single' && allotted.plieId !== line.plieId
          ? await plieById(allotted.plieId)
          : null;
      const plieNames = other ? new Map([[other.id, other.name]]) : undefined;
      return { contracts, plie, participant, stored, plieNames };
    }),
  );

  // Hours the batch's earlier lines already give each person-month.
  const inBatch = new Map<string, number>();
  return lines.map((line, i): CheckedLine => {
    const { contracts, plie, participant, stored, plieNames } = found[i] as (typeof found)[number];
    const personMonth = participant ? personMonthKey(participant.id, line.month) : null;
    const earlier = personMonth ? (inBatch.get(personMonth) ?? 0) : 0;
    if (personMonth) inBatch.set(personMonth, addHours(earlier, line.hours));
    const problems = lineReferenceProblems(
      {
        contract: 'id' in line.contract ? line.contract.id : line.contract.reference,
        plieId: line.plieId,
        participant:
          line.participant === null
            ? null
            : 'id' in line.participant
              ? line.participant.id
              : line.participant.ref,
        month: line.month,
        hours: line.hours,
      },
      {
        contracts,
        plie,
        participant: participantFound(participant, addHours(stored, earlier)),
        currentMonth,
        plieNames,
      },
    );
    if (problems.length) {
      const resolved =
        contracts.length === 1 && (line.participant === null || participant)
          ? {
              contractId: (contracts[0] as ContractRecord).id,
              participantId: participant?.id ?? null,
            }
          : null;
      return { ok: false, problems, resolved };
    }
    return {
      ok: true,
      contract: contracts[0] as ContractRecord,
      participantId: participant?.id ?? null,
    };
  });
}

/** The key of a person's month in the maps above. */
export function personMonthKey(participantId: string, month: string): string {
  return `${participantId}\u0000${month}`;
}

function participantFound(participant: ParticipantRecord | null | undefined, monthHours: number) {
  if (!participant) return participant;
  return {
    plieId: participant.plieId,
    enteredOn: participant.enteredOn,
    exitedOn: participant.exitedOn,
    monthHours,
  };
}
