import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { yearOf } from '#shared/domain/calendar';
import type { PublishedYear } from '#shared/domain/consolidation';
import { parseCsv } from '#shared/imports/csv';
import { readXlsx } from '#shared/imports/xlsx';
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

// The observatory's page over the two demo structures: each one's year (hours, FTE, people,
// contracts, exits, positive rate) as the API publishes it, a hidden count read « secret » and
// never 0 — in the table, the key figures and the CSV and Excel exports — the hours as bars,
// other years a link away, and nothing else of the product open to the role.

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const SHOTS = join(ARTIFACTS, 'observatory');

interface Consolidation {
  year: number;
  tenants: PublishedYear[];
  totals: Omit<PublishedYear, 'tenant' | 'name'>;
}

/** The year the page opens on: the one of the month just ended (the demo's hours end there). */
const YEAR = yearOf(lastMonthInParis());
let published: Consolidation;

beforeAll(async () => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  mkdirSync(SHOTS, { recursive: true });
  published = await pages.read('observer', `/api/consolidation?year=${YEAR}`);
  // What this test stands on: two structures with hours, and a count the secret hides.
  expect(published.tenants.filter((t) => t.hours > 0).length).toBeGreaterThanOrEqual(2);
  expect(published.tenants.some((t) => t.people === null)).toBe(true);
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** Text as read, whatever spaces French formatting put in (narrow no-break ones). */
const plain = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

const french = (n: number, digits: number, min = 0) =>
  plain(n.toLocaleString('fr-FR', { minimumFractionDigits: min, maximumFractionDigits: digits }));
/** A row as the page must show it: hours, FTE, people, contracts, exits, positive, rate. */
function expectedCells(row: Consolidation['totals']): string[] {
  const secret = (value: number | null) => (value === null ? 'secret' : french(value, 0));
  return [
    `${french(row.hours, 2)} h`,
    french(row.fte, 1, 1),
    secret(row.people),
    french(row.contracts, 0),
    secret(row.exits),
    secret(row.positive),
    row.positiveRate === null
      ? 'secret'
      : row.exits
        ? `${french(row.positiveRate * 100, 1)} %`
        : '—',
  ];
}

async function whenDrawn(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('main h1') !== null &&
      document.querySelector('main [aria-busy="true"]') === null,
  );
}

const table = (page: Page) =>
  page.getByRole('region', { name: `Chiffres par structure en ${YEAR}` });
const cellsOf = async (page: Page, rowName: RegExp) =>
  (await table(page).getByRole('row', { name: rowName }).locator('th, td').allTextContents()).map(
    plain,
  );

describe.runIf(chromiumAvailable)('the observatory’s page', { timeout: 180_000 }, () => {
  for (const size of SIZES) {
    it(`shows each structure’s year under statistical secrecy, and exports it — ${size.name}`, async () => {
      const { page, errors } = await pages.newPage(size.viewport);
      // The local sign-in offers the observatory, with no structure to choose.
      await page.goto(`${pages.base}/`);
      await page.getByText('Mode local.').waitFor();
      await page.getByRole('radio', { name: 'Observatoire' }).check();
      expect(await page.getByLabel('Structure', { exact: true }).isDisabled()).toBe(true);
      await shot(page, `connexion-${size.name}`);
      await pages.signInWithForm(page, 'Observatoire');
      await page.getByRole('heading', { name: `Observatoire — ${YEAR}`, level: 1 }).waitFor();
      await whenDrawn(page);
      expect(await page.title()).toBe(`Observatoire — ${YEAR} — clause-tracker`);
      // Its own page only, and no structure in the header.
      expect(await page.locator('#nav a').allTextContents()).toEqual(['Observatoire']);
      expect(await page.locator('#who').textContent()).toContain('Observatoire');
      expect(await page.locator('#who strong').count()).toBe(0);
      expect(
        await page
          .getByRole('navigation', { name: 'Année' })
          .locator('[aria-current="page"]')
          .textContent(),
      ).toBe(String(YEAR));

      // Each structure's row, then the totals, as published; a hidden count says « secret ».
      const byName = [...published.tenants].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
      const rows = await table(page).locator('tbody tr').all();
      expect(rows.length).toBe(byName.length);
      for (const [i, tenant] of byName.entries()) {
        const shown = (await rows[i]?.locator('th, td').allTextContents())?.map(plain);
        expect(shown, tenant.name).toEqual([tenant.name, ...expectedCells(tenant)]);
      }
      const totals = await cellsOf(page, /^Total/);
      expect(totals).toEqual([
        `Total (${byName.length} structures)`,
        ...expectedCells(published.totals),
      ]);
      const hidden = [...published.tenants, published.totals].flatMap((row) =>
        [row.people, row.exits, row.positive, row.positiveRate].filter((v) => v === null),
      ).length;
      expect(await table(page).locator('td.secret').count()).toBe(hidden);
      // Each « secret » is explained: its title, and the note it points to.
      const secretCell = table(page).locator('td.secret').first();
      expect(await secretCell.locator('abbr').getAttribute('title')).toBe(
        'moins de 5 personnes, ou ce qui permettrait de le retrouver',
      );
      const note = page.locator(`#${await secretCell.getAttribute('aria-describedby')}`);
      expect(plain(await note.textContent())).toContain(
        '« secret » : moins de 5 personnes, ou ce qui permettrait de le retrouver',
      );
      // The hours as bars, largest first; the words are the chart's text.
      const bars = page.getByRole('figure', { name: /Heures d’insertion réalisées en/ });
      const byHours = [...published.tenants].sort((a, b) => b.hours - a.hours);
      expect((await bars.getByRole('listitem').allTextContents()).map(plain)).toEqual(
        byHours.map((t) => `${t.name}${french(t.hours, 2)} h · ${french(t.fte, 1, 1)} ETP`),
      );
      expect(describeViolations(`observatoire (${size.name})`, await axeViolations(page))).toBe('');
      await shot(page, `observatoire-${size.name}`);

      // The export: as the table, a hidden count leaving as « secret », never as a number.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`observatoire-${YEAR}.csv`);
      const csvText = readFileSync(await download.path(), 'utf8');
      expect(csvText.startsWith('\uFEFF')).toBe(true);
      const csv = parseCsv(csvText);
      expect(csv.delimiter).toBe(';');
      const HEADERS = [
        'Structure',
        'Heures',
        'ETP',
        'Personnes',
        'Marchés',
        'Sorties',
        'Sorties positives',
        'Taux de sorties positives (%)',
      ];
      expect(csv.header).toEqual(HEADERS);
      const csvRow = (row: Consolidation['totals']) => {
        const n = (v: number) => String(v).replace('.', ',');
        const secret = (v: number | null) => (v === null ? 'secret' : n(v));
        return [
          n(row.hours),
          n(row.fte),
          secret(row.people),
          n(row.contracts),
          secret(row.exits),
          secret(row.positive),
          row.positiveRate === null
            ? 'secret'
            : row.exits
              ? n(Math.round(row.positiveRate * 1000) / 10)
              : '',
        ];
      };
      expect(csv.rows.map((r) => r.fields)).toEqual([
        ...byName.map((t) => [t.name, ...csvRow(t)]),
        ['Total', ...csvRow(published.totals)],
      ]);
      expect(csvText).toContain(';secret;');

      const [workbook] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Excel (.xlsx)' }).click(),
      ]);
      expect(workbook.suggestedFilename()).toBe(`observatoire-${YEAR}.xlsx`);
      const sheet = readXlsx(new Uint8Array(readFileSync(await workbook.path())));
      expect(sheet.header).toEqual(HEADERS);
      const people = sheet.rows.map((r) => r.fields[3]);
      expect(people).toEqual([
        ...byName.map((t) => (t.people === null ? 'secret' : String(t.people))),
        published.totals.people === null ? 'secret' : String(published.totals.people),
      ]);

      // Another year is a link away.
      const before = await pages.read('observer', `/api/consolidation?year=${YEAR - 1}`);
      await page
        .getByRole('navigation', { name: 'Année' })
        .getByRole('link', { name: String(YEAR - 1) })
        .click();
      await page.getByRole('heading', { name: `Observatoire — ${YEAR - 1}`, level: 1 }).waitFor();
      await whenDrawn(page);
      const total = page
        .getByRole('region', { name: `Chiffres par structure en ${YEAR - 1}` })
        .getByRole('row', { name: /^Total/ });
      expect(plain(await total.locator('td').first().textContent())).toBe(
        `${french(before.totals.hours, 2)} h`,
      );

      // Nothing of a structure's opens to the observatory, not even by its address.
      // Each route's refusal has the same heading as the one before: the heading on the page
      // is marked before the next route, and the wait is for one the new route drew.
      for (const route of ['#/marches', '#/participants', '#/heures']) {
        await page.evaluate(() =>
          document.querySelector('main h1')?.setAttribute('data-before', ''),
        );
        await page.goto(`${pages.base}/${route}`);
        await page
          .locator('main h1:not([data-before])', {
            hasText: 'Cette page n’est pas ouverte à votre rôle',
          })
          .waitFor();
      }
      await page.getByRole('link', { name: 'Retour à l’accueil' }).click();
      await page.getByRole('heading', { name: `Observatoire — ${YEAR}`, level: 1 }).waitFor();
      if (size.phone) {
        await follow(page, 'Observatoire');
        await page.getByRole('heading', { name: `Observatoire — ${YEAR}`, level: 1 }).waitFor();
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
