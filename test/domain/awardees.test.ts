import { describe, expect, it } from 'vitest';
import {
  declaredLinePlie,
  declaredMonthProblem,
  holderSirens,
  holdsContract,
  remindersDue,
  type StatementSeen,
  statementReceived,
} from '#shared/domain/awardees';
import type { StatementState } from '#shared/domain/statement-lifecycle';

const contract = {
  id: 'C1',
  reference: 'REF-1',
  startsOn: '2025-02-10',
  endsOn: '2025-11-30',
  awardee: { siret: '41234567800012' },
  coAwardees: [
    { name: 'Cotraitant', siret: '552 032 534 00646' },
    { name: 'Étranger', identifier: 'ES B123' },
  ],
};

describe('what an awardee reaches', () => {
  it('is the contracts its SIREN holds, as awardee or co-contractor, whichever establishment', () => {
    expect(holdsContract(contract, '41234567800099')).toBe(true);
    expect(holdsContract(contract, '55203253400011')).toBe(true);
    expect(holdsContract(contract, '73282932000074')).toBe(false);
    expect(holderSirens(contract)).toEqual(['412345678', '552032534']);
  });
});

describe('what it may declare', () => {
  it('an ended month within the contract’s period, first and last months included', () => {
    expect(declaredMonthProblem('2025-02', contract, '2025-06')).toBeNull();
    expect(declaredMonthProblem('2025-06', contract, '2025-06')).toMatch(/terminé/);
    expect(declaredMonthProblem('2025-01', contract, '2025-06')).toMatch(/hors de la période/);
    expect(declaredMonthProblem('2025-11', contract, '2026-01')).toBeNull();
    expect(declaredMonthProblem('2025-12', contract, '2026-01')).toMatch(/hors de la période/);
  });

  it('a line goes to the contract’s PLIE, or to the one it names on a shared contract', () => {
    expect(declaredLinePlie({ mode: 'single', plieId: 'bordeaux' }, 'graves')).toEqual({
      plieId: 'bordeaux',
    });
    expect(declaredLinePlie({ mode: 'shared' }, 'graves')).toEqual({ plieId: 'graves' });
    expect(declaredLinePlie({ mode: 'shared' }, undefined)).toHaveProperty('problem');
    expect(declaredLinePlie(null, 'graves')).toEqual({ plieId: 'graves' });
    expect(declaredLinePlie(null, undefined)).toHaveProperty('problem');
  });
});

describe('when a month’s statement counts as received', () => {
  const awardee = (status: StatementState, month = '2025-05'): StatementSeen => ({
    origin: 'awardee',
    status,
    contractId: 'C1',
    month,
    contractReferences: ['REF-1'],
    months: [month],
  });
  it('an awardee’s waiting or validated; not a refused one, nor another month’s', () => {
    expect(statementReceived([awardee('submitted')], contract, '2025-05')).toBe(true);
    expect(statementReceived([awardee('validated')], contract, '2025-05')).toBe(true);
    expect(statementReceived([awardee('rejected')], contract, '2025-05')).toBe(false);
    expect(statementReceived([awardee('validated', '2025-04')], contract, '2025-05')).toBe(false);
  });

  it('a facilitator’s file naming the contract and the month, unless withdrawn', () => {
    const upload = (status: StatementState): StatementSeen => ({
      origin: 'upload',
      status,
      contractId: null,
      month: null,
      contractReferences: ['OTHER', 'REF-1'],
      months: ['2025-04', '2025-05'],
    });
    expect(statementReceived([upload('imported')], contract, '2025-05')).toBe(true);
    expect(statementReceived([upload('withdrawn')], contract, '2025-05')).toBe(false);
  });

  it('reminders are due from the administrator’s day on', () => {
    expect(remindersDue(4, 5)).toBe(false);
    expect(remindersDue(5, 5)).toBe(true);
    expect(remindersDue(20, 5)).toBe(true);
  });
});
