import { describe, expect, it } from 'vitest';
import {
  receivedFromMarks,
  receivedMarks,
  type StatementSeen,
  statementReceived,
} from '#shared/domain/awardees';
import { countsAsReceived, STATEMENT_STATES } from '#shared/domain/statement-lifecycle';

// Issue 26: the "statement received" marks a statement stands for while it counts say, month by
// month and contract by contract, what reading the statement itself says (statementReceived):
// the same answer on random statements of every origin and state, two contracts sharing a
// reference (two buyers) included.

const contracts = [
  { id: 'C1', reference: 'R-1' },
  { id: 'C2', reference: 'R-2' },
  { id: 'C3', reference: 'R-1' }, // another buyer's contract under the same reference
  { id: 'C4', reference: 'R-4' },
];
const months = ['2025-05', '2025-06', '2025-07'];

/** A small deterministic generator: the same statements every run. */
function* random(seed: number) {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield x / 2 ** 31;
  }
}

function statements(seed: number, count: number): StatementSeen[] {
  const next = random(seed);
  const pick = <T>(values: readonly T[]) =>
    values[Math.floor((next.next().value as number) * values.length)] as T;
  return Array.from({ length: count }, () => {
    const status = pick(STATEMENT_STATES);
    if (pick([true, false])) {
      const contract = pick(contracts);
      const month = pick(months);
      return {
        origin: 'awardee',
        status,
        contractId: contract.id,
        month,
        contractReferences: [contract.reference],
        months: [month],
      };
    }
    return {
      origin: 'upload',
      status,
      contractId: null,
      month: null,
      contractReferences: [...new Set([pick(contracts).reference, pick(contracts).reference])],
      months: [...new Set([pick(months), pick(months)])],
    };
  });
}

describe('received marks', () => {
  it('answer as the statements do, for every contract and month', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const seen = statements(seed, 1 + (seed % 6));
      const marks = seen
        .filter((s) => countsAsReceived(s.origin, s.status))
        .flatMap((s) => receivedMarks(s));
      for (const month of months) {
        const ofMonth = marks.filter((mark) => mark.month === month);
        for (const contract of contracts) {
          expect(receivedFromMarks(ofMonth, contract), `seed ${seed} ${contract.id} ${month}`).toBe(
            statementReceived(seen, contract, month),
          );
        }
      }
    }
  });

  it('a file marks each contract it names for each month it names; a declaration, its own', () => {
    expect(
      receivedMarks({
        origin: 'upload',
        contractId: null,
        month: null,
        contractReferences: ['A', 'B'],
        months: ['2025-03', '2025-04'],
      }),
    ).toHaveLength(4);
    const declared = receivedMarks({
      origin: 'awardee',
      contractId: 'C1',
      month: '2025-06',
      contractReferences: ['R-1'],
      months: ['2025-06'],
    });
    expect(declared).toEqual([{ month: '2025-06', reference: 'R-1', contractId: 'C1' }]);
    // The other buyer's contract under the same reference has not declared.
    expect(receivedFromMarks(declared, { id: 'C3', reference: 'R-1' })).toBe(false);
  });
});
