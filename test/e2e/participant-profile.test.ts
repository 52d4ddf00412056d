import { join } from 'node:path';
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

// A participant's sex and age band at entry (for the funders' bilans), through the pages: given
// when the person is registered, shown on their page, recorded later for someone registered
// without them, corrected, and taken back to « non renseigné ».

const pagesOfFile = usePages();
let pages: PagesUnderTest;

beforeAll(() => {
  if (chromiumAvailable) pages = pagesOfFile();
});

const participant = (id: string) => pages.read('admin', `/api/participants/${id}`);
const idOf = (url: string) => url.split('/participants/')[1]?.split('?')[0] as string;

describe.runIf(chromiumAvailable)('a participant’s sex and age band', { timeout: 90_000 }, () => {
  it('are given on registering, shown, then corrected (desktop)', async () => {
    const { page, errors } = await pages.newPage();
    await pages.signIn(page, 'Coordinateur de PLIE', 'PLIE des Graves');
    await page.getByRole('navigation').getByRole('link', { name: 'Participants' }).click();
    await page.getByRole('heading', { name: 'Participants — PLIE des Graves' }).waitFor();
    await page.getByText('Nouveau participant').click();
    await page.getByLabel('Référence pseudonyme').fill('GRA-SEXE-01');
    await page.getByLabel('Entrée dans le PLIE').fill('2026-02-02');
    await page.getByLabel('Sexe').selectOption({ label: 'Femme' });
    await page.getByLabel('Tranche d’âge à l’entrée').selectOption({ label: 'moins de 26 ans' });
    await page.getByLabel('Bénéficiaire du RSA').check();
    await page.screenshot({ path: join(ARTIFACTS, 'participant-nouveau-sexe-age.png') });
    await page.getByRole('button', { name: 'Enregistrer le participant' }).click();
    await page.getByRole('heading', { name: 'Participant GRA-SEXE-01' }).waitFor();
    const id = idOf(page.url());
    expect(await participant(id)).toMatchObject({ sex: 'F', ageBand: 'under-26' });
    const facts = page.locator('dl.facts');
    await facts.getByText('Femme').waitFor();
    await facts.getByText('moins de 26 ans').waitFor();

    // Corrected on the person's page: the age band was 26 to 49.
    const section = page.getByRole('region', { name: 'Sexe et tranche d’âge' });
    await section.getByLabel('Tranche d’âge à l’entrée').selectOption({ label: '26 à 49 ans' });
    await section.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Sexe et tranche d’âge enregistrés.').waitFor();
    expect(await participant(id)).toMatchObject({ sex: 'F', ageBand: '26-49' });
    await facts.getByText('26 à 49 ans').waitFor();
    const history = await pages.read('admin', `/api/changes?entityType=participant&entityId=${id}`);
    expect(history.items.map((c: { action: string }) => c.action)).toEqual(['create', 'update']);
    await page.screenshot({
      path: join(ARTIFACTS, 'participant-sexe-age-bureau.png'),
      fullPage: true,
    });
    const violations = await axeViolations(page);
    expect(violations, describeViolations('participant (bureau)', violations)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('are recorded later for someone registered without them, and taken back (phone)', async () => {
    const { page, errors } = await pages.newPage(PHONE);
    await pages.signIn(page, 'Coordinateur de PLIE', 'PLIE des Graves');
    await page.getByRole('button', { name: 'Menu' }).tap();
    await page.getByRole('navigation').getByRole('link', { name: 'Participants' }).tap();
    await page.getByText('Nouveau participant').tap();
    await page.getByLabel('Référence pseudonyme').fill('GRA-SEXE-02');
    await page.getByLabel('Entrée dans le PLIE').fill('2026-03-09');
    await page.getByLabel('Demandeur d’emploi de longue durée (12 à 24 mois)').check();
    await page.getByRole('button', { name: 'Enregistrer le participant' }).tap();
    await page.getByRole('heading', { name: 'Participant GRA-SEXE-02' }).waitFor();
    const id = idOf(page.url());
    expect(await participant(id)).toMatchObject({ sex: null, ageBand: null });
    const facts = page.locator('dl.facts');
    expect(await facts.getByText('non renseigné').count()).toBe(2);

    const section = page.getByRole('region', { name: 'Sexe et tranche d’âge' });
    await section.getByLabel('Sexe').selectOption({ label: 'Homme' });
    await section.getByLabel('Tranche d’âge à l’entrée').selectOption({ label: '50 ans et plus' });
    await section.getByRole('button', { name: 'Enregistrer' }).tap();
    await page.getByText('Sexe et tranche d’âge enregistrés.').waitFor();
    expect(await participant(id)).toMatchObject({ sex: 'M', ageBand: '50-plus' });
    await page.screenshot({
      path: join(ARTIFACTS, 'participant-sexe-age-telephone.png'),
      fullPage: true,
    });

    // Back to « non renseigné »: the sex was recorded by mistake.
    await section.getByLabel('Sexe').selectOption({ label: 'non renseigné' });
    await section.getByRole('button', { name: 'Enregistrer' }).tap();
    await expect.poll(async () => (await participant(id)).sex).toBeNull();
    expect((await participant(id)).ageBand).toBe('50-plus');
    // Its notice says what the first save's said: the page is drawn again once it shows the
    // sex « non renseigné » (the first save showed « Homme »), and only then looked at.
    await facts.getByText('non renseigné').waitFor();
    const violations = await axeViolations(page);
    expect(violations, describeViolations('participant (téléphone)', violations)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
