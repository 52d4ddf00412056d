import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  follow,
  type PagesUnderTest,
  PHONE,
  SIZES,
  tabTo,
  unannouncedWideTables,
  usePages,
} from '../support/browser';

// A coordinator's people through the pages only: register a participant, record the exit with
// the keyboard alone, correct it and cancel it with a reason, and erase a person on request.

const pagesOfFile = usePages();
let pages: PagesUnderTest;

beforeAll(() => {
  if (chromiumAvailable) pages = pagesOfFile();
});

const participant = (id: string) => pages.read('admin', `/api/participants/${id}`);

/** The first person of the PLIE des Graves (by reference) who has hours and was not erased. */
async function personWithHours(): Promise<string> {
  const people = (await pages.read('admin', '/api/participants?plieId=graves&limit=500')) as {
    items: { id: string; ref: string }[];
  };
  const named = people.items
    .filter((p) => /^GRA-\d+$/.test(p.ref))
    .sort((a, b) => a.ref.localeCompare(b.ref));
  for (const person of named) {
    const lines = await pages.read('admin', `/api/hours?participantId=${person.id}&limit=1`);
    if (lines.items.length) return person.ref;
  }
  throw new Error('No participant of the PLIE des Graves has hours in the demo data');
}

describe.runIf(chromiumAvailable)('participants in the pages', { timeout: 90_000 }, () => {
  it('registers a participant and records the exit with the keyboard alone', async () => {
    const { page, errors } = await pages.newPage();
    await pages.signIn(page, 'Coordinateur de PLIE', 'PLIE des Graves');
    await page.getByRole('navigation').getByRole('link', { name: 'Participants' }).click();
    await page.getByRole('heading', { name: 'Participants — PLIE des Graves' }).waitFor();
    await page.getByText('Nouveau participant').click();
    await page.getByLabel('Référence pseudonyme').fill('GRA-E2E-01');
    await page.getByLabel('Entrée dans le PLIE').fill('2026-02-02');
    await page.getByLabel('Bénéficiaire du RSA').check();
    await page.getByRole('button', { name: 'Enregistrer le participant' }).click();
    await page.getByText('Participant enregistré.').waitFor();
    await page.getByRole('heading', { name: 'Participant GRA-E2E-01' }).waitFor();
    await page.getByText('Bénéficiaire du RSA').waitFor();
    const id = page.url().split('/participants/')[1]?.split('?')[0] as string;

    // Keyboard only from here: Tab to each field, type, choose with the arrows, Enter.
    await tabTo(page, /Date de sortie/);
    // 10 October: the same keys whether this Chromium orders date fields day or month first.
    await page.keyboard.type('10102026');
    await tabTo(page, /Situation à la sortie/);
    // The situations in three groups, positive first (issue 29).
    const groups = page.getByLabel('Situation à la sortie').locator('optgroup');
    expect(await groups.evaluateAll((gs) => gs.map((g) => g.getAttribute('label')))).toEqual([
      'Sorties positives',
      'Autres sorties',
      'Sorties neutres (hors des taux)',
    ]);
    expect(await groups.nth(2).locator('option').allInnerTexts()).toContain('Décès');
    expect(await groups.nth(0).locator('option').allInnerTexts()).toContain(
      'Formation qualifiante',
    );
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Situation à la sortie').inputValue()).toBe('cdi');
    await tabTo(page, /Enregistrer la sortie/);
    await page.keyboard.press('Enter');
    await page.getByText('Sortie enregistrée.').waitFor();
    expect(await participant(id)).toMatchObject({ exitedOn: '2026-10-10', outcome: 'cdi' });
    await page.getByText('10/10/2026 — CDI (sortie positive)').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'participant-sortie.png'), fullPage: true });

    // A correction needs its reason.
    await page.getByLabel('Situation à la sortie').selectOption({ label: 'CDD de 6 mois ou plus' });
    await page.getByRole('button', { name: 'Corriger la sortie' }).click();
    await expect
      .poll(() => page.getByLabel('Motif de la correction').getAttribute('aria-invalid'))
      .toBe('true');
    await page.getByLabel('Motif de la correction').fill('Contrat signé : CDD de 8 mois');
    await page.getByRole('button', { name: 'Corriger la sortie' }).click();
    await page.getByText('Sortie corrigée.').waitFor();
    expect((await participant(id)).outcome).toBe('cdd-6m-plus');

    // Cancelled in a dialog, with its reason.
    await page.getByRole('button', { name: 'Annuler la sortie' }).click();
    const dialog = page.getByRole('dialog', { name: 'Annuler la sortie' });
    await dialog.getByLabel('Motif de l’annulation').fill('Sortie saisie sur la mauvaise personne');
    await dialog.getByRole('button', { name: 'Annuler la sortie' }).click();
    await page.getByText('Sortie annulée').waitFor();
    expect(await participant(id)).toMatchObject({ exitedOn: null, outcome: null });
    expect(errors).toEqual([]);
  });

  it('registers a participant, then records, corrects and cancels the exit on a phone', async () => {
    const { page, errors } = await pages.newPage(PHONE);
    await pages.signIn(page, 'Coordinateur de PLIE', 'PLIE des Graves');
    await page.getByRole('button', { name: 'Menu' }).tap();
    await page.getByRole('navigation').getByRole('link', { name: 'Participants' }).tap();
    await page.getByRole('heading', { name: 'Participants — PLIE des Graves' }).waitFor();
    await page.getByText('Nouveau participant').tap();
    await page.getByLabel('Référence pseudonyme').fill('GRA-E2E-02');
    await page.getByLabel('Entrée dans le PLIE').fill('2026-03-09');
    await page.getByLabel('Demandeur d’emploi de longue durée (12 à 24 mois)').check();
    await page.getByRole('button', { name: 'Enregistrer le participant' }).tap();
    await page.getByRole('heading', { name: 'Participant GRA-E2E-02' }).waitFor();
    const id = page.url().split('/participants/')[1]?.split('?')[0] as string;
    await page.getByLabel('Date de sortie').fill('2026-06-30');
    await page.getByLabel('Situation à la sortie').selectOption({ label: 'Formation qualifiante' });
    await page.getByRole('button', { name: 'Enregistrer la sortie' }).tap();
    await page.getByText('Sortie enregistrée.').waitFor();
    expect(await participant(id)).toMatchObject({
      exitedOn: '2026-06-30',
      outcome: 'qualifying-training',
    });
    await page.getByText('30/06/2026 — Formation qualifiante (sortie positive)').waitFor();
    expect(
      await page
        .getByLabel('Situation à la sortie')
        .locator('optgroup')
        .evaluateAll((gs) => gs.map((g) => g.getAttribute('label'))),
    ).toEqual(['Sorties positives', 'Autres sorties', 'Sorties neutres (hors des taux)']);
    const violations = await axeViolations(page);
    expect(violations, describeViolations('sortie groupée', violations)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'participant-telephone.png'), fullPage: true });

    await page.getByLabel('Situation à la sortie').selectOption({ label: 'CDI' });
    await page.getByLabel('Motif de la correction').fill('Embauche confirmée par l’employeur');
    await page.getByRole('button', { name: 'Corriger la sortie' }).tap();
    await page.getByText('Sortie corrigée.').waitFor();
    expect((await participant(id)).outcome).toBe('cdi');

    await page.getByRole('button', { name: 'Annuler la sortie' }).tap();
    const dialog = page.getByRole('dialog', { name: 'Annuler la sortie' });
    await dialog.getByLabel('Motif de l’annulation').fill('La personne reste suivie');
    await dialog.getByRole('button', { name: 'Annuler la sortie' }).tap();
    await page.getByText('Sortie annulée').waitFor();
    expect(await participant(id)).toMatchObject({ exitedOn: null, outcome: null });
    await page.screenshot({
      path: join(ARTIFACTS, 'participant-annulation-telephone.png'),
      fullPage: true,
    });
    expect(errors).toEqual([]);
  });

  for (const size of SIZES) {
    describe(`on a ${size.name}`, () => {
      it('erases a participant after saying what stays', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Coordinateur de PLIE', 'PLIE des Graves');
        // Someone of the PLIE with hours: GRA-006, the first time.
        const ref = await personWithHours();
        await page.goto(`${pages.base}/#/participants`);
        await page.getByRole('link', { name: ref }).click();
        await page.getByRole('heading', { name: `Participant ${ref}` }).waitFor();
        const id = page.url().split('/participants/')[1]?.split('?')[0] as string;
        // The person's hours, as the API gives them.
        const lines = await pages.read('admin', `/api/hours?participantId=${id}&limit=500`);
        expect(lines.items.length).toBeGreaterThan(0);
        await page.getByRole('heading', { name: 'Heures réalisées' }).waitFor();
        expect(
          await page
            .getByRole('region', { name: `Heures de ${ref}` })
            .locator('tbody tr')
            .count(),
        ).toBe(lines.items.length);
        await page.getByRole('button', { name: 'Effacer ce participant' }).click();
        const dialog = page.getByRole('dialog', {
          name: new RegExp(`Effacer le participant ${ref}`),
        });
        await dialog.getByText('Restent, anonymes : les heures réalisées et la sortie').waitFor();
        await page.screenshot({ path: join(ARTIFACTS, `participant-effacement-${size.name}.png`) });
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        expect((await participant(id)).ref).toBe(ref);

        await page.getByRole('button', { name: 'Effacer ce participant' }).click();
        // Who asked, and when: required, and kept in the history.
        await dialog.getByRole('button', { name: 'Effacer définitivement' }).click();
        await dialog.getByText('Indiquez qui a demandé l’effacement, et quand.').waitFor();
        await dialog
          .getByLabel('Qui l’a demandé, et quand')
          .fill('Demande de la personne, courriel du 12/11/2026');
        await dialog.getByRole('button', { name: 'Effacer définitivement' }).click();
        await page.getByText('Participant effacé').waitFor();
        await expect.poll(async () => page.getByRole('link', { name: ref }).count()).toBe(0);
        expect((await participant(id)).ref).not.toBe(ref);
        const history = await pages.read(
          'admin',
          `/api/changes?entityType=participant&entityId=${id}`,
        );
        expect(history.items.at(-1)).toMatchObject({
          action: 'erase',
          reason: 'Demande de la personne, courriel du 12/11/2026',
        });
        expect(errors).toEqual([]);
      });
    });
  }
});

describe.runIf(chromiumAvailable)('a PLIE’s money in the pages', { timeout: 90_000 }, () => {
  for (const size of SIZES) {
    describe(`on a ${size.name}`, () => {
      it('lists every PLIE’s hours and funding, then one PLIE year by year', async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Achats / facilitateur');
        await follow(page, 'PLIE');
        const year = new Date().getFullYear();
        const list = page.getByRole('region', { name: /^Les PLIE en / });
        await list.waitFor();
        const shownYear = Number((await list.getAttribute('aria-label'))?.slice(-4));
        expect([year, year - 1]).toContain(shownYear);
        const funding = (await pages.read('procurement', `/api/funding?year=${shownYear}`)) as {
          plies: { plieId: string; name: string; total: number }[];
        };
        const graves = funding.plies.find((p) => p.plieId === 'graves');
        expect(graves).toBeDefined();
        const row = list.getByRole('row', { name: /PLIE des Graves/ });
        const euros = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 2 }).format(
          graves?.total ?? 0,
        );
        expect((await row.innerText()).replace(/\s/g, '')).toContain(
          `${euros}€`.replace(/\s/g, ''),
        );
        await page.screenshot({ path: join(ARTIFACTS, `plies-${size.name}.png`), fullPage: true });

        await row.getByRole('link', { name: 'PLIE des Graves' }).click();
        const years = page.getByRole('region', { name: 'Le PLIE année par année' });
        await years.waitFor();
        expect(await years.locator('tbody tr').count()).toBe(3);
        // The IAE's dynamic exits agree in number: « 1 durable », never « 1 durables ».
        const lastYear = (await years.locator('tbody tr th').last().innerText()).trim();
        const { dynamic } = (await pages.read(
          'procurement',
          `/api/outcomes?year=${lastYear}&plieId=graves`,
        )) as { dynamic: { durable: number; positive: number } };
        const dynamicCells = await years.locator('tbody tr td:last-child').allInnerTexts();
        for (const cell of dynamicCells)
          expect(cell).not.toMatch(/(^|\D)[01] (durables|positives)/);
        const durable = `${dynamic.durable} durable${dynamic.durable > 1 ? 's' : ''}, `;
        if (dynamicCells.at(-1) !== '—') expect(dynamicCells.at(-1)).toContain(durable);
        expect((await years.locator('tbody tr').last().innerText()).replace(/\s/g, '')).toContain(
          `${euros}€`.replace(/\s/g, ''),
        );

        // The months of the year so far, by mode, with the chart's figures in a table beside it.
        const chartYear = Number(
          (await page.getByRole('heading', { name: /^Heures par mois en / }).innerText()).slice(-4),
        );
        const months = (await pages.read(
          'procurement',
          `/api/plies/graves/months/${chartYear}`,
        )) as {
          months: { hours: number }[];
        };
        await page.getByText('Voir les données en tableau').first().click();
        const byMonth = page.getByRole('region', { name: /^Heures réalisées par mois en / });
        const totals = await byMonth
          .locator('tbody tr td:last-child')
          .evaluateAll((cells) =>
            cells.map((td) =>
              Number((td.textContent ?? '').replace(/[^\d,]/g, '').replace(',', '.')),
            ),
          );
        expect(totals.length).toBeGreaterThan(0);
        expect(totals).toEqual(months.months.slice(0, totals.length).map((m) => m.hours));
        expect(totals.some((t) => t > 0)).toBe(true);
        await page.screenshot({
          path: join(ARTIFACTS, `plie-graves-${size.name}.png`),
          fullPage: true,
        });
        // Every table wider than its box says so (on a phone: the bar above it, its edge shaded).
        await expect.poll(() => unannouncedWideTables(page)).toBe(0);

        // The year-by-year table leaves as a spreadsheet, its money as numbers.
        const [csv] = await Promise.all([
          page.waitForEvent('download'),
          page
            .getByRole('group', { name: 'Exporter le tableau année par année' })
            .getByRole('button', { name: 'CSV' })
            .click(),
        ]);
        const text = readFileSync(await csv.path(), 'utf8');
        expect(text.startsWith('\uFEFF')).toBe(true);
        const lines = text.trim().split('\r\n');
        expect(lines[0]).toBe(
          'Année;Heures;Financement;Sorties (dont neutres);Sorties positives (PLIE);Sorties dynamiques (IAE)',
        );
        expect(lines).toHaveLength(4);
        const shownYearRow = lines.find((line) => line.startsWith(`${shownYear};`)) ?? '';
        expect(shownYearRow.split(';')[2]).toBe(String(graves?.total).replace('.', ','));
        expect(errors).toEqual([]);
      });
    });
  }
});
