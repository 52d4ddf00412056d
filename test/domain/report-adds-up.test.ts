import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AllocationMode } from '#shared/domain/allocation';
import { addMonthsToMonth, monthNumberOf, yearMonth } from '#shared/domain/calendar';
import { addHours, HOUR_MODES, type HourMode, sumHours } from '#shared/domain/hours';
import { buildReport } from '#shared/report/build';
import type { ReportData } from '#shared/report/data';
import { reportJson } from '#shared/report/model';
import { renderCsv } from '#shared/report/render-csv';
import { renderHtml } from '#shared/report/render-html';
import { renderText } from '#shared/report/render-text';
import type { ContractRecord } from '#shared/store/contracts';
import { monthNumberAttribute } from '#shared/store/keys';
import { contractRecord } from '../support/records';

// Issue 12, points 10 and 15: in every report and scope the contract rows add up to the
// summary and to the funding hours, whatever the lines (property test over random ledgers,
// including hours a PLIE kept on a contract whose allocation an amendment later moved); and no
// figure shows a float's noise.

const PLIES = ['a', 'b', 'c'];
const YEAR = 2025;

interface Line {
  contract: number;
  plie: string;
  month: number;
  hundredths: number;
  mode: HourMode;
}

function contract(i: number, allocation: AllocationMode, target: number): ContractRecord {
  return contractRecord({
    id: `c${i}`,
    reference: `C-${i}`,
    title: `Marché ${i}`,
    notifiedOn: `${YEAR}-01-01`,
    allocation,
    targetHours: target,
  });
}

/**
 * Everything the report reads, derived from the lines as the store's totals are (DynamoDB adds
 * decimals exactly: so does addHours).
 */
function ledger(allocations: AllocationMode[], targets: number[], lines: Line[], month: number) {
  const contracts = allocations.map((a, i) => contract(i, a, targets[i] ?? 0));
  const reportMonth = yearMonth(YEAR, month);
  const yearTotals = new Map<string, { contractId: string; plieId: string; months: number[] }>();
  const plieMonths = new Map<
    string,
    { plieId: string; month: string; hours: number; lines: number; byMode: Record<string, number> }
  >();
  const lifetime = new Map<string, number>();
  const later = new Map<string, { contractId: string; plieId: string; hours: number }>();
  for (const line of lines) {
    const c = contracts[line.contract % contracts.length] as ContractRecord;
    const hours = line.hundredths / 100;
    const lineMonth = yearMonth(YEAR, line.month);
    c.hoursLogged = addHours(c.hoursLogged, hours);
    c.lineCount += 1;
    const pair = `${c.id}#${line.plie}`;
    const total = yearTotals.get(pair) ?? {
      contractId: c.id,
      plieId: line.plie,
      months: Array(12).fill(0),
    };
    total.months[line.month - 1] = addHours(total.months[line.month - 1], hours);
    yearTotals.set(pair, total);
    const pm = plieMonths.get(`${line.plie}#${lineMonth}`) ?? {
      plieId: line.plie,
      month: lineMonth,
      hours: 0,
      lines: 0,
      byMode: {},
    };
    pm.hours = addHours(pm.hours, hours);
    pm.lines += 1;
    pm.byMode[line.mode] = addHours(pm.byMode[line.mode] ?? 0, hours);
    plieMonths.set(`${line.plie}#${lineMonth}`, pm);
    lifetime.set(pair, addHours(lifetime.get(pair) ?? 0, hours));
    if (line.month > month) {
      const l = later.get(pair) ?? { contractId: c.id, plieId: line.plie, hours: 0 };
      l.hours = addHours(l.hours, hours);
      later.set(pair, l);
    }
  }
  const data: ReportData = {
    month: reportMonth,
    generatedAt: `${YEAR}-12-31T00:00:00Z`,
    plies: PLIES.map((id) => ({
      id,
      name: `PLIE ${id}`,
      communes: [],
      territory: null,
      coordinatorEmails: [],
      activeFrom: null,
      activeUntil: null,
    })),
    contracts,
    yearTotals: [...yearTotals.values()].map((t) => ({
      ...t,
      year: YEAR,
      hours: sumHours(t.months),
    })),
    laterHours: [...later.values()],
    plieMonths: [...plieMonths.values()],
    conventions: [{ fixedPerPlieCents: 5_000_00, perHourCents: 1_00 }],
    exits: [],
    reservedOfMonth: [],
    issues: new Map(),
    criteria: new Map([
      [
        YEAR,
        {
          plies: PLIES.map((plieId, i) => ({
            plieId,
            criteria: {
              population: 1000 * (i + 1),
              socialHousingRate: 0.1,
              qpvResidents: 100,
              qpvShare: 0.1,
              unemploymentRate: 0.1,
            },
          })),
          weights: null,
        },
      ],
    ]),
    plieLifetime: lifetime,
  };
  return data;
}

const allocation = fc.oneof(
  fc.constant<AllocationMode>({ mode: 'shared' }),
  fc.constantFrom(...PLIES).map((plieId): AllocationMode => ({ mode: 'single', plieId })),
);
const line = fc.record({
  contract: fc.nat(20),
  plie: fc.constantFrom(...PLIES),
  month: fc.integer({ min: 1, max: 12 }),
  // Hours to the hundredth, as payslips give them (151.67 h).
  hundredths: fc.integer({ min: 1, max: 25_000 }),
  mode: fc.constantFrom(...HOUR_MODES),
});

describe('the monthly report adds up (point 10)', () => {
  it('contract rows sum to the summary and to the funding hours, in every scope', () => {
    fc.assert(
      fc.property(
        fc.array(allocation, { minLength: 1, maxLength: 6 }),
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 6, maxLength: 6 }),
        fc.array(line, { maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        (allocations, targets, lines, month) => {
          const data = ledger(allocations, targets, lines, month);
          for (const scope of [null, ...PLIES]) {
            const report = reportJson(buildReport(data, scope));
            const { summary, contracts, funding, plies } = report;
            // Exactly, to the hundredth: no figure carries a float's noise.
            expect(sumHours(contracts.map((c) => c.hoursMonth))).toBe(summary.hoursMonth);
            expect(sumHours(contracts.map((c) => c.hoursYearToDate))).toBe(summary.hoursYearToDate);
            // Every line of the ledger is this year's: hours to date are the year's so far.
            expect(sumHours(contracts.map((c) => c.hoursToDate))).toBe(summary.hoursYearToDate);
            expect(sumHours(funding.rows.map((r) => r.hours))).toBe(summary.hoursYearToDate);
            for (const figure of [
              summary.hoursMonth,
              summary.hoursYearToDate,
              ...contracts.flatMap((c) => [c.hoursMonth, c.hoursYearToDate, c.hoursToDate]),
            ])
              expect(String(figure)).toMatch(/^-?\d+(\.\d{1,2})?$/);
            for (const row of funding.rows) {
              expect(row.hours).toBe(
                plies.find((p) => p.plieId === row.plieId)?.hoursYearToDate ?? 0,
              );
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('figures rounded for display in one place (point 15)', () => {
  it('shows percentages as percentages and no float noise in any rendering', () => {
    const data = ledger(
      [{ mode: 'single', plieId: 'a' }],
      [300],
      [
        { contract: 0, plie: 'a', month: 3, hundredths: 19_650, mode: 'geiq' },
        { contract: 0, plie: 'a', month: 4, hundredths: 25, mode: 'training' },
      ],
      4,
    );
    // 196.75 h of 300 h: 65.583…%.
    const report = buildReport(data, null);
    const csv = renderCsv(report);
    expect(csv).toContain('65,6 %');
    expect(csv).not.toMatch(/;0,65\d/);
    for (const text of [csv, renderHtml(report), renderText(report)]) {
      expect(text).not.toMatch(/\d[.,]\d{5,}/);
    }
  });

  it('keeps months in their attributes', () => {
    expect(monthNumberAttribute(monthNumberOf(addMonthsToMonth('2025-12', 1)))).toBe('m01');
  });
});
