import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  type PagesUnderTest,
  PHONE,
  usePages,
} from '../support/browser';

// A structure's beginning and end in the pages (issue 27): the operator invites its first
// administrator from the structures page (locally, a sign-in link to hand over, which opens
// the sign-in as that structure's administrator).

const pagesOfFile = usePages();
let pages: PagesUnderTest;

const BORDEAUX = 'Bordeaux Métropole';
const GRENOBLE = 'Grenoble-Alpes Métropole';
const SHOTS = join(ARTIFACTS, 'structure-data');

beforeAll(() => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  mkdirSync(SHOTS, { recursive: true });
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

const focusedName = (page: Page) =>
  page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return active?.getAttribute('aria-label') ?? active?.getAttribute('name') ?? active?.id ?? '';
  });

const cellsOf = (page: Page, name: string) =>
  page
    .getByRole('row', { name: new RegExp(name) })
    .locator('td')
    .allTextContents();

describe.runIf(chromiumAvailable)(
  'a structure’s administrator and its data',
  { timeout: 180_000 },
  () => {
    it('lets the operator invite a structure’s first administrator, whose link opens its sign-in', async () => {
      const { page, errors } = await pages.newPage();
      await pages.signIn(page, 'Opérateur de la plateforme');
      await page.getByRole('heading', { name: 'Structures', level: 1 }).waitFor();
      expect((await cellsOf(page, GRENOBLE))[5]).toBe('Aucun');
      const inviteGrenoble = page.getByRole('button', {
        name: `Inviter un administrateur — ${GRENOBLE}`,
      });

      // Opened, the form takes the focus; « Annuler » closes it and gives the focus back.
      await inviteGrenoble.click();
      await page
        .getByRole('heading', { name: `Inviter un administrateur de « ${GRENOBLE} »` })
        .waitFor();
      expect(await focusedName(page)).toBe('email');
      expect(await inviteGrenoble.getAttribute('aria-expanded')).toBe('true');
      await page.getByRole('button', { name: 'Annuler' }).click();
      expect(
        await page.getByRole('heading', { name: /Inviter un administrateur de/ }).count(),
      ).toBe(0);
      expect(await focusedName(page)).toBe(`Inviter un administrateur — ${GRENOBLE}`);
      expect(await inviteGrenoble.getAttribute('aria-expanded')).toBe('false');

      // A bad address: said in French beside the field.
      await inviteGrenoble.click();
      const email = page.getByLabel('Adresse e-mail');
      await email.fill('direction.grenoble');
      await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
      await page.locator('.field.invalid .error', { hasText: 'Adresse e-mail invalide' }).waitFor();
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      expect(await focusedName(page)).toBe('email');
      expect(describeViolations('invitation (erreur)', await axeViolations(page))).toBe('');
      await shot(page, 'operateur-invitation-erreur');

      await email.fill('Direction@Grenoble-Alpes.example');
      await page.getByLabel('Nom (facultatif)').fill('Camille Martin');
      await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
      const said = page.locator('.notice.success', { hasText: 'Invitation enregistrée' });
      await said.waitFor();
      expect(await said.textContent()).toContain(
        `Invitation enregistrée pour direction@grenoble-alpes.example, administrateur de « ${GRENOBLE} ».`,
      );
      // Locally: the link to hand over, in view and selectable; the notice has the focus.
      const link = page.getByLabel('Lien de connexion à transmettre');
      const url = await link.inputValue();
      expect(url).toBe(`${pages.base}/#/connexion?administrateur=grenoble-alpes`);
      expect(await page.evaluate(() => document.activeElement?.classList.contains('notice'))).toBe(
        true,
      );
      expect((await cellsOf(page, GRENOBLE))[5]).toBe('1 invité');
      expect((await cellsOf(page, BORDEAUX))[5]).toBe('Aucun');
      expect(describeViolations('invitation envoyée', await axeViolations(page))).toBe('');
      await shot(page, 'operateur-invitation-lien');

      // The same address for another structure: refused beside the address, in French.
      await page.getByRole('button', { name: `Inviter un administrateur — ${BORDEAUX}` }).click();
      await page.getByLabel('Adresse e-mail').fill('direction@grenoble-alpes.example');
      await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
      await page
        .locator('.field.invalid .error', {
          hasText: `Cette adresse est déjà administratrice de la structure « ${GRENOBLE} »`,
        })
        .waitFor();
      await shot(page, 'operateur-invitation-autre-structure');
      expect(errors).toEqual([]);
      await page.context().close();

      // The link opens the sign-in as that structure's administrator.
      const invited = await pages.newPage();
      await invited.page.goto(url);
      await invited.page.getByText('Mode local.').waitFor();
      expect(await invited.page.getByRole('radio', { name: 'Administrateur' }).isChecked()).toBe(
        true,
      );
      const structure = invited.page.getByLabel('Structure', { exact: true });
      await expect.poll(() => structure.inputValue()).toBe('grenoble-alpes');
      await shot(invited.page, 'lien-connexion-administrateur');
      await invited.page.getByRole('button', { name: 'Se connecter' }).click();
      await invited.page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
      await expect.poll(() => invited.page.locator('#who').textContent()).toContain(GRENOBLE);
      expect(await invited.page.locator('#who').textContent()).toContain('Administrateur');
      expect(invited.errors).toEqual([]);
      await invited.page.context().close();
    });

    it('lets the operator invite an administrator from a phone', async () => {
      const { page, errors } = await pages.newPage(PHONE);
      await pages.signIn(page, 'Opérateur de la plateforme');
      await page.getByRole('heading', { name: 'Structures', level: 1 }).waitFor();
      await page.getByRole('button', { name: `Inviter un administrateur — ${BORDEAUX}` }).click();
      await page.getByLabel('Adresse e-mail').fill('admin@bordeaux-metropole.example');
      expect(describeViolations('invitation (téléphone)', await axeViolations(page))).toBe('');
      await shot(page, 'operateur-invitation-telephone-formulaire');
      await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
      await page.getByLabel('Lien de connexion à transmettre').waitFor();
      expect(await page.getByLabel('Lien de connexion à transmettre').inputValue()).toBe(
        `${pages.base}/#/connexion?administrateur=default`,
      );
      expect(describeViolations('invitation envoyée (téléphone)', await axeViolations(page))).toBe(
        '',
      );
      await shot(page, 'operateur-invitation-telephone');
      expect(errors).toEqual([]);
      await page.context().close();
    });
  },
);
