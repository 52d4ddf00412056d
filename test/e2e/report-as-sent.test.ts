import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { frenchMonth, previousMonth } from '#shared/domain/calendar';
import { formatHours } from '#shared/domain/format';
import { deliverMonthlyReports } from '#shared/services/report-delivery';
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

// The monthly report page shows the e-mail as it left when it was sent (issue 29: November was
// sent with other totals than the preview showed later), says when and to how many, and gives
// the recomputed one on demand; a month not sent says it is a recomputed preview.

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const month = lastMonthInParis();
const earlier = previousMonth(previousMonth(month));
let sentHours = 0;
let nowHours = 0;

/** Calls the API as the procurement role, as a page would. */
async function asProcurement(method: string, path: string, body?: unknown) {
  const { token } = (await fetch(`${pages.base}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'procurement' }),
  }).then((r) => r.json())) as { token: string };
  const response = await fetch(`${pages.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  sentHours = (await pages.read('procurement', `/api/reports/monthly/${month}`)).summary.hoursMonth;
  await deliverMonthlyReports(
    { stores: pages.stores, now: () => new Date() },
    {
      month,
      sender: { send: async () => ({ messageId: 'e2e' }) },
      from: 'rapports@bordeaux-metropole.example',
      reportRecipients: ['achats@bordeaux-metropole.example', 'dg@bordeaux-metropole.example'],
    },
  );
  // Two months back, sent by an earlier version: delivery records only, no e-mail kept.
  for (const recipient of ['achats@bordeaux-metropole.example', 'dg@bordeaux-metropole.example']) {
    await pages.stores.deliveries.claim(earlier, recipient, 'all', Date.now(), 60_000);
    await pages.stores.deliveries.markSent(earlier, recipient, 'all', {
      at: new Date().toISOString(),
      messageId: recipient,
      bytes: 1,
    });
  }
  // A correction after sending: one more line of that month, like one already there.
  const [line] = (
    await pages.read('procurement', `/api/hours?plieId=bordeaux&month=${month}&limit=1`)
  ).items;
  const logged = await asProcurement('POST', '/api/hours', {
    contractId: line.contractId,
    plieId: line.plieId,
    month,
    hours: 12.5,
    mode: line.mode,
  });
  expect(logged.status, JSON.stringify(logged.body)).toBe(201);
  nowHours = (await pages.read('procurement', `/api/reports/monthly/${month}`)).summary.hoursMonth;
  expect(nowHours).toBeCloseTo(sentHours + 12.5, 2);
}, 120_000);

const frameText = (page: Page) =>
  page
    .frameLocator('iframe[title="Aperçu du rapport mensuel"]')
    .locator('body')
    .innerText({ timeout: 20_000 });

describe.runIf(chromiumAvailable)('the monthly report as sent', { timeout: 90_000 }, () => {
  for (const size of SIZES) {
    it(`shows the e-mail as sent, the recomputed one on demand, and an unsent month as a preview — ${size.name}`, async () => {
      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Achats / facilitateur');
      await follow(page, 'Rapport mensuel');
      const sent = (await pages.read('procurement', `/api/reports/monthly/${month}/sent`)).sent;
      const status = page.getByRole('status').filter({ hasText: 'Envoyé le' });
      await status.waitFor();
      expect(await status.innerText()).toMatch(
        new RegExp(
          `Envoyé le \\d{1,2} \\S+ \\d{4} à \\d\\d:\\d\\d, à ${sent.recipients} destinataires`,
        ),
      );
      // The sent e-mail's month figure is the one of the day it left, not today's.
      await expect.poll(() => frameText(page)).toContain(formatHours(sentHours));
      expect(await frameText(page)).not.toContain(formatHours(nowHours));
      // The e-mail is shown whole, read with the page's scroll: no scroll inside the frame.
      await expect
        .poll(() =>
          page
            .locator('iframe.report')
            .evaluate(
              (f: HTMLIFrameElement) =>
                (f.contentDocument?.documentElement.scrollHeight ?? Infinity) <= f.clientHeight,
            ),
        )
        .toBe(true);
      await page.screenshot({
        path: join(ARTIFACTS, `rapport-envoye-${size.name}.png`),
        fullPage: true,
      });
      const violations = await axeViolations(page);
      expect(violations, describeViolations('rapport envoyé', violations)).toEqual([]);

      await page.getByRole('button', { name: 'Voir la version recalculée' }).click();
      await page.getByText('Aperçu recalculé avec les chiffres d’aujourd’hui').waitFor();
      await expect.poll(() => frameText(page)).toContain(formatHours(nowHours));
      await page.getByRole('button', { name: 'Voir le courriel envoyé' }).click();
      await expect.poll(() => frameText(page)).toContain(formatHours(sentHours));
      // The sent figure may be read in the recomputed e-mail too: the sent one is back once
      // today's figure is gone.
      await expect.poll(() => frameText(page)).not.toContain(formatHours(nowHours));

      // A month never sent: said to be a recomputed preview.
      await page.goto(`${pages.base}/#/rapport?mois=${previousMonth(month)}`);
      await page.getByText('Aperçu recalculé, pas encore envoyé').waitFor();
      // « Rapport » is in the previous month's e-mail too: this month's is named by its month.
      await expect
        .poll(() => frameText(page))
        .toContain(`Rapport mensuel — ${frenchMonth(previousMonth(month))}`);
      await page.screenshot({
        path: join(ARTIFACTS, `rapport-non-envoye-${size.name}.png`),
        fullPage: true,
      });
      const unsent = await axeViolations(page);
      expect(unsent, describeViolations('rapport non envoyé', unsent)).toEqual([]);

      // Sent before e-mails were kept: when and to how many is said, and that this is recomputed.
      await page.goto(`${pages.base}/#/rapport?mois=${earlier}`);
      await page
        .getByText(/Envoyé le .*, à 2 destinataires\. Le courriel envoyé n’a pas été gardé/)
        .waitFor();
      await expect
        .poll(() => frameText(page))
        .toContain(`Rapport mensuel — ${frenchMonth(earlier)}`);
      expect(errors).toEqual([]);
    });
  }
});

// On a 390 px phone the e-mail scrolled sideways in its frame, its title cut and its « Avancement »
// and « Statut » columns off-screen; on a desktop « Sous le prorata » wrapped word by word
// (fresh-eyes pass). Its tables now reflow on a phone, each figure after its column's label.

describe.runIf(chromiumAvailable)(
  'the monthly report e-mail on a phone',
  { timeout: 90_000 },
  () => {
    for (const size of SIZES) {
      it(`reads without sideways scrolling, « Sous le prorata » in view and on one line — ${size.name}`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Achats / facilitateur');
        await follow(page, 'Rapport mensuel');
        const mail = page.frameLocator('iframe[title="Aperçu du rapport mensuel"]');
        const row = mail.locator('tr').filter({ hasText: 'BM-NET-0131' }).last();
        const status = row.locator('td[data-label="Statut"] span', { hasText: 'Sous le prorata' });
        await status.waitFor();
        // Inside the frame, nothing wider than it (read once its styles are given back).
        await expect
          .poll(() =>
            page.locator('iframe.report').evaluate((f: HTMLIFrameElement) => {
              const root = f.contentDocument?.documentElement;
              return root ? root.scrollWidth - root.clientWidth : Infinity;
            }),
          )
          .toBeLessThanOrEqual(1);
        const layout = await status.evaluate((span) => {
          const width = span.ownerDocument.documentElement.clientWidth;
          const cell = span.closest('td') as HTMLTableCellElement;
          const cells = [...span.ownerDocument.querySelectorAll('td[data-label]')];
          return {
            lines: span.getClientRects().length,
            right: span.getBoundingClientRect().right,
            width,
            // What a phone says before each figure: its column's label.
            label: getComputedStyle(cell, '::before').content,
            outside: cells.filter((c) => c.getBoundingClientRect().right > width + 1).length,
            // Its progress bar's filled part, drawn with a cell of the bar's own table.
            filled: cell.parentElement
              ?.querySelector('td[data-label="Avancement"] table td')
              ?.getBoundingClientRect().width,
          };
        });
        expect(layout.lines).toBe(1);
        expect(layout.right).toBeLessThanOrEqual(layout.width);
        expect(layout.outside).toBe(0);
        // Drawn (it was empty once the phone layout reached into the bar's own table).
        expect(layout.filled).toBeGreaterThan(0);
        if (size.phone) expect(layout.label).toBe('"Statut : "');
        else expect(layout.label).toBe('none');
        await row.scrollIntoViewIfNeeded();
        await page.screenshot({
          path: join(ARTIFACTS, `rapport-courriel-${size.name}.png`),
          fullPage: true,
        });
        const violations = await axeViolations(page);
        expect(violations, describeViolations('rapport sur téléphone', violations)).toEqual([]);
        expect(errors).toEqual([]);
      });
    }
  },
);
