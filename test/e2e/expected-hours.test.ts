import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastDayOf, longFrenchDate } from '#shared/domain/calendar';
import { formatHours } from '#shared/domain/format';
import { paceOf } from '#shared/domain/schedule';
import { frenchDate, h as hoursText } from '#shared/report/format';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  follow,
  lastMonthInParis,
  type PagesUnderTest,
  SIZES,
  unannouncedWideTables,
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
      await expect.poll(() => unannouncedWideTables(page)).toBe(0);
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

// The monthly report (the e-mail shown in its page) said « Dans les temps » for the demo's
// BM-NET-0131 where the dashboard said « Sous le prorata 957,5 h sur 1 145,78 h attendues »
// (fresh-eyes pass, finding 1). Both now say the contract page's pace.

describe.runIf(chromiumAvailable)('a contract below its pro-rata', { timeout: 90_000 }, () => {
  for (const size of SIZES) {
    it(`reads « Sous le prorata » on the dashboard and in the monthly report alike (${size.name})`, async () => {
      const contracts = await pages.read('procurement', '/api/contracts?limit=500');
      const { id } = contracts.items.find(
        (c: { reference: string }) => c.reference === 'BM-NET-0131',
      ) as { id: string };
      const detail = await pages.read('procurement', `/api/contracts/${id}`);
      const pace = detail.allocation[0].pace;
      // The demo's hours leave it below its pro-rata, within the 20 % tolerance.
      expect(paceOf(pace)).toBe('below-pace');
      const figures = `${hoursText(pace.hoursToDate)} sur ${hoursText(pace.expectedHours)} attendues`;

      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Achats / facilitateur');
      await follow(page, 'Tableau de bord');
      const onDashboard = page.getByRole('row', { name: /BM-NET-0131/ });
      await onDashboard.getByText('Sous le prorata', { exact: true }).waitFor();
      await onDashboard.getByText(figures, { exact: false }).waitFor();

      await follow(page, 'Rapport mensuel');
      const mail = page.frameLocator('iframe[title="Aperçu du rapport mensuel"]');
      // The e-mail's tables are for layout (role presentation): its row is the innermost tr.
      const row = mail.locator('tr').filter({ hasText: 'BM-NET-0131' }).last();
      // Its status cell: « Sous le prorata » above « retard à moins de 20 % ».
      await row.getByText('Sous le prorata').waitFor();
      const text = await row.innerText();
      expect(text).toContain(hoursText(pace.hoursToDate));
      expect(text).toContain(`attendu : ${hoursText(pace.expectedHours)}`);
      expect(text).toContain('retard à moins de 20 %');
      expect(text).not.toContain('Dans les temps');
      await row.scrollIntoViewIfNeeded();
      await page.screenshot({
        path: join(ARTIFACTS, `rapport-sous-prorata-${size.name}.png`),
        fullPage: true,
      });
      const violations = await axeViolations(page);
      expect(violations, describeViolations(`rapport (${month})`, violations)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
});

// « Marchés suivis 7 » on the dashboard, « 8 marché(s) en cours contrôlé(s) » on the compliance
// page (fresh-eyes pass, finding 13): the demo's BM-REC-0171, notified last month, starts this
// month. The compliance page now says what it counts against the dashboard's figure. In
// January that contract starts in a year the page has not reached: every contract checked has
// started, and the page says that instead (test/api/compliance-counted sets the clock for both).

describe.runIf(chromiumAvailable)('contracts counted', { timeout: 90_000 }, () => {
  for (const size of SIZES) {
    it(`the compliance page says which of its contracts the dashboard follows (${size.name})`, async () => {
      const year = Number(month.slice(0, 4));
      const compliance = await pages.read('procurement', `/api/compliance?year=${year}`);
      const started = compliance.contractsChecked - compliance.contractsNotStarted;

      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Achats / facilitateur');
      await follow(page, 'Tableau de bord');
      const followed = page.locator('.figure', { hasText: 'Marchés suivis' }).locator('strong');
      await followed.waitFor();
      expect(Number(await followed.innerText())).toBe(started);

      await page.goto(`${pages.base}/#/conformite?annee=${year}`);
      const their = compliance.contractsNotStarted > 1 ? 'leurs' : 'ses';
      const said = page.getByText(
        compliance.contractsNotStarted > 0
          ? `${compliance.contractsChecked} marché(s) de ${year} contrôlé(s) : les ${started} commencé(s) à cette date, que compte le tableau de bord (« Marchés suivis »), et ${compliance.contractsNotStarted} notifié(s) qui ne commence(nt) qu’ensuite (${their} règles`
          : `${compliance.contractsChecked} marché(s) de ${year} contrôlé(s), tous commencés à cette date, comme les compte le tableau de bord (« Marchés suivis »).`,
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

      // A closed year is judged on its 31 December, which the dashboard no longer shows.
      await page.goto(`${pages.base}/#/conformite?annee=${year - 1}`);
      await page.getByText(`Situation au 31/12/${year - 1}`, { exact: false }).waitFor();
      expect(await page.locator('main').innerText()).not.toContain('tableau de bord');
      expect(errors).toEqual([]);
    });
  }
});
