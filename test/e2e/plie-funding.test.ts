import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { frenchMonth, parisMonth } from '#shared/domain/calendar';
import { eur } from '#shared/report/format';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  lastMonthInParis,
  type PagesUnderTest,
  SIZES,
  usePages,
} from '../support/browser';

// Issue 28: a PLIE's page shows the money acquired at the end of the month just ended — the
// figure of that month's report, which GET /api/funding?asOf= gives too — and any other month
// of the year, or the whole year with the hours logged since.

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const month = lastMonthInParis();
const year = Number(month.slice(0, 4));

beforeAll(async () => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  // Hours of the current month, so that the year's figure is not the last month's.
  const contracts = await pages.read('procurement', '/api/contracts?limit=500');
  const bridge = contracts.items.find((c: { reference: string }) => c.reference === 'BM-JJB-0042');
  const { token } = await fetch(`${pages.base}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'procurement' }),
  }).then((r) => r.json() as Promise<{ token: string }>);
  const logged = await fetch(`${pages.base}/api/hours`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      contractId: bridge.id,
      plieId: 'graves',
      month: parisMonth(new Date()),
      hours: 151.67,
      mode: 'direct-hire',
    }),
  });
  if (logged.status !== 201) throw new Error(`hours: ${await logged.text()}`);
});

const gravesTotal = (funding: { plies: { plieId: string; total: number }[] }) =>
  (funding.plies.find((r) => r.plieId === 'graves') as { total: number }).total;

describe.runIf(chromiumAvailable)('a PLIE’s money, as of a month', { timeout: 90_000 }, () => {
  for (const size of SIZES) {
    it(`shows the report’s "financement acquis à fin du mois", then the whole year (${size.name})`, async () => {
      const asOf = await pages.read('procurement', `/api/funding?year=${year}&asOf=${month}`);
      const report = await pages.read('procurement', `/api/reports/monthly/${month}`);
      const whole = await pages.read('procurement', `/api/funding?year=${year}`);
      const reported = report.funding.rows.find((r: { plieId: string }) => r.plieId === 'graves');
      expect(gravesTotal(asOf)).toBe(reported.total);
      if (month.startsWith(`${parisMonth(new Date()).slice(0, 4)}-`))
        expect(gravesTotal(whole)).toBeGreaterThan(gravesTotal(asOf));

      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Coordinateur de PLIE', 'PLIE des Graves');
      await page.getByRole('heading', { name: 'PLIE des Graves', level: 1 }).waitFor();
      const monthName = frenchMonth(month).split(' ')[0];
      const figure = page.locator('.figure', {
        hasText: `Financement ${year} acquis à fin ${monthName}`,
      });
      await expect
        .poll(() => figure.locator('strong').textContent())
        .toBe(eur(asOf.plies.find((r: { plieId: string }) => r.plieId === 'graves').total));
      await page.getByText(`à fin ${monthName}.`).waitFor();
      expect(describeViolations(`PLIE (${size.name})`, await axeViolations(page))).toBe('');
      await page.screenshot({
        path: join(ARTIFACTS, `plie-financement-${size.name}.png`),
        fullPage: true,
      });

      await page.getByLabel('Financement acquis').selectOption({
        label: 'sur l’année, à ce jour',
      });
      const yearFigure = page.locator('.figure', {
        hasText: `Financement ${year} acquis sur l’année`,
      });
      await expect
        .poll(() => yearFigure.locator('strong').textContent())
        .toBe(eur(gravesTotal(whole)));
      expect(errors).toEqual([]);
    });
  }
});
