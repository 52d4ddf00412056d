import { beforeAll, describe, expect, it } from 'vitest';
import { contractInput, seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

let api: TestApi;
let procurement: string;

// The clock of this app reads 15 October 2026.
const now = () => new Date('2026-10-15T10:00:00Z');

beforeAll(async () => {
  ({ api, procurement } = await seededApi(now));
});

const create = (overrides: Parameters<typeof contractInput>[0]) =>
  api.call('POST', '/api/contracts', { token: procurement, body: contractInput(overrides) });

describe('reserved markets', () => {
  it('refuses a second L2113-15 award to the same operator within three years, with the reason', async () => {
    const ess = {
      reserved: { basis: 'L2113-15' as const, awardeeType: 'ESS' as const },
      socialConsiderations: ['reserved' as const],
      awardee: { name: 'Coopérative Culture Solidaire', siret: '80123456700015' },
      kind: 'services' as const,
    };
    const first = await create({
      ...ess,
      reference: 'ESS-1',
      notifiedOn: '2024-03-01',
      startsOn: '2024-03-01',
      endsOn: '2026-02-28',
    });
    expect(first.status).toBe(201);
    const count = await itemCount(api);
    const second = await create({
      ...ess,
      reference: 'ESS-2',
      notifiedOn: '2026-03-01',
      startsOn: '2026-03-01',
      endsOn: '2027-02-28',
    });
    expect(second.status).toBe(422);
    expect(second.body.errors[0]).toMatchObject({
      path: 'reserved.basis',
      message: expect.stringContaining('1er mars 2024'),
    });
    expect(await itemCount(api)).toBe(count);
    // Another buyer may award it; so may this buyer once three years have passed.
    const otherBuyer = await create({
      ...ess,
      reference: 'ESS-3',
      buyer: { name: 'Ville de Pessac', siret: '21330318800014' },
      notifiedOn: '2026-03-01',
      startsOn: '2026-03-01',
      endsOn: '2027-02-28',
    });
    expect(otherBuyer.status).toBe(201);
    const later = await create({
      ...ess,
      reference: 'ESS-4',
      notifiedOn: '2027-03-02',
      startsOn: '2027-03-02',
      endsOn: '2028-03-01',
    });
    expect(later.status).toBe(201);
  });

  it('refuses an L2113-15 contract longer than three years', async () => {
    const response = await create({
      reference: 'ESS-LONG',
      reserved: { basis: 'L2113-15', awardeeType: 'ESS' },
      awardee: { name: 'Autre coopérative', siret: '80999999900018' },
      kind: 'services',
      notifiedOn: '2025-01-01',
      startsOn: '2025-01-01',
      endsOn: '2028-06-30',
      socialConsiderations: [],
    });
    expect(response.status).toBe(422);
    expect(response.body.errors[0].path).toBe('reserved.endsOn');
  });

  it('keeps old legal bases for history only', async () => {
    const old = await create({
      reference: 'OLD-36',
      notifiedOn: '2017-05-02',
      startsOn: '2017-06-01',
      endsOn: '2018-05-31',
      reserved: { basis: 'ord2015-art36' },
      socialConsiderations: [],
    });
    expect(old.status).toBe(201);
    expect(old.body.reserved).toEqual({ basis: 'ord2015-art36', awardeeType: null });
    const recent = await create({
      reference: 'NEW-36',
      reserved: { basis: 'ord2015-art36' },
      socialConsiderations: [],
    });
    expect(recent.status).toBe(422);
  });

  it('totals a year’s reserved markets by basis, with their share of the year’s amount', async () => {
    const year = 2023;
    const dates = { notifiedOn: '2023-04-03', startsOn: '2023-05-01', endsOn: '2024-04-30' };
    await create({
      ...dates,
      reference: 'R-1',
      amount: 100_000,
      reserved: { basis: 'L2113-12', awardeeType: 'ESAT' },
      socialConsiderations: [],
    });
    await create({
      ...dates,
      reference: 'R-2',
      amount: 50_000.5,
      reserved: { basis: 'L2113-13', awardeeType: 'EI' },
      socialConsiderations: [],
    });
    await create({
      ...dates,
      reference: 'R-3',
      amount: 49_999.5,
      reserved: { basis: 'L2113-12', awardeeType: 'EA' },
      socialConsiderations: [],
    });
    await create({ ...dates, reference: 'N-1', amount: 800_000 });
    const response = await api.call('GET', `/api/reserved-markets?year=${year}`, {
      token: procurement,
    });
    expect(response.status).toBe(200);
    expect(response.body.totals).toEqual({
      count: 3,
      amount: 200_000,
      shareOfAmount: 0.2,
      // Three reserved of four notified: the share by count says something else than by amount.
      contractsOfYear: 4,
      shareOfCount: 0.75,
      byBasis: {
        'L2113-12': { label: expect.stringContaining('ESAT'), count: 2, amount: 149_999.5 },
        'L2113-13': { label: expect.stringContaining('insertion'), count: 1, amount: 50_000.5 },
      },
    });
    expect(response.body.items.map((i: { reference: string }) => i.reference).sort()).toEqual([
      'R-1',
      'R-2',
      'R-3',
    ]);
  });
});

describe('GET /api/compliance', () => {
  it('lists each contract breaking a rule, with the rule’s reference and a sentence', async () => {
    const big = await create({
      reference: 'BIG-NO-CLAUSE',
      kind: 'services',
      amount: 400_000,
      notifiedOn: '2026-09-01',
      startsOn: '2026-09-15',
      endsOn: '2027-09-14',
      socialConsiderations: [],
      targetHours: undefined,
    });
    const small = await create({
      reference: 'SMALL',
      kind: 'services',
      amount: 100_000,
      notifiedOn: '2026-09-01',
      startsOn: '2026-09-15',
      endsOn: '2027-09-14',
      socialConsiderations: [],
      targetHours: undefined,
    });
    const late = await create({
      reference: 'LATE',
      notifiedOn: '2026-01-05',
      startsOn: '2026-01-05',
      endsOn: '2026-12-31',
      targetHours: 1000,
    });
    const onTime = await create({
      reference: 'ON-TIME',
      notifiedOn: '2026-01-05',
      startsOn: '2026-01-05',
      endsOn: '2026-12-31',
      targetHours: 100,
    });
    // Its hours all of October, the month under way: not yet part of the pace at 30 September.
    const october = await create({
      reference: 'OCTOBER-ONLY',
      notifiedOn: '2026-01-05',
      startsOn: '2026-01-05',
      endsOn: '2026-12-31',
      targetHours: 100,
    });
    await api.call('POST', '/api/hours', {
      token: procurement,
      body: {
        contractId: october.body.id,
        plieId: 'bordeaux',
        month: '2026-10',
        hours: 80,
        mode: 'direct-hire',
      },
    });
    for (const month of ['2026-03', '2026-06', '2026-09']) {
      await api.call('POST', '/api/hours', {
        token: procurement,
        body: {
          contractId: onTime.body.id,
          plieId: 'bordeaux',
          month,
          hours: 30,
          mode: 'direct-hire',
        },
      });
    }
    await api.call('POST', '/api/hours', {
      token: procurement,
      body: {
        contractId: late.body.id,
        plieId: 'bordeaux',
        month: '2026-05',
        hours: 100,
        mode: 'direct-hire',
      },
    });

    const response = await api.call('GET', '/api/compliance?year=2026', { token: procurement });
    expect(response.status).toBe(200);
    // The pace is judged at the end of the last complete month, as the dashboard judges it.
    expect(response.body.asOf).toBe('2026-09-30');
    const byId = new Map(
      response.body.items.map((i: { contract: { id: string } }) => [i.contract.id, i]),
    );
    expect(byId.get(big.body.id)).toMatchObject({
      issues: [
        {
          rule: 'L2112-2-1',
          reference: expect.stringContaining('L2112-2-1'),
          message: expect.stringContaining('considération sociale'),
        },
      ],
    });
    expect(byId.has(small.body.id)).toBe(false);
    expect(byId.get(late.body.id)).toMatchObject({
      issues: [{ rule: 'behind-schedule', message: expect.stringContaining('100 h') }],
    });
    // The expected hours say their day: 1,000 h × 269 of 361 days, as the dashboard of September.
    const [lateIssue] = (byId.get(late.body.id) as { issues: { message: string }[] }).issues;
    expect(lateIssue?.message).toContain('pour 745,15 h attendues au 30 septembre 2026');
    const september = await api.call('GET', '/api/reports/monthly/2026-09', {
      token: procurement,
    });
    expect(
      september.body.contracts.find((c: { id: string }) => c.id === late.body.id).expectedHours,
    ).toBe(745.15);
    expect(byId.get(october.body.id)).toMatchObject({
      issues: [{ rule: 'behind-schedule', message: expect.stringMatching(/^0 h réalisées/) }],
    });
    expect(byId.has(onTime.body.id)).toBe(false);
    // ESS-2-like repeats are refused at creation; the ESS-4 award of 2027 is not in 2026.
  });

  it('judges a past year as of its last day', async () => {
    const response = await api.call('GET', '/api/compliance?year=2025&tolerance=0.5', {
      token: procurement,
    });
    expect(response.body.asOf).toBe('2025-12-31');
  });
});

describe('PATCH /api/contracts/{id}', () => {
  it('completes a contract and applies the creation rules', async () => {
    const created = await create({
      reference: 'TO-COMPLETE',
      targetHours: undefined,
      allocation: { mode: 'shared' },
    });
    const id = created.body.id;
    const patched = await api.call('PATCH', `/api/contracts/${id}`, {
      token: procurement,
      body: {
        allocation: { mode: 'single', plieId: 'graves' },
        insertionInputs: { labourShare: 0.5, insertionRate: 0.05, hourlyCost: 30 },
      },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      allocation: { mode: 'single', plieId: 'graves' },
      targetHours: 833,
    });
    const bad = await api.call('PATCH', `/api/contracts/${id}`, {
      token: procurement,
      body: { reserved: { basis: 'L2113-13', awardeeType: 'ESAT' } },
    });
    expect(bad.status).toBe(422);
    const target = await api.call('PATCH', `/api/contracts/${id}`, {
      token: procurement,
      body: { targetHours: 500 },
    });
    expect(target.body).toMatchObject({ targetHours: 500, insertionInputs: null });
    const history = await api.call('GET', `/api/changes?entityType=contract&entityId=${id}`, {
      token: procurement,
    });
    expect(history.body.items.map((c: { action: string }) => c.action)).toEqual([
      'create',
      'update',
      'update',
    ]);
    const empty = await api.call('PATCH', `/api/contracts/${id}`, { token: procurement, body: {} });
    expect(empty.status).toBe(400);
    const coordinator = await api.token('plie-coordinator', 'graves');
    expect(
      (
        await api.call('PATCH', `/api/contracts/${id}`, {
          token: coordinator,
          body: { targetHours: 1 },
        })
      ).status,
    ).toBe(403);
  });
});
