import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { frenchDate } from '#shared/report/format';
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

// « Marchés suivis 7 » on the dashboard, « 8 marché(s) en cours contrôlé(s) » on the compliance
// page (fresh-eyes pass, finding 13): the demo's BM-REC-0171, notified last month, starts this
// month. The compliance page now says what it counts against the dashboard's figure.

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const month = lastMonthInParis();

beforeAll(() => {
  if (chromiumAvailable) pages = pagesOfFile();
});

describe.runIf(chromiumAvailable)('contracts counted', { timeout: 90_000 }, () => {
  for (const size of SIZES) {
    it(`the compliance page says which of its contracts the dashboard follows (${size.name})`, async () => {
      const year = Number(month.slice(0, 4));
      const compliance = await pages.read('procurement', `/api/compliance?year=${year}`);
      expect(compliance.contractsNotStarted).toBeGreaterThan(0);
      const started = compliance.contractsChecked - compliance.contractsNotStarted;

      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Achats / facilitateur');
      await follow(page, 'Tableau de bord');
      const followed = page.locator('.figure', { hasText: 'Marchés suivis' }).locator('strong');
      await followed.waitFor();
      expect(Number(await followed.innerText())).toBe(started);

      await page.goto(`${pages.base}/#/conformite`);
      const said = page.getByText(
        `${compliance.contractsChecked} marché(s) de ${year} contrôlé(s) : les ${started} commencé(s) à cette date, que compte le tableau de bord (« Marchés suivis »), et ${compliance.contractsNotStarted} notifié(s) qui ne commence(nt) qu’ensuite`,
        { exact: false },
      );
      await said.waitFor();
      expect(await said.innerText()).toContain(`Situation au ${frenchDate(compliance.asOf)}`);
      expect(await page.getByText('en cours contrôlé').count()).toBe(0);
      await said.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: join(ARTIFACTS, `conformite-marches-comptes-${size.name}.png`),
        fullPage: true,
      });
      const violations = await axeViolations(page);
      expect(violations, describeViolations('conformité', violations)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});
