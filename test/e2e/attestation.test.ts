import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MODE_LABELS } from '#shared/domain/hours';
import { h as hours } from '#shared/report/format';
import { pdfTitle, plain } from '../support/bilan-page';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  type PagesUnderTest,
  SIZES,
  usePages,
} from '../support/browser';

// Issue 29, for the awardee: its company's name in the header and on its pages, each
// contract's running total (validated this year and since the start, against the target, and
// declared still awaiting validation), and the attestation of a contract's insertion hours by
// year and modality, printed on one A4 page; the facilitator reaches the same attestation from
// the contract's page. Over the demo data: Bâtisseurs d'Aquitaine holds BM-GS-0117 in
// Bordeaux (running for 28 months: three calendar years) and a contract in Grenoble.

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const SHOTS = join(ARTIFACTS, 'attestation');
const COMPANY = '41234567800012';
const COMPANY_NAME = 'Bâtisseurs d’Aquitaine';
const REFERENCE = 'BM-GS-0117';

interface Attestation {
  issuedOn: string;
  structure: { name: string };
  contract: { id: string; reference: string; title: string; targetHours: number | null };
  ended: boolean;
  years: {
    year: number;
    byMode: { mode: keyof typeof HOUR_MODE_LABELS; hours: number }[];
    total: number;
  }[];
  byMode: { mode: keyof typeof HOUR_MODE_LABELS; hours: number }[];
  total: number;
}

let contractId: string;

beforeAll(async () => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  mkdirSync(SHOTS, { recursive: true });
  const contracts = await pages.read('procurement', '/api/contracts?limit=500');
  contractId = contracts.items.find((c: { reference: string }) => c.reference === REFERENCE).id;
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function whenDrawn(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('main h1') !== null &&
      document.querySelector('main [aria-busy="true"]') === null,
  );
}

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, describeViolations(where, violations)).toEqual([]);
}

/** The rows of a table in the region named `label`, each cell's text. */
async function rows(page: Page, label: string): Promise<string[][]> {
  return page
    .getByRole('region', { name: label })
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.querySelectorAll('th, td')].map((c) =>
          (c.textContent ?? '').replace(/\s+/g, ' ').trim(),
        ),
      ),
    );
}

/** Figures as the rows read them: any space (a narrow no-break one in `1 234 h`) as one. */
const spaced = (text: string) => text.replace(/\s+/g, ' ');
const figure = (n: number) => spaced(hours(n));

/** The API's attestation of the contract, as the procurement reads it. */
const apiAttestation = (): Promise<Attestation> =>
  pages.read('procurement', `/api/contracts/${contractId}/attestation`);

/** What the attestation's table must show: a row per modality, a column per year, totals. */
function expectedRows(a: Attestation): string[][] {
  const of = (list: { mode: string; hours: number }[], mode: string) =>
    list.find((m) => m.mode === mode)?.hours ?? 0;
  return [
    ...a.byMode.map((m) => [
      HOUR_MODE_LABELS[m.mode],
      ...a.years.map((y) => figure(of(y.byMode, m.mode))),
      figure(m.hours),
    ]),
    ['Total', ...a.years.map((y) => figure(y.total)), figure(a.total)],
  ];
}

describe.runIf(chromiumAvailable)(
  'the awardee’s pages and the attestation',
  { timeout: 180_000 },
  () => {
    for (const size of SIZES) {
      it(`an awardee reads its company’s name, its running totals, and prints an attestation — ${size.name}`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Titulaire', COMPANY);
        await page.getByRole('heading', { name: 'Mes marchés et mes relevés' }).waitFor();
        await whenDrawn(page);
        // The company's name, not only the role.
        expect(plain(await page.locator('#who span').first().textContent())).toBe(
          `Titulaire · ${COMPANY_NAME}`,
        );
        await page.getByText(`${COMPANY_NAME} — SIRET ${COMPANY}.`, { exact: false }).waitFor();

        // Each contract's running total, the API's figures.
        const attestation = await apiAttestation();
        const year = Number(attestation.issuedOn.slice(0, 4));
        const contract = await pages.read('procurement', `/api/contracts/${contractId}`);
        const table = page.getByRole('region', { name: 'Mes marchés' });
        const headers = await table
          .locator('thead th')
          .evaluateAll((ths) => ths.map((th) => (th.textContent ?? '').trim()));
        expect(headers).toEqual([
          'Marché',
          'Structure',
          'Objectif',
          `Validées en ${year}`,
          'Validées depuis le début',
          'Avancement',
          'Déclarées, à valider',
        ]);
        const row = (await rows(page, 'Mes marchés')).find((r) => r[0]?.startsWith(REFERENCE));
        expect(row?.slice(2, 5)).toEqual([
          figure(contract.targetHours),
          figure(attestation.years.find((y) => y.year === year)?.total ?? 0),
          figure(contract.hoursLogged),
        ]);
        expect(contract.hoursLogged).toBe(attestation.total);
        await expectNoAxeViolations(page, `accueil titulaire (${size.name})`);
        await shot(page, `titulaire-cumuls-${size.name}`);

        // The declaration form names the company and where the contract stands.
        await page.getByRole('link', { name: `Déclarer un mois pour ${REFERENCE}` }).click();
        await page.getByRole('heading', { name: 'Déclarer des heures' }).waitFor();
        await page.getByText(`Pour ${COMPANY_NAME}.`).waitFor();
        await page
          .getByText(`${hours(contract.hoursLogged)} validées depuis le début du marché`)
          .waitFor();
        await page.goBack();
        await page.getByRole('heading', { name: 'Mes marchés et mes relevés' }).waitFor();
        await whenDrawn(page);

        // The attestation: who issues it, for what, the hours by modality and year.
        await page.getByRole('link', { name: `Attestation des heures de ${REFERENCE}` }).click();
        await page
          .getByRole('heading', {
            name: 'Attestation de réalisation des heures d’insertion',
            level: 1,
          })
          .waitFor();
        await whenDrawn(page);
        expect(await page.title()).toBe(
          'Attestation de réalisation des heures d’insertion — clause-tracker',
        );
        const facts = plain(await page.locator('.attestation-particulars').textContent());
        expect(facts).toContain('Structure qui délivre l’attestationBordeaux Métropole');
        expect(facts).toContain(`Titulaire${COMPANY_NAME} (SIRET ${COMPANY})`);
        expect(facts).toContain(`Marché${REFERENCE} — ${attestation.contract.title}`);
        expect(facts).toContain('AcheteurBordeaux Métropole');
        expect(attestation.years.length).toBe(3);
        expect(await rows(page, 'Heures d’insertion par modalité et par année')).toEqual(
          expectedRows(attestation),
        );
        // The contract runs on: the attestation says it is provisional, and which hours count.
        expect(attestation.ended).toBe(false);
        await page.getByText('Attestation provisoire', { exact: false }).waitFor();
        await page
          .getByText(
            'Les déclarations en attente de validation et les lignes annulées n’y figurent pas.',
            {
              exact: false,
            },
          )
          .waitFor();
        await page.getByText('pour servir et valoir ce que de droit', { exact: false }).waitFor();
        await expectNoAxeViolations(page, `attestation (${size.name})`);
        await shot(page, `attestation-${size.name}`);

        // « Imprimer / PDF » opens the browser's print dialog.
        await page.evaluate(() => {
          (window as unknown as { printed: number }).printed = 0;
          window.print = () => {
            (window as unknown as { printed: number }).printed++;
          };
        });
        await page.getByRole('button', { name: 'Imprimer / PDF' }).click();
        expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(
          1,
        );
        // On paper: the document alone, on one A4 page.
        await page.emulateMedia({ media: 'print' });
        for (const hidden of ['#nav', '.foot', '.attestation-controls'])
          expect(await page.locator(hidden).isVisible(), hidden).toBe(false);
        await shot(page, `attestation-impression-${size.name}`);
        const pdf = await page.pdf({ format: 'A4', printBackground: true });
        writeFileSync(join(SHOTS, `attestation-${size.name}.pdf`), pdf);
        const text = pdf.toString('latin1');
        expect(text.startsWith('%PDF-')).toBe(true);
        expect(pdfTitle(pdf)).toBe(
          'Attestation de réalisation des heures d’insertion — clause-tracker',
        );
        expect((text.match(/\/Type\s*\/Page\b/g) ?? []).length).toBe(1);
        await page.emulateMedia({ media: 'screen' });
        expect(errors).toEqual([]);
      });
    }

    it('the facilitator opens the same attestation from the contract’s page', async () => {
      const { page, errors } = await pages.newPage();
      await pages.signIn(page, 'Achats / facilitateur');
      await page.goto(`${pages.base}/#/marches/${contractId}`);
      await page.getByRole('link', { name: 'Attestation des heures d’insertion' }).click();
      await page
        .getByRole('heading', { name: 'Attestation de réalisation des heures d’insertion' })
        .waitFor();
      await whenDrawn(page);
      expect(await rows(page, 'Heures d’insertion par modalité et par année')).toEqual(
        expectedRows(await apiAttestation()),
      );
      await page.getByRole('link', { name: 'Retour au marché' }).click();
      await page.waitForURL(new RegExp(`#/marches/${contractId}$`));
      expect(errors).toEqual([]);
    });
  },
);
