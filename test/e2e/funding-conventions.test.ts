import { join } from 'node:path';
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

// Issue 28: two funders in one year. On the administration's funding page, an administrator
// adds a second funder's convention beside the demo's (over every contract), sees what each
// gives and the PLIEs' sum, then removes it — at desktop and phone sizes.

const BEGLES = '21330039700014'; // Ville de Bègles, buyer of a demo contract
const pagesOfFile = usePages();
let pages: PagesUnderTest;
const thisYear = new Date().getFullYear();

beforeAll(() => {
  if (chromiumAvailable) pages = pagesOfFile();
});

describe.runIf(chromiumAvailable)('conventions of several funders', { timeout: 90_000 }, () => {
  for (const size of SIZES) {
    it(`adds a second funder’s convention, then removes it (${size.name})`, async () => {
      // The demo's convention over every contract, this year (one size after the other).
      const year = thisYear;
      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Administrateur');
      await page.goto(`${pages.base}/#/administration/financement?annee=${year}`);
      await page.getByRole('heading', { name: `Administration — financement ${year}` }).waitFor();
      await page
        .getByRole('rowheader', { name: 'Tous les marchés (sans financeur désigné)' })
        .waitFor();
      await page.getByRole('link', { name: 'Ajouter la convention d’un autre financeur' }).click();
      await page
        .getByRole('heading', { name: 'Ajouter la convention d’un autre financeur' })
        .waitFor();
      await page.getByLabel('Part fixe par PLIE (€ par an)').fill('1 000');
      await page.getByLabel('Part variable par heure réalisée (€)').fill('0,50');
      await page.getByLabel('SIRET du financeur').fill('213 300 397 00014');
      await page.getByRole('button', { name: `Enregistrer la convention ${year}` }).click();
      await page.getByText(`Convention ${year} enregistrée.`).waitFor();

      const funding = await pages.read('procurement', `/api/funding?year=${year}`);
      expect(funding.conventions.map((c: { funderSiret: string | null }) => c.funderSiret)).toEqual(
        [null, BEGLES],
      );
      const begles = funding.conventions[1];
      expect(begles).toMatchObject({
        funderName: 'Ville de Bègles',
        fixedPerPlie: 1000,
        perHour: 0.5,
      });
      const row = page.getByRole('row', { name: /Ville de Bègles \(SIRET 21330039700014\)/ });
      await row
        .getByText('1 000,00 € par PLIE + 0,50 € par heure réalisée sur ses marchés')
        .waitFor();
      await row.getByRole('cell', { name: eur(begles.totals.total) }).waitFor();
      await page.getByText(`${eur(funding.totals.total)} en ${year} pour tous les PLIE`).waitFor();
      expect(describeViolations(`financement (${size.name})`, await axeViolations(page))).toBe('');
      await page.screenshot({
        path: join(ARTIFACTS, `admin-financement-deux-financeurs-${size.name}.png`),
        fullPage: true,
      });

      await page
        .getByRole('button', { name: /Supprimer la convention de Ville de Bègles/ })
        .click();
      await page.getByRole('button', { name: 'Supprimer la convention', exact: true }).click();
      await page
        .getByText(`Convention ${year} de Ville de Bègles (SIRET ${BEGLES}) supprimée.`)
        .waitFor();
      const after = await pages.read('procurement', `/api/funding?year=${year}`);
      expect(after.conventions).toHaveLength(1);
      expect(await page.getByRole('row', { name: /Ville de Bègles/ }).count()).toBe(0);
      expect(errors).toEqual([]);
    });
  }
});
