import type { ContractRecord } from '#shared/store/contracts';

/** A stored contract for the pure report tests: a 2025 works contract of PLIE `a`. */
export function contractRecord(overrides: Partial<ContractRecord> = {}): ContractRecord {
  return {
    id: 'c1',
    reference: 'C-1',
    title: 'Voirie',
    buyer: { name: 'Métropole', siret: '24330031600011' },
    awardee: { name: 'Routes SA', siret: '41234567800012' },
    kind: 'works',
    amountCents: 100_000_00,
    notifiedOn: '2025-01-02',
    startsOn: '2025-01-01',
    endsOn: '2025-12-31',
    targetHours: 1200,
    insertionInputs: null,
    allocation: { mode: 'single', plieId: 'a' },
    socialConsiderations: ['social-clause'],
    reserved: null,
    defenceOrSecurity: false,
    amendments: [],
    allocationKey: null,
    hoursLogged: 0,
    lineCount: 0,
    createdAt: '2025-01-02T00:00:00Z',
    createdBy: 'x',
    source: 'api',
    ...overrides,
  };
}

/** Seed 004's 2016–2018 table: each PLIE's yearly funding, in euros. */
export const SEED_2016_FUNDING: Record<string, number> = {
  bordeaux: 20_000,
  graves: 11_500,
  'hauts-de-garonne': 11_500,
  'adsi-technowest': 14_000,
  'portes-du-sud': 6_500,
  sources: 10_000,
};
