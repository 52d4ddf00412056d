import { describe, expect, it } from 'vitest';
import { EQUAL_WEIGHTS } from '#shared/domain/allocation';
import {
  type BilanContract,
  type BilanInput,
  type BilanParticipant,
  type BilanPlie,
  computeBilan,
} from '#shared/domain/bilan';
import {
  type YearLine,
  type YearTotals,
  yearHoursOfLines,
  yearHoursOfTotals,
} from '#shared/domain/bilan-hours';
import { exitGroup } from '#shared/domain/outcomes';
import { expectedInYear } from '#shared/domain/schedule';

// A bilan worked out by hand, for 2025.
//
// PLIEs: Bordeaux and Graves; Sources closed at the end of 2024 (not in 2025's bilan).
// Contracts (BM = Bordeaux Métropole, GH = Gironde Habitat; BS = Bâtiment Solidaire, PP =
// Propreté Plus):
//   A  BM → BS, works, CPV 45…, PLIE Bordeaux, 1,000 h over 2025 whole, a clause
//      required 2025 = 1,000 h
//   B  BM → PP, services, CPV 90…, shared by a key decided on population only (Bordeaux 300,
//      Graves 100: ¾ and ¼), 800 h from 2025-07-01 to 2026-06-30 (365 days, 184 of them in
//      2025), a clause and a criterion, notified 2025-05-15
//      required 2025 = 800 × 184/365 = 403.29 h; Bordeaux's part 600 × 184/365 = 302.47 h,
//      Graves' 200 × 184/365 = 100.82 h (302.47 + 100.82 = 403.29)
//   C  GH → BS, works, no CPV, PLIE Graves, 300 h from 2024-01-01 to 2026-12-31 (1,096 days),
//      reserved
//      expected at the end of 2025: 300 × 731/1096 = 200.09; of 2024: 300 × 366/1096 = 100.18;
//      required 2025 = 99.91 h
//   D  BM → PP, services, notified 2025-03-01, starts in 2026, no social consideration
//      (not running in 2025; counts among the contracts notified in 2025)
// Lines of 2025 (a voided one and one of 2024 count nowhere):
//   A Bordeaux p1 March 100 direct-hire      B Bordeaux p1 Sept. 151.67 direct-hire
//   A Bordeaux p2 March 50.5 temporary-work  B Graves p3 Sept. 40 GEIQ
//   A Bordeaux —  April 20.25 direct-hire    C Graves p3 Oct. 30 SIAE subcontracting
//                                            C Graves p4 Nov. 10 training
//                                            C Graves —  Nov. 5 training
// People: p1 Bordeaux RSA+QPV, woman, under 26 — 251.67 h; p2 Bordeaux DELD, man, 50+ —
// 50.5 h; p3 Graves QPV, woman, no age band — 70 h; p4 Graves erased (nothing recorded) — 10 h;
// p5 Bordeaux TH, man, 26–49 — no hours in 2025.
// Exits of 2025: p1 CDI (durable, positive), p2 CDD under 6 months (transition), p3 qualifying
// training (training, positive), p4 moved away (neutral), p5 job seeking (other).

const BM = '24330031600011';
const GH = '27330001500010';
const BS = { name: 'Bâtiment Solidaire', siret: '41234567800012' };
const PP = { name: 'Propreté Plus', siret: '52345678900015' };

const plies: BilanPlie[] = [
  { id: 'bordeaux', name: 'PLIE de Bordeaux', activeFrom: null, activeUntil: null },
  { id: 'graves', name: 'PLIE des Graves', activeFrom: null, activeUntil: null },
  { id: 'sources', name: 'PLIE des Sources', activeFrom: null, activeUntil: '2024-12-31' },
];

const contract = (c: Partial<BilanContract> & Pick<BilanContract, 'id'>): BilanContract => ({
  reference: c.id,
  title: `Marché ${c.id}`,
  buyer: { name: 'Bordeaux Métropole', siret: BM },
  awardee: BS,
  kind: 'works',
  notifiedOn: '2024-12-01',
  startsOn: '2025-01-01',
  endsOn: '2025-12-31',
  amountCents: 100_000_000,
  targetHours: null,
  allocation: { mode: 'single', plieId: 'bordeaux' },
  allocationKey: null,
  socialConsiderations: ['social-clause'],
  ...c,
});

const population = (value: number) => ({
  population: value,
  socialHousingRate: 0,
  qpvResidents: 0,
  qpvShare: 0,
  unemploymentRate: 0,
});

const contracts: BilanContract[] = [
  contract({ id: 'A', cpv: '45233140-2', targetHours: 1000 }),
  contract({
    id: 'B',
    awardee: PP,
    kind: 'services',
    cpv: '90910000-9',
    notifiedOn: '2025-05-15',
    startsOn: '2025-07-01',
    endsOn: '2026-06-30',
    targetHours: 800,
    allocation: { mode: 'shared' },
    allocationKey: {
      year: 2025,
      plieIds: ['bordeaux', 'graves'],
      criteria: [
        { plieId: 'bordeaux', criteria: population(300) },
        { plieId: 'graves', criteria: population(100) },
      ],
      weights: EQUAL_WEIGHTS,
      decidedAt: '2025-05-15T10:00:00Z',
      decidedBy: 'test',
    },
    socialConsiderations: ['social-clause', 'social-criterion'],
  }),
  contract({
    id: 'C',
    buyer: { name: 'Gironde Habitat', siret: GH },
    notifiedOn: '2023-11-20',
    startsOn: '2024-01-01',
    endsOn: '2026-12-31',
    targetHours: 300,
    allocation: { mode: 'single', plieId: 'graves' },
    socialConsiderations: ['reserved'],
  }),
  contract({
    id: 'D',
    awardee: PP,
    kind: 'services',
    notifiedOn: '2025-03-01',
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    targetHours: 500,
    socialConsiderations: [],
  }),
];

const participants = new Map<string, BilanParticipant>(
  (
    [
      { id: 'p1', plieId: 'bordeaux', eligibility: ['RSA', 'QPV'], sex: 'F', ageBand: 'under-26' },
      { id: 'p2', plieId: 'bordeaux', eligibility: ['DELD'], sex: 'M', ageBand: '50-plus' },
      { id: 'p3', plieId: 'graves', eligibility: ['QPV'], sex: 'F', ageBand: null },
      { id: 'p4', plieId: 'graves', eligibility: [] },
      { id: 'p5', plieId: 'bordeaux', eligibility: ['TH'], sex: 'M', ageBand: '26-49' },
    ] satisfies BilanParticipant[]
  ).map((p) => [p.id, p]),
);

const line = (
  contractId: string,
  plieId: string,
  participantId: string | null,
  month: string,
  hours: number,
  mode: string,
  status: 'active' | 'voided' = 'active',
): YearLine => ({ contractId, plieId, participantId, month, hours, mode, status });

const lines: YearLine[] = [
  line('A', 'bordeaux', 'p1', '2025-03', 100, 'direct-hire'),
  line('A', 'bordeaux', 'p2', '2025-03', 50.5, 'temporary-work'),
  line('A', 'bordeaux', null, '2025-04', 20.25, 'direct-hire'),
  line('B', 'bordeaux', 'p1', '2025-09', 151.67, 'direct-hire'),
  line('B', 'graves', 'p3', '2025-09', 40, 'geiq'),
  line('C', 'graves', 'p3', '2025-10', 30, 'siae-subcontracting'),
  line('C', 'graves', 'p4', '2025-11', 10, 'training'),
  line('C', 'graves', null, '2025-11', 5, 'training'),
  line('A', 'bordeaux', 'p2', '2025-05', 999, 'direct-hire', 'voided'),
  line('C', 'graves', 'p3', '2024-06', 70, 'geiq'),
];

const exits: BilanInput['exits'] = [
  { participantId: 'p1', plieId: 'bordeaux', outcome: 'cdi' },
  { participantId: 'p2', plieId: 'bordeaux', outcome: 'cdd-under-6m' },
  { participantId: 'p3', plieId: 'graves', outcome: 'qualifying-training' },
  { participantId: 'p4', plieId: 'graves', outcome: 'moved' },
  { participantId: 'p5', plieId: 'bordeaux', outcome: 'job-seeking' },
];

const input = (scope: Partial<BilanInput['scope']> = {}): BilanInput => ({
  year: 2025,
  scope: { buyerSiret: null, plieId: null, ...scope },
  contracts,
  plies,
  criteria: new Map(),
  participants,
  exits,
  hours: yearHoursOfLines(lines, 2025),
});

const hoursOf = (rows: { key: string; hours: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.key, r.hours]));
const peopleOf = (rows: { key: string; people: number; hours: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.key, [r.people, r.hours]]));

describe('the yearly bilan, computed from the lines', () => {
  it('the structure’s: hours, FTE and each breakdown', () => {
    const bilan = computeBilan(input());
    // A 170.75 (100 + 50.5 + 20.25) + B 191.67 (151.67 + 40) + C 45 (30 + 10 + 5) = 407.42 h,
    // exactly (hundredths): the float sum of these lines would not be.
    expect(bilan.hours.realised).toBe(407.42);
    // 1,000 + 403.29 + 99.91
    expect(bilan.hours.required).toBe(1503.2);
    // 407.42 ÷ 1,607 = 0.25 FTE, to the tenth as bilans show it
    expect(bilan.hours.fte).toBe(0.3);
    expect(hoursOf(bilan.hours.byMode)).toEqual({
      'direct-hire': 271.92, // 100 + 20.25 + 151.67
      'temporary-work': 50.5,
      geiq: 40,
      'ai-provision': 0,
      'siae-subcontracting': 30,
      training: 15,
    });
    expect(hoursOf(bilan.hours.byKind)).toEqual({ works: 215.75, supplies: 0, services: 191.67 });
    expect(bilan.hours.byBuyer).toEqual([
      { key: BM, label: 'Bordeaux Métropole', hours: 362.42 }, // A + B
      { key: GH, label: 'Gironde Habitat', hours: 45 },
    ]);
    expect(hoursOf(bilan.hours.byAwardee)).toEqual({ [BS.siret]: 215.75, [PP.siret]: 191.67 });
    expect(bilan.hours.byCpvDivision).toEqual([
      { key: '90', label: expect.stringMatching(/^90 — /), hours: 191.67 },
      { key: '45', label: '45 — Travaux de construction', hours: 170.75 },
      { key: 'unknown', label: 'non renseigné', hours: 45 },
    ]);
    // Sources, closed in 2024, is not in 2025's bilan.
    expect(hoursOf(bilan.hours.byPlie)).toEqual({ bordeaux: 322.42, graves: 85 });
    expect(
      bilan.hours.byMonth.filter((m) => m.hours).map((m) => [m.month, m.hours, m.byMode]),
    ).toEqual([
      ['2025-03', 150.5, expect.objectContaining({ 'direct-hire': 100, 'temporary-work': 50.5 })],
      ['2025-04', 20.25, expect.objectContaining({ 'direct-hire': 20.25 })],
      ['2025-09', 191.67, expect.objectContaining({ 'direct-hire': 151.67, geiq: 40 })],
      ['2025-10', 30, expect.objectContaining({ 'siae-subcontracting': 30 })],
      ['2025-11', 15, expect.objectContaining({ training: 15, geiq: 0 })],
    ]);
    expect(bilan.hours.byMonth).toHaveLength(12);
  });

  it('the structure’s people, contracts and exits', () => {
    const bilan = computeBilan(input());
    // p1 251.67 + p2 50.5 + p3 70 + p4 10 = 382.17 h; 407.42 − 382.17 = 25.25 h on 2 lines
    // naming no one. p5 has no hours in 2025.
    expect(bilan.people).toMatchObject({
      count: 4,
      hours: 382.17,
      linesWithoutParticipant: { hours: 25.25, lines: 2 },
      qpv: { people: 2, hours: 321.67, share: 0.5 }, // p1 + p3
    });
    // A person counts under each of their codes; p4's were erased.
    expect(peopleOf(bilan.people.byEligibility)).toEqual({
      RSA: [1, 251.67],
      DELD: [1, 50.5],
      QPV: [2, 321.67],
      unknown: [1, 10],
    });
    expect(bilan.people.byEligibility.map((r) => r.label)).toContain('non renseigné');
    expect(peopleOf(bilan.people.bySex)).toEqual({
      F: [2, 321.67],
      M: [1, 50.5],
      unknown: [1, 10],
    });
    expect(bilan.people.bySex.map((r) => r.label)).toEqual(['Femme', 'Homme', 'non renseigné']);
    expect(peopleOf(bilan.people.byAgeBand)).toEqual({
      'under-26': [1, 251.67],
      '26-49': [0, 0],
      '50-plus': [1, 50.5],
      unknown: [2, 80],
    });
    expect(bilan.people.byAgeBand.map((r) => r.label)).toEqual([
      'moins de 26 ans',
      '26 à 49 ans',
      '50 ans et plus',
      'non renseigné',
    ]);

    const { rows, ...counts } = bilan.contracts;
    expect(counts).toEqual({
      running: 3, // A, B, C (D starts in 2026)
      withHours: 3,
      withClause: 2, // A, B
      withCriterion: 1, // B
      reserved: 1, // C
      // Notified in 2025: B (a clause) and D (nothing)
      withSocialConsideration: { contracts: 1, notified: 2, share: 0.5 },
      companies: 2, // BS (A, C), PP (B)
      buyers: 2,
      realised: 407.42,
      required: 1503.2,
      realisedRate: 40742 / 150320,
    });
    expect(rows.map((r) => [r.reference, r.required, r.realised])).toEqual([
      ['A', 1000, 170.75],
      ['B', 403.29, 191.67],
      ['C', 99.91, 45],
    ]);

    // 5 exits, 1 neutral; positive: p1 (CDI) and p3 (qualifying training): 2 ÷ 4.
    expect(bilan.outcomes).toMatchObject({ exits: 5, neutral: 1, positive: 2, positiveRate: 0.5 });
    expect(Object.fromEntries(bilan.outcomes.byGroup.map((g) => [g.key, g.exits]))).toEqual({
      durable: 1,
      transition: 1,
      training: 1,
      other: 1,
      neutral: 1,
    });
  });

  it('a buyer’s: its contracts’ hours, people and their exits only', () => {
    const bilan = computeBilan(input({ buyerSiret: BM }));
    expect(bilan.scope).toEqual({
      buyerSiret: BM,
      buyerName: 'Bordeaux Métropole',
      plieId: null,
      plieName: null,
    });
    // A 170.75 + B 191.67; required A 1,000 + B 403.29
    expect(bilan.hours).toMatchObject({ realised: 362.42, required: 1403.29 });
    expect(hoursOf(bilan.hours.byMode)).toMatchObject({
      'direct-hire': 271.92,
      'temporary-work': 50.5,
      geiq: 40,
      training: 0,
    });
    expect(hoursOf(bilan.hours.byPlie)).toEqual({ bordeaux: 322.42, graves: 40 });
    expect(bilan.hours.byBuyer.map((b) => b.key)).toEqual([BM]);
    // p1 251.67, p2 50.5, p3 40 (her 30 h on C are GH's); 20.25 h on one line naming no one
    expect(bilan.people).toMatchObject({
      count: 3,
      hours: 342.17,
      linesWithoutParticipant: { hours: 20.25, lines: 1 },
    });
    expect(peopleOf(bilan.people.bySex)).toEqual({ F: [2, 291.67], M: [1, 50.5], unknown: [0, 0] });
    // The exits of the people who worked on its contracts: p1, p2, p3 → 2 positive of 3.
    expect(bilan.outcomes).toMatchObject({ exits: 3, neutral: 0, positive: 2 });
    expect(bilan.outcomes.positiveRate).toBeCloseTo(2 / 3, 10);
    const { rows, ...counts } = bilan.contracts;
    expect(counts).toMatchObject({
      running: 2,
      withClause: 2,
      withCriterion: 1,
      reserved: 0,
      withSocialConsideration: { contracts: 1, notified: 2, share: 0.5 },
      companies: 2,
      buyers: 1,
    });
    expect(rows.map((r) => r.reference)).toEqual(['A', 'B']);
  });

  it('a PLIE’s: its own hours, its part of a shared contract’s target, its people', () => {
    const bilan = computeBilan(input({ plieId: 'graves' }));
    expect(bilan.scope.plieName).toBe('PLIE des Graves');
    // B's Graves hours 40 + C 45; required: Graves' quarter of B 100.82 + C 99.91
    expect(bilan.hours).toMatchObject({ realised: 85, required: 200.73 });
    expect(bilan.contracts.rows.map((r) => [r.reference, r.required, r.realised, r.note])).toEqual([
      ['B', 100.82, 40, 'Marché partagé : part du PLIE'],
      ['C', 99.91, 45, null],
    ]);
    expect(hoursOf(bilan.hours.byPlie)).toEqual({ graves: 85 });
    expect(hoursOf(bilan.hours.byMode)).toMatchObject({
      geiq: 40,
      'siae-subcontracting': 30,
      training: 15,
      'direct-hire': 0,
    });
    expect(bilan.people).toMatchObject({
      count: 2, // p3 70, p4 10
      hours: 80,
      linesWithoutParticipant: { hours: 5, lines: 1 },
    });
    expect(peopleOf(bilan.people.byAgeBand)).toMatchObject({ unknown: [2, 80] });
    // Graves' exits: p3 (positive) and p4 (neutral): 1 ÷ 1.
    expect(bilan.outcomes).toMatchObject({ exits: 2, neutral: 1, positive: 1, positiveRate: 1 });
    expect(bilan.contracts).toMatchObject({
      running: 2,
      withClause: 1,
      withCriterion: 1,
      reserved: 1,
      withSocialConsideration: { contracts: 1, notified: 1, share: 1 }, // B (D is Bordeaux's)
    });

    // Bordeaux's quarter-to-three of B: 600 × 184/365 = 302.47 h.
    const bordeaux = computeBilan(input({ plieId: 'bordeaux' }));
    expect(bordeaux.contracts.rows.find((r) => r.reference === 'B')?.required).toBe(302.47);
    expect(bordeaux.hours).toMatchObject({ realised: 322.42, required: 1302.47 });
  });

  it('a PLIE’s part of a buyer’s: both scopes at once', () => {
    const bilan = computeBilan(input({ buyerSiret: BM, plieId: 'graves' }));
    expect(bilan.hours).toMatchObject({ realised: 40, required: 100.82 });
    expect(bilan.people.count).toBe(1);
  });
});

describe('the bilan from the totals the lines keep', () => {
  // The same lines as kept by their transactions: contract × PLIE × year (by month), PLIE ×
  // month (by mode), participant × year (a voided line's total stays, at zero).
  const months = (values: Record<number, number>) =>
    Array.from({ length: 12 }, (_, i) => values[i + 1] ?? 0);
  const totals: YearTotals = {
    contractYears: [
      { contractId: 'A', plieId: 'bordeaux', months: months({ 3: 150.5, 4: 20.25 }) },
      { contractId: 'B', plieId: 'bordeaux', months: months({ 9: 151.67 }) },
      { contractId: 'B', plieId: 'graves', months: months({ 9: 40 }) },
      { contractId: 'C', plieId: 'graves', months: months({ 10: 30, 11: 15 }) },
    ],
    plieMonths: [
      {
        plieId: 'bordeaux',
        month: '2025-03',
        hours: 150.5,
        lines: 2,
        byMode: { 'direct-hire': 100, 'temporary-work': 50.5 },
      },
      {
        plieId: 'bordeaux',
        month: '2025-04',
        hours: 20.25,
        lines: 1,
        byMode: { 'direct-hire': 20.25 },
      },
      { plieId: 'bordeaux', month: '2025-05', hours: 0, lines: 0, byMode: { 'direct-hire': 0 } },
      {
        plieId: 'bordeaux',
        month: '2025-09',
        hours: 151.67,
        lines: 1,
        byMode: { 'direct-hire': 151.67 },
      },
      { plieId: 'graves', month: '2025-09', hours: 40, lines: 1, byMode: { geiq: 40 } },
      {
        plieId: 'graves',
        month: '2025-10',
        hours: 30,
        lines: 1,
        byMode: { 'siae-subcontracting': 30 },
      },
      { plieId: 'graves', month: '2025-11', hours: 15, lines: 2, byMode: { training: 15 } },
    ],
    peopleYears: [
      { participantId: 'p1', hours: 251.67, lines: 2 },
      { participantId: 'p2', hours: 0, lines: 0 },
      { participantId: 'p2', hours: 50.5, lines: 1 },
      { participantId: 'p3', hours: 70, lines: 2 },
      { participantId: 'p4', hours: 10, lines: 1 },
    ],
    plieOf: new Map([...participants.values()].map((p) => [p.id, p.plieId])),
  };

  it('gives the same bilan as the lines, for the structure and for a PLIE', () => {
    const fromTotals = (scope: Partial<BilanInput['scope']>) =>
      computeBilan({ ...input(scope), hours: yearHoursOfTotals(totals, 2025) });
    expect(fromTotals({})).toEqual(computeBilan(input()));
    expect(fromTotals({ plieId: 'graves' })).toEqual(computeBilan(input({ plieId: 'graves' })));
    expect(fromTotals({ plieId: 'bordeaux' })).toEqual(computeBilan(input({ plieId: 'bordeaux' })));
  });

  it('refuses a buyer’s bilan from totals, which cannot say which contract a mode is of', () => {
    expect(() =>
      computeBilan({ ...input({ buyerSiret: BM }), hours: yearHoursOfTotals(totals, 2025) }),
    ).toThrow(/lines/);
  });
});

describe('the rules the bilan reuses', () => {
  it('required hours: a contract’s years add up to its target, each its pro-rata share', () => {
    const c = { targetHours: 300, startsOn: '2024-01-01', endsOn: '2026-12-31' };
    const years = [2023, 2024, 2025, 2026, 2027].map((y) => expectedInYear(c, y));
    expect(years).toEqual([0, 100.18, 99.91, 99.91, 0]);
    expect(years.reduce((a, b) => a + b, 0)).toBeCloseTo(300, 10);
  });

  it('exits in the bilan’s groups', () => {
    expect(exitGroup('cdi')).toBe('durable');
    expect(exitGroup('work-study')).toBe('durable');
    expect(exitGroup('subsidised-6m-plus')).toBe('transition');
    expect(exitGroup('other-training')).toBe('training');
    expect(exitGroup('qualifying-training')).toBe('training');
    expect(exitGroup('other-siae')).toBe('other');
    expect(exitGroup('dropout')).toBe('other');
    expect(exitGroup('maternity')).toBe('neutral');
  });
});
