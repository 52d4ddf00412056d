import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonthsToMonth, frenchMonth } from '#shared/domain/calendar';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  follow,
  lastMonthInParis,
  type PagesUnderTest,
  SIZES,
  startPages,
} from '../support/browser';

// Month fields in a browser without a month picker (Firefox, desktop Safari), forced here in
// Chromium, and with the picker as Chromium draws it.

let pages: PagesUnderTest;

beforeAll(async () => {
  if (!chromiumAvailable) return;
  pages = await startPages();
}, 120_000);

afterAll(async () => {
  await pages?.close();
});

const CONTRACT = 'BM-NET-0131 — Nettoyage des locaux administratifs — hôtel de la Métropole';

/** Chromium made to answer as Firefox does: an input keeps no `type="month"` it cannot draw. */
async function withoutMonthPicker(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const type = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'type');
    if (!type?.get || !type.set) return;
    const { get, set } = type;
    Object.defineProperty(HTMLInputElement.prototype, 'type', {
      configurable: true,
      enumerable: true,
      get() {
        const value = get.call(this);
        return value === 'month' ? 'text' : value;
      },
      set(value: string) {
        set.call(this, value);
      },
    });
  });
}

/** Logs `hours` with the month typed as `typed`; returns the month the API was sent. */
async function logWithMonth(page: Page, typed: string, hours: string): Promise<string> {
  await page.getByLabel('Mois', { exact: true }).fill(typed);
  await page.getByLabel('Heures').fill(hours);
  const request = page.waitForRequest(
    (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/hours',
  );
  await page.getByRole('button', { name: 'Enregistrer la ligne' }).click();
  const sent = (await request).postDataJSON() as { month: string };
  await page.getByText(new RegExp(`Ligne enregistrée : ${hours} h`)).waitFor();
  return sent.month;
}

async function openLogging(page: Page) {
  await pages.signIn(page, 'Achats / facilitateur');
  await follow(page, 'Saisir des heures');
  await page.getByRole('heading', { name: 'Saisir des heures' }).waitFor();
  await page.getByLabel('Marché').selectOption({ label: CONTRACT });
  await expect
    .poll(() => page.getByLabel('PLIE qui a placé la personne').inputValue())
    .toBe('bordeaux');
}

describe.runIf(chromiumAvailable)('month fields', { timeout: 120_000 }, () => {
  const month = lastMonthInParis();
  const [year, number] = month.split('-') as [string, string];
  const name = frenchMonth(month);

  for (const size of SIZES) {
    describe(`on a ${size.name} screen`, () => {
      it('reads a month typed as people write it where the browser has no picker', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await withoutMonthPicker(page);
        await openLogging(page);
        const field = page.getByLabel('Mois', { exact: true });
        expect(await field.getAttribute('type')).toBe('text');
        expect(await field.inputValue()).toBe(`${number}/${year}`);
        await page.getByText('mois/année, ex. 11/2026').waitFor();

        // Unreadable: said in French beside the field, and nothing is sent.
        let posted = 0;
        page.on('request', (r) => {
          if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/hours') posted++;
        });
        await field.fill('la semaine dernière');
        await page.getByLabel('Heures').fill('1,25');
        await page.getByRole('button', { name: 'Enregistrer la ligne' }).click();
        await page
          .locator('.field.invalid .error', {
            hasText: 'Mois illisible : écrivez-le mois/année, ex. 11/2026.',
          })
          .waitFor();
        expect(await field.getAttribute('aria-invalid')).toBe('true');
        // In the errors' summary at the top of the form, focused, whose link leads to the field.
        const summary = page.locator('form .form-summary');
        expect(await summary.evaluate((s) => s === document.activeElement)).toBe(true);
        await summary.getByRole('link', { name: /^Mois : Mois illisible/ }).click();
        await expect
          .poll(() => page.evaluate(() => document.activeElement?.id))
          .toBe(await field.getAttribute('id'));
        expect(posted).toBe(0);
        expect(describeViolations('mois illisible', await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `mois-sans-selecteur-${size.name}.png`),
          fullPage: true,
        });

        // As people write it: « 11/2026 », « Novembre 2026 », « nov. 2026 », and `2026-11`.
        // Hours of each size's own: a line typed again would be a possible duplicate, asked about.
        const [first, second, third] = size.phone
          ? ['1,23', '0,73', '0,47']
          : ['1,27', '0,77', '0,53'];
        expect(await logWithMonth(page, `${number}/${year}`, first)).toBe(month);
        expect(await field.getAttribute('aria-invalid')).toBeNull();
        const capitalised = name.charAt(0).toUpperCase() + name.slice(1);
        expect(await logWithMonth(page, capitalised, second)).toBe(month);
        expect(await logWithMonth(page, month, third)).toBe(month);
        expect(posted).toBe(3);

        // The dashboard's month, typed: « nov. 2026 » opens that month.
        await follow(page, 'Tableau de bord');
        const picker = page.getByLabel('Mois', { exact: true });
        await picker.waitFor();
        await picker.fill(`${name.slice(0, 3)}. ${year}`);
        await picker.press('Enter');
        await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/?mois=${month}`);
        // A month after the one just ended is said to be one.
        await page.getByLabel('Mois', { exact: true }).fill(`12/${Number(year) + 1}`);
        await page.getByLabel('Mois', { exact: true }).press('Enter');
        await page.getByText(/Mois à venir : .* au plus tard\./).waitFor();
        expect(describeViolations('mois à venir', await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `mois-tableau-de-bord-sans-selecteur-${size.name}.png`),
          fullPage: true,
        });

        // The hour lines' month filter, typed as a word: the month before opens.
        const before = addMonthsToMonth(month, -1);
        await follow(page, 'Lignes d’heures');
        const filter = page.getByLabel('Mois', { exact: true });
        await expect.poll(() => filter.inputValue()).toBe(`${number}/${year}`);
        await filter.fill(frenchMonth(before));
        await filter.press('Enter');
        await expect
          .poll(() => page.evaluate(() => location.hash))
          .toMatch(new RegExp(`mois=${before}`));
        await page.getByRole('heading', { name: new RegExp(frenchMonth(before)) }).waitFor();
        expect(describeViolations('lignes, mois tapé', await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `mois-lignes-sans-selecteur-${size.name}.png`),
          fullPage: true,
        });

        // The monthly report's month, typed `MM-YYYY`.
        await follow(page, 'Rapport mensuel');
        // The lines' page has a « Mois » field too, until the report's page takes its place
        // (CI, 7 December: the month typed there went to the lines' filter).
        await page.getByRole('heading', { level: 1, name: 'Rapport mensuel' }).waitFor();
        const reportMonth = page.getByLabel('Mois', { exact: true });
        await reportMonth.waitFor();
        await reportMonth.fill(`${before.slice(5, 7)}-${before.slice(0, 4)}`);
        await reportMonth.press('Enter');
        await expect
          .poll(() => page.evaluate(() => location.hash))
          .toBe(`#/rapport?mois=${before}`);
        await page.getByTitle('Aperçu du rapport mensuel').waitFor();
        expect(describeViolations('rapport, mois tapé', await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `mois-rapport-sans-selecteur-${size.name}.png`),
        });
        expect(errors).toEqual([]);
      });

      it('keeps the browser’s month picker where there is one', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await openLogging(page);
        const field = page.getByLabel('Mois', { exact: true });
        expect(await field.getAttribute('type')).toBe('month');
        expect(await field.inputValue()).toBe(month);
        expect(await page.getByText('mois/année, ex. 11/2026').count()).toBe(0);
        expect(await logWithMonth(page, month, size.phone ? '0,23' : '0,27')).toBe(month);
        expect(describeViolations('sélecteur de mois', await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `mois-selecteur-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });
    });
  }
});
