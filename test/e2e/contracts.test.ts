import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readXlsx } from '#shared/imports/xlsx';
import { h as hoursText } from '#shared/report/format';
import {
  ARTIFACTS,
  axeViolations,
  chooseDecpFile,
  chromiumAvailable,
  DESKTOP,
  describeViolations,
  follow,
  type PagesUnderTest,
  PHONE,
  SIZES,
  unfold,
  usePages,
} from '../support/browser';

// A buyer's contracts through the pages only: find one, export the list, register one with the
// objective computed as it is typed and the shared split previewed, see a refused reservation
// explained on its field, then amend the contract and find the amendment in its history.

const pagesOfFile = usePages();
let pages: PagesUnderTest;

beforeAll(() => {
  if (chromiumAvailable) pages = pagesOfFile();
});

describe.runIf(chromiumAvailable)('contracts in the pages', { timeout: 90_000 }, () => {
  for (const size of SIZES) {
    describe(`on a ${size.name}`, () => {
      it('finds contracts by search and filters, and exports what is shown', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Achats / facilitateur');
        // The list flags contracts behind schedule from what it holds: it reads no report
        // (counted once the dashboard, which does read one, is done).
        await page.waitForLoadState('networkidle');
        const reportsRead: string[] = [];
        page.on('request', (request) => {
          if (request.url().includes('/api/reports/')) reportsRead.push(request.url());
        });
        await follow(page, 'Marchés');
        await page.getByRole('heading', { name: 'Marchés', exact: true }).waitFor();
        const rows = page.getByRole('region', { name: 'Marchés' }).locator('tbody tr');
        await rows.first().waitFor();
        const total = await rows.count();
        expect(total).toBeGreaterThan(3);

        await unfold(page, 'Recherche, filtres et tri');
        await page.getByLabel('Rechercher').fill('nettoyage');
        await expect.poll(() => rows.count()).toBeLessThan(total);
        const found = await rows.allTextContents();
        expect(found.every((text) => /nettoyage/i.test(text))).toBe(true);
        expect(page.url()).toContain('q=nettoyage');

        await page.getByLabel('Rechercher').fill('');
        await page.getByLabel('Nature').selectOption({ label: 'Travaux' });
        await page
          .getByLabel('Trier par')
          .selectOption({ label: 'Montant (le plus élevé d’abord)' });
        // Fewer rows than all was already true of the search: the address the list is drawn
        // with says these filters are the ones shown.
        await expect
          .poll(() => new URL(page.url()).hash)
          .toMatch(/^#\/marches\?(?!.*\bq=)(?=.*\bnature=)(?=.*\btri=montant\b)/);
        await expect.poll(() => rows.count()).toBeLessThan(total);
        const amounts = await rows.evaluateAll((trs) =>
          trs.map((tr) =>
            Number((tr.children[3]?.textContent ?? '').replace(/[^\d,]/g, '').replace(',', '.')),
          ),
        );
        expect(amounts).toEqual([...amounts].sort((a, b) => b - a));

        const [csv] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'CSV' }).click(),
        ]);
        const text = readFileSync(await csv.path(), 'utf8');
        expect(text.startsWith('\uFEFFRéférence;Lot;Objet;Acheteur;Titulaire')).toBe(true);
        expect(text.trim().split('\r\n')).toHaveLength(amounts.length + 1);
        expect(text).toContain(';Travaux;');
        const [xlsx] = await Promise.all([
          page.waitForEvent('download'),
          page.getByRole('button', { name: 'Excel (.xlsx)' }).click(),
        ]);
        const sheet = readXlsx(new Uint8Array(readFileSync(await xlsx.path())));
        expect(sheet.header[0]).toBe('Référence');
        expect(sheet.rows).toHaveLength(amounts.length);
        await page.screenshot({
          path: join(ARTIFACTS, `marches-${size.name}.png`),
          fullPage: true,
        });
        expect(reportsRead).toEqual([]);
        expect(errors).toEqual([]);
      });

      it('registers a contract with the objective computed as it is typed, then amends it', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Achats / facilitateur');
        await page.goto(`${pages.base}/#/marches`);
        await page.getByRole('link', { name: 'Enregistrer un marché' }).click();
        await page.getByRole('heading', { name: 'Enregistrer un marché' }).waitFor();

        const reference = `E2E-2026-${size.phone ? 'P' : 'D'}01`;
        await page.getByLabel('Référence du marché').fill(reference);
        await page.getByLabel('Objet').fill('Réhabilitation du gymnase Jean-Moulin');
        await page.getByLabel('Acheteur', { exact: true }).fill('Bordeaux Métropole');
        await page.getByLabel('Titulaire (mandataire)').fill('Bâti Sud SAS');
        await page.getByLabel('SIRET du titulaire').fill('123 456 789 00015');
        await page.getByLabel('Montant HT (€)').fill('1 000 000');
        await page.getByLabel('Notifié le').fill('2026-03-02');
        await page.getByLabel('Début d’exécution').fill('2026-04-01');
        await page.getByLabel('Fin d’exécution').fill('2027-03-31');
        await page.getByLabel('Part de main-d’œuvre (%)').fill('50');
        await page.getByLabel('Taux d’insertion (%)').fill('5');
        await page.getByLabel('Coût horaire chargé (€)').fill('30');
        await page.getByText('= 833 h').waitFor();

        // The demo's PLIEs all belong to Bordeaux Métropole: shared within it, as a national
        // deployment would share a metropolis's contract.
        await page
          .getByLabel(
            'Partagé entre les PLIE du territoire « Bordeaux Métropole » selon la clé de l’année',
          )
          .check();
        const split = page.getByRole('region', { name: 'Répartition 2026 entre PLIE' });
        await split.waitFor();
        const allotted = await split
          .locator('tbody td:nth-child(3)')
          .evaluateAll((tds) =>
            tds.map((td) => Number((td.textContent ?? '').replace(/[^\d]/g, ''))),
          );
        expect(allotted.reduce((a, b) => a + b, 0)).toBe(833);

        // L2113-15 is for services only: the rule's reason comes back on the field.
        await page.getByLabel('Fondement du marché réservé').selectOption('L2113-15');
        await page.getByRole('button', { name: 'Enregistrer le marché' }).click();
        const basis = page.getByLabel('Fondement du marché réservé');
        await expect.poll(() => basis.getAttribute('aria-invalid')).toBe('true');
        const described = await basis.evaluate((el) => {
          const ids = (el.getAttribute('aria-describedby') ?? '').split(' ');
          return ids.map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
        });
        expect(described).toMatch(/services/);
        await page.screenshot({
          path: join(ARTIFACTS, `marche-refuse-${size.name}.png`),
          fullPage: true,
        });

        await basis.selectOption('');
        await page.getByRole('button', { name: 'Enregistrer le marché' }).click();
        await page.getByText('Marché enregistré.').waitFor();
        await page.getByRole('heading', { name: new RegExp(reference) }).waitFor();
        const id = page.url().split('/marches/')[1]?.split('?')[0] as string;
        const read = (path: string) => pages.read('procurement', path);
        const saved = await read(`/api/contracts/${id}`);
        expect(saved).toMatchObject({
          targetHours: 833,
          allocationMode: { mode: 'shared', territory: 'Bordeaux Métropole' },
          awardee: { siret: '12345678900015' },
        });
        expect(saved.allocation.map((a: { allottedHours: number }) => a.allottedHours)).toEqual(
          allotted,
        );
        await page
          .getByText('Marché partagé entre les PLIE du territoire « Bordeaux Métropole ».')
          .waitFor();

        await page.getByText('Enregistrer un avenant').click();
        await page.getByLabel('Date d’effet').fill('2026-09-01');
        await page.getByLabel('Motif').fill('Avenant n° 1 : vestiaires ajoutés');
        await page.getByLabel('Nouvel objectif (heures)').fill('1 000');
        await page.getByRole('button', { name: 'Enregistrer l’avenant' }).click();
        await page.getByText('Avenant enregistré').waitFor();
        const history = page.getByRole('region', { name: 'Avenants du marché' });
        await history.getByText('Objectif : 833 h → 1 000 h').waitFor();
        await history.getByText('Avenant n° 1 : vestiaires ajoutés').waitFor();
        expect((await read(`/api/contracts/${id}`)).targetHours).toBe(1000);
        await page.screenshot({
          path: join(ARTIFACTS, `marche-avenant-${size.name}.png`),
          fullPage: true,
        });

        // Who did what, in the contract's history: named, with the reason, newest first.
        await page.getByRole('link', { name: 'Historique du marché' }).click();
        const log = page.getByRole('region', { name: 'Modifications' });
        await log.waitFor();
        const entries = await log.locator('tbody tr').allInnerTexts();
        expect(entries).toHaveLength(2);
        expect(entries[0]).toMatch(/Achats \/ facilitateur \(compte local\).*Avenant.*vestiaires/s);
        expect(entries[1]).toMatch(new RegExp(`Création — Marché ${reference}`, 's'));
        await page.getByRole('heading', { name: `Historique — Marché ${reference}` }).waitFor();
        await page.screenshot({
          path: join(ARTIFACTS, `historique-marche-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });

      it('completes an imported contract that has no PLIE yet', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Administrateur');
        // Contracts imported from the open data have no PLIE nor objective: a buyer completes them.
        await chooseDecpFile(page);
        await page.getByRole('button', { name: 'Importer les marchés' }).click();
        await page.getByText(/marché\(s\) créé\(s\)/).waitFor();
        await page.goto(`${pages.base}/#/marches?plie=aucun&annee=toutes`);
        const rows = page.getByRole('region', { name: 'Marchés' }).locator('tbody tr');
        await rows.first().waitFor();
        const reference = (await rows.first().locator('a').first().textContent()) as string;
        await rows.first().locator('a').first().click();
        await page.getByRole('link', { name: 'Compléter ou corriger le marché' }).click();
        await page.getByLabel('Nombre d’heures donné').check();
        await page.getByLabel('Heures d’insertion exigées').fill('420');
        await page.getByLabel('PLIE', { exact: true }).selectOption({ label: 'PLIE des Graves' });
        await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
        await page.getByText('Modifications enregistrées.').waitFor();
        await page.getByRole('heading', { name: new RegExp(reference) }).waitFor();
        const id = page.url().split('/marches/')[1]?.split('?')[0] as string;
        const saved = await pages.read('admin', `/api/contracts/${id}`);
        expect(saved).toMatchObject({ targetHours: 420, allocationMode: { plieId: 'graves' } });
        expect(errors).toEqual([]);
      });
    });
  }

  it('shows the list on a phone with the contract column in view', async () => {
    const { page } = await pages.newPage(PHONE);
    await pages.signIn(page, 'Achats / facilitateur');
    await page.goto(`${pages.base}/#/marches`);
    const first = page.getByRole('region', { name: 'Marchés' }).locator('tbody tr td').first();
    await first.waitFor();
    const box = page.getByRole('region', { name: 'Marchés' });
    await box.evaluate((el) => {
      el.scrollLeft = 400;
    });
    const left = await first.evaluate((td) => td.getBoundingClientRect().left);
    expect(left).toBeLessThan(30);
    await page.screenshot({ path: join(ARTIFACTS, 'marches-telephone.png'), fullPage: true });
  });

  it('leaves the user on the page she went to when the list arrives after she left it', async () => {
    const { page, errors } = await pages.newPage(DESKTOP);
    await pages.signIn(page, 'Achats / facilitateur');
    // The list held until she has moved on to the DECP import (which reads the list too).
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = 0;
    await page.route(
      (url) => url.pathname === '/api/contracts',
      async (route) => {
        held += 1;
        await released;
        await route.continue();
      },
    );
    await follow(page, 'Marchés');
    await expect.poll(() => held).toBeGreaterThan(0);
    await page.getByRole('link', { name: 'Importer des marchés (DECP)' }).click();
    await page.getByLabel('Fichier DECP').waitFor();
    release();
    // The DECP page's own read of the list (its known buyers) is answered too.
    await page.getByText('Chargement…', { exact: true }).waitFor({ state: 'detached' });
    await page.waitForLoadState('networkidle');
    // The late list drew nowhere and did not rewrite the address back to the list.
    expect(new URL(page.url()).hash).toBe('#/import-decp');
    expect(await page.getByLabel('Fichier DECP').isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Marchés', exact: true }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});

// A coordinator reads only her PLIE's lines: on a contract whose hours are all another PLIE's,
// « Aucune ligne. » under 957,5 h realised read as lost lines (fresh-eyes pass, finding 3).
describe.runIf(chromiumAvailable)(
  'a coordinator on another PLIE’s contract',
  { timeout: 90_000 },
  () => {
    for (const size of SIZES) {
      it(`says its lines are other PLIEs’, not that there are none (${size.name})`, async () => {
        const contracts = await pages.read('procurement', '/api/contracts?limit=500');
        const { id } = contracts.items.find(
          (c: { reference: string }) => c.reference === 'BM-NET-0131',
        ) as { id: string };
        const detail = await pages.read('procurement', `/api/contracts/${id}`);
        expect(detail.hoursLogged).toBeGreaterThan(0);
        // All of it the PLIE de Bordeaux's: none of the PLIE des Graves'.
        expect(detail.hoursByPlie.filter((p: { plieId: string }) => p.plieId === 'graves')).toEqual(
          [],
        );
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Coordinateur de PLIE', 'PLIE des Graves');
        await page.goto(`${pages.base}/#/marches/${id}`);
        await page.getByRole('heading', { name: 'Lignes d’heures' }).waitFor();
        await page
          .getByText(
            `Aucune ligne de votre PLIE sur ce marché : ses ${hoursText(detail.hoursLogged)} sont celles d’autres PLIE, que vous ne voyez pas.`,
          )
          .waitFor();
        expect(await page.getByText('Aucune ligne.', { exact: true }).count()).toBe(0);
        expect(
          describeViolations(`marché d’un autre PLIE (${size.name})`, await axeViolations(page)),
        ).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `coordinateur-marche-autre-plie-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });
    }
  },
);
