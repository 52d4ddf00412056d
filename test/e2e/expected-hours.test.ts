import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastDayOf, longFrenchDate } from '#shared/domain/calendar';
import { formatHours } from '#shared/domain/format';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  follow,
  lastMonthInParis,
  type PagesUnderTest,
  SIZES,
  usePages,
} from '../support/browser';

// One expected-hours rule (issue 29): the dashboard and the compliance page gave a contract two
// expected figures without saying why. Both now judge the pace on the same day, the end of the
// last complete month, and say it: « attendu au 30 novembre 2026 », with the same figure.

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const month = lastMonthInParis();
const day = longFrenchDate(lastDayOf(month));

beforeAll(() => {
  if (chromiumAvailable) pages = pagesOfFile();
});

describe.runIf(chromiumAvailable)('expected hours, one rule', { timeout: 90_000 }, () => {
  for (const size of SIZES) {
    it(`the dashboard and the compliance page give a late contract the same expected hours, on the day they say — ${size.name}`, async () => {
      const report = await pages.read('procurement', `/api/reports/monthly/${month}`);
      const late = report.contracts.find(
        (c: { behind: boolean; targetHours: number | null }) => c.behind && c.targetHours,
      );
      expect(late, 'a late contract in the demo data').toBeDefined();
      const expected = formatHours(late.expectedHours);

      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Achats / facilitateur');
      await follow(page, 'Tableau de bord');
      await page.getByRole('columnheader', { name: `Avancement (attendu au ${day})` }).waitFor();
      const row = page.getByRole('row', { name: new RegExp(late.reference) });
      await row.getByText(`attendu : ${expected}`).waitFor();
      await page.screenshot({
        path: join(ARTIFACTS, `attendu-tableau-de-bord-${size.name}.png`),
        fullPage: true,
      });
      const onDashboard = await axeViolations(page);
      expect(onDashboard, describeViolations('tableau de bord', onDashboard)).toEqual([]);

      await page.goto(`${pages.base}/#/conformite`);
      await page.getByText(`attendu au ${day} au prorata de la durée de chaque marché`).waitFor();
      const issue = page.getByRole('row', { name: new RegExp(late.reference) });
      await issue.getByText(`pour ${expected} attendues au ${day}`).waitFor();
      await issue.scrollIntoViewIfNeeded();
      // Every table wider than its box says so (on a phone: the bar above it, its edge shaded).
      const unannounced = () =>
        page
          .locator('main .table-wrap')
          .evaluateAll(
            (wraps) =>
              wraps.filter(
                (w) => w.scrollWidth > w.clientWidth + 1 && !w.classList.contains('scrolls'),
              ).length,
          );
      await expect.poll(unannounced).toBe(0);
      await page.screenshot({
        path: join(ARTIFACTS, `attendu-conformite-${size.name}.png`),
        fullPage: true,
      });
      const onCompliance = await axeViolations(page);
      expect(onCompliance, describeViolations('conformité', onCompliance)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});
