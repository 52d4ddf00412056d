import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
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
// the sign-in as that structure's administrator); an administrator downloads all of the
// structure's data, and only its own, as JSON or as a zip of CSV files.

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
      const inviteGrenoble = page.getByRole('button', {
        name: `Inviter un administrateur — ${GRENOBLE}`,
      });
      // The heading is there while the list loads: its rows, once drawn.
      await inviteGrenoble.waitFor();
      expect((await cellsOf(page, GRENOBLE))[5]).toBe('Aucun');

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

      // No address: asked for, beside the field and in the summary on top of the form.
      await inviteGrenoble.click();
      const email = page.getByLabel('Adresse e-mail');
      await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
      await page
        .locator('.field.invalid .error', {
          hasText: 'Indiquez l’adresse e-mail de l’administrateur.',
        })
        .waitFor();
      const summaryTop = (await page.locator('.form-summary').boundingBox())?.y ?? Infinity;
      expect(summaryTop).toBeLessThan((await email.boundingBox())?.y ?? 0);
      // A bad address: said in French beside the field.
      await email.fill('direction.grenoble');
      await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
      await page.locator('.field.invalid .error', { hasText: 'Adresse e-mail invalide' }).waitFor();
      expect(await email.getAttribute('aria-invalid')).toBe('true');
      // The focus goes to the summary of the errors, each a link to its field (issue 29).
      expect(
        await page.evaluate(() => document.activeElement?.classList.contains('form-summary')),
      ).toBe(true);
      await page.locator('.form-summary a', { hasText: 'Adresse e-mail' }).click();
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

    it('lets an administrator export all of the structure’s data, and only its own, as JSON or CSV', async () => {
      const { page, errors } = await pages.newPage();
      await pages.signIn(page, 'Administrateur', undefined, GRENOBLE);
      await page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
      await page.goto(`${pages.base}/#/administration`);
      await page.getByRole('link', { name: 'Export des données' }).click();
      await page.getByRole('heading', { name: 'Administration — exporter les données' }).waitFor();
      await page.getByText('Aucun export n’a encore été demandé.').waitFor();
      expect(await page.locator('main').innerText()).toContain(
        'toutes les lignes d’heures, y compris les lignes annulées',
      );
      expect(describeViolations('export', await axeViolations(page))).toBe('');
      await shot(page, 'administrateur-export');

      // JSON, the format proposed first.
      expect(await page.getByRole('radio', { name: /^JSON/ }).isChecked()).toBe(true);
      await page
        .getByRole('button', { name: 'Exporter toutes les données de la structure' })
        .click();
      const ready = page.locator('.notice.success', { hasText: 'Export prêt' });
      await ready.waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => document.activeElement?.classList.contains('notice'))).toBe(
        true,
      );
      expect(await ready.textContent()).toContain('2 marchés');
      const [json] = await Promise.all([
        page.waitForEvent('download'),
        ready.getByRole('button', { name: /^Télécharger export-grenoble-alpes-.*\.json$/ }).click(),
      ]);
      const data = JSON.parse(readFileSync(await json.path(), 'utf8'));
      expect(data.structure).toMatchObject({ id: 'grenoble-alpes', name: GRENOBLE });
      const references = data.contracts.map((c: { reference: string }) => c.reference).sort();
      expect(references).toEqual(['GAM-RES-007', 'GAM-TRAM-021']);
      // Bordeaux's contracts hold references BM-…: none of them is in Grenoble's file.
      expect(JSON.stringify(data)).not.toMatch(/\bBM-[A-Z]+-\d{3,4}\b/);
      expect(data.counts.hourLines).toBe(data.hourLines.length);
      expect(describeViolations('export prêt', await axeViolations(page))).toBe('');
      await shot(page, 'administrateur-export-pret');

      // CSV: a zip of French spreadsheets.
      await page.getByRole('radio', { name: /^CSV/ }).check();
      await page
        .getByRole('button', { name: 'Exporter toutes les données de la structure' })
        .click();
      await page
        .locator('.notice.success', { hasText: /Export prêt : export-grenoble-alpes-.*\.zip/ })
        .waitFor({ timeout: 60_000 });
      const [zip] = await Promise.all([
        page.waitForEvent('download'),
        page
          .locator('.notice.success')
          .getByRole('button', { name: /^Télécharger export-grenoble-alpes-.*\.zip$/ })
          .click(),
      ]);
      const files = unzipSync(readFileSync(await zip.path()));
      expect(Object.keys(files)).toContain('lignes-heures.csv');
      const header = strFromU8(files['marches.csv'] as Uint8Array).split('\r\n')[0];
      expect(
        header
          ?.replace(/^\uFEFF/, '')
          .split(';')
          .slice(0, 3),
      ).toEqual(['Identifiant', 'Référence', 'Intitulé']);
      // Both are listed, each downloadable for a day.
      const recent = page.getByRole('region', { name: 'Exports récents' });
      await expect.poll(() => recent.locator('tbody tr').count()).toBe(2);
      expect(await recent.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe(
        'CSV (zip)',
      );
      await shot(page, 'administrateur-exports-recents');
      expect(errors).toEqual([]);
      await page.context().close();

      // Procurement has no such page: the administration is the administrators'.
      const buyer = await pages.newPage();
      await pages.signIn(buyer.page, 'Achats / facilitateur', undefined, GRENOBLE);
      await buyer.page.goto(`${pages.base}/#/administration/export`);
      await buyer.page
        .getByRole('heading', { name: 'Cette page est réservée aux administrateurs' })
        .waitFor();
      await buyer.page.context().close();
    });

    it('lets an administrator export from a phone', async () => {
      const { page, errors } = await pages.newPage(PHONE);
      await pages.signIn(page, 'Administrateur');
      await page.goto(`${pages.base}/#/administration/export`);
      await page.getByRole('heading', { name: 'Administration — exporter les données' }).waitFor();
      await page.getByRole('radio', { name: /^CSV/ }).check();
      await page
        .getByRole('button', { name: 'Exporter toutes les données de la structure' })
        .click();
      await page
        .locator('.notice.success', { hasText: 'Export prêt' })
        .waitFor({ timeout: 60_000 });
      expect(describeViolations('export (téléphone)', await axeViolations(page))).toBe('');
      await shot(page, 'administrateur-export-telephone');
      expect(errors).toEqual([]);
      await page.context().close();
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
