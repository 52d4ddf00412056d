import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addMonthsToMonth, frenchMonth } from '#shared/domain/calendar';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  follow,
  lastMonthInParis,
  SIZES,
  usePages,
} from '../support/browser';

// Possible duplicates in the pages (issue 29): a second file holding a line already counted
// shows it in its preview, with what it repeats and the choice; left out by default, counted
// when the facilitator says so.

const pages = usePages();

const header = 'Référence du marché;PLIE;Participant;Mois;Heures;Modalité';

async function chooseFile(page: Page, name: string, lines: string[]) {
  await page.getByLabel('Fichier du relevé').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from([header, ...lines].join('\n')),
  });
  await page.getByText(`${lines.length} ligne(s) lues`).waitFor();
}

describe.runIf(chromiumAvailable)('possible duplicates in the pages', { timeout: 120_000 }, () => {
  for (const size of SIZES) {
    it(`shows a second file's repeated line before it counts, left out or counted (${size.name})`, async () => {
      const { page, errors } = await pages().newPage(size.viewport);
      await pages().signIn(page, 'Achats / facilitateur');
      const month = lastMonthInParis();
      // Hours of each size's own, found nowhere else in the demo's lines.
      const [repeated, other] = size.phone ? ['2,37', '1,13'] : ['2,39', '1,17'];
      const line = `BM-NET-0131;PLIE de Bordeaux;;${month};${repeated};Formation`;
      const contracts = await pages().read('procurement', '/api/contracts?limit=500');
      const contract = contracts.items.find(
        (c: { reference: string }) => c.reference === 'BM-NET-0131',
      );
      const counted = async () => {
        const list = await pages().read(
          'procurement',
          `/api/hours?contractId=${contract.id}&month=${month}&limit=500`,
        );
        return list.items.filter(
          (l: { hours: number; status: string }) =>
            l.status === 'active' && l.hours === Number(repeated.replace(',', '.')),
        ).length;
      };

      await follow(page, 'Saisir des heures');
      await chooseFile(page, 'releve-octobre.csv', [line]);
      await page.getByRole('button', { name: 'Importer le relevé' }).click();
      await page.getByText('1 ligne(s) importée(s).').waitFor();
      expect(await counted()).toBe(1);

      // The same line in another file: flagged in the preview, with what it repeats.
      await page.reload();
      await page.getByLabel('Fichier du relevé').waitFor();
      const second = [line, `BM-NET-0131;bordeaux;;${month};${other};Formation`];
      await chooseFile(page, 'releve-octobre-bis.csv', second);
      await page.getByRole('heading', { name: 'Doublons possibles' }).waitFor();
      const flagged = page.getByRole('region', { name: 'Doublons possibles du relevé' });
      await flagged.getByRole('row', { name: /relevé importé le/ }).waitFor();
      expect(await flagged.getByRole('row').count()).toBe(2);
      expect(await page.getByRole('radio', { name: /Les laisser de côté/ }).isChecked()).toBe(true);
      // Every column in view, on a phone too: what the line repeats is not scrolled off.
      const box = await flagged.boundingBox();
      const repeats = await flagged.getByRole('cell', { name: /relevé importé le/ }).boundingBox();
      expect((repeats?.x ?? 0) + (repeats?.width ?? 0)).toBeLessThanOrEqual(
        (box?.x ?? 0) + (box?.width ?? 0) + 1,
      );
      expect(await flagged.evaluate((w) => w.scrollWidth <= w.clientWidth + 1)).toBe(true);
      expect(describeViolations('doublons, aperçu', await axeViolations(page))).toBe('');
      await page.screenshot({
        path: join(ARTIFACTS, `doublons-apercu-${size.name}.png`),
        fullPage: true,
      });
      await page.getByRole('button', { name: 'Importer le relevé' }).click();
      await page
        .getByText(/1 ligne\(s\) importée\(s\)\. 1 doublon\(s\) possible\(s\) laissé\(s\) de côté/)
        .waitFor();
      expect(await counted()).toBe(1);

      // A third file, the same line again: counted when the facilitator says they are other hours.
      await page.reload();
      await page.getByLabel('Fichier du relevé').waitFor();
      await chooseFile(page, 'releve-sous-traitant.csv', [line, line.replace('PLIE de ', '')]);
      await page.getByRole('heading', { name: 'Doublons possibles' }).waitFor();
      await page.getByRole('radio', { name: /Les compter quand même/ }).check();
      await page.getByRole('button', { name: 'Importer le relevé' }).click();
      await page.getByText(/2 doublon\(s\) possible\(s\) compté\(s\) quand même/).waitFor();
      expect(describeViolations('doublons, comptés', await axeViolations(page))).toBe('');
      await page.screenshot({
        path: join(ARTIFACTS, `doublons-comptes-${size.name}.png`),
        fullPage: true,
      });
      expect(await counted()).toBe(3);

      // The contract's page names the month that holds them.
      await page.goto(`${pages().base}/#/marches/${contract.id}`);
      const said = page.getByText(/Doublons possibles :/);
      await said.waitFor();
      expect(await said.locator('..').textContent()).toContain(frenchMonth(month));
      expect(describeViolations('marché, doublons', await axeViolations(page))).toBe('');
      await page.screenshot({
        path: join(ARTIFACTS, `doublons-marche-${size.name}.png`),
        fullPage: true,
      });
      expect(errors).toEqual([]);
    });
  }
});

/** A call to the API as `role` (a dev token), to set up what a test then looks at in the pages. */
async function call(role: object, method: string, path: string, body: string | object) {
  const { token } = (await fetch(`${pages().base}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(role),
  }).then((r) => r.json())) as { token: string };
  const csv = typeof body === 'string';
  const response = await fetch(`${pages().base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': csv ? 'text/csv' : 'application/json',
    },
    body: csv ? body : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe.runIf(chromiumAvailable)(
  'an awardee’s declaration beside the file',
  { timeout: 120_000 },
  () => {
    for (const size of SIZES) {
      it(`flags its repeated line on the statement to validate, left out by default (${size.name})`, async () => {
        // Each size its own month: an awardee declares a contract's month once.
        const month = addMonthsToMonth(lastMonthInParis(), size.phone ? -2 : -1);
        const [repeated, other] = size.phone ? [3.41, 1.71] : [3.43, 1.73];
        const contracts = await pages().read('procurement', '/api/contracts?limit=500');
        const contract = contracts.items.find(
          (c: { reference: string }) => c.reference === 'BM-NET-0131',
        );
        const file = await call(
          { role: 'procurement' },
          'POST',
          '/api/hours/import',
          `${header}\nBM-NET-0131;bordeaux;;${month};${String(repeated).replace('.', ',')};Formation`,
        );
        expect(file.status, JSON.stringify(file.body)).toBe(200);
        const plie = contract.allocation?.mode === 'shared' ? { plieId: 'bordeaux' } : {};
        const declared = await call(
          { role: 'awardee', siret: contract.awardee.siret },
          'POST',
          '/api/statements',
          {
            contractId: contract.id,
            month,
            lines: [
              {
                description: 'agent d’entretien, embauché le 2',
                hours: repeated,
                mode: 'training',
                ...plie,
              },
              {
                description: 'agent d’entretien, embauché le 9',
                hours: other,
                mode: 'training',
                ...plie,
              },
            ],
          },
        );
        expect(declared.status, JSON.stringify(declared.body)).toBe(201);

        const { page, errors } = await pages().newPage(size.viewport);
        await pages().signIn(page, 'Achats / facilitateur');
        await page.goto(`${pages().base}/#/releves/${declared.body.id}`);
        const row = page.locator('tr[data-line="1"]');
        await row.getByText(/Doublon possible : relevé importé le/).waitFor();
        expect(await page.locator('tr[data-line="2"] .line-check').textContent()).toBe('');
        expect(await page.getByRole('radio', { name: /Les laisser de côté/ }).isChecked()).toBe(
          true,
        );
        expect(describeViolations('déclaration, doublon', await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `doublons-declaration-${size.name}.png`),
          fullPage: true,
        });
        await page.getByRole('button', { name: 'Valider le relevé' }).click();
        await page.getByText(/1 doublon\(s\) possible\(s\) laissé\(s\) de côté/).waitFor();
        await row.getByText('Laissée de côté : doublon possible, déjà comptée').waitFor();
        expect(describeViolations('déclaration validée', await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `doublons-declaration-validee-${size.name}.png`),
          fullPage: true,
        });
        const statement = await pages().read('procurement', `/api/statements/${declared.body.id}`);
        expect(statement).toMatchObject({
          status: 'validated',
          leftOut: [1],
          lineCount: 1,
          hours: other,
        });
        expect(errors).toEqual([]);
      });
    }
  },
);

describe.runIf(chromiumAvailable)(
  'a typed line that repeats one counted',
  { timeout: 120_000 },
  () => {
    for (const size of SIZES) {
      it(`is said before it is saved, and saved only when confirmed (${size.name})`, async () => {
        const { page, errors } = await pages().newPage(size.viewport);
        await pages().signIn(page, 'Achats / facilitateur');
        const typed = size.phone ? '2,91' : '2,93';
        const contracts = await pages().read('procurement', '/api/contracts?limit=500');
        const contract = contracts.items.find(
          (c: { reference: string }) => c.reference === 'BM-NET-0131',
        );
        const month = lastMonthInParis();
        const counted = async () =>
          (
            await pages().read(
              'procurement',
              `/api/hours?contractId=${contract.id}&month=${month}&limit=500`,
            )
          ).items.filter(
            (l: { hours: number; status: string }) =>
              l.status === 'active' && l.hours === Number(typed.replace(',', '.')),
          ).length;
        await follow(page, 'Saisir des heures');
        await page.getByLabel('Marché').selectOption({
          label: 'BM-NET-0131 — Nettoyage des locaux administratifs — hôtel de la Métropole',
        });
        await expect
          .poll(() => page.getByLabel('PLIE qui a placé la personne').inputValue())
          .toBe('bordeaux');
        await page.getByLabel('Heures').fill(typed);
        await page.getByRole('button', { name: 'Enregistrer la ligne' }).click();
        await page.getByText(`Ligne enregistrée : ${typed} h`).waitFor();
        expect(await counted()).toBe(1);

        // The same line again: said, not saved; « Annuler » leaves it.
        await page.getByLabel('Heures').fill(typed);
        await page.getByRole('button', { name: 'Enregistrer la ligne' }).click();
        await page.getByText(/Doublon possible :/).waitFor();
        await page.getByText(/saisie à la main, le/).waitFor();
        expect(describeViolations('saisie, doublon', await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `doublons-saisie-${size.name}.png`),
          fullPage: true,
        });
        await page.getByRole('button', { name: 'Annuler', exact: true }).click();
        expect(await page.getByText(/Doublon possible :/).count()).toBe(0);
        expect(await counted()).toBe(1);

        // Confirmed: saved.
        await page.getByRole('button', { name: 'Enregistrer la ligne' }).click();
        await page.getByRole('button', { name: 'Enregistrer quand même' }).click();
        await page.getByText(`Ligne enregistrée : ${typed} h`).waitFor();
        expect(await counted()).toBe(2);
        expect(errors).toEqual([]);
      });
    }
  },
);
