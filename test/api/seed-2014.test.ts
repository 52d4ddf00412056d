import { beforeAll, describe, expect, it } from 'vitest';
import type { Outcome } from '#shared/domain/outcomes';
import { DEMO_PLIES } from '../../infra/local/demo-data';
import { contractInput, createTestApi, type TestApi } from '../support/api';

// Seed 004's 2014 totals as a whole scenario: "75,135 insertion hours on 62 contracts by 183
// eligible candidates, of whom 140 left with a job or a training: 76.5 %". The inputs are the
// contracts, the people and their hours (a monthly statement, as facilitators upload them);
// every figure below comes back out of the API.

const CONTRACTS = 62;
const HOURS = 75_135;
const PEOPLE = 183;
const POSITIVE = 140;

let api: TestApi;
let admin: string;
let procurement: string;

beforeAll(async () => {
  api = await createTestApi(() => new Date('2015-02-10T10:00:00Z'));
  admin = await api.token('admin');
  procurement = await api.token('procurement');
  for (const plie of DEMO_PLIES) {
    // PLIEs of long standing (since always, on purpose): the seed's years are in the past.
    await api.call('PUT', `/api/plies/${plie.id}`, {
      token: admin,
      body: { name: plie.name, activeFrom: null },
    });
  }
  await api.call('PUT', '/api/funding-conventions/2014', {
    token: admin,
    body: { fixedPerPlie: 0, perHour: 1 },
  });
  for (let c = 0; c < CONTRACTS; c++) {
    const created = await api.call('POST', '/api/contracts', {
      token: procurement,
      body: contractInput({
        reference: `BM-2014-${c}`,
        notifiedOn: '2013-12-02',
        startsOn: '2014-01-01',
        endsOn: '2014-12-31',
        allocation: { mode: 'shared' },
        targetHours: 1300,
      }),
    });
    expect(created.status).toBe(201);
  }
  const positive: Outcome[] = ['cdi', 'cdd-6m-plus', 'work-study', 'qualifying-training'];
  const other: Outcome[] = ['cdd-under-6m', 'job-seeking', 'dropout'];
  for (let p = 0; p < PEOPLE; p++) {
    const plieId = DEMO_PLIES[p % DEMO_PLIES.length]?.id as string;
    const created = await api.call('POST', '/api/participants', {
      token: procurement,
      body: { plieId, ref: `C2014-${p}`, eligibility: ['DELD'], enteredOn: '2013-11-04' },
    });
    const exited = await api.call('POST', `/api/participants/${created.body.id}/exit`, {
      token: procurement,
      body: {
        exitedOn: '2014-12-19',
        outcome: p < POSITIVE ? positive[p % positive.length] : other[p % other.length],
      },
    });
    expect(exited.status).toBe(200);
  }
});

/** The year's statement: each contract's share of the hours, in lines of 100 h at most. */
function statement(): string {
  const rows = ['contract_reference;plie_id;participant_ref;month;hours;mode'];
  let line = 0;
  for (let c = 0; c < CONTRACTS; c++) {
    // 75,135 h over 62 contracts: 1,211 h each, and one more for the first 53.
    let left = Math.floor(HOURS / CONTRACTS) + (c < HOURS % CONTRACTS ? 1 : 0);
    while (left > 0) {
      const hours = Math.min(100, left);
      const person = line % PEOPLE;
      const plieId = DEMO_PLIES[person % DEMO_PLIES.length]?.id;
      // Successive lines of one person fall in different months (183 ≡ 7 mod 11).
      const month = `2014-${String((line % 11) + 1).padStart(2, '0')}`;
      rows.push(
        `BM-2014-${c};${plieId};C2014-${person};${month};${String(hours).replace('.', ',')};direct-hire`,
      );
      left -= hours;
      line += 1;
    }
  }
  return rows.join('\n');
}

describe('seed 004, 2014: 75,135 h on 62 contracts, 183 candidates, 140 positive', () => {
  it('gives the year’s figures back from the contracts, people and hours', async () => {
    const imported = await api.call('POST', '/api/hours/import', {
      token: procurement,
      raw: statement(),
      headers: { 'content-type': 'text/csv' },
    });
    expect(imported.status).toBe(200);

    const contracts = await api.call('GET', '/api/contracts?activeIn=2014&limit=500', {
      token: procurement,
    });
    const withHours = contracts.body.items.filter(
      (c: { hoursLogged: number }) => c.hoursLogged > 0,
    );
    expect(withHours).toHaveLength(62);
    expect(withHours.reduce((s: number, c: { hoursLogged: number }) => s + c.hoursLogged, 0)).toBe(
      75_135,
    );

    const funding = await api.call('GET', '/api/funding?year=2014', { token: procurement });
    expect(funding.body.totals.hours).toBe(75_135);

    const report = await api.call('GET', '/api/reports/monthly/2014-12', { token: procurement });
    expect(report.body.summary.hoursYearToDate).toBe(75_135);
    expect(report.body.summary.contracts).toBe(62);

    const outcomes = await api.call('GET', '/api/outcomes?year=2014', { token: admin });
    expect(outcomes.body).toMatchObject({ exits: 183, positive: 140, neutral: 0 });
    expect(Math.round(outcomes.body.positiveRate * 1000) / 10).toBe(76.5);

    // Every one of the 183 candidates has hours on the contracts.
    const people = new Set<string>();
    for (const contract of withHours.slice(0, 62)) {
      const lines = await api.call('GET', `/api/hours?contractId=${contract.id}&limit=500`, {
        token: procurement,
      });
      for (const l of lines.body.items) people.add(l.participantId);
    }
    expect(people.size).toBe(183);
  });

  // After the statement above: the year's bilan from the same inputs.
  it('the year’s bilan gives the seed’s figures back, and its PLIEs’ bilans add up to it', async () => {
    const bilan = await api.call('GET', '/api/bilans/2014', { token: procurement });
    expect(bilan.status).toBe(200);
    expect(bilan.body.hours.realised).toBe(75_135);
    // 75,135 ÷ 1,607 = 46.75 full-time equivalents
    expect(bilan.body.hours.fte).toBe(46.8);
    expect(bilan.body.contracts).toMatchObject({ running: 62, withHours: 62 });
    expect(bilan.body.people).toMatchObject({
      count: 183,
      linesWithoutParticipant: { hours: 0, lines: 0 },
    });
    expect(bilan.body.outcomes).toMatchObject({ exits: 183, positive: 140, neutral: 0 });
    expect(Math.round(bilan.body.outcomes.positiveRate * 1000) / 10).toBe(76.5);
    // 1,300 h on each of the 62 contracts running the whole of 2014.
    expect(bilan.body.hours.required).toBe(62 * 1300);

    // Every contract is Bordeaux Métropole's: its bilan, read from the 806 lines of its
    // contracts, is the structure's, read from the totals the lines keep — figure for figure.
    const buyer = await api.call('GET', '/api/bilans/2014?buyerSiret=24330031600011', {
      token: procurement,
    });
    expect({ ...buyer.body, scope: null }).toEqual({ ...bilan.body, scope: null });

    // Each person is one PLIE's: the six PLIEs' bilans share the hours, people and exits out.
    let hours = 0;
    let people = 0;
    let positive = 0;
    for (const plie of DEMO_PLIES) {
      const own = await api.call('GET', `/api/bilans/2014?plieId=${plie.id}`, {
        token: procurement,
      });
      hours += own.body.hours.realised;
      people += own.body.people.count;
      positive += own.body.outcomes.positive;
    }
    expect([Math.round(hours * 100) / 100, people, positive]).toEqual([75_135, 183, 140]);
  });
});
