import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  follow,
  type PagesUnderTest,
  SIZES,
  usePages,
} from '../support/browser';

// A contract imported from the open data shows its current values and its DECP history: the
// file of Irigny's …00 and …01 records (2019) and Villeneuve d'Ascq's change of awardee,
// imported through the import page, give one contract amended to 10,072 € and one whose
// awardee is the company the modification names, each amendment saying « DECP, publiée le … ».
// The …00 record imported again afterwards is older: the import page says it is left as it was.

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const SHOTS = join(ARTIFACTS, 'decp-history');

const published = JSON.parse(
  readFileSync(new URL('../fixtures/decp/published-modifications.json', import.meta.url), 'utf8'),
) as { marches: unknown[] };
const file = { marches: [0, 1, 6].map((i) => published.marches[i]) };

beforeAll(() => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  mkdirSync(SHOTS, { recursive: true });
});

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(where, violations)).toEqual([]);
}

/** Text as read, any space (a narrow no-break one in `10 072,00 €`) as one. */
const plain = (text: string | null) => (text ?? '').replace(/\s+/g, ' ');

/** The amendments' table, each row's cells as read. */
async function history(page: Page): Promise<string[][]> {
  return page
    .getByRole('region', { name: 'Avenants du marché' })
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.querySelectorAll('td')].map((c) =>
          (c.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ),
      ),
    );
}

async function openContract(page: Page, reference: string): Promise<void> {
  const { items } = await pages.read('procurement', '/api/contracts?limit=500');
  const contract = items.find((c: { reference: string }) => c.reference === reference);
  await page.goto(`${pages.base}/#/marches/${contract.id}`);
  await page.getByRole('heading', { name: new RegExp(`^${reference}`) }).waitFor();
  await page.getByRole('heading', { name: 'Avenants' }).waitFor();
}

describe.runIf(chromiumAvailable)('a contract’s DECP history', { timeout: 120_000 }, () => {
  for (const [n, size] of SIZES.entries()) {
    it(`shows the amended values and each published modification — ${size.name}`, async () => {
      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Achats / facilitateur');
      if (n === 0) {
        // Imported once, through the page, as a buyer would.
        await follow(page, 'Marchés');
        await page.getByRole('link', { name: 'Importer des marchés (DECP)' }).click();
        await page.getByLabel('Fichier DECP').setInputFiles({
          name: 'decp-modifications-2019.json',
          mimeType: 'application/json',
          buffer: Buffer.from(JSON.stringify(file)),
        });
        await page.getByRole('button', { name: 'Importer les marchés' }).click();
        await page.getByText(/marché\(s\) créé\(s\)/).waitFor();
      } else {
        // The initial record again, after its modification: older, it changes nothing, and
        // the page says so before and after the import.
        await follow(page, 'Marchés');
        await page.getByRole('link', { name: 'Importer des marchés (DECP)' }).click();
        await page.getByLabel('Fichier DECP').setInputFiles({
          name: 'decp-initial-2019.json',
          mimeType: 'application/json',
          buffer: Buffer.from(JSON.stringify({ marches: [published.marches[0]] })),
        });
        await page
          .getByRole('region', { name: 'Enregistrements qui seront laissés tels quels' })
          .waitFor();
        await page.getByRole('button', { name: 'Importer les marchés' }).click();
        const left = page.getByRole('region', { name: 'Enregistrements laissés tels quels' });
        await left.waitFor();
        expect(plain(await left.locator('tbody tr').first().textContent())).toBe(
          '120181800enregistrement initial, sans modification : plus ancien que la version importée (modification n° 1), qui est gardée',
        );
        await expectNoAxeViolations(page, `import d’une version plus ancienne (${size.name})`);
        await page.screenshot({
          path: join(SHOTS, `plus-ancien-${size.name}.png`),
          fullPage: true,
        });
      }

      await openContract(page, '20181800');
      const main = page.locator('main');
      await expect.poll(async () => plain(await main.textContent())).toContain('10 072,00 € HT');
      await page
        .getByText('Données essentielles (DECP) : enregistrement 20181801, publié le 21/12/2018', {
          exact: false,
        })
        .waitFor();
      // The file it came from, kept when the older file imported on the phone changed nothing.
      expect(plain(await main.textContent())).toContain(
        'publié le 21/12/2018, importé du fichier « decp-modifications-2019.json » le ',
      );
      const rows = await history(page);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.[0]).toBe('28/02/2019');
      expect(rows[0]?.[1]).toContain('Ajout de prestations');
      expect(rows[0]?.[2]).toBe('Montant : 8 800,00 € → 10 072,00 €');
      expect(rows[0]?.[3]).toBe('DECP, publiée le 28/02/2019 (enregistrement 20181801)');
      await expectNoAxeViolations(page, `marché amendé par les DECP (${size.name})`);
      await page
        .getByRole('heading', { name: 'Avenants' })
        .scrollIntoViewIfNeeded()
        .then(() =>
          page.screenshot({ path: join(SHOTS, `montant-${size.name}.png`), fullPage: true }),
        );

      await openContract(page, '20190020201');
      const changed = await history(page);
      expect(changed[0]?.[2]).toBe(
        'Titulaire : Nord Avenir Technologies (82377178700012) → CUBE SOLUTION (83230711000011)',
      );
      await expect
        .poll(async () => plain(await main.textContent()))
        .toContain('Titulaire : CUBE SOLUTION (SIRET 83230711000011)');
      await expectNoAxeViolations(page, `titulaire changé par les DECP (${size.name})`);
      await page.screenshot({ path: join(SHOTS, `titulaire-${size.name}.png`), fullPage: true });
      expect(errors).toEqual([]);
    });
  }
});
