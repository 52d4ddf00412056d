import { join } from 'node:path';
import type { Route } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { eur } from '#shared/report/format';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  type PagesUnderTest,
  SIZES,
  usePages,
} from '../support/browser';

// A form submitted again: while its request is in flight, the previous submit's « enregistrée »
// is gone from the page (a user, a screen reader would read that a save not yet done is done),
// the form is busy and its button disabled, and a second submit sends nothing more
// (web/src/form-submit.ts, through which every form's submit goes).

const pagesOfFile = usePages();
let pages: PagesUnderTest;

beforeAll(() => {
  if (chromiumAvailable) pages = pagesOfFile();
});

const amount = (n: number) => new RegExp(`^${eur(n).replace(/\s/g, '\\s')} par PLIE`);

describe.runIf(chromiumAvailable)('a form submitted again', { timeout: 120_000 }, () => {
  for (const [index, size] of SIZES.entries()) {
    it(`shows no earlier « enregistrée » while its save is in flight (${size.name})`, async () => {
      const year = new Date().getFullYear();
      const saved = `Convention ${year} enregistrée.`;
      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Administrateur');
      await page.goto(`${pages.base}/#/administration/financement?annee=${year}`);
      await page.getByRole('heading', { name: `Administration — financement ${year}` }).waitFor();
      const row = page.getByRole('row', { name: /Tous les marchés/ });
      const fixedField = page.getByLabel('Part fixe par PLIE (€ par an)');
      const save = page.getByRole('button', { name: `Enregistrer la convention ${year}` });

      // A first save, done: its notice is on the page.
      const first = 7100 + index * 1000;
      await fixedField.fill(String(first));
      await save.click();
      await row.getByText(amount(first)).waitFor();
      await page.getByText(saved).waitFor();

      // The second save's PUT is held until the page's in-flight state is looked at.
      const puts: Route[] = [];
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      await page.route('**/api/funding-conventions/**', async (route) => {
        if (route.request().method() !== 'PUT') return route.continue();
        puts.push(route);
        await released;
        await route.continue();
      });
      const second = first + 250;
      await fixedField.fill(String(second));
      await save.click();
      await expect.poll(() => puts.length).toBe(1);
      const form = page.locator('form', { has: save });
      await expect.poll(() => form.getAttribute('aria-busy')).toBe('true');
      expect(await save.isDisabled()).toBe(true);
      expect(await page.locator('.notice.success').count()).toBe(0);
      expect(await page.getByText(saved).count()).toBe(0);
      // Submitted again while the first is in flight (Enter does nothing on a disabled
      // button; a script or a second path might): nothing more is sent.
      await form.evaluate((f) => (f as HTMLFormElement).requestSubmit());
      expect(describeViolations(`envoi en cours (${size.name})`, await axeViolations(page))).toBe(
        '',
      );
      await page.screenshot({
        path: join(ARTIFACTS, `convention-envoi-en-cours-${size.name}.png`),
        fullPage: true,
      });
      expect(puts.length).toBe(1);

      release();
      await row.getByText(amount(second)).waitFor();
      await page.getByText(saved).waitFor();
      expect(await page.locator('.notice.success').count()).toBe(1);
      expect(puts.length).toBe(1);
      const funding = await pages.read('procurement', `/api/funding?year=${year}`);
      const all = funding.conventions.find((c: { funderSiret: string | null }) => !c.funderSiret);
      expect(all.fixedPerPlie).toBe(second);
      expect(describeViolations(`enregistrée (${size.name})`, await axeViolations(page))).toBe('');
      await page.screenshot({
        path: join(ARTIFACTS, `convention-enregistree-apres-envoi-${size.name}.png`),
        fullPage: true,
      });
      expect(errors).toEqual([]);
    });
  }
});
