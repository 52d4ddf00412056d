import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { paceOf } from '#shared/domain/schedule';
import { h as hoursText } from '#shared/report/format';
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

// The monthly report (the e-mail shown in its page) said « Dans les temps » for the demo's
// BM-NET-0131 where the dashboard said « Sous le prorata 957,5 h sur 1 145,78 h attendues »
// (fresh-eyes pass, finding 1). Both now say the contract page's pace.

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const month = lastMonthInParis();

beforeAll(() => {
  if (chromiumAvailable) pages = pagesOfFile();
});

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
