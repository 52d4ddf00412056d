import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '#shared/domain/access';
import type { Bilan } from '#shared/domain/bilan';
import { monthNumberOf, parisMonth, yearOf } from '#shared/domain/calendar';
import { readXlsx } from '#shared/imports/xlsx';
import { expectFigures, figure, hoursText, pdfTitle, plain } from '../support/bilan-page';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  follow,
  lastMonthInParis,
  type PagesUnderTest,
  SIZES,
  type Size,
  usePages,
} from '../support/browser';

// Issue 28: the page « Bilan » over the demo data — the year's hours, people, contracts and
// exits of the structure, then of a buyer, as an administrator, and of her own PLIE only as a
// coordinator — every figure the API's, the API's CSV and workbook downloaded, axe clean, and
// the page printed: its print styles on screen, and an A4 PDF through Chromium.

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const SHOTS = join(ARTIFACTS, 'bilan');

/**
 * The browser's clock: a February day of this year (or today, in January to March), when the
 * page opens on last year, whole — the demo holds 24 months of hours up to last month. Never
 * later than today: the session's token would have expired by the page's clock.
 */
const REAL_NOW = new Date();
const THIS_YEAR = yearOf(parisMonth(REAL_NOW));
const CLOCK =
  monthNumberOf(parisMonth(REAL_NOW)) <= 3 ? REAL_NOW : new Date(`${THIS_YEAR}-02-15T10:00:00Z`);
const YEAR = THIS_YEAR - 1;
/**
 * Ville de Bègles, buyer of one demo contract, which runs from 7 months ago to next month: it
 * has hours in the year of the month just ended, the year its bilan is read for.
 */
const BUYER_YEAR = yearOf(lastMonthInParis());
const BUYER = { name: 'Ville de Bègles', siret: '21330039700014' };

beforeAll(() => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  mkdirSync(SHOTS, { recursive: true });
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function token(role: Role): Promise<string> {
  const answer = await fetch(`${pages.base}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, ...(role === 'plie-coordinator' ? { plieId: 'graves' } : {}) }),
  });
  return ((await answer.json()) as { token: string }).token;
}

/** The API's bilan, or its file, as `role` reads it. */
async function apiBilan(role: Role, query = '', year = YEAR): Promise<Bilan> {
  return pages.read(role, `/api/bilans/${year}${query ? `?${query}` : ''}`);
}
async function apiFile(role: Role, query: string, year: number): Promise<Buffer> {
  const answer = await fetch(`${pages.base}/api/bilans/${year}?${query}`, {
    headers: { authorization: `Bearer ${await token(role)}` },
  });
  expect(answer.status).toBe(200);
  return Buffer.from(await answer.arrayBuffer());
}

async function whenDrawn(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('main h1') !== null &&
      document.querySelector('main [aria-busy="true"]') === null,
  );
}

async function openBilan(size: Size, role: 'Administrateur' | 'Coordinateur de PLIE') {
  const { page, errors } = await pages.newPage(size.viewport);
  await page.clock.setFixedTime(CLOCK);
  await pages.signIn(page, role, role === 'Coordinateur de PLIE' ? 'PLIE des Graves' : undefined);
  await follow(page, 'Bilan');
  await page
    .getByRole('heading', { name: `Bilan des clauses sociales ${YEAR}`, level: 1 })
    .waitFor();
  await whenDrawn(page);
  return { page, errors };
}

/** The CSV button's file: the API's own, named after the scope. */
async function expectCsv(
  page: Page,
  role: Role,
  query: string,
  name: string,
  year = YEAR,
): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByRole('group', { name: 'Exporter le bilan' })
      .getByRole('button', { name: 'CSV' })
      .click(),
  ]);
  expect(download.suggestedFilename()).toBe(name);
  const saved = readFileSync(await download.path());
  expect(saved.equals(await apiFile(role, `format=csv${query ? `&${query}` : ''}`, year))).toBe(
    true,
  );
  return saved.toString('utf8');
}

describe.runIf(chromiumAvailable)('the page « Bilan »', { timeout: 240_000 }, () => {
  for (const size of SIZES) {
    it(`an administrator reads the structure’s year, then a buyer’s, exports and prints it — ${size.name}`, async () => {
      const { page, errors } = await openBilan(size, 'Administrateur');
      expect(await page.title()).toBe(`Bilan des clauses sociales ${YEAR} — clause-tracker`);
      // January to March opens on last year, whole: nothing provisional about it.
      expect(
        await page
          .getByRole('navigation', { name: 'Année' })
          .locator('[aria-current="page"]')
          .textContent(),
      ).toBe(String(YEAR));
      expect(await page.getByText('Chiffres provisoires.').count()).toBe(0);
      expect(plain(await page.locator('.bilan-scope').textContent())).toBe(
        'Bordeaux Métropole · Toute la structure',
      );
      const structure = await apiBilan('admin');
      // What this test stands on: hours, people of several publics, exits.
      expect(structure.hours.realised).toBeGreaterThan(0);
      expect(structure.people.count).toBeGreaterThan(5);
      await expectFigures(page, structure);
      expect(describeViolations(`bilan (${size.name})`, await axeViolations(page))).toBe('');
      await shot(page, `structure-${size.name}`);

      const csv = await expectCsv(page, 'admin', '', `bilan-${YEAR}.csv`);
      expect(csv.split('\r\n')).toContain(
        `Heures réalisées;${String(structure.hours.realised).replace('.', ',')}`,
      );
      const [workbook] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Excel (.xlsx)' }).click(),
      ]);
      expect(workbook.suggestedFilename()).toBe(`bilan-${YEAR}.xlsx`);
      const sheet = readXlsx(new Uint8Array(readFileSync(await workbook.path())));
      expect(sheet.header).toEqual(['Indicateur', 'Valeur']);

      if (!size.phone) {
        // « Imprimer / PDF » opens the browser's print dialog.
        await page.evaluate(() => {
          (window as unknown as { printed: number }).printed = 0;
          window.print = () => {
            (window as unknown as { printed: number }).printed++;
          };
        });
        await page.getByRole('button', { name: 'Imprimer / PDF' }).click();
        expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(
          1,
        );
        // On paper: the document alone, its title saying whose bilan of which year.
        await page.emulateMedia({ media: 'print' });
        for (const hidden of ['#nav', '.foot', '.bilan-controls'])
          expect(await page.locator(hidden).isVisible(), hidden).toBe(false);
        expect(await page.getByRole('img', { name: /Heures réalisées par mois/ }).isVisible()).toBe(
          true,
        );
        await shot(page, 'impression-structure');
        const pdf = await page.pdf({ format: 'A4', printBackground: true });
        writeFileSync(join(SHOTS, 'bilan-structure.pdf'), pdf);
        const text = pdf.toString('latin1');
        expect(text.startsWith('%PDF-')).toBe(true);
        expect(pdfTitle(pdf)).toBe(`Bilan des clauses sociales ${YEAR} — clause-tracker`);
        const pageCount = (text.match(/\/Type\s*\/Page\b/g) ?? []).length;
        // Hours over a page and a bit, people, then the contracts (from a new page) and exits.
        expect(pageCount).toBeGreaterThanOrEqual(3);
        expect(pageCount).toBeLessThanOrEqual(10);
        await page.emulateMedia({ media: 'screen' });
        expect(await page.locator('#nav').isVisible()).toBe(true);

        // This year so far is a link away, and says it is provisional.
        await page
          .getByRole('navigation', { name: 'Année' })
          .getByRole('link', { name: String(THIS_YEAR) })
          .click();
        await page
          .getByRole('heading', { name: `Bilan des clauses sociales ${THIS_YEAR}` })
          .waitFor();
        await whenDrawn(page);
        await page.getByText('Chiffres provisoires.').waitFor();
      }

      // A buyer's bilan, in the year of the month just ended: its contracts only. The page's
      // clock is today's again, as the data's.
      await page.clock.setFixedTime(REAL_NOW);
      const year = (page: Page) =>
        page.getByRole('navigation', { name: 'Année' }).locator('[aria-current="page"]');
      if ((await year(page).textContent()) !== String(BUYER_YEAR)) {
        await page
          .getByRole('navigation', { name: 'Année' })
          .getByRole('link', { name: String(BUYER_YEAR) })
          .click();
        await page
          .getByRole('heading', { name: `Bilan des clauses sociales ${BUYER_YEAR}` })
          .waitFor();
        await whenDrawn(page);
      }
      // That year's exits (the demo's people leave 4 months and 1 month ago), as the API's.
      const wholeYear = await apiBilan('admin', '', BUYER_YEAR);
      expect(wholeYear.outcomes.exits).toBeGreaterThan(0);
      await expectFigures(page, wholeYear);
      await shot(page, `structure-${BUYER_YEAR}-${size.name}`);
      await page.getByLabel('Périmètre du bilan').selectOption({ label: BUYER.name });
      await page.getByRole('button', { name: 'Afficher' }).click();
      await page.locator('.bilan-scope', { hasText: BUYER.name }).waitFor();
      await whenDrawn(page);
      expect(plain(await page.locator('.bilan-scope').textContent())).toBe(
        `Bordeaux Métropole · Acheteur : ${BUYER.name} (${BUYER.siret})`,
      );
      expect(page.url()).toContain(`acheteur=${BUYER.siret}`);
      const buyer = await apiBilan('admin', `buyerSiret=${BUYER.siret}`, BUYER_YEAR);
      expect(buyer.hours.realised).toBeGreaterThan(0);
      expect(buyer.hours.realised).toBeLessThan(wholeYear.hours.realised);
      await expectFigures(page, buyer);
      expect(describeViolations(`bilan acheteur (${size.name})`, await axeViolations(page))).toBe(
        '',
      );
      await shot(page, `acheteur-${size.name}`);
      await expectCsv(
        page,
        'admin',
        `buyerSiret=${BUYER.siret}`,
        `bilan-${BUYER_YEAR}-acheteur-${BUYER.siret}.csv`,
        BUYER_YEAR,
      );
      if (!size.phone) {
        await page.emulateMedia({ media: 'print' });
        await shot(page, 'impression-acheteur');
        await page.emulateMedia({ media: 'screen' });
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });

    it(`a coordinator reads her PLIE’s year, and no other — ${size.name}`, async () => {
      const { page, errors } = await openBilan(size, 'Coordinateur de PLIE');
      expect(plain(await page.locator('.bilan-scope').textContent())).toBe(
        'Bordeaux Métropole · PLIE : PLIE des Graves',
      );
      // No scope to choose.
      expect(await page.getByLabel('Périmètre du bilan').count()).toBe(0);
      const own = await apiBilan('plie-coordinator');
      expect(own.scope.plieId).toBe('graves');
      expect(own.hours.realised).toBeGreaterThan(0);
      await expectFigures(page, own);
      expect(
        describeViolations(`bilan coordinateur (${size.name})`, await axeViolations(page)),
      ).toBe('');
      await shot(page, `coordinateur-${size.name}`);
      await expectCsv(page, 'plie-coordinator', '', `bilan-${YEAR}-plie-graves.csv`);
      // Another PLIE asked by the address: still hers.
      await page.goto(`${pages.base}/#/bilan?annee=${YEAR}&plie=bordeaux`);
      await page.getByRole('heading', { name: `Bilan des clauses sociales ${YEAR}` }).waitFor();
      await whenDrawn(page);
      expect(plain(await page.locator('.bilan-scope').textContent())).toBe(
        'Bordeaux Métropole · PLIE : PLIE des Graves',
      );
      expect(await figure(page, 'Heures réalisées')).toBe(hoursText(own.hours.realised));
      if (!size.phone) {
        await page.emulateMedia({ media: 'print' });
        await shot(page, 'impression-coordinateur');
        const pdf = await page.pdf({ format: 'A4', printBackground: true });
        writeFileSync(join(SHOTS, 'bilan-coordinateur.pdf'), pdf);
        expect(pdf.toString('latin1').startsWith('%PDF-')).toBe(true);
        expect(pdfTitle(pdf)).toBe(`Bilan des clauses sociales ${YEAR} — clause-tracker`);
        // The bilan's print styles are its own: another page prints as it did.
        await page.emulateMedia({ media: 'screen' });
        await follow(page, 'Mon PLIE');
        await page.getByRole('heading', { name: 'PLIE des Graves', level: 1 }).waitFor();
        await page.emulateMedia({ media: 'print' });
        expect(await page.locator('#nav').isVisible()).toBe(true);
        await page.emulateMedia({ media: 'screen' });
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
