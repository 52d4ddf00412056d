import { readFileSync } from 'node:fs';
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

// Awardees as published, in the pages: the DECP import's preview and report say which
// identifiers were repaired; the contracts' list and a contract's page show a SIREN, a foreign
// identifier (no access), an empty name as « nom à compléter » and what a contract lacks
// « à compléter »; the edit form completes it and the marker goes.

const pagesOfFile = usePages();
let pages: PagesUnderTest;

beforeAll(() => {
  if (chromiumAvailable) pages = pagesOfFile();
});

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(where, violations)).toEqual([]);
}

const forms = readFileSync(new URL('../fixtures/decp/awardee-forms.json', import.meta.url));
// A record of the 2024 format: no names, a placeholder CPV, the duration « NC ».
const unnamed = (reference: string) =>
  Buffer.from(
    JSON.stringify({
      marches: [
        {
          id: reference,
          acheteur: { id: '21500222100012' },
          nature: 'Marché',
          objet: 'Rénovation de la petite salle du préau',
          codeCPV: '00000000-1',
          dureeMois: 'NC',
          dateNotification: '2022-10-19',
          montant: 44996.25,
          titulaires: [{ titulaire: { id: '91824625700011', typeIdentifiant: 'SIRET' } }],
        },
      ],
    }),
  );

// The Pays d'Iroise's framework agreement (published-records.json, 9), two awardees in one
// record, as DECP 2.0 says they are no group.
const agreement = Buffer.from(
  JSON.stringify({
    marches: [
      {
        ...(
          JSON.parse(
            readFileSync(
              new URL('../fixtures/decp/published-records.json', import.meta.url),
              'utf8',
            ),
          ) as { marches: object[] }
        ).marches[9],
        typeGroupementOperateurs: 'Pas de groupement',
      },
    ],
  }),
);

describe.runIf(chromiumAvailable)(
  'awardees as published in the pages',
  { timeout: 120_000 },
  () => {
    for (const size of SIZES) {
      describe(`on a ${size.name}`, () => {
        it('says the repairs, shows identifiers and « à compléter », and completes a contract', async () => {
          const { page, errors } = await pages.newPage(size.viewport);
          await pages.signIn(page, 'Administrateur');
          await follow(page, 'Marchés');
          await page.getByRole('link', { name: 'Importer des marchés (DECP)' }).click();
          const file = page.getByLabel('Fichier DECP');
          await file.setInputFiles({
            name: 'titulaires-2019.json',
            mimeType: 'application/json',
            buffer: forms,
          });
          const foreseen = page.getByRole('region', {
            name: 'Ce qui sera réparé ou laissé de côté à la lecture',
          });
          await foreseen.waitFor();
          expect(await foreseen.locator('tbody tr').count()).toBe(8);
          await expect.poll(() => foreseen.textContent()).toContain('lu 30198456300678');
          await page.getByRole('button', { name: 'Importer les marchés' }).click();
          const repaired = page.getByRole('region', {
            name: 'Réparé ou laissé de côté à la lecture',
          });
          await repaired.waitFor();
          expect(await repaired.textContent()).toContain(
            'numéro de TVA français « FR80507567493 » réduit à son SIREN 507567493',
          );
          await expectNoAxeViolations(page, `import report (${size.name})`);
          await page.screenshot({
            path: join(ARTIFACTS, `decp-titulaires-import-${size.name}.png`),
            fullPage: true,
          });

          // A 2024-format record: names and CPV left « à compléter », never made up.
          const reference = `NC-${size.name}`;
          await file.setInputFiles({
            name: 'acheteur-2024.json',
            mimeType: 'application/json',
            buffer: unnamed(reference),
          });
          await page.getByText('Aperçu avant import').waitFor();
          await page.getByRole('button', { name: 'Importer les marchés' }).click();
          await page.getByText(/marché\(s\) créé\(s\)/).waitFor();

          // Two awardees of one framework agreement, no group: a contract each (the second
          // size's run finds them imported).
          await file.setInputFiles({
            name: 'accord-cadre.json',
            mimeType: 'application/json',
            buffer: agreement,
          });
          await page
            .getByText(
              size === SIZES[0]
                ? '« accord-cadre.json » : 2 marché(s) à créer, 0 à mettre à jour, 0 inchangé(s)'
                : '« accord-cadre.json » : 0 marché(s) à créer, 0 à mettre à jour, 2 inchangé(s)',
            )
            .waitFor();
          if (size === SIZES[0]) {
            const foreseen = page.getByRole('region', {
              name: 'Marchés à créer ou à mettre à jour',
            });
            expect(await foreseen.locator('tbody tr').allTextContents()).toEqual([
              expect.stringContaining('2019A18-0600TRANSPORT'),
              expect.stringContaining('2019A18-0600-39434093900013'),
            ]);
          }
          await page.getByRole('button', { name: 'Importer les marchés' }).click();
          await page.getByText(/« accord-cadre\.json » : \d marché\(s\) créé\(s\)/).waitFor();
          await page.goto(`${pages.base}/#/marches?annee=toutes&q=2019A18-0600`);
          const agreementRows = page.getByRole('region', { name: 'Marchés' }).locator('tbody tr');
          await expect.poll(() => agreementRows.count()).toBe(2);
          // Each its awardee alone, none the other's co-contractor.
          const awarded = await agreementRows.allTextContents();
          expect(awarded.filter((t) => t.includes('ELORN'))).toEqual([
            expect.stringMatching(/^2019A18-0600[^-].*CARS DE L ELORN \(SIRET 33782802400014\)/),
          ]);
          expect(awarded.filter((t) => t.includes('LE ROUX'))).toEqual([
            expect.stringMatching(/^2019A18-0600-39434093900013.*CARS LE ROUX \(SIRET/),
          ]);
          await page.screenshot({
            path: join(ARTIFACTS, `decp-accord-cadre-${size.name}.png`),
            fullPage: true,
          });

          // The list, searched as a user would (its address keeps the search).
          const rowFor = async (search: string) => {
            await page.goto(`${pages.base}/#/marches?annee=toutes&q=${encodeURIComponent(search)}`);
            const rows = page.getByRole('region', { name: 'Marchés' }).locator('tbody tr');
            await rows.first().waitFor();
            await expect.poll(() => rows.count()).toBe(1);
            return rows.first();
          };
          expect(await (await rowFor('CMP BAYLE')).textContent()).toContain('SIREN 614500585');
          expect(await (await rowFor('COLUMBIA')).textContent()).toContain(
            'HORS-UE USCOLUMBIAARTISTSM, sans accès',
          );
          // The first size's run names the company and the buyer on its contract: the second's
          // record of the same SIRETs takes those names, and only CPV and duration stay to complete.
          const first = size === SIZES[0];
          const mine = await rowFor(reference);
          expect(await mine.textContent()).toContain(
            first
              ? 'à compléter : code CPV (nature des prestations), durée, nom du titulaire, nom de l’acheteur'
              : 'à compléter : code CPV (nature des prestations), durée',
          );
          expect(await mine.textContent()).toContain(
            `${first ? 'nom à compléter' : 'Carrelages du Doubs'} (SIRET 91824625700011)`,
          );
          // The buyer said as such: under the « Titulaire » column it read as a second awardee.
          expect(await mine.textContent()).toContain(
            first
              ? 'Acheteur : nom à compléter (SIRET 21500222100012)'
              : 'Acheteur : Ville de Montbéliard',
          );
          await expectNoAxeViolations(page, `contracts list (${size.name})`);
          await page.screenshot({
            path: join(ARTIFACTS, `decp-titulaires-liste-${size.name}.png`),
            fullPage: true,
          });

          await mine.getByRole('link', { name: reference }).click();
          await page.getByText('Nature à compléter').waitFor();
          expect(await page.locator('main').textContent()).toContain('fin à compléter');
          await expectNoAxeViolations(page, `contract page (${size.name})`);
          await page.screenshot({
            path: join(ARTIFACTS, `decp-titulaires-marche-${size.name}.png`),
            fullPage: true,
          });
          await page.getByRole('link', { name: 'Compléter', exact: true }).click();
          await page.getByRole('group', { name: 'À compléter' }).waitFor();
          await page.getByLabel('Code CPV').fill('45223220-4');
          await page.getByLabel('Fin du marché').fill('2023-09-19');
          if (first) {
            await page.getByLabel('Nom de l’acheteur').fill('Ville de Montbéliard');
            await page.getByLabel('Nom du titulaire').fill('Carrelages du Doubs');
          } else {
            expect(await page.getByLabel('Nom de l’acheteur').count()).toBe(0);
            expect(await page.getByLabel('Nom du titulaire').count()).toBe(0);
          }
          // The form completes a contract whole: its PLIE is chosen too.
          await page.getByLabel('PLIE', { exact: true }).selectOption({ label: 'PLIE des Graves' });
          await expectNoAxeViolations(page, `completion form (${size.name})`);
          await page.screenshot({
            path: join(ARTIFACTS, `decp-titulaires-completer-${size.name}.png`),
            fullPage: true,
          });
          await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
          await page.getByText('Modifications enregistrées.').waitFor();
          const main = (await page.locator('main').textContent()) ?? '';
          expect(main).toContain('Travaux');
          expect(main).toContain('au 19/09/2023');
          expect(main).toContain('Carrelages du Doubs (SIRET 91824625700011)');
          expect(main).not.toContain('à compléter');
          expect(errors).toEqual([]);
        });
      });
    }
  },
);
