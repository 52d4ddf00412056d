import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parisDate } from '#shared/domain/calendar';
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

// An administrator's tasks through the pages only: the year's criteria and weights with the key
// previewed as typed (and then the very split the API gives), the funding convention, a new
// period of European thresholds, and a PLIE added then closed.

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const year = Number(lastMonthInParis().slice(0, 4));

beforeAll(() => {
  if (chromiumAvailable) pages = pagesOfFile();
});

const get = (path: string) => pages.read('admin', path);

describe.runIf(chromiumAvailable)('administration in the pages', { timeout: 90_000 }, () => {
  for (const size of SIZES) {
    describe(`on a ${size.name}`, () => {
      it('previews the key from the typed criteria and weights, then saves that very key', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Administrateur');
        await follow(page, 'Administration');
        await page.getByRole('link', { name: 'Critères et clé de répartition' }).click();
        const key = page.getByRole('region', { name: `Clé de répartition ${year}` });
        await key.waitFor();
        const before = await key.locator('tbody').innerText();

        // One count alone (the population, or QPV residents): each PLIE's share is its count over
        // the total.
        const [alone, label] = size.phone
          ? ['qpvResidents', 'Habitants en QPV']
          : ['population', 'Population'];
        for (const criterion of [
          'Population',
          'Logements sociaux (%)',
          'Habitants en QPV',
          'Part de la population en QPV (%)',
          'Taux de chômage (%)',
        ])
          await page.getByLabel(`Poids — ${criterion}`).fill(criterion === label ? '1' : '0');
        await expect.poll(() => key.locator('tbody').innerText()).not.toBe(before);
        const populations = await page
          .locator(`input[id$="-${alone}"][id^="crit-"]`)
          .evaluateAll((inputs) => inputs.map((i) => Number((i as HTMLInputElement).value)));
        const total = populations.reduce((a, b) => a + b, 0);
        const shares = await key
          .locator('tbody td:nth-child(2)')
          .evaluateAll((tds) =>
            tds.map((td) =>
              Number((td.textContent ?? '').replace(/[^\d,]/g, '').replace(',', '.')),
            ),
          );
        expect(shares.map((s) => Math.round(s))).toEqual(
          populations.map((p) => Math.round((p / total) * 1000) / 10).map((s) => Math.round(s)),
        );
        const previewed = await key
          .locator('tbody td:nth-child(3)')
          .evaluateAll((tds) =>
            tds.map((td) => Number((td.textContent ?? '').replace(/[^\d]/g, ''))),
          );
        expect(previewed.reduce((a, b) => a + b, 0)).toBe(1000);
        await page.screenshot({
          path: join(ARTIFACTS, `admin-criteres-${size.name}.png`),
          fullPage: true,
        });

        // Two unreadable cells: both said at once above the table, nothing saved, then put back.
        const firstCell = page.locator('input[id^="crit-"]').first();
        const kept = await firstCell.inputValue();
        await firstCell.fill('beaucoup');
        await page.getByLabel('Poids — Taux de chômage (%)').fill('un');
        await page.getByRole('button', { name: `Enregistrer les critères ${year}` }).click();
        const summary = page.locator('form .form-summary');
        await summary.getByText('(2 erreurs)', { exact: false }).waitFor();
        expect(await summary.evaluate((s) => s === document.activeElement)).toBe(true);
        expect(await summary.getByRole('link').last().innerText()).toBe(
          'Poids — Taux de chômage (%) : Un nombre, ex. 252 040 ou 17,5',
        );
        expect(await firstCell.getAttribute('aria-invalid')).toBe('true');
        expect(
          describeViolations(`critères, erreurs (${size.name})`, await axeViolations(page)),
        ).toBe('');
        await page.screenshot({ path: join(ARTIFACTS, `admin-criteres-erreurs-${size.name}.png`) });
        await summary.getByRole('link').first().click();
        expect(await page.evaluate(() => document.activeElement?.id)).toBe(
          await firstCell.getAttribute('id'),
        );
        await firstCell.fill(kept);
        await page.getByLabel('Poids — Taux de chômage (%)').fill('0');

        await page.getByRole('button', { name: `Enregistrer les critères ${year}` }).click();
        await page.getByText(`Critères et pondération ${year} enregistrés.`).waitFor();
        const saved = await get(`/api/allocation-key/${year}?hours=1000`);
        expect(saved.plies.map((p: { allottedHours: number }) => p.allottedHours)).toEqual(
          previewed,
        );
        expect(errors).toEqual([]);
      });

      it('previews each territory’s key apart when the PLIEs belong to several', async () => {
        // One demo PLIE moved to another territory for this test, then put back.
        const context = {
          actor: { sub: 'e2e', role: 'admin' as const },
          at: new Date().toISOString(),
        };
        const sources = await pages.stores.plies.get('sources');
        if (!sources) throw new Error('demo PLIE missing');
        await pages.stores.plies.put({ ...sources, territory: 'Landes de Gascogne' }, context);
        try {
          const { page, errors } = await pages.newPage(size.viewport);
          await pages.signIn(page, 'Administrateur');
          await page.goto(`${pages.base}/#/administration/criteres`);
          const all = page.getByRole('region', {
            name: `Clé de répartition ${year}`,
            exact: true,
          });
          const alone = page.getByRole('region', {
            name: `Clé de répartition ${year} — territoire « Landes de Gascogne »`,
          });
          const metropolis = page.getByRole('region', {
            name: `Clé de répartition ${year} — territoire « Bordeaux Métropole »`,
          });
          await alone.waitFor();
          expect(await alone.locator('tbody tr').allInnerTexts()).toEqual([
            expect.stringMatching(/PLIE des Sources\s+100[ ,0]*\s*%\s+1\s?000 h/),
          ]);
          expect(await metropolis.locator('tbody tr').count()).toBe(
            (await all.locator('tbody tr').count()) - 1,
          );
          const split = await metropolis
            .locator('tbody td:nth-child(3)')
            .evaluateAll((tds) =>
              tds.map((td) => Number((td.textContent ?? '').replace(/[^\d]/g, ''))),
            );
          expect(split.reduce((a, b) => a + b, 0)).toBe(1000);
          await page.screenshot({
            path: join(ARTIFACTS, `admin-criteres-territoires-${size.name}.png`),
            fullPage: true,
          });
          expect(errors).toEqual([]);
        } finally {
          await pages.stores.plies.put(sources, context);
        }
      });

      it('records the year’s funding as envelopes per PLIE', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Administrateur');
        const next = year + (size.phone ? 2 : 1);
        await page.goto(`${pages.base}/#/administration/financement?annee=${next}`);
        await page.getByRole('heading', { name: `Administration — financement ${next}` }).waitFor();
        await page.getByLabel('Enveloppe forfaitaire par PLIE').check();
        const envelopes = page.getByRole('textbox', { name: /^Enveloppe / });
        const count = await envelopes.count();
        // Two unreadable envelopes: both said at once, above the form, each linked to its cell.
        for (let i = 0; i < count; i++) await envelopes.nth(i).fill('12 500,50');
        await envelopes.nth(0).fill('beaucoup');
        await envelopes.nth(count - 1).fill('?');
        await page.getByRole('button', { name: `Enregistrer la convention ${next}` }).click();
        const summary = page.locator('form .form-summary');
        await summary.waitFor();
        expect(await summary.evaluate((s) => s === document.activeElement)).toBe(true);
        expect(await summary.evaluate((s) => s === s.parentElement?.firstElementChild)).toBe(true);
        const links = summary.getByRole('link');
        expect(await links.count()).toBe(2);
        expect(await links.first().innerText()).toMatch(
          new RegExp(`^Enveloppe ${next} — .+ : Un montant en euros, ex. 5 000$`),
        );
        expect(await envelopes.nth(count - 1).getAttribute('aria-invalid')).toBe('true');
        expect(
          describeViolations(`enveloppes, erreurs (${size.name})`, await axeViolations(page)),
        ).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `enveloppes-erreurs-${size.name}.png`),
          fullPage: false,
        });
        await links.last().click();
        expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
          await envelopes.nth(count - 1).getAttribute('aria-label'),
        );
        await envelopes.nth(0).fill('12 500,50');
        await envelopes.nth(count - 1).fill('12 500,50');
        await page.getByRole('button', { name: `Enregistrer la convention ${next}` }).click();
        await page.getByText(`Convention ${next} enregistrée.`).waitFor();
        const convention = await get(`/api/funding-conventions/${next}`);
        expect(Object.values(convention.envelopes)).toEqual(Array(count).fill(12500.5));
        expect(errors).toEqual([]);
      });

      it('adds a period of European thresholds', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Administrateur');
        const from = size.phone ? 2030 : 2028;
        await page.goto(`${pages.base}/#/administration/seuils`);
        // Sent empty: the period and the three amounts said at once, above the form.
        await page.getByRole('button', { name: 'Enregistrer la période' }).click();
        const summary = page.locator('form .form-summary');
        await summary.getByText('(5 erreurs)', { exact: false }).waitFor();
        expect(await summary.evaluate((s) => s === document.activeElement)).toBe(true);
        expect(await summary.getByRole('link').first().innerText()).toBe(
          'Du : Indiquez le premier jour de la période.',
        );
        await page.getByLabel('Du', { exact: true }).fill(`${from}-01-01`);
        await page.getByLabel('Au (inclus)').fill(`${from + 1}-12-31`);
        await page.getByLabel('Travaux (€ HT)').fill('5 650 000');
        await page.getByLabel('Fournitures et services — collectivités (€ HT)').fill('225 000');
        await page.getByLabel('Fournitures et services — État (€ HT)').fill('146 000');
        await page.getByRole('button', { name: 'Enregistrer la période' }).click();
        await page.getByText(`Seuils enregistrés à partir du 01/01/${from}.`).waitFor();
        await page.getByRole('cell', { name: `Du 01/01/${from} au 31/12/${from + 1}` }).waitFor();
        await page.screenshot({
          path: join(ARTIFACTS, `admin-seuils-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });

      it('sets the day late awardees are reminded, refusing a day past the 28th', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Administrateur');
        await page.goto(`${pages.base}/#/administration`);
        await page.getByRole('link', { name: 'Relances des titulaires' }).click();
        const day = page.getByLabel('Jour de relance');
        await day.fill('31');
        await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
        await page.getByText('Un jour du 1er au 28.').waitFor();
        const chosen = size.phone ? 9 : 8;
        await day.fill(String(chosen));
        await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
        await page
          .getByText(`Les titulaires en retard seront relancés le ${chosen} de chaque mois.`)
          .waitFor();
        expect((await pages.read('procurement', '/api/settings/reminders')).day).toBe(chosen);
        await page.screenshot({
          path: join(ARTIFACTS, `admin-relances-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });

      it('sets who receives the monthly report, naming an address that is not one', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Administrateur');
        await page.goto(`${pages.base}/#/administration/relances`);
        const list = page.getByLabel('Destinataires du rapport mensuel');
        await list.fill('achats@bordeaux-metropole.example\ndirection-achats');
        await page.getByRole('button', { name: 'Enregistrer les destinataires' }).click();
        await page.getByText('Adresse invalide : direction-achats').waitFor();
        await list.fill('achats@bordeaux-metropole.example\ndirection@bordeaux-metropole.example');
        await page.getByRole('button', { name: 'Enregistrer les destinataires' }).click();
        await page
          .getByText(
            'Le rapport mensuel ira à 2 destinataire(s), en plus des coordinateurs de PLIE.',
          )
          .waitFor();
        expect((await pages.read('procurement', '/api/settings/report-recipients')).emails).toEqual(
          ['achats@bordeaux-metropole.example', 'direction@bordeaux-metropole.example'],
        );
        await page.screenshot({
          path: join(ARTIFACTS, `admin-rapport-destinataires-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });

      it('adds a PLIE, then closes it without deleting it', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Administrateur');
        const [id, name] = size.phone
          ? ['plie-e2e-tel', 'PLIE du Médoc']
          : ['plie-e2e', 'PLIE de l’Entre-deux-Mers'];
        await page.goto(`${pages.base}/#/administration`);
        // Plain words: no directory groups, no deployment variable, roles as users name them.
        const roles = page.locator('dl.facts');
        await roles.waitFor();
        const words = await page.locator('main').innerText();
        expect(words).not.toMatch(/Cognito|REPORT_RECIPIENTS|custom:|procurement|Identifiant/);
        expect(await roles.locator('dt').allInnerTexts()).toEqual([
          'Administrateur',
          'Achats / facilitateur',
          'Coordinateur de PLIE',
        ]);
        await page.getByLabel('Code', { exact: true }).fill(id);
        await page.getByLabel('Nom').fill(name);
        await page.getByLabel('Territoire').fill('Bordeaux Métropole');
        // On the phone, no date: a new PLIE starts the day it is registered (issue 28), and says
        // so under the field; past years' funding does not move. On the desktop, it starts on
        // the first of this month: mid-year, either way.
        const today = parisDate(new Date());
        const thisYear = Number(today.slice(0, 4));
        const firstOfMonth = `${today.slice(0, 7)}-01`;
        if (size.phone) {
          await page
            .getByText('Vide : à partir d’aujourd’hui, jour de son enregistrement')
            .waitFor();
        } else await page.getByLabel('Actif depuis le').fill(firstOfMonth);
        await page.getByLabel('Communes (une par ligne)').fill('Créon\nSadirac');
        await page
          .getByLabel('Coordinateurs qui reçoivent le rapport du PLIE (une adresse par ligne)')
          .fill('coordination@plie-e2m.example');
        const activeThisYear = (await get('/api/plies')).items.filter(
          (p: { activeFrom: string | null; activeUntil: string | null }) =>
            (p.activeFrom ?? '') <= `${thisYear}-12-31` &&
            (p.activeUntil ?? '9999') >= `${thisYear}-01-01`,
        ).length;
        // A PLIE added in the year under way says what it changes before it is saved (issue 29).
        await page.getByRole('button', { name: 'Ajouter le PLIE' }).click();
        const dialog = page.getByRole('dialog', { name: `Ajouter ${name} : ce qui change` });
        await dialog.waitFor();
        const said = (await dialog.innerText()).replace(/\s+/g, ' ');
        expect(said).toContain(`Clé de répartition ${thisYear}`);
        expect(said).toContain(
          `elle passera de ${activeThisYear} à ${activeThisYear + 1} PLIE pour les marchés partagés`,
        );
        expect(said).toContain(`Financement ${thisYear}`);
        expect(said).toMatch(/part fixe de 5 000,00 €/);
        expect(said).toMatch(/La part fixe de l’année passe de [\d ]+,00 € à [\d ]+,00 €/);
        await page.screenshot({
          path: join(ARTIFACTS, `admin-plie-effets-${size.name}.png`),
          fullPage: true,
        });
        const inDialog = await axeViolations(page);
        expect(inDialog, describeViolations('ajout d’un PLIE', inDialog)).toEqual([]);
        if (size.phone) await dialog.getByRole('button', { name: 'Confirmer l’ajout' }).click();
        else {
          // Stepping back saves nothing. Started next year instead, it changes nothing of this
          // year's key or funding (nor this file's next tests): saved without a word.
          await dialog.getByRole('button', { name: 'Revenir au formulaire' }).click();
          await dialog.waitFor({ state: 'detached' });
          expect((await get('/api/plies')).items.some((p: { id: string }) => p.id === id)).toBe(
            false,
          );
          await page.getByLabel('Actif depuis le').fill(`${thisYear + 1}-01-01`);
          await page.getByRole('button', { name: 'Ajouter le PLIE' }).click();
        }
        await page.getByText('PLIE enregistré.').waitFor();
        const row = page.getByRole('row', { name: new RegExp(name) });
        await row.getByText('coordination@plie-e2m.example').waitFor();
        // Each PLIE shows its code, the one a statement file may name it by.
        await page.getByRole('columnheader', { name: 'Code', exact: true }).waitFor();
        expect(await row.getByRole('cell', { name: id, exact: true }).count()).toBe(1);
        const bordeaux = page.getByRole('row', { name: /PLIE de Bordeaux/ });
        expect(await bordeaux.getByRole('cell', { name: 'bordeaux', exact: true }).count()).toBe(1);
        await row.getByText('Bordeaux Métropole').waitFor();
        await row.getByRole('link', { name: `Modifier ${name}` }).click();
        // The add form has an « Actif jusqu’au » too: the edit form drawn first, or the date
        // could go into the add form the page is about to replace.
        await page.getByRole('heading', { name: `Modifier ${name}`, level: 2 }).waitFor();
        await page.getByLabel('Actif jusqu’au').fill(`${year + 2}-12-31`);
        await page.getByRole('button', { name: 'Enregistrer le PLIE' }).click();
        await page.getByText('PLIE enregistré.').waitFor();
        const from = size.phone ? today.split('-').reverse().join('/') : `01/01/${thisYear + 1}`;
        await row.getByText(`Du ${from} au 31/12/${year + 2}`).waitFor();
        const plies = await get('/api/plies');
        expect(plies.items.find((p: { id: string }) => p.id === id)).toMatchObject({
          communes: ['Créon', 'Sadirac'],
          territory: 'Bordeaux Métropole',
          activeUntil: `${year + 2}-12-31`,
        });
        await page.screenshot({
          path: join(ARTIFACTS, `admin-plie-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });
    });
  }
});
