import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '#shared/imports/xlsx';
import {
  ARTIFACTS,
  axeViolations,
  chooseDecpFile,
  chromiumAvailable,
  describeViolations,
  follow,
  lastMonthInParis,
  type PagesUnderTest,
  PHONE,
  type RoleLabel,
  SIZES,
  startPages,
  tabTo,
} from '../support/browser';
import { excelWorkbook } from '../support/excel';

// The logging month in the browser: hours, statements, imports, a contract and a PLIE's pages.

let pages: PagesUnderTest;
let base: string;

beforeAll(async () => {
  if (!chromiumAvailable) return;
  pages = await startPages();
  base = pages.base;
}, 120_000);

afterAll(async () => {
  await pages?.close();
});

const newPage = () => pages.newPage();
const signIn = (page: Page, role: RoleLabel, plie?: string) => pages.signIn(page, role, plie);

describe.runIf(chromiumAvailable)('the pages in Chromium', { timeout: 90_000 }, () => {
  it('lets procurement log hours through the form and see the contract’s progress change', async () => {
    const { page, errors } = await newPage();
    await signIn(page, 'Achats / facilitateur');
    await page.getByRole('heading', { name: 'Tableau de bord' }).waitFor();
    const row = page.getByRole('row', { name: /BM-NET-0131/ });
    await row.waitFor();
    const before = (await row.locator('td').nth(3).textContent()) as string;
    await page.screenshot({ path: join(ARTIFACTS, 'tableau-de-bord.png'), fullPage: true });

    await page.getByRole('link', { name: 'Saisir des heures' }).click();
    await page.getByLabel('Marché').selectOption({
      label: 'BM-NET-0131 — Nettoyage des locaux administratifs — hôtel de la Métropole',
    });
    await expect
      .poll(() => page.getByLabel('PLIE qui a placé la personne').inputValue())
      .toBe('bordeaux');
    // A French decimal comma, as people type it, and a payslip's month to the hundredth.
    await page.getByLabel('Heures').fill('151,67');
    await page.getByRole('button', { name: 'Enregistrer la ligne' }).click();
    await page.getByText(/Ligne enregistrée : 151,67 h/).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'saisie.png'), fullPage: true });

    // A bad value comes back from the API's problem JSON, next to its field.
    await page.getByLabel('Heures').fill('7,125');
    await page.getByRole('button', { name: 'Enregistrer la ligne' }).click();
    await page
      .locator('.field.invalid .error', { hasText: 'Heures au centième près (ex. 151,67)' })
      .waitFor();
    expect(await page.getByLabel('Heures').getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('link', { name: 'Tableau de bord' }).click();
    const after = page
      .getByRole('row', { name: /BM-NET-0131/ })
      .locator('td')
      .nth(3);
    await expect.poll(() => after.textContent()).not.toBe(before);
    const parse = (text: string) => Number(text.replace(/[^\d,]/g, '').replace(',', '.'));
    expect(parse((await after.textContent()) as string) - parse(before)).toBeCloseTo(151.67, 2);
    expect(errors).toEqual([]);
  });

  it('logs a line with the keyboard alone', async () => {
    const { page, errors } = await newPage();
    await signIn(page, 'Achats / facilitateur');
    await page.getByRole('link', { name: 'Saisir des heures' }).click();
    await page.getByRole('heading', { name: 'Saisir des heures' }).waitFor();
    // From the top of the page: Tab to each field, arrows in the lists, type, Enter.
    await tabTo(page, /^Marché/);
    const contract = page.getByLabel('Marché');
    while (
      !/BM-NET-0131/.test(
        await contract.evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.text ?? ''),
      )
    )
      await page.keyboard.press('ArrowDown');
    await expect
      .poll(() => page.getByLabel('PLIE qui a placé la personne').inputValue())
      .toBe('bordeaux');
    await tabTo(page, /^Heures/);
    await page.keyboard.type('3,75');
    await page.keyboard.press('Enter');
    await page.getByText(/Ligne enregistrée : 3,75 h/).waitFor();
    expect(errors).toEqual([]);
  });

  it('logs a line on a phone, through the folded menu', async () => {
    const { page, errors } = await pages.newPage(PHONE);
    await signIn(page, 'Achats / facilitateur');
    const menu = page.getByRole('button', { name: 'Menu' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('link', { name: 'Saisir des heures' }).isVisible()).toBe(false);
    await menu.tap();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('link', { name: 'Saisir des heures' }).tap();
    await page.getByRole('heading', { name: 'Saisir des heures' }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    // The link of the page already shown closes the menu too: it changes no address.
    await menu.tap();
    await page.getByRole('link', { name: 'Saisir des heures' }).tap();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('link', { name: 'Saisir des heures' }).isVisible()).toBe(false);
    await page.getByLabel('Marché').selectOption({
      label: 'BM-JJB-0042 — Pont Jean-Jacques Bosc — voiries et réseaux',
    });
    await page
      .getByLabel('PLIE qui a placé la personne')
      .selectOption({ label: 'PLIE des Graves' });
    await page.getByLabel('Heures').fill('8,33');
    await page.getByRole('button', { name: 'Enregistrer la ligne' }).tap();
    await page.getByText(/Ligne enregistrée : 8,33 h/).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'saisie-telephone.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  for (const size of SIZES) {
    describe(`on a ${size.name}`, () => {
      it('lists a month’s lines newest first, narrows them, and voids one', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await signIn(page, 'Achats / facilitateur');
        await follow(page, 'Lignes d’heures');
        await page.getByLabel('PLIE', { exact: true }).selectOption({ label: 'PLIE de Bordeaux' });
        const lines = page.getByRole('region', { name: 'Lignes d’heures' }).locator('tbody tr');
        await lines.first().waitFor();
        const count = await lines.count();
        // "Saisie le" as dd/mm/yyyy hh:mm, newest first.
        const stamps = (await lines.locator('td:first-child').allInnerTexts()).map((t) =>
          t.replace(/(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})/, '$3$2$1$4$5'),
        );
        expect(stamps).toEqual([...stamps].sort().reverse());
        await page.getByLabel('Origine').selectOption({ label: 'Saisie au formulaire' });
        // At most as many rows was true before the filter: its rows are what says it applies.
        await expect
          .poll(async () => [...new Set(await lines.locator('td:nth-child(7)').allInnerTexts())])
          .toEqual(['Formulaire']);
        expect(await lines.count()).toBeLessThanOrEqual(count);
        // The newest line that is still active (the other size may have voided one).
        const voidedLines = () => lines.getByText('annulée', { exact: true }).count();
        const voidedBefore = await voidedLines();
        await lines
          .getByRole('button', { name: /^Annuler la ligne/ })
          .first()
          .click();
        const dialog = page.getByRole('dialog', { name: 'Annuler une ligne d’heures' });
        await dialog.getByLabel('Motif de l’annulation').fill('Saisie en double');
        await dialog.getByRole('button', { name: 'Annuler la ligne' }).click();
        await expect.poll(voidedLines).toBe(voidedBefore + 1);
        await page.screenshot({
          path: join(ARTIFACTS, `lignes-heures-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });

      it('shows the line and column of each error in an uploaded statement, importing nothing', async () => {
        const { page } = await pages.newPage(size.viewport);
        await signIn(page, 'Achats / facilitateur');
        await follow(page, 'Saisir des heures');
        const csv = [
          'contract_reference;plie_id;participant_ref;month;hours;mode',
          'BM-NET-0131;bordeaux;;2026-01;10;direct-hire',
          'BM-NET-0131;bordeaux;;2026-01;dix;direct-hire',
          'INCONNU-1;bordeaux;;2026-01;5;geiq',
        ].join('\n');
        await page
          .getByLabel('Fichier du relevé')
          .setInputFiles({ name: 'releve.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
        await page.getByText('3 ligne(s) lues').waitFor();
        // The line's own error is shown at once, in the page; the unknown contract needs the server.
        await page.getByText('1 erreur(s) déjà visible(s)', { exact: false }).waitFor();
        await page.getByRole('button', { name: 'Importer le relevé' }).click();
        await page.getByText(/n’a pas été importé/).waitFor();
        const errors = page.getByRole('row');
        await expect
          .poll(async () => (await errors.allTextContents()).join('|'))
          .toMatch(/3\s*hours/);
        const text = (await errors.allTextContents()).join('|');
        expect(text).toMatch(/4\s*contract_reference/);
        expect(text).toContain('INCONNU-1');
        await page.screenshot({
          path: join(ARTIFACTS, `releve-en-erreur-${size.name}.png`),
          fullPage: true,
        });
      });

      it('says the errors only the server finds with the preview, before the file is sent', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await signIn(page, 'Achats / facilitateur');
        await follow(page, 'Saisir des heures');
        // As French Excel saves it: a BOM, `;`, decimal commas. Each line is well formed; an
        // unknown contract and a month before the contract are what the server alone knows.
        const csv = [
          '\uFEFFRéférence du marché;PLIE;Participant;Mois;Heures;Modalité',
          `BM-XX-9999;PLIE de Bordeaux;;${lastMonthInParis().split('-').reverse().join('/')};12,5;Embauche directe`,
          'BM-NET-0131;PLIE de Bordeaux;;01/2024;7,25;Embauche directe',
        ].join('\r\n');
        let imports = 0;
        page.on('request', (r) => {
          if (/\/api\/hours\/import\?duplicates=/.test(r.url())) imports++;
        });
        await page.getByLabel('Fichier du relevé').setInputFiles({
          name: 'releve-inconnu.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(csv),
        });
        await page
          .getByText(/« releve-inconnu\.csv » ne peut pas être importé tel quel : 2 erreur\(s\)/)
          .waitFor();
        const said = (await page.getByRole('row').allInnerTexts()).join('|');
        expect(said).toContain('Marché inconnu : « BM-XX-9999 »');
        expect(said).toMatch(/janvier 2024 est hors de la période du marché/);
        expect(imports).toBe(0);
        expect(describeViolations('relevé refusé à l’aperçu', await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `releve-refuse-apercu-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });

      it('keeps the preview when the server cannot check the file (no lines’ errors)', async () => {
        const { page } = await pages.newPage(size.viewport);
        await signIn(page, 'Achats / facilitateur');
        await follow(page, 'Saisir des heures');
        // The dry run answers as an unavailable server does: a problem with no lines' errors.
        await page.route(/\/api\/hours\/import\?dryRun=true/, (route) =>
          route.fulfill({
            status: 503,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              type: 'about:blank',
              title: 'Service indisponible',
              status: 503,
              detail: 'Réessayez dans un instant.',
            }),
          }),
        );
        const csv = [
          '\uFEFFRéférence du marché;PLIE;Participant;Mois;Heures;Modalité',
          `BM-NET-0131;PLIE de Bordeaux;;${lastMonthInParis().split('-').reverse().join('/')};3,5;Embauche directe`,
        ].join('\r\n');
        const checked = page.waitForResponse(/\/api\/hours\/import\?dryRun=true/);
        await page.getByLabel('Fichier du relevé').setInputFiles({
          name: 'releve-serveur-indisponible.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(csv),
        });
        await checked;
        await page.getByText('Vérifiez l’aperçu puis importez', { exact: false }).waitFor();
        // The page has handled the answer (its next turns) before the preview is judged.
        await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 100)));
        expect(await page.getByText('ne peut pas être importé tel quel').count()).toBe(0);
        expect(
          await page.getByText('Vérifiez l’aperçu puis importez', { exact: false }).count(),
        ).toBe(1);
        expect(await page.getByRole('button', { name: 'Importer le relevé' }).isEnabled()).toBe(
          true,
        );
      });

      it('imports a statement, lists it among the statements and withdraws it with a reason', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await signIn(page, 'Achats / facilitateur');
        await follow(page, 'Saisir des heures');
        const month = lastMonthInParis();
        // Other hours on each size, so that each run finds its own statements in the list.
        const [first6, total, fixed, newTotal] = size.phone
          ? ['4,5', '7,5 h', '5', '8 h']
          : ['6,5', '9,5 h', '7', '10 h'];
        const csv = [
          'contract_reference;plie_id;participant_ref;month;hours;mode',
          `BM-NET-0131;bordeaux;;${month};${first6};geiq`,
          `BM-NET-0131;bordeaux;;${month};3;training`,
        ].join('\n');
        await page
          .getByLabel('Fichier du relevé')
          .setInputFiles({ name: 'releve-ok.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
        await page.getByText('2 ligne(s) lues').waitFor();
        await page.getByRole('button', { name: 'Importer le relevé' }).click();
        await page.getByText('2 ligne(s) importée(s)').waitFor();
        // A subcontractor's file of its own, whose line the correction below repeats.
        const [extra, extraFile] = size.phone
          ? ['1,25', 'releve-sous-traitant-tel.csv']
          : ['1,75', 'releve-sous-traitant.csv'];
        const extraLine = `BM-NET-0131;bordeaux;;${month};${extra};direct-hire`;
        await page.getByLabel('Fichier du relevé').setInputFiles({
          name: extraFile,
          mimeType: 'text/csv',
          buffer: Buffer.from([csv.split('\n')[0], extraLine].join('\n')),
        });
        await page.getByText('1 ligne(s) lues').waitFor();
        await page.getByRole('button', { name: 'Importer le relevé' }).click();
        await page.getByText('1 ligne(s) importée(s)').waitFor();
        await page.getByRole('link', { name: 'Voir les relevés importés' }).click();
        await page.getByRole('heading', { name: 'Relevés mensuels' }).waitFor();
        // Each statement names its file and who sent it (issue 29).
        const listed = page.getByRole('region', { name: 'Relevés importés' });
        for (const name of ['Fichier', 'Envoyé par'])
          await listed.getByRole('columnheader', { name }).waitFor();
        const first = page.getByRole('row', {
          name: new RegExp(`^releve-ok\\.csv .*Achats / facilitateur.*BM-NET-0131.*${total}`),
        });
        await first.getByText('Importé').waitFor();
        await page.getByRole('row', { name: new RegExp(`^${extraFile}.*${extra} h`) }).waitFor();
        // The awardee's correction replaces it: 6,5 h become 7 h; it also repeats the
        // subcontractor's line, which the form shows before anything is sent, left out.
        await first.getByRole('button', { name: 'Remplacer…' }).click();
        await page.getByLabel('Motif du remplacement').fill('Heures de formation corrigées');
        await page.getByLabel('Relevé corrigé').setInputFiles({
          name: 'releve-corrige.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(
            [csv.replace(`${first6};geiq`, `${fixed};geiq`), extraLine].join('\n'),
          ),
        });
        const flagged = page.getByRole('list', { name: 'Doublons possibles du relevé' });
        const repeated = flagged
          .getByRole('listitem')
          .filter({ hasText: /déjà comptée : relevé importé le .*par Achats/ });
        await repeated.waitFor();
        expect(await repeated.innerText()).toContain(`${extra} h`);
        expect(await page.getByRole('radio', { name: /Les laisser de côté/ }).isChecked()).toBe(
          true,
        );
        expect(describeViolations('remplacement, doublons', await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `releves-remplacement-doublons-${size.name}.png`),
          fullPage: true,
        });
        await page.getByRole('button', { name: 'Remplacer le relevé' }).click();
        await page
          .getByText(
            'Relevé remplacé : 2 ligne(s) importée(s). 1 doublon(s) possible(s) laissé(s) de côté',
          )
          .waitFor();
        await page.getByRole('row', { name: new RegExp(`${total}.*Remplacé`) }).waitFor();
        // The repeated line was left out: the correction counts its own 2 lines.
        const row = page.getByRole('row', {
          name: new RegExp(`^releve-corrige\\.csv .*BM-NET-0131.*2 ${newTotal}`),
        });
        await row.getByText('Importé').waitFor();
        await row.getByRole('button', { name: 'Retirer…' }).click();
        await page.getByLabel('Motif du retrait').fill('Relevé envoyé deux fois par le titulaire');
        await page.screenshot({
          path: join(ARTIFACTS, `releves-retrait-${size.name}.png`),
          fullPage: true,
        });
        await page.getByRole('button', { name: 'Retirer le relevé' }).click();
        const withdrawn = page.getByRole('row', { name: new RegExp(`BM-NET-0131.*${newTotal}`) });
        await withdrawn.getByText('Retiré').waitFor();
        await withdrawn.getByText('Motif : Relevé envoyé deux fois par le titulaire').waitFor();
        await page.screenshot({
          path: join(ARTIFACTS, `releves-${size.name}.png`),
          fullPage: true,
        });
        // A file's lines are one link away: the lines page opens narrowed to that file.
        await page
          .getByRole('row', { name: new RegExp(`^releve-corrige\\.csv .*2 ${newTotal}.*Retiré`) })
          .getByRole('link', { name: 'Voir ses lignes' })
          .click();
        await page.getByRole('heading', { name: /^Lignes d’heures — / }).waitFor();
        expect(await page.getByLabel('Origine').locator('option:checked').innerText()).toMatch(
          /^Relevé du .* \(2 lignes\)$/,
        );
        const fileLines = page.getByRole('region', { name: 'Lignes d’heures' }).locator('tbody tr');
        await expect.poll(() => fileLines.count()).toBe(2);
        for (const line of await fileLines.allInnerTexts()) expect(line).toContain('annulée');
        await page.screenshot({
          path: join(ARTIFACTS, `releve-ses-lignes-${size.name}.png`),
          fullPage: true,
        });
        expect(describeViolations('lignes d’un relevé', await axeViolations(page))).toBe('');
        expect(errors).toEqual([]);
      });

      it('replaces a big statement in the background, following it on the page', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await signIn(page, 'Achats / facilitateur');
        await follow(page, 'Saisir des heures');
        const month = lastMonthInParis();
        // Lines enough that the correction runs as a job (a replacement writes twice).
        const count = size.phone ? 301 : 300;
        // Each size corrects to hours of its own: the phone's would otherwise repeat the lines
        // the desktop's correction counted, and be left out as possible duplicates.
        const [corrected, correctedTotal] = size.phone ? ['0,5', '150,5 h'] : ['2', '600 h'];
        const statement = (hours: string) =>
          [
            'contract_reference;plie_id;participant_ref;month;hours;mode',
            ...Array.from({ length: count }, () => `BM-NET-0131;bordeaux;;${month};${hours};geiq`),
          ].join('\n');
        await page.getByLabel('Fichier du relevé').setInputFiles({
          name: 'releve-gros.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(statement('1')),
        });
        await page.getByText(`${count} ligne(s) lues`).waitFor();
        await page.getByRole('button', { name: 'Importer le relevé' }).click();
        await page.getByText(`${count} ligne(s) importée(s)`).waitFor();
        await page.getByRole('link', { name: 'Voir les relevés importés' }).click();
        const old = page.getByRole('row', { name: new RegExp(`BM-NET-0131.*${count} h`) });
        await old.getByRole('button', { name: 'Remplacer…' }).click();
        await page.getByLabel('Motif du remplacement').fill('Heures doublées par erreur de saisie');
        await page.getByLabel('Relevé corrigé').setInputFiles({
          name: 'releve-gros-corrige.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(statement(corrected)),
        });
        await page.getByRole('button', { name: 'Remplacer le relevé' }).click();
        await page
          .getByRole('row', { name: new RegExp(`BM-NET-0131.*${count} h.*Remplacé`) })
          .waitFor();
        await page
          .getByRole('row', { name: new RegExp(`BM-NET-0131.*${correctedTotal}.*Importé`) })
          .waitFor();
        await page.screenshot({
          path: join(ARTIFACTS, `releves-remplacement-gros-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });

      it('hands out the statement template and imports an Excel workbook in French', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await signIn(page, 'Achats / facilitateur');
        await follow(page, 'Saisir des heures');
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Excel (.xlsx)' }).click(),
        ]);
        expect(download.suggestedFilename()).toBe('modele-releve-mensuel.xlsx');
        const template = readXlsx(new Uint8Array(readFileSync(await download.path())));
        expect(template.header).toEqual([
          'Référence du marché',
          'PLIE',
          'Participant',
          'Mois',
          'Heures',
          'Modalité',
        ]);
        // Its example lines name the structure's PLIEs as people write them, not by a code.
        expect(template.rows.map((row) => row.fields[1])).toContain('PLIE de Bordeaux');
        const [year, month] = lastMonthInParis().split('-').map(Number) as [number, number];
        const workbook = excelWorkbook([
          ['Référence du marché', 'PLIE', 'Participant', 'Mois', 'Heures', 'Modalité'],
          [
            'BM-NET-0131',
            'PLIE de Bordeaux',
            null,
            `${String(month).padStart(2, '0')}/${year}`,
            size.phone ? 3 : 4,
            'Embauche directe',
          ],
          [
            'BM-NET-0131',
            'bordeaux',
            null,
            `${String(month).padStart(2, '0')}/${year}`,
            // Hours of each size's own: the same unnamed line in two files is a possible duplicate.
            size.phone ? 2.25 : 2.5,
            'Mise à disposition GEIQ',
          ],
        ]);
        await page.getByLabel('Fichier du relevé').setInputFiles({
          name: 'releve-octobre.xlsx',
          mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          buffer: Buffer.from(workbook),
        });
        // Read in the page as the server reads it: the month written mm/yyyy, the modality's label.
        await page
          .getByText(
            `2 ligne(s) lues dans « releve-octobre.xlsx » : ${size.phone ? '5,25' : '6,5'} h`,
          )
          .waitFor();
        const preview = page.getByRole('region', { name: 'Aperçu du relevé' });
        const first = await preview.locator('tbody tr').first().innerText();
        expect(first).toContain('Embauche directe');
        expect(first).toContain('PLIE de Bordeaux');
        expect(first).toMatch(
          /\b(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}/,
        );
        await page.getByRole('button', { name: 'Importer le relevé' }).click();
        await page.getByText('2 ligne(s) importée(s)').waitFor();
        // Imported, the preview's « vérifiez puis importez » is no longer said.
        expect(
          await page.getByText('Vérifiez l’aperçu puis importez', { exact: false }).count(),
        ).toBe(0);
        expect(await preview.count()).toBe(0);
        await page.screenshot({
          path: join(ARTIFACTS, `releve-excel-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });

      it('imports published DECP records and lists what it could not read, by reason', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await signIn(page, 'Achats / facilitateur');
        await chooseDecpFile(page);
        // Read first without importing anything: what would be created, and what is refused.
        const preview = page.getByRole('region', { name: 'Aperçu avant import' });
        await preview.getByText(`${size.phone ? 0 : 22} marché(s) à créer`).waitFor();
        // Refusals by reason, each with the first record concerned.
        await preview
          .getByRole('row', {
            name: /dateNotification : champ absent 2 n° 24 \(2018COs68fWklM00\)/,
          })
          .waitFor();
        expect(describeViolations('aperçu DECP', await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `import-decp-apercu-${size.name}.png`),
          fullPage: true,
        });
        await page.getByRole('button', { name: 'Importer les marchés' }).click();
        // The same file again (the second size) creates nothing more.
        await page.getByText(`${size.phone ? 0 : 22} marché(s) créé(s)`).waitFor();
        const row = page.getByRole('row', {
          name: /dateNotification : champ absent 2 n° 24 \(2018COs68fWklM00\)/,
        });
        await row.waitFor();
        await page.screenshot({
          path: join(ARTIFACTS, `import-decp-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });
    });
  }

  it('follows a big statement imported in the background, and lists it among the imports', async () => {
    const { page, errors } = await newPage();
    await signIn(page, 'Achats / facilitateur');
    await page.getByRole('link', { name: 'Saisir des heures' }).click();
    const [year, month] = lastMonthInParis().split('-') as [string, string];
    const lines = Array.from(
      { length: 1500 },
      // Hours no other test logs (an unnamed line repeating one already counted is left out).
      (_, i) => `BM-NET-0131;bordeaux;;${month}/${year};${(i % 4) + 1},07;GEIQ`,
    );
    const csv = ['Référence du marché;PLIE;Participant;Mois;Heures;Modalité', ...lines].join(
      '\r\n',
    );
    await page.getByLabel('Fichier du relevé').setInputFiles({
      name: 'releve-annuel.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByText('1500 ligne(s) lues').waitFor();
    await page.getByRole('button', { name: 'Importer le relevé' }).click();
    await page.locator('progress').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'import-en-cours.png'), fullPage: true });
    await page.getByText('1500 ligne(s) importée(s)').waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'Imports', exact: true }).click();
    const row = page.getByRole('row', { name: /releve-annuel\.csv.*Relevé mensuel.*Terminé/ });
    await row.getByText('1 500 lignes sur 1 500').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'imports.png'), fullPage: true });
    await row.getByRole('link', { name: 'releve-annuel.csv' }).click();
    await page.getByText('1500 ligne(s) importée(s)').waitFor();
    expect(errors).toEqual([]);
  });

  it('sends a file too big for a request straight to storage, and shows why it is refused', async () => {
    const { page, errors } = await newPage();
    await signIn(page, 'Achats / facilitateur');
    await page.getByRole('link', { name: 'Saisir des heures' }).click();
    // Over 4 MB: POST /api/imports, PUT of the file, then start. 70,000 lines: too many.
    const [year, month] = lastMonthInParis().split('-') as [string, string];
    const line = `BM-NET-0131;bordeaux;;${month}/${year};1,5;Mise à disposition GEIQ;Chantier du tramway, lot 3`;
    const csv = [
      'Référence du marché;PLIE;Participant;Mois;Heures;Modalité;Commentaire',
      ...Array.from({ length: 70_000 }, () => line),
    ].join('\r\n');
    expect(csv.length).toBeGreaterThan(4 * 1024 * 1024);
    await page.getByLabel('Fichier du relevé').setInputFiles({
      name: 'releve-trop-long.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByText('70000 ligne(s) lues').waitFor();
    await page.getByRole('button', { name: 'Importer le relevé' }).click();
    await page.getByText('Au plus 60000 lignes par relevé').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'import-refuse.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);

  for (const size of SIZES) {
    it(`says on the imports page where a file is sent from (${size.name})`, async () => {
      const { page, errors } = await pages.newPage(size.viewport);
      await signIn(page, 'Achats / facilitateur');
      // Who comes to « Imports » to import a file is shown where that is done.
      await follow(page, 'Imports');
      await page.getByRole('heading', { name: 'Imports de gros fichiers' }).waitFor();
      await page.screenshot({
        path: join(ARTIFACTS, `imports-vers-${size.name}.png`),
        fullPage: true,
      });
      expect(describeViolations('imports', await axeViolations(page))).toBe('');
      await page.getByRole('link', { name: 'Importer un relevé mensuel' }).click();
      await page.getByRole('heading', { name: 'Saisir des heures' }).waitFor();
      await page.getByLabel('Fichier du relevé').waitFor();
      await follow(page, 'Imports');
      await page.getByRole('link', { name: 'Importer des marchés (DECP)' }).click();
      await page.getByLabel('Fichier DECP').waitFor();
      expect(page.url()).toContain('#/import-decp');
      expect(errors).toEqual([]);
    });
  }

  it('voids an hour line in a dialog that asks for the reason, kept in its history', async () => {
    const { page, errors } = await newPage();
    await signIn(page, 'Achats / facilitateur');
    await page.getByRole('link', { name: 'BM-GS-0117' }).click();
    await page.getByRole('heading', { name: 'Lignes d’heures' }).waitFor();
    await page.locator('.loading').waitFor({ state: 'detached' });
    const first = page
      .locator('tr', { has: page.getByRole('button', { name: 'Annuler' }) })
      .first();
    await first.evaluate((row) => row.setAttribute('data-test', 'voided-row'));
    const row = page.locator('tr[data-test="voided-row"]');
    await expect.poll(() => row.innerText()).toContain('active');
    await row.getByRole('button', { name: 'Annuler' }).click();
    const dialog = page.getByRole('dialog', { name: 'Annuler une ligne d’heures' });
    await dialog.waitFor();
    // Keyboard only: the reason has the focus; an empty one is refused in words.
    await page.keyboard.press('Enter');
    await dialog.getByText('Indiquez le motif de l’annulation.').waitFor();
    await page.keyboard.type('Heures saisies sur le mauvais marché');
    await page.screenshot({ path: join(ARTIFACTS, 'annulation.png'), fullPage: false });
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('annulée').waitFor();
    expect(await row.getByRole('button', { name: 'Annuler' }).count()).toBe(0);
    await row.getByRole('button', { name: 'Historique' }).click();
    await row.getByText(/Ligne annulée par/).waitFor();
    await row.getByText(/Heures saisies sur le mauvais marché/).waitFor();
    // Escape keeps a line.
    await page.locator('tr').getByRole('button', { name: 'Annuler' }).first().click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('keeps a coordinator away from another PLIE’s participants on every page', async () => {
    const { page, errors } = await newPage();
    await signIn(page, 'Coordinateur de PLIE', 'PLIE des Graves');
    await page.getByRole('heading', { name: 'PLIE des Graves' }).waitFor();
    await page.getByRole('heading', { name: 'Participants' }).waitFor();
    await page.getByRole('cell', { name: 'GRA-006' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'plie.png'), fullPage: true });
    // Participant references of the other PLIEs (BOR-…, HAU-…, ADS-…, POR-…, SOU-…).
    const others = /\b(BOR|HAU|ADS|POR|SOU)-\d{3}\b/;
    const visited: string[] = [];
    for (const hash of ['#/plie/graves', '#/', '#/participants', '#/conformite', '#/rapport']) {
      await page.goto(`${base}/${hash}`);
      await page.waitForLoadState('networkidle');
      await page.locator('.loading').waitFor({ state: 'detached' });
      const text =
        (await page.locator('body').innerText()) +
        (await page
          .locator('iframe')
          .evaluateAll((frames) => frames.map((f) => (f as HTMLIFrameElement).srcdoc).join('')));
      expect(text).not.toMatch(others);
      visited.push(hash);
    }
    // The contract page of a shared contract: lines of the coordinator's PLIE only.
    await page.goto(`${base}/#/`);
    await page.getByRole('link', { name: 'BM-GS-0117' }).click();
    await page.getByRole('heading', { name: 'Lignes d’heures' }).waitFor();
    await page.locator('.loading').waitFor({ state: 'detached' });
    const lines = await page.locator('table').last().innerText();
    expect(lines).toContain('PLIE des Graves');
    expect(lines).not.toMatch(
      /PLIE de Bordeaux|PLIE des Sources|Hauts de Garonne|Technowest|Portes du Sud/,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'marche.png'), fullPage: true });
    // Asking for another PLIE's page shows no one from it.
    await page.goto(`${base}/#/plie/bordeaux`);
    await page.locator('h1').waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(others);
    expect(visited).toHaveLength(5);
    expect(errors).toEqual([]);
  });

  it('serves a first load under 200 KB of script, with the security headers', async () => {
    const { page } = await newPage();
    let scriptBytes = 0;
    page.on('response', async (response) => {
      if (response.request().resourceType() === 'script')
        scriptBytes += (await response.body()).length;
    });
    const response = await page.goto(`${base}/`);
    await page.getByText('Mode local.').waitFor();
    expect(scriptBytes).toBeGreaterThan(0);
    expect(scriptBytes).toBeLessThan(200_000);
    const headers = response?.headers() ?? {};
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['x-frame-options']).toBe('DENY');
    await page.screenshot({ path: join(ARTIFACTS, 'connexion.png'), fullPage: true });
  });
});
