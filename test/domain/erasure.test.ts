import { describe, expect, it } from 'vitest';
import { mentions, scrubStatementRecord, scrubText, statementNames } from '#shared/domain/erasure';

const person = { plieId: 'bordeaux', ref: 'BX-1' };

describe('a reference in free text', () => {
  it('is a word: found in any case, not inside a longer reference', () => {
    expect(scrubText('Heures de BX-1, vues avec bx-1.', [person])).toBe(
      'Heures de effacé, vues avec effacé.',
    );
    expect(scrubText('BX-10 et XBX-1 et BX-1.2 et BX-1_a', [person])).toBe(
      'BX-10 et XBX-1 et BX-1.2 et BX-1_a',
    );
    expect(mentions('(BX-1)', [person])).toBe(true);
    expect(mentions('BX-12', [person])).toBe(false);
    expect(mentions(null, [person])).toBe(false);
  });

  it('is matched as written, whatever characters of a pattern it holds', () => {
    const dotted = { plieId: 'bordeaux', ref: 'A.B' };
    expect(scrubText('A.B et AxB', [dotted])).toBe('effacé et AxB');
  });
});

describe('a statement naming a person', () => {
  const statement = {
    id: 'ST1',
    origin: 'awardee',
    fileHash: 'a'.repeat(64),
    reason: null,
    declaredLines: [
      {
        line: 1,
        participantRef: 'BX-1',
        description: 'manœuvre',
        plieId: 'bordeaux',
        rejection: 'BX-1 : 20 h',
      },
      { line: 2, participantRef: 'BX-1', description: null, plieId: 'graves', rejection: null },
      {
        line: 3,
        participantRef: null,
        description: 'remplace BX-1',
        plieId: 'bordeaux',
        rejection: null,
      },
    ],
  };

  it('is found, and keeps the same reference of another PLIE as data', () => {
    expect(statementNames(statement, [person])).toBe(true);
    expect(statementNames({ declaredLines: [statement.declaredLines[1]] }, [person])).toBe(false);
    const scrubbed = scrubStatementRecord(statement, [person], 'e'.repeat(64));
    expect(scrubbed.declaredLines).toEqual([
      {
        line: 1,
        participantRef: 'effacé',
        description: null,
        plieId: 'bordeaux',
        rejection: 'effacé : 20 h',
      },
      statement.declaredLines[1],
      {
        line: 3,
        participantRef: null,
        description: 'remplace effacé',
        plieId: 'bordeaux',
        rejection: null,
      },
    ]);
    // The declaration's hash held the reference: replaced.
    expect(scrubbed.fileHash).toBe('e'.repeat(64));
    expect(statementNames(scrubbed, [person])).toBe(false);
  });

  it('keeps an uploaded file’s fingerprint, which is its identity', () => {
    const uploaded = {
      ...statement,
      origin: 'upload',
      declaredLines: [],
      reason: 'BX-1 en double',
    };
    const scrubbed = scrubStatementRecord(uploaded, [person], 'e'.repeat(64));
    expect(scrubbed).toEqual({ ...uploaded, reason: 'effacé en double' });
  });
});
