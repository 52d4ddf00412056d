import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  DESKTOP,
  describeViolations,
  type PagesUnderTest,
  PHONE,
  usePages,
} from '../support/browser';

// Structures in the pages: the people of each demo structure sign in to it and find only its
// contracts, its name in the header; the platform operator creates a structure and sees it
// listed with its size; a company holding contracts in both structures reads each one's name.

const pagesOfFile = usePages();
let pages: PagesUnderTest;

const BORDEAUX = 'Bordeaux Métropole';
const GRENOBLE = 'Grenoble-Alpes Métropole';
/** Holds BM-GS-0117 in Bordeaux and GAM-TRAM-021 in Grenoble. */
const SHARED_AWARDEE = '41234567800012';
const SHOTS = join(ARTIFACTS, 'structures');

beforeAll(() => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  mkdirSync(SHOTS, { recursive: true });
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

/** The contract references a page shows (BM-… in Bordeaux, GAM-… in Grenoble). */
async function referencesOn(page: Page): Promise<string[]> {
  const text = await page.locator('main').innerText();
  return [...new Set(text.match(/\b(?:BM|GAM)-[A-Z]+-\d{3,4}\b/g) ?? [])].sort();
}

async function whenDrawn(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('main h1') !== null &&
      document.querySelector('main [aria-busy="true"]') === null,
  );
}

const header = (page: Page) => page.locator('#who');

describe.runIf(chromiumAvailable)('structures in the pages', { timeout: 120_000 }, () => {
  it('shows each structure’s people its own contracts only, and its name in the header', async () => {
    for (const [structure, slug, own, other] of [
      [BORDEAUX, 'bordeaux', /^BM-/, /^GAM-/],
      [GRENOBLE, 'grenoble', /^GAM-/, /^BM-/],
    ] as const) {
      const { page, errors } = await pages.newPage();
      // Signing in to a structure is what this test is about: through the form, as a user does.
      await pages.signInWithForm(page, 'Achats / facilitateur', undefined, structure);
      await page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
      await whenDrawn(page);
      await expect.poll(() => header(page).textContent()).toContain(structure);
      expect(await header(page).locator('strong').textContent()).toBe(structure);
      await shot(page, `achats-${slug}-tableau-de-bord`);

      await page.goto(`${pages.base}/#/marches?annee=toutes`);
      await page.getByRole('heading', { name: 'Marchés' }).waitFor();
      await whenDrawn(page);
      const references = await referencesOn(page);
      expect(references.length, structure).toBeGreaterThan(0);
      expect(
        references.every((r) => own.test(r)),
        references.join(', '),
      ).toBe(true);
      expect(references.some((r) => other.test(r))).toBe(false);
      if (structure === GRENOBLE) expect(references).toEqual(['GAM-RES-007', 'GAM-TRAM-021']);
      await shot(page, `achats-${slug}-marches`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('signs out of one structure and into the other in the same tab: nothing of the first stays', async () => {
    const { page, errors } = await pages.newPage();
    await pages.signIn(page, 'Coordinateur de PLIE', 'PLIE des Graves', BORDEAUX);
    await expect.poll(() => header(page).textContent()).toContain('PLIE des Graves');
    expect(await header(page).textContent()).toContain(BORDEAUX);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    // The coordinator's PLIE list is the chosen structure's.
    await page.getByRole('radio', { name: 'Coordinateur de PLIE' }).check();
    await page.getByLabel('Structure', { exact: true }).selectOption({ label: GRENOBLE });
    const plie = page.getByLabel('PLIE (pour un coordinateur)');
    await expect
      .poll(() => plie.locator('option').allTextContents())
      .toEqual(['PLIE de Grenoble-Alpes Métropole']);
    await shot(page, 'connexion-coordinateur-grenoble');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'PLIE de Grenoble-Alpes Métropole' }).waitFor();
    await whenDrawn(page);
    await expect.poll(() => header(page).textContent()).toContain(GRENOBLE);
    expect(await header(page).textContent()).toContain('PLIE de Grenoble-Alpes Métropole');
    expect(await header(page).textContent()).not.toContain(BORDEAUX);
    expect((await referencesOn(page)).every((r) => r.startsWith('GAM-'))).toBe(true);
    await shot(page, 'coordinateur-grenoble');
    expect(errors).toEqual([]);
  });

  it('lets the operator create a structure and see it listed with its size, and nothing else', async () => {
    const { page, errors } = await pages.newPage();
    await pages.signIn(page, 'Opérateur de la plateforme');
    await page.getByRole('heading', { name: 'Structures', level: 1 }).waitFor();
    await whenDrawn(page);
    expect(await page.locator('#nav a').allTextContents()).toEqual(['Structures']);
    expect(await header(page).textContent()).toContain('Opérateur de la plateforme');
    const row = (name: string) => page.getByRole('row', { name: new RegExp(name) });
    const cells = (name: string) => row(name).locator('td').allTextContents();
    const bordeaux = await cells(BORDEAUX);
    expect(bordeaux.slice(0, 3)).toEqual([BORDEAUX, 'default', '6']);
    expect(Number(bordeaux[3])).toBeGreaterThanOrEqual(8);
    expect((await cells(GRENOBLE)).slice(0, 4)).toEqual([GRENOBLE, 'grenoble-alpes', '1', '2']);
    expect(describeViolations('structures', await axeViolations(page))).toBe('');

    // Refused by the API: each field's message, in French, beside it.
    const id = page.getByLabel('Identifiant');
    const name = page.getByLabel('Nom', { exact: true });
    await id.fill('Nantes Métropole');
    await page.getByRole('button', { name: 'Créer la structure' }).click();
    await page.locator('.field.invalid .error', { hasText: 'Identifiant de structure' }).waitFor();
    expect(await id.getAttribute('aria-invalid')).toBe('true');
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Le formulaire contient des erreurs').waitFor();
    await shot(page, 'operateur-erreurs');
    // An identifier already taken, said beside the identifier.
    await id.fill('grenoble-alpes');
    await name.fill('Grenoble encore');
    await page.getByRole('button', { name: 'Créer la structure' }).click();
    await page
      .locator('.field.invalid .error', { hasText: 'La structure « grenoble-alpes » existe déjà.' })
      .waitFor();
    expect(await name.getAttribute('aria-invalid')).toBeNull();

    await id.fill('nantes-metropole');
    await name.fill('Nantes Métropole');
    await page.getByRole('button', { name: 'Créer la structure' }).click();
    await page.getByText('Structure « Nantes Métropole » créée.').waitFor();
    const created = await cells('Nantes Métropole');
    expect(created.slice(0, 4)).toEqual(['Nantes Métropole', 'nantes-metropole', '0', '0']);
    expect(created[4]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await shot(page, 'operateur-structures');

    // No structure's page opens to the operator, not even by its address.
    await page.goto(`${pages.base}/#/marches`);
    await page
      .getByRole('heading', { name: 'Cette page n’est pas ouverte à votre rôle' })
      .waitFor();
    await page.getByRole('link', { name: 'Retour à l’accueil' }).click();
    await page.getByRole('heading', { name: 'Structures', level: 1 }).waitFor();

    // The new structure is offered at sign-in; its people find it empty, by its name.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await page.getByRole('radio', { name: 'Achats / facilitateur' }).check();
    await page.getByLabel('Structure', { exact: true }).selectOption({ label: 'Nantes Métropole' });
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
    await expect.poll(() => header(page).textContent()).toContain('Nantes Métropole');
    await whenDrawn(page);
    expect(await referencesOn(page)).toEqual([]);
    await shot(page, 'achats-nantes-tableau-de-bord');
    expect(errors).toEqual([]);

    // On a phone, the same list.
    const phone = await pages.newPage(PHONE);
    await pages.signIn(phone.page, 'Opérateur de la plateforme');
    await phone.page.getByRole('row', { name: /Nantes Métropole/ }).waitFor();
    expect(describeViolations('structures (téléphone)', await axeViolations(phone.page))).toBe('');
    await shot(phone.page, 'operateur-structures-telephone');
    expect(phone.errors).toEqual([]);
  });

  it('shows a company with contracts in both structures each one’s name', async () => {
    for (const [size, viewport] of [
      ['ordinateur', DESKTOP],
      ['telephone', PHONE],
    ] as const) {
      const { page, errors } = await pages.newPage(viewport);
      await pages.signIn(page, 'Titulaire', SHARED_AWARDEE);
      await page.getByRole('heading', { name: 'Mes marchés et mes relevés' }).waitFor();
      const contracts = page.getByRole('region', { name: 'Mes marchés' });
      await contracts.getByRole('columnheader', { name: 'Structure' }).waitFor();
      const structureOf = async (reference: string) =>
        (
          await contracts
            .getByRole('row', { name: new RegExp(reference) })
            .locator('td')
            .nth(1)
            .textContent()
        )?.trim();
      expect(await structureOf('BM-GS-0117')).toBe(BORDEAUX);
      expect(await structureOf('GAM-TRAM-021')).toBe(GRENOBLE);
      await page
        .getByText(`Vos marchés sont suivis par 2 structures : ${BORDEAUX}, ${GRENOBLE}.`)
        .waitFor();
      expect(describeViolations(`titulaire (${size})`, await axeViolations(page))).toBe('');
      await shot(page, `titulaire-deux-structures-${size}`);
      // An awardee belongs to no structure: its header names its company instead.
      expect(await header(page).locator('strong').allTextContents()).toEqual([
        'Bâtisseurs d’Aquitaine',
      ]);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});
