import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { parisDate, yearOf } from '#shared/domain/calendar';
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

// Two sections of the administration, over the demo data: « Bilans des acheteurs » (who, at each
// buyer of the contracts, receives its bilan in January: an address refused by its field, then
// saved) and « Données ouvertes » (last year's figures as they would be published, a count under
// 5 read « secret », publishing — after a confirmation — shows the public links, which answer
// without a token, and retracting closes them). Desktop and phone, axe at each step.

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const SHOTS = join(ARTIFACTS, 'bilans-open-data');
const YEAR = yearOf(parisDate(new Date())) - 1;

interface Preview {
  rows: { ventilation: string; libelle: string; personnes: number | null; secret: boolean }[];
}

beforeAll(() => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  mkdirSync(SHOTS, { recursive: true });
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function whenDrawn(page: Page, heading: string): Promise<void> {
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  await page.waitForFunction(() => document.querySelector('main [aria-busy="true"]') === null);
}

async function section(page: Page, name: string): Promise<void> {
  await follow(page, 'Administration');
  await page
    .getByRole('navigation', { name: 'Sections de l’administration' })
    .getByRole('link', { name })
    .click();
}

const noViolations = async (page: Page, where: string) =>
  expect(describeViolations(where, await axeViolations(page))).toBe('');

describe.runIf(chromiumAvailable)(
  'bilans of the buyers and open data',
  { timeout: 180_000 },
  () => {
    for (const size of SIZES) {
      it(`gives a buyer its addresses, then publishes and retracts last year’s figures — ${size.name}`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Administrateur');

        // The buyers of the demo's contracts, each with its field.
        await section(page, 'Bilans des acheteurs');
        await whenDrawn(page, 'Administration — bilans des acheteurs');
        const metropole = page.getByLabel('Destinataires — Bordeaux Métropole');
        const begles = page.getByLabel('Destinataires — Ville de Bègles');
        await metropole.fill(
          'clauses@bordeaux-metropole.example\nachats@bordeaux-metropole.example',
        );
        await begles.fill('pas-une-adresse');
        await page.getByRole('button', { name: 'Enregistrer' }).click();
        // Beside the field, and in the summary at the top of the form, focused, whose link
        // leads to the field.
        await page
          .locator('.field.invalid .error', { hasText: 'Adresse invalide : pas-une-adresse' })
          .waitFor();
        expect(await begles.getAttribute('aria-invalid')).toBe('true');
        const summary = page.locator('form .form-summary');
        expect(await summary.evaluate((s) => s === document.activeElement)).toBe(true);
        await summary
          .getByRole('link', {
            name: 'Destinataires — Ville de Bègles : Adresse invalide : pas-une-adresse',
          })
          .click();
        expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(
          await begles.getAttribute('name'),
        );
        await noViolations(page, `acheteurs, erreur (${size.name})`);
        await shot(page, `acheteurs-erreur-${size.name}`);
        await begles.fill('');
        await page.getByRole('button', { name: 'Enregistrer' }).click();
        await page
          .getByText('1 acheteur(s) recevront leur bilan de l’année écoulée en janvier.')
          .waitFor();
        await whenDrawn(page, 'Administration — bilans des acheteurs');
        expect(await page.getByLabel('Destinataires — Bordeaux Métropole').inputValue()).toBe(
          'clauses@bordeaux-metropole.example\nachats@bordeaux-metropole.example',
        );
        const saved = await pages.read('admin', '/api/settings/buyer-contacts');
        expect(saved.items).toEqual([
          expect.objectContaining({
            name: 'Bordeaux Métropole',
            emails: ['clauses@bordeaux-metropole.example', 'achats@bordeaux-metropole.example'],
          }),
        ]);
        await noViolations(page, `acheteurs (${size.name})`);
        await shot(page, `acheteurs-${size.name}`);

        // Last year's open data: not published yet; the preview says « secret » where the API does.
        await section(page, 'Données ouvertes');
        await whenDrawn(page, 'Administration — données ouvertes');
        await page.getByRole('heading', { name: `Chiffres de ${YEAR} non publiés` }).waitFor();
        const preview: Preview = await pages.read('admin', `/api/open-data/${YEAR}`);
        expect(preview.rows.some((r) => r.secret)).toBe(true);
        const hiddenPeople = preview.rows.filter(
          (r) => r.personnes === null && r.secret && r.ventilation !== 'sorties',
        ).length;
        const secretPeopleCells = await page
          .locator('section')
          .filter({ has: page.getByRole('columnheader', { name: 'Personnes' }) })
          .locator('td.secret')
          .count();
        expect(secretPeopleCells).toBeGreaterThanOrEqual(hiddenPeople);
        const secretCell = page.locator('td.secret').first();
        expect(await secretCell.locator('abbr').getAttribute('title')).toBe(
          'moins de 5 personnes, ou ce qui permettrait de le retrouver',
        );
        await noViolations(page, `données ouvertes (${size.name})`);
        await shot(page, `donnees-ouvertes-apercu-${size.name}`);

        // Publishing asks first, then shows the public links.
        await page.getByRole('button', { name: `Publier les chiffres de ${YEAR}` }).click();
        const dialog = page.getByRole('dialog', { name: `Publier les chiffres de ${YEAR} ?` });
        await dialog.waitFor();
        await noViolations(page, `publier, confirmation (${size.name})`);
        // The dialog as seen: the screen, not the whole page behind it.
        await page.screenshot({
          path: join(SHOTS, `donnees-ouvertes-confirmation-${size.name}.png`),
        });
        await dialog.getByRole('button', { name: 'Publier', exact: true }).click();
        await page.getByText(`Les chiffres de ${YEAR} sont publiés.`).waitFor();
        await whenDrawn(page, 'Administration — données ouvertes');
        const csvLink = page.getByRole('link', {
          name: new RegExp(`/open-data/default/${YEAR}\\.csv$`),
        });
        const href = (await csvLink.getAttribute('href')) as string;
        expect(href).toBe(`${pages.base}/open-data/default/${YEAR}.csv`);
        // The link answers anyone, without a token.
        const open = await fetch(href);
        expect(open.status).toBe(200);
        const csv = await open.text();
        expect(csv.split('\r\n')[0]).toBe(
          'annee,structure,ventilation,code,libelle,heures,etp,personnes,marches,sorties,taux,secret',
        );
        expect(csv).toContain(`${YEAR},Bordeaux Métropole,ensemble,heures-realisees,`);
        const schemaHref = (await page
          .getByRole('link', { name: new RegExp(`/open-data/default/${YEAR}\\.schema\\.json$`) })
          .getAttribute('href')) as string;
        expect((await fetch(schemaHref)).status).toBe(200);
        await page.getByText('La copie publiée porte les chiffres d’aujourd’hui.').waitFor();
        await noViolations(page, `données ouvertes publiées (${size.name})`);
        await shot(page, `donnees-ouvertes-publiees-${size.name}`);

        // Retracting: asked first; the public address closes.
        await page.getByRole('button', { name: 'Retirer la publication' }).click();
        const retract = page.getByRole('dialog', { name: `Retirer la publication de ${YEAR} ?` });
        await retract.getByRole('button', { name: 'Retirer', exact: true }).click();
        await page.getByText(`La publication de ${YEAR} est retirée.`).waitFor();
        expect((await fetch(href)).status).toBe(404);
        await page.getByRole('heading', { name: `Chiffres de ${YEAR} non publiés` }).waitFor();
        expect(errors).toEqual([]);
      });
    }
  },
);
