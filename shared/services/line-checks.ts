import { type LineProblem, lineReferenceProblems } from '#shared/domain/hours';
import type { ContractRecord } from '#shared/store/contracts';
import type { ServiceDeps } from './deps';

// One check of hour lines against the store, for the form, the API and every import: each
// distinct contract, PLIE and participant is looked up once, however many lines name it, and
// the rule itself is the domain's (lineReferenceProblems).

/** A line about to be logged, naming what it refers to by id (API, form) or by reference (files). */
export interface LineToCheck {
  contract: { id: string } | { reference: string };
  plieId: string;
  participant: { id: string } | { ref: string } | null;
  month: string;
}

export type CheckedLine =
  | { ok: true; contract: ContractRecord; participantId: string | null }
  | { ok: false; problems: LineProblem[] };

/** Looks each distinct key up once. */
function memo<T>(load: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    let value = cache.get(key);
    if (!value) {
      value = load(key);
      cache.set(key, value);
    }
    return value;
  };
}

export async function checkLines(
  deps: ServiceDeps,
  lines: readonly LineToCheck[],
): Promise<CheckedLine[]> {
  const { stores } = deps;
  const contractById = memo(async (id) => {
    const contract = await stores.contracts.get(id);
    return contract ? [contract] : [];
  });
  const contractsByReference = memo((reference) => stores.contracts.findByReference(reference));
  const plieExists = memo(async (plieId) => (await stores.plies.get(plieId)) !== null);
  const participantById = memo(async (id) => {
    const participant = await stores.participants.get(id);
    return participant ? { id: participant.id, plieId: participant.plieId } : null;
  });
  const participantByRef = memo(async (key) => {
    const [plieId, ref] = key.split('\u0000') as [string, string];
    const id = await stores.participants.idByRef(plieId, ref);
    return id ? { id, plieId } : null;
  });

  return Promise.all(
    lines.map(async (line): Promise<CheckedLine> => {
      const [contracts, plie, participant] = await Promise.all([
        'id' in line.contract
          ? contractById(line.contract.id)
          : contractsByReference(line.contract.reference),
        plieExists(line.plieId),
        line.participant === null
          ? undefined
          : 'id' in line.participant
            ? participantById(line.participant.id)
            : participantByRef(`${line.plieId}\u0000${line.participant.ref}`),
      ]);
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
        },
        { contracts, plieExists: plie, participant },
      );
      if (problems.length) return { ok: false, problems };
      return {
        ok: true,
        contract: contracts[0] as ContractRecord,
        participantId: participant?.id ?? null,
      };
    }),
  );
}
