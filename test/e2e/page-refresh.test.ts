import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { sumHours } from '#shared/domain/hours';
import { eur, h as hoursText } from '#shared/report/format';
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

// Issue 29: what an action changes is shown at once on the same page (the contract's figures
// after a line is voided), and a list says what it holds (the month's lines of every PLIE unless
// one is chosen, the filter named in the heading).

const pagesOfFile = usePages();
let pages: PagesUnderTest;

beforeAll(() => {
  if (chromiumAvailable) pages = pagesOfFile();
});

/** "1 038,75 h" → 1038.75 */
const hoursIn = (text: string) => Number(text.replace(/[^\d,]/g, '').replace(',', '.'));

// First, before any line of the demo is voided by the tests below.
describe.runIf(chromiumAvailable)(
  'a coordinator’s status of her share',
  { timeout: 120_000 },
  () => {
    for (const size of SIZES) {
      it(`says a share below its pace is below it, not « dans les temps » (${size.name})`, async () => {
        const month = lastMonthInParis();
        const plies = (await pages.read('procurement', '/api/plies')).items as {
          id: string;
          name: string;
        }[];
        // The demo's share of issue 29: the PLIE des Hauts de Garonne's of BM-JJB-0042.
        const plie = plies.find((p) => p.name === 'PLIE des Hauts de Garonne') as { id: string };
        const report = await pages.read(
          'procurement',
          `/api/reports/monthly/${month}?plieId=${plie.id}`,
        );
        const share = report.contracts.find(
          (c: { reference: string }) => c.reference === 'BM-JJB-0042',
        );
        expect(share.behind).toBe(false);
        expect(share.hoursToDate).toBeLessThan(share.expectedHours);
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Coordinateur de PLIE', 'PLIE des Hauts de Garonne');
        await page.goto(`${pages.base}/#/`);
        await page.getByRole('heading', { name: /tableau de bord/i }).waitFor();
        const row = page.getByRole('row', { name: /BM-JJB-0042/ });
        await row.getByText('Sous le prorata', { exact: true }).waitFor();
        await row
          .getByText(
            `${hoursText(share.hoursToDate)} sur ${hoursText(share.expectedHours)} attendues`,
            {
              exact: false,
            },
          )
          .waitFor();
        expect(await row.getByText('Dans les temps').count()).toBe(0);
        expect(describeViolations(`coordinateur (${size.name})`, await axeViolations(page))).toBe(
          '',
        );
        await page.screenshot({
          path: join(ARTIFACTS, `coordinateur-part-sous-prorata-${size.name}.png`),
          fullPage: true,
        });
        const said = `${hoursText(share.hoursToDate)} sur ${hoursText(share.expectedHours)} attendues`;

        // Her contract list: the same share, the same status and figures.
        await page.goto(`${pages.base}/#/marches`);
        const listed = page
          .getByRole('region', { name: 'Marchés' })
          .getByRole('row', { name: /BM-JJB-0042/ });
        await listed.getByText('Sous le prorata', { exact: true }).waitFor();
        await listed.getByText('Part du PLIE des Hauts de Garonne', { exact: false }).waitFor();
        await listed.getByText(said, { exact: false }).waitFor();
        expect(await listed.getByText('Dans les temps').count()).toBe(0);
        expect(
          describeViolations(`marchés, coordinateur (${size.name})`, await axeViolations(page)),
        ).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `coordinateur-marches-part-${size.name}.png`),
          fullPage: true,
        });

        // The contract's page: one status per PLIE share, hers as her dashboard says it.
        await listed.getByRole('link', { name: /BM-JJB-0042/ }).click();
        const split = page.getByRole('region', { name: 'Répartition entre PLIE' });
        const hers = split.getByRole('row', { name: /PLIE des Hauts de Garonne/ });
        await hers.getByText('Sous le prorata', { exact: true }).waitFor();
        await hers.getByText(said, { exact: false }).waitFor();
        const statuses = await split.locator('tbody tr td:last-child').allInnerTexts();
        expect(statuses.length).toBeGreaterThan(1);
        for (const status of statuses)
          expect(status).toMatch(/^(Dans les temps|En retard|Sous le prorata|—)/);
        expect(
          describeViolations(`marché, coordinateur (${size.name})`, await axeViolations(page)),
        ).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `coordinateur-marche-parts-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });
    }
  },
);

describe.runIf(chromiumAvailable)(
  'pages that refresh what an action changed',
  { timeout: 120_000 },
  () => {
    for (const size of SIZES) {
      it(`voiding a line on the contract page lowers its total, its PLIE’s share and the chart (${size.name})`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Achats / facilitateur');
        const contracts = await pages.read('procurement', '/api/contracts?limit=500');
        const contract = contracts.items.find(
          (c: { reference: string }) => c.reference === 'BM-JJB-0042',
        );
        await page.goto(`${pages.base}/#/marches/${contract.id}`);
        await page.getByRole('heading', { name: 'Lignes d’heures' }).waitFor();
        const lines = page.getByRole('region', { name: 'Lignes d’heures du marché' });
        await lines.waitFor();
        const done = page.locator('.figure', { hasText: 'Réalisé' }).locator('strong');
        const split = page.getByRole('region', { name: 'Répartition entre PLIE' });
        const chartTotal = async () =>
          sumHours(
            (await page.locator('svg.chart rect title').allTextContents()).map((t) =>
              hoursIn(t.split(' : ')[1] ?? ''),
            ),
          );
        const before = hoursIn(await done.innerText());
        const chartBefore = await chartTotal();

        // The newest active line (the other size voided another one).
        const row = lines
          .locator('tbody tr', { has: page.getByRole('button', { name: 'Annuler' }) })
          .first();
        await row.evaluate((r) => r.setAttribute('data-test', 'voided'));
        const voided = page.locator('tr[data-test="voided"]');
        const plie = await voided.locator('td').nth(1).innerText();
        const lineHours = hoursIn(await voided.locator('td').nth(2).innerText());
        expect(lineHours).toBeGreaterThan(0);
        const share = split
          .getByRole('row', { name: new RegExp(plie) })
          .locator('td')
          .nth(2);
        const shareBefore = hoursIn(await share.innerText());

        await voided.getByRole('button', { name: 'Annuler' }).click();
        const dialog = page.getByRole('dialog', { name: 'Annuler une ligne d’heures' });
        await dialog.getByLabel('Motif de l’annulation').fill('Saisie en double');
        await dialog.getByRole('button', { name: 'Annuler la ligne' }).click();
        await voided.getByText('annulée').waitFor();

        // No reload: the figures above the lines are those of the API now.
        await expect
          .poll(async () => hoursIn(await done.innerText()))
          .toBeCloseTo(before - lineHours, 2);
        expect(hoursIn(await share.innerText())).toBeCloseTo(shareBefore - lineHours, 2);
        expect(await chartTotal()).toBeCloseTo(chartBefore - lineHours, 2);
        const detail = await pages.read('procurement', `/api/contracts/${contract.id}`);
        expect(hoursIn(await done.innerText())).toBeCloseTo(detail.hoursLogged, 2);
        expect(describeViolations(`marché (${size.name})`, await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `marche-apres-annulation-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });

      it(`lists the month’s lines of every PLIE unless one is chosen, and says so (${size.name})`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Achats / facilitateur');
        const month = lastMonthInParis();
        const plies = (await pages.read('procurement', '/api/plies')).items as {
          id: string;
          name: string;
        }[];
        const each = await Promise.all(
          plies.map(
            async (p) =>
              (
                await pages.read(
                  'procurement',
                  `/api/hours?month=${month}&plieId=${p.id}&limit=500`,
                )
              ).items as { hours: number; status: string; participantId: string | null }[],
          ),
        );
        const every = each.flat();
        const active = sumHours(every.filter((l) => l.status === 'active').map((l) => l.hours));
        expect(each.filter((l) => l.length > 0).length).toBeGreaterThan(1);

        await follow(page, 'Lignes d’heures');
        await page
          .getByRole('heading', { name: /Lignes d’heures — .* — tous les PLIE$/ })
          .waitFor();
        expect(await page.getByLabel('PLIE', { exact: true }).inputValue()).toBe('');
        const rows = page.getByRole('region', { name: 'Lignes d’heures' }).locator('tbody tr');
        await expect.poll(() => rows.count()).toBe(every.length);
        const status = page.getByRole('status').filter({ hasText: /ligne/ });
        expect(hoursIn((await status.innerText()).split('·')[1] ?? '')).toBeCloseTo(active, 2);
        expect(describeViolations(`lignes (${size.name})`, await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `lignes-tous-plie-${size.name}.png`),
          fullPage: true,
        });

        // Narrowed to one participant's lines, the month's count stays in view beside them.
        const person = every.find((l) => l.participantId !== null)?.participantId as string;
        expect(every.filter((l) => l.participantId === person).length).toBeLessThan(every.length);
        await page.getByLabel('Participant').selectOption(person);
        await expect
          .poll(() => status.innerText())
          .toMatch(new RegExp(`\\(filtrées sur ${every.length} lignes · `));

        // One PLIE chosen: named in the heading.
        const first = plies.find((_, i) => (each[i]?.length ?? 0) > 0) as { name: string };
        await page.getByLabel('PLIE', { exact: true }).selectOption({ label: first.name });
        await page.getByRole('heading', { name: new RegExp(`— ${first.name}$`) }).waitFor();
        expect(errors).toEqual([]);
      });
    }
  },
);

describe.runIf(chromiumAvailable)(
  'saved twice, a page shows the second',
  { timeout: 120_000 },
  () => {
    for (const [index, size] of SIZES.entries()) {
      it(`corrects a participant’s exit twice, the page showing each correction (${size.name})`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Achats / facilitateur');
        const people = (
          await pages.read('procurement', '/api/participants?plieId=bordeaux&limit=500')
        ).items as { id: string; ref: string; enteredOn: string; exitedOn: string | null }[];
        const today = new Date().toISOString().slice(0, 10);
        const plusDays = (day: string, n: number) =>
          new Date(Date.parse(day) + n * 86_400_000).toISOString().slice(0, 10);
        const person = people.filter((p) => !p.exitedOn && plusDays(p.enteredOn, 3) < today)[index];
        if (!person) throw new Error('the demo has no participant in progress to exit');
        await page.goto(`${pages.base}/#/participants/${person.id}`);
        await page.getByRole('heading', { name: `Participant ${person.ref}` }).waitFor();
        await page.getByLabel('Date de sortie').fill(plusDays(person.enteredOn, 1));
        await page.getByLabel('Situation à la sortie').selectOption('cdi');
        await page.getByRole('button', { name: 'Enregistrer la sortie' }).click();
        await page.getByText('Sortie enregistrée.').waitFor();

        // Two corrections in a row: the address is the same after each, the page must still redraw.
        for (const days of [2, 3]) {
          const day = plusDays(person.enteredOn, days);
          await page.getByLabel('Date de sortie').fill(day);
          await page.getByLabel('Motif de la correction').fill(`Date corrigée (${days})`);
          await page.getByRole('button', { name: 'Corriger la sortie' }).click();
          // The first correction's notice says the same: the new date is what says this one
          // is done, then its notice.
          const shown = day.split('-').reverse().join('/');
          await page.locator('dd', { hasText: `${shown} — CDI` }).waitFor();
          await page.getByText('Sortie corrigée.').waitFor();
        }
        const saved = await pages.read('procurement', `/api/participants/${person.id}`);
        expect(saved.exitedOn).toBe(plusDays(person.enteredOn, 3));
        expect(describeViolations(`participant (${size.name})`, await axeViolations(page))).toBe(
          '',
        );
        await page.screenshot({
          path: join(ARTIFACTS, `participant-sortie-corrigee-deux-fois-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });

      it(`edits the year’s convention and sees its terms and total change (${size.name})`, async () => {
        const year = new Date().getFullYear();
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Administrateur');
        await page.goto(`${pages.base}/#/administration/financement?annee=${year}`);
        await page.getByRole('heading', { name: `Administration — financement ${year}` }).waitFor();
        const row = page.getByRole('row', { name: /Tous les marchés/ });
        await row.waitFor();
        for (const fixed of [6000 + index * 1000, 6500 + index * 1000]) {
          await page.getByLabel('Part fixe par PLIE (€ par an)').fill(String(fixed));
          await page.getByRole('button', { name: `Enregistrer la convention ${year}` }).click();
          // The first save's notice is still there when the second is clicked: the new terms
          // on the page say the save is done, and only then is the total read to compare.
          await row
            .getByText(new RegExp(`^${eur(fixed).replace(/\s/g, '\\s')} par PLIE`))
            .waitFor();
          await page.getByText(`Convention ${year} enregistrée.`).waitFor();
          const funding = await pages.read('procurement', `/api/funding?year=${year}`);
          await row.getByRole('cell', { name: eur(funding.conventions[0].totals.total) }).waitFor();
        }
        expect(describeViolations(`financement (${size.name})`, await axeViolations(page))).toBe(
          '',
        );
        expect(errors).toEqual([]);
      });
    }
  },
);

describe.runIf(chromiumAvailable)('tables wider than a phone', { timeout: 120_000 }, () => {
  for (const size of SIZES) {
    it(`say which columns are off to the right and bring them into view (${size.name})`, async () => {
      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Achats / facilitateur');
      await follow(page, 'Lignes d’heures');
      const region = page.getByRole('region', { name: 'Lignes d’heures' });
      await region.locator('tbody tr').first().waitFor();
      // The bar above the table (the page has one table).
      const bar = page.locator('.scroll-hint');
      if (!size.phone) {
        // The table fits a desktop screen: no bar.
        expect(await page.locator('.scroll-hint:visible').count()).toBe(0);
        expect(errors).toEqual([]);
        return;
      }
      await bar.waitFor();
      const said = () => bar.locator('.scroll-hint-text').innerText();
      expect(await said()).toMatch(/colonnes à droite \(.*État\)/);
      const before = await said();
      const scrolled = () => region.evaluate((r) => r.scrollLeft);
      expect(await scrolled()).toBe(0);
      // Where the table stands on the page: the bar's text shortens as columns come into view,
      // and a bar that shrank with it moved the table up under a finger about to tap a link
      // (the awardees' test clicked « Examiner » as the table moved: the tap was lost).
      const tableTop = () =>
        region.evaluate((r) => Math.round(r.getBoundingClientRect().top + window.scrollY));
      const top = await tableTop();
      await page.screenshot({
        path: join(ARTIFACTS, 'tableau-large-telephone.png'),
        fullPage: false,
      });

      // Keyboard: to the button, Enter; the next columns come into view and the bar says so.
      await bar.getByRole('button', { name: 'Colonnes suivantes →' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(scrolled).toBeGreaterThan(0);
      await expect.poll(said).not.toBe(before);
      // The first column (the key one) stays in view while the others scroll.
      const first = await region.locator('tbody tr td').first().boundingBox();
      const box = await region.boundingBox();
      expect(Math.abs((first?.x ?? 0) - (box?.x ?? 0))).toBeLessThan(3);
      await page.screenshot({
        path: join(ARTIFACTS, 'tableau-large-telephone-suite.png'),
        fullPage: false,
      });
      // Touch: the next button as far as it goes, then back to the start.
      const next = bar.getByRole('button', { name: 'Colonnes suivantes →' });
      for (let i = 0; i < 10 && (await said()) !== 'Dernière colonne affichée.'; i++) {
        const shown = await said();
        await next.tap();
        await expect.poll(said).not.toBe(shown);
      }
      expect(await next.isDisabled()).toBe(true);
      await expect.poll(said).toBe('Dernière colonne affichée.');
      expect(await tableTop()).toBe(top);
      await bar.getByRole('button', { name: '← Début du tableau' }).tap();
      await expect.poll(scrolled).toBe(0);
      expect(describeViolations(`tableau large (${size.name})`, await axeViolations(page))).toBe(
        '',
      );
      expect(errors).toEqual([]);
    });
  }
});

describe.runIf(chromiumAvailable)(
  'forms: every error at once, inline forms that cancel',
  { timeout: 120_000 },
  () => {
    for (const [index, size] of SIZES.entries()) {
      it(`lists every error of the contract form at its top, each linked to its field (${size.name})`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Achats / facilitateur');
        await page.goto(`${pages.base}/#/marches/nouveau`);
        await page.getByRole('heading', { name: 'Enregistrer un marché' }).waitFor();
        // Only the amount, unreadable: the required fields and the amount come back together,
        // before anything is sent.
        let posted = 0;
        page.on('request', (r) => {
          if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/contracts') posted++;
        });
        await page.getByLabel('Montant HT (€)').fill('beaucoup');
        await page.getByRole('button', { name: 'Enregistrer le marché' }).click();
        const summary = page.locator('form .form-summary');
        await summary.waitFor();
        const links = summary.getByRole('link');
        const said = await links.allInnerTexts();
        expect(said).toEqual(
          expect.arrayContaining([
            'Référence du marché : Champ obligatoire.',
            'Objet : Champ obligatoire.',
            'SIRET du titulaire : Champ obligatoire.',
            'Montant HT (€) : Un montant en euros, ex. 1 000 000 ou 25 000,50',
            'Fin d’exécution : Champ obligatoire.',
          ]),
        );
        await summary.getByText(`(${said.length} erreurs)`).waitFor();
        expect(posted).toBe(0);
        // At the top of the form, with the focus.
        expect(await summary.evaluate((s) => s === s.parentElement?.firstElementChild)).toBe(true);
        expect(await summary.evaluate((s) => s === document.activeElement)).toBe(true);
        expect(
          describeViolations(`marché, erreurs (${size.name})`, await axeViolations(page)),
        ).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `marche-erreurs-resume-${size.name}.png`),
          fullPage: false,
        });
        // Each link takes the focus to its field, the address unchanged.
        const hash = await page.evaluate(() => location.hash);
        await links.filter({ hasText: 'Objet' }).click();
        expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(
          'title',
        );
        expect(await page.evaluate(() => location.hash)).toBe(hash);
        // Keyboard: Enter on the SIRET's link.
        await links.filter({ hasText: 'SIRET du titulaire' }).focus();
        await page.keyboard.press('Enter');
        expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(
          'awardeeSiret',
        );
        expect(errors).toEqual([]);
      });

      it(`lists every error of the PLIE, structure, amendment, declaration, participant and exit forms at their top (${size.name})`, async () => {
        /** Submits, then reads the summary: first in its form, focused, one link per error. */
        const refused = async (page: Page, button: string, shot: string) => {
          await page.getByRole('button', { name: button }).click();
          const summary = page.locator('form .form-summary');
          await summary.waitFor();
          expect(await summary.evaluate((s) => s === s.parentElement?.firstElementChild)).toBe(
            true,
          );
          expect(await summary.evaluate((s) => s === document.activeElement)).toBe(true);
          expect(describeViolations(`${shot} (${size.name})`, await axeViolations(page))).toBe('');
          await page.screenshot({
            path: join(ARTIFACTS, `${shot}-erreurs-${size.name}.png`),
            fullPage: false,
          });
          return summary;
        };
        const writes: string[] = [];
        const watch = (page: Page) =>
          page.on('request', (r) => {
            if (r.method() !== 'GET' && new URL(r.url()).pathname.startsWith('/api/'))
              writes.push(`${r.method()} ${new URL(r.url()).pathname}`);
          });

        // The PLIE form: a wrong code, no name, a wrong address, in one pass, nothing sent.
        const admin = await pages.newPage(size.viewport);
        await pages.signIn(admin.page, 'Administrateur');
        watch(admin.page);
        await admin.page.goto(`${pages.base}/#/administration`);
        const plieForm = admin.page.getByRole('region', { name: 'Ajouter un PLIE' });
        await plieForm.getByLabel('Code').fill('Portes du Sud');
        await plieForm.getByLabel(/^Coordinateurs/).fill('anne@exemple.fr\npas-une-adresse');
        const plieSummary = await refused(admin.page, 'Ajouter le PLIE', 'plie');
        expect(await plieSummary.getByRole('link').allInnerTexts()).toEqual([
          'Code : De 2 à 40 lettres minuscules, chiffres ou tirets, ex. portes-du-sud',
          'Nom : Champ obligatoire.',
          'Coordinateurs qui reçoivent le rapport du PLIE (une adresse par ligne) : Adresse invalide : pas-une-adresse',
        ]);
        await plieSummary.getByRole('link', { name: /^Nom/ }).click();
        expect(await admin.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe(
          'name',
        );
        expect(writes).toEqual([]);
        expect(admin.errors).toEqual([]);
        await admin.page.context().close();

        // The structure form: the API's two refusals, above the form.
        const operator = await pages.newPage(size.viewport);
        await pages.signIn(operator.page, 'Opérateur de la plateforme');
        await operator.page.getByRole('heading', { name: 'Créer une structure' }).waitFor();
        await operator.page.getByLabel('Identifiant').fill('Nantes Métropole');
        const structureSummary = await refused(operator.page, 'Créer la structure', 'structure');
        expect(await structureSummary.getByRole('link').count()).toBe(2);
        await structureSummary.getByText('(2 erreurs)', { exact: false }).waitFor();
        expect(operator.errors).toEqual([]);
        await operator.page.context().close();

        // The amendment form: date, reason and an unreadable amount together, nothing sent.
        const buyer = await pages.newPage(size.viewport);
        await pages.signIn(buyer.page, 'Achats / facilitateur');
        watch(buyer.page);
        const contracts = await pages.read('procurement', '/api/contracts?limit=500');
        const contract = contracts.items.find(
          (c: { reference: string }) => c.reference === 'BM-NET-0131',
        );
        await buyer.page.goto(`${pages.base}/#/marches/${contract.id}`);
        await buyer.page.getByText('Enregistrer un avenant').click();
        await buyer.page.getByLabel('Nouveau montant HT (€)').fill('beaucoup');
        const amendmentSummary = await refused(buyer.page, 'Enregistrer l’avenant', 'avenant');
        expect(await amendmentSummary.getByRole('link').allInnerTexts()).toEqual([
          'Date d’effet : Champ obligatoire.',
          'Motif : Champ obligatoire.',
          'Nouveau montant HT (€) : Un nombre, ex. 1 200 000 ou 35,5',
        ]);
        expect(writes).toEqual([]);
        expect(buyer.errors).toEqual([]);
        await buyer.page.context().close();

        // The awardee's declaration: each line's errors named by its line, in one pass.
        const company = await pages.newPage(size.viewport);
        await pages.signIn(company.page, 'Titulaire', '74567890100042');
        watch(company.page);
        await company.page.goto(`${pages.base}/#/declarer?marche=${contract.id}`);
        await company.page.getByRole('heading', { name: 'Déclarer des heures' }).waitFor();
        await company.page.getByRole('button', { name: 'Ajouter une ligne' }).click();
        const line = (n: number) => company.page.getByRole('group', { name: `Ligne ${n}` });
        await line(1).getByLabel('Référence PLIE').fill('P-0001');
        await line(1).getByLabel('Heures').fill('0');
        await line(2).getByLabel('Heures').fill('12,5');
        const declared = await refused(company.page, 'Déclarer le relevé', 'declaration');
        expect(await declared.getByRole('link').allInnerTexts()).toEqual([
          'Ligne 1 — Heures : Le nombre d’heures doit être strictement positif',
          'Ligne 2 — Ou description sans nom : Donnez la référence PLIE de la personne, ou une description sans nom',
        ]);
        await declared.getByRole('link', { name: /^Ligne 2/ }).click();
        expect(
          await company.page.evaluate(() => document.activeElement?.getAttribute('name')),
        ).toBe('description');
        expect(writes).toEqual([]);
        expect(company.errors).toEqual([]);
        await company.page.context().close();

        // A coordinator's new participant (the API's refusals) and exit (the page's own checks).
        const coordinator = await pages.newPage(size.viewport);
        await pages.signIn(coordinator.page, 'Coordinateur de PLIE', 'PLIE des Graves');
        await coordinator.page.goto(`${pages.base}/#/participants`);
        await coordinator.page.getByText('Nouveau participant').click();
        const person = await refused(coordinator.page, 'Enregistrer le participant', 'participant');
        expect(await person.getByRole('link').allInnerTexts()).toEqual([
          'Référence pseudonyme : Champ obligatoire.',
          'Entrée dans le PLIE : Champ obligatoire.',
          'Critères d’éligibilité : Au moins un critère d’éligibilité',
        ]);
        await person.getByRole('link', { name: /^Critères/ }).click();
        expect(
          await coordinator.page.evaluate(() => document.activeElement?.getAttribute('name')),
        ).toBe('eligibility');
        await coordinator.page.locator('table tbody tr a').first().click();
        await coordinator.page.getByRole('heading', { name: /^Participant / }).waitFor();
        const exit = coordinator.page.getByRole('region', { name: /la sortie$/ });
        if (await exit.getByLabel('Motif de la correction').count())
          await exit.getByLabel('Date de sortie').fill('');
        const exitSummary = await refused(
          coordinator.page,
          (await exit.getByRole('button').last().innerText()).trim(),
          'sortie',
        );
        expect((await exitSummary.getByRole('link').allInnerTexts()).length).toBeGreaterThan(1);
        expect(coordinator.errors).toEqual([]);
      });

      it(`opens the withdraw and replace forms on their first field, and « Annuler » goes back (${size.name})`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Achats / facilitateur');
        const { token } = await fetch(`${pages.base}/dev/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'procurement' }),
        }).then((r) => r.json() as Promise<{ token: string }>);
        const hoursOfSize = index ? '3,17' : '2,83';
        const csv = [
          'contract_reference;plie_id;participant_ref;month;hours;mode',
          `BM-NET-0131;bordeaux;;${lastMonthInParis()};${hoursOfSize};training`,
        ].join('\n');
        const imported = await fetch(`${pages.base}/api/hours/import`, {
          method: 'POST',
          headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
          body: csv,
        });
        expect(imported.status).toBe(200);
        await follow(page, 'Relevés');
        await page.getByRole('heading', { name: 'Relevés mensuels' }).waitFor();
        const row = page.getByRole('row', { name: new RegExp(`BM-NET-0131.*${hoursOfSize} h`) });
        for (const [open, first, confirm] of [
          ['Retirer…', 'Motif du retrait', 'Retirer le relevé'],
          ['Remplacer…', 'Motif du remplacement', 'Remplacer le relevé'],
        ] as const) {
          await row.getByRole('button', { name: open }).click();
          await expect
            .poll(() => page.evaluate(() => document.activeElement?.id))
            .toBe(await row.getByLabel(first).getAttribute('id'));
          await row.getByRole('button', { name: confirm }).waitFor();
          if (open === 'Retirer…') {
            expect(describeViolations(`retrait (${size.name})`, await axeViolations(page))).toBe(
              '',
            );
            await page.screenshot({
              path: join(ARTIFACTS, `releve-retrait-annuler-${size.name}.png`),
              fullPage: false,
            });
            await row.getByRole('button', { name: 'Annuler' }).click();
          } else {
            // Escape closes it too.
            await page.keyboard.press('Escape');
          }
          await row.getByRole('button', { name: confirm }).waitFor({ state: 'detached' });
          expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(open);
        }
        expect(errors).toEqual([]);
      });
    }
  },
);
