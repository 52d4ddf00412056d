import { describe, expect, it } from 'vitest';
import { parisTime, previousMonth } from '#shared/domain/calendar';
import { buildReport } from '#shared/report/build';
import type { ReportData } from '#shared/report/data';
import { reportJson } from '#shared/report/model';
import { csvText, renderCsv } from '#shared/report/render-csv';
import { renderHtml } from '#shared/report/render-html';
import { renderText } from '#shared/report/render-text';
import { nextReportRun } from '../../infra/local/schedule';
import { contractRecord } from '../support/records';

const contract = contractRecord;

const months = (values: Record<number, number>) =>
  Array.from({ length: 12 }, (_, i) => values[i + 1] ?? 0);

// A known data set: two PLIEs, a contract of each and a shared one, October 2025.
const data: ReportData = {
  month: '2025-10',
  generatedAt: '2025-11-01T06:00:00Z',
  plies: [
    {
      id: 'a',
      name: 'PLIE A',
      communes: [],
      territory: null,
      coordinatorEmails: [],
      activeFrom: null,
      activeUntil: null,
    },
    {
      id: 'b',
      name: 'PLIE B',
      communes: [],
      territory: null,
      coordinatorEmails: [],
      activeFrom: null,
      activeUntil: null,
    },
  ],
  contracts: [
    contract({ id: 'c1', reference: 'C-1', hoursLogged: 1000 }),
    contract({
      id: 'c2',
      reference: 'C-2',
      title: 'Espaces verts de B',
      allocation: { mode: 'single', plieId: 'b' },
      hoursLogged: 100,
      targetHours: 1000,
    }),
    contract({
      id: 'c3',
      reference: 'C-3',
      allocation: { mode: 'shared' },
      hoursLogged: 300,
      targetHours: 600,
    }),
  ],
  yearTotals: [
    {
      contractId: 'c1',
      plieId: 'a',
      year: 2025,
      hours: 1000,
      months: months({ 3: 400, 9: 350, 10: 200, 11: 50 }),
    },
    { contractId: 'c2', plieId: 'b', year: 2025, hours: 100, months: months({ 10: 100 }) },
    { contractId: 'c3', plieId: 'a', year: 2025, hours: 120, months: months({ 10: 120 }) },
    { contractId: 'c3', plieId: 'b', year: 2025, hours: 180, months: months({ 9: 180 }) },
  ],
  laterHours: [{ contractId: 'c1', plieId: 'a', hours: 50 }],
  plieMonths: [
    { plieId: 'a', month: '2025-03', hours: 400, lines: 4, byMode: { 'direct-hire': 400 } },
    { plieId: 'a', month: '2025-09', hours: 350, lines: 3, byMode: { geiq: 350 } },
    { plieId: 'a', month: '2025-10', hours: 320, lines: 3, byMode: { geiq: 200, training: 120 } },
    { plieId: 'a', month: '2025-11', hours: 50, lines: 1, byMode: { geiq: 50 } },
    { plieId: 'b', month: '2025-09', hours: 180, lines: 2, byMode: { 'direct-hire': 180 } },
    { plieId: 'b', month: '2025-10', hours: 100, lines: 1, byMode: { 'direct-hire': 100 } },
  ],
  conventions: [{ fixedPerPlieCents: 5_000_00, perHourCents: 1_00 }],
  exits: [
    { plieId: 'a', exitedOn: '2025-10-03', outcome: 'cdi' },
    { plieId: 'a', exitedOn: '2025-06-03', outcome: 'job-seeking' },
    { plieId: 'b', exitedOn: '2025-10-20', outcome: 'qualifying-training' },
  ],
  reservedOfMonth: [
    contract({
      id: 'r1',
      reference: 'R-1',
      title: 'Blanchisserie',
      allocation: { mode: 'single', plieId: 'b' },
      reserved: { basis: 'L2113-12', awardeeType: 'ESAT' },
    }),
  ],
  issues: new Map([
    ['c2', [{ rule: 'behind-schedule' as const, reference: 'suivi', message: 'En retard' }]],
  ]),
  criteria: new Map([
    [
      2025,
      {
        plies: [
          {
            plieId: 'a',
            criteria: {
              population: 3,
              socialHousingRate: 0.1,
              qpvResidents: 1,
              qpvShare: 0.1,
              unemploymentRate: 0.1,
            },
          },
          {
            plieId: 'b',
            criteria: {
              population: 1,
              socialHousingRate: 0.1,
              qpvResidents: 1,
              qpvShare: 0.1,
              unemploymentRate: 0.1,
            },
          },
        ],
        weights: null,
      },
    ],
  ]),
  plieLifetime: new Map([
    ['c1#a', 1000],
    ['c3#a', 120],
    ['c2#b', 100],
    ['c3#b', 180],
  ]),
};

describe('the monthly report', () => {
  it('gives the month, the year to date and progress from the totals', () => {
    const report = reportJson(buildReport(data));
    expect(report.monthLabel).toBe('octobre 2025');
    // C-2 (100 of 1,000 h) and C-3 (300 of 600 h) are under 80 % of their pro-rata (83 % of the year).
    expect(report.summary).toEqual({
      hoursMonth: 420,
      hoursYearToDate: 1350,
      contracts: 3,
      contractsBehind: 2,
    });
    const c1 = report.contracts.find((c) => c.id === 'c1');
    // 1,000 h logged, of which 50 h for November: 950 h to the end of October.
    expect(c1).toMatchObject({
      hoursMonth: 200,
      hoursYearToDate: 950,
      hoursToDate: 950,
      targetHours: 1200,
      behind: false,
    });
    expect(c1?.expectedHours).toBeCloseTo((1200 * 304) / 365, 1);
    const c2 = report.contracts.find((c) => c.id === 'c2');
    expect(c2).toMatchObject({ hoursToDate: 100, behind: true });
    expect(report.plies).toEqual([
      {
        plieId: 'a',
        name: 'PLIE A',
        hoursMonth: 320,
        hoursYearToDate: 1070,
        byModeMonth: { geiq: 200, training: 120 },
        byModeYearToDate: { 'direct-hire': 400, geiq: 550, training: 120 },
      },
      {
        plieId: 'b',
        name: 'PLIE B',
        hoursMonth: 100,
        hoursYearToDate: 280,
        byModeMonth: { 'direct-hire': 100 },
        byModeYearToDate: { 'direct-hire': 280 },
      },
    ]);
    expect(report.funding.totals).toEqual({
      hours: 1350,
      fixed: 10_000,
      variable: 1350,
      total: 11_350,
    });
    expect(report.outcomes.month).toMatchObject({ exits: 2, positive: 2 });
    expect(report.outcomes.yearToDate).toMatchObject({ exits: 3, positive: 2 });
    expect(report.reservedMarkets.map((m) => m.reference)).toEqual(['R-1']);
    expect(report.alerts.map((a) => a.contract.reference)).toEqual(['C-2']);
  });

  it('gives a PLIE only its contracts, its hours, its share, its money and its people', () => {
    const report = buildReport(data, 'a');
    expect(report.scope).toEqual({ plieId: 'a', name: 'PLIE A' });
    expect(report.contracts.map((c) => c.reference)).toEqual(['C-1', 'C-3']);
    // The shared contract: A's share of 600 h by the key (population 3:1, the rest equal → 0.55).
    expect(report.contracts.find((c) => c.id === 'c3')).toMatchObject({
      targetHours: 330,
      hoursMonth: 120,
      hoursToDate: 120,
    });
    expect(report.plies.map((p) => p.plieId)).toEqual(['a']);
    expect(report.funding.rows.map((r) => r.plieId)).toEqual(['a']);
    expect(report.funding.totals).toBeNull();
    expect(report.outcomes.yearToDate).toMatchObject({ exits: 2, positive: 1 });
    expect(report.reservedMarkets).toEqual([]);
    expect(report.alerts).toEqual([]);
    const html = renderHtml(report);
    const csv = renderCsv(report);
    for (const text of [html, csv, JSON.stringify(report)]) {
      expect(text).not.toContain('C-2');
      expect(text).not.toContain('Espaces verts de B');
      expect(text).not.toContain('PLIE B');
      expect(text).not.toContain('R-1');
    }
  });

  it('writes a CSV for Excel: BOM, `;`, decimal commas, formulas neutralised', () => {
    const csv = renderCsv(
      buildReport({
        ...data,
        contracts: [
          contract({
            id: 'c1',
            reference: '=HYPERLINK("x")',
            title: '+33 @evil',
            hoursLogged: 1000,
          }),
        ],
      }),
    );
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain(';950;');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).toContain("'+33 @evil");
    expect(csvText('-1+1')).toBe("'-1+1");
    expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvText('Voirie')).toBe('Voirie');
  });

  it('gives the month’s total hours in the CSV attached, as the email does', () => {
    const report = buildReport(data);
    // October: A 320 h + B 100 h; since January: A 400 + 350 + 320, B 180 + 100.
    expect(report.summary).toMatchObject({ hoursMonth: 420, hoursYearToDate: 1350 });
    const lines = renderCsv(report).split('\r\n');
    expect(lines).toContain('Heures du mois;420');
    expect(lines).toContain('Heures depuis janvier;1350');
    // The contracts' table ends with its total.
    const total = lines.findIndex((l) => l.startsWith('Total;;'));
    expect(lines[total]).toBe('Total;;420;1350');
    expect(total).toBeGreaterThan(lines.indexOf('Heures par marché'));
    expect(total).toBeLessThan(lines.indexOf('Heures par PLIE et modalité'));
  });

  it('says a contract below its pro-rata within the tolerance is « Sous le prorata », as the pages do', () => {
    // C-1: 950 h of 999,45 h expected at the end of October (within 20 %); C-2: 100 h, late.
    const report = buildReport(data);
    const statusOf = (html: string, reference: string) =>
      // The row's last cell (its progress bar is a table of its own: the row ends at \n</tr>).
      html
        .slice(html.indexOf(`<strong>${reference}</strong>`))
        .split('\n</tr>')[0]
        ?.split('<td')
        .at(-1)
        ?.replace(/^[^>]*>/, '')
        .replace(/<[^>]*>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
    const html = renderHtml(report);
    expect(statusOf(html, 'C-1')).toBe('Sous le prorata retard à moins de 20 %');
    expect(statusOf(html, 'C-2')).toBe('En retard');
    const text = renderText(report);
    expect(text).toContain('attendu 999,45 h) · sous le prorata');
    expect(text).toContain('· EN RETARD');
    const lines = renderCsv(report).split('\r\n');
    const header = lines[lines.indexOf('Heures par marché') + 1]?.split(';');
    expect(header?.slice(-2)).toEqual(['En retard', 'Statut']);
    expect(
      lines
        .find((l) => l.startsWith('C-1;'))
        ?.split(';')
        .slice(-2),
    ).toEqual(['non', 'Sous le prorata']);
    expect(
      lines
        .find((l) => l.startsWith('C-2;'))
        ?.split(';')
        .slice(-2),
    ).toEqual(['oui', 'En retard']);
    // A PLIE's report judges her share the same way: A's 950 h of C-1 are all of it.
    const hers = renderHtml(buildReport(data, 'a'));
    expect(statusOf(hers, 'C-1')).toBe('Sous le prorata retard à moins de 20 %');
    expect(hers).not.toContain('Dans les temps');
  });

  it('draws progress bars in HTML without images or scripts, escaping what users typed', () => {
    const html = renderHtml(
      buildReport({
        ...data,
        contracts: [contract({ title: '<script>alert(1)</script>', hoursLogged: 600 })],
      }),
    );
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toMatch(/<img|src=|url\(/i);
    expect(html).toContain('width="46%"');
  });

  it('reflows its wide tables on a phone, every cell saying its column (mail on a phone)', () => {
    const html = renderHtml(buildReport(data));
    const head = html.slice(0, html.indexOf('</head>'));
    expect(head).toMatch(/<style>[^<]*@media only screen and \(max-width: 480px\)[^<]*<\/style>/);
    expect(head).toContain('td.cell::before { content: attr(data-label)');
    // Each stacked table: its header's labels, then every row's cells labelled in that order.
    const tables = html.split('<table class="stack"').slice(1);
    const checked = tables.map((table) => {
      const headers = [...table.matchAll(/<th [^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
      const rows = table.split('<tr class="line">').slice(1);
      for (const row of rows) {
        // The row's own cells, without those of its progress bar (a table of its own).
        const own = row.split('\n</tr>')[0]?.replace(/<table\b[\s\S]*?<\/table>/g, '') ?? '';
        const labels = [...own.matchAll(/<td data-label="([^"]*)"/g)].map((m) => m[1]);
        expect(labels).toEqual(headers);
        expect(own.match(/<td\b/g)).toHaveLength(headers.length);
        expect(own.match(/<td data-label="[^"]*" class="cell" /g)).toHaveLength(headers.length);
      }
      return [headers[0], headers.at(-1), rows.length];
    });
    expect(checked).toEqual([
      ['Marché', 'Statut', 3],
      ['PLIE', 'Année', 2],
      ['PLIE', 'Total', 3],
      ['Période', 'Dynamiques IAE : durables / transition / positives', 2],
      ['Marché', 'Montant HT', 1],
      ['Marché', 'Règle et écart', 1],
    ]);
    // On a desktop, the status keeps its words on one line.
    expect(html).toContain('<span style="white-space:nowrap">Sous le prorata</span>');
  });
});

describe('the schedule', () => {
  it('runs on the 1st at 07:00 Paris time, winter or summer', () => {
    expect(nextReportRun(new Date('2025-10-15T12:00:00Z')).toISOString()).toBe(
      '2025-11-01T06:00:00.000Z',
    );
    expect(nextReportRun(new Date('2025-06-10T12:00:00Z')).toISOString()).toBe(
      '2025-07-01T05:00:00.000Z',
    );
    expect(nextReportRun(new Date('2025-12-20T00:00:00Z')).toISOString()).toBe(
      '2026-01-01T06:00:00.000Z',
    );
    // Just before 07:00 on the 1st, the run is that morning.
    expect(nextReportRun(new Date('2025-11-01T05:30:00Z')).toISOString()).toBe(
      '2025-11-01T06:00:00.000Z',
    );
    expect(parisTime(2026, 3, 29, 7).toISOString()).toBe('2026-03-29T05:00:00.000Z');
    expect(previousMonth('2026-01')).toBe('2025-12');
  });
});
