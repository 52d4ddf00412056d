import { describe, expect, it } from 'vitest';
import {
  dynamicExitKind,
  isPliePositive,
  OUTCOMES,
  type Outcome,
  outcomeKind,
  outcomeRates,
} from '#shared/domain/outcomes';

describe('exit outcomes', () => {
  it('classes each outcome in the PLIE vocabulary', () => {
    const positive = OUTCOMES.filter(isPliePositive);
    expect(positive).toEqual([
      'cdi',
      'cdd-6m-plus',
      'temp-6m-plus',
      'work-study',
      'subsidised-6m-plus',
      'business-creation',
      'qualifying-training',
      'civil-service',
    ]);
    expect(isPliePositive('cdd-under-6m')).toBe(false);
    expect(isPliePositive('other-training')).toBe(false);
  });

  it('puts each outcome in one of the three groups a user picks from', () => {
    const of = (kind: string) => OUTCOMES.filter((o) => outcomeKind(o) === kind);
    expect(of('positive')).toEqual(OUTCOMES.filter(isPliePositive));
    expect(of('neutral')).toEqual(['moved', 'illness', 'retirement', 'death', 'maternity']);
    expect(of('other')).toContain('cdd-under-6m');
    expect(of('other')).toContain('job-seeking');
    expect(of('positive').length + of('other').length + of('neutral').length).toBe(OUTCOMES.length);
  });

  it('classes each outcome in the IAE vocabulary', () => {
    expect(dynamicExitKind('cdi')).toBe('durable');
    expect(dynamicExitKind('civil-service')).toBe('durable');
    expect(dynamicExitKind('temp-under-6m')).toBe('transition');
    expect(dynamicExitKind('subsidised-6m-plus')).toBe('transition');
    expect(dynamicExitKind('other-siae')).toBe('positive');
    expect(dynamicExitKind('qualifying-training')).toBe('positive');
    expect(dynamicExitKind('job-seeking')).toBeNull();
    expect(dynamicExitKind('dropout')).toBeNull();
  });

  it('gives 76.5 % for 140 positive exits out of 183 (seed 004, 2014)', () => {
    const positives: Outcome[] = ['cdi', 'cdd-6m-plus', 'qualifying-training', 'work-study'];
    const others: Outcome[] = ['job-seeking', 'cdd-under-6m', 'dropout'];
    const exits = [
      ...Array.from({ length: 140 }, (_, i) => positives[i % positives.length] as Outcome),
      ...Array.from({ length: 43 }, (_, i) => others[i % others.length] as Outcome),
    ];
    const rates = outcomeRates(exits);
    expect(rates.exits).toBe(183);
    expect(rates.positive).toBe(140);
    expect(Math.round(rates.positiveRate * 1000) / 10).toBe(76.5);
  });

  it('gives 0 rather than NaN when nobody exited', () => {
    expect(outcomeRates([])).toEqual({
      exits: 0,
      neutral: 0,
      positive: 0,
      positiveRate: 0,
      dynamic: { durable: 0, transition: 0, positive: 0, rate: 0 },
    });
  });
});
