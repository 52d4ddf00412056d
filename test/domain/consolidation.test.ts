import { describe, expect, it } from 'vitest';
import { publishConsolidation, type StructureYear } from '#shared/domain/consolidation';

const row = (tenant: string, people: number, exits = 0, positive = 0): StructureYear => ({
  tenant,
  name: tenant,
  hours: 3214,
  contracts: 3,
  people,
  exits,
  positive,
  neutral: 0,
});

describe('the observatory’s consolidation, under statistical secrecy', () => {
  it('shows counts of 5 and more, and the FTE as hours ÷ 1,607', () => {
    const { tenants, totals } = publishConsolidation([row('a', 12, 10, 7), row('b', 30, 20, 15)]);
    expect(tenants[0]).toMatchObject({
      people: 12,
      exits: 10,
      positive: 7,
      positiveRate: 0.7,
      fte: 2,
      secret: false,
    });
    expect(totals).toMatchObject({ people: 42, exits: 30, positive: 22, hours: 6428, fte: 4 });
  });

  it('hides a count from 1 to 4, and the next smallest so the total does not give it away', () => {
    const { tenants, totals } = publishConsolidation([
      row('small', 3),
      row('medium', 8),
      row('large', 40),
    ]);
    expect(tenants.map((t) => t.people)).toEqual([null, null, 40]);
    expect(tenants.map((t) => t.secret)).toEqual([true, true, false]);
    // The total is shown: 51 − 40 gives the two hidden together, not either one.
    expect(totals.people).toBe(51);
  });

  it('hides a rate whose counts are hidden, and a total under 5', () => {
    const { tenants, totals } = publishConsolidation([row('only', 2, 2, 1)]);
    expect(tenants[0]).toMatchObject({
      people: null,
      exits: null,
      positive: null,
      positiveRate: null,
    });
    expect(totals).toMatchObject({ people: null, positiveRate: null, secret: true });
    // Zero is not secret: nobody is there to be recognised.
    expect(publishConsolidation([row('none', 0)]).tenants[0]).toMatchObject({
      people: 0,
      secret: false,
    });
  });
});
