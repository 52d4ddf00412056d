import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, monthOf, parisDate } from '#shared/domain/calendar';
import { paceJudgedOn, scheduleStatus } from '#shared/domain/schedule';
import { frenchDate } from '#shared/report/format';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  type PagesUnderTest,
  SIZES,
  unfold,
  usePages,
} from '../support/browser';

// The contracts page's filters of issue 30, in the address so that a filtered list can be
// shared: a buyer chosen among the structure's known buyers (by SIRET), the origin (typed or
// DECP), and the contracts with a social clause whose hours target is still to enter, each
// flagged in the list « objectif d’heures à saisir ».

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const SHOTS = join(ARTIFACTS, 'contract-list-filters');
const MERIGNAC = { name: 'Ville de Mérignac', siret: '21330281300018' };

async function post(path: string, body: unknown): Promise<void> {
  const { token } = (await fetch(`${pages.base}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'procurement' }),
  }).then((r) => r.json())) as { token: string };
  const answer = await fetch(`${pages.base}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(answer.status, await answer.clone().text()).toBe(201);
}

beforeAll(async () => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  mkdirSync(SHOTS, { recursive: true });
  const contract = {
    title: 'Entretien des espaces verts',
    buyer: MERIGNAC,
    awardee: { name: 'Bâtiment Solidaire', siret: '41234567800012' },
    kind: 'services',
    amount: 240_000,
    notifiedOn: '2026-03-02',
    startsOn: '2026-04-01',
    endsOn: '2027-03-31',
    allocation: { mode: 'single', plieId: 'bordeaux' },
  };
  await post('/api/contracts', {
    ...contract,
    reference: 'MER-SANS-OBJECTIF',
    socialConsiderations: ['social-clause'],
  });
  await post('/api/contracts', {
    ...contract,
    reference: 'MER-AVEC-OBJECTIF',
    targetHours: 300,
    socialConsiderations: ['social-clause'],
  });
});

describe.runIf(chromiumAvailable)('the contracts list filters', { timeout: 180_000 }, () => {
  for (const size of SIZES) {
    it(`on a ${size.name}: target missing, buyer and origin, kept in the address`, async () => {
      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Achats / facilitateur');
      // The filters are the API's: the list read is the one asked for, whatever its size.
      const asked: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (request.method() === 'GET' && url.pathname === '/api/contracts')
          asked.push(url.searchParams.toString().replace(/&?limit=\d+/, ''));
      });
      await page.goto(`${pages.base}/#/marches?annee=toutes&objectif=a-saisir`);
      const rows = page.getByRole('region', { name: 'Marchés' }).locator('tbody tr');
      await rows.first().waitFor();
      // The filter the address asked for is shown set, never applied out of sight.
      await unfold(page, 'Recherche, filtres et tri');
      const missing = page.getByLabel('Clause sociale, objectif d’heures à saisir');
      await expect.poll(() => missing.isChecked()).toBe(true);
      const shown = await rows.allTextContents();
      expect(shown.some((t) => t.includes('MER-SANS-OBJECTIF'))).toBe(true);
      expect(shown.some((t) => t.includes('MER-AVEC-OBJECTIF'))).toBe(false);
      expect(shown.every((t) => t.includes('objectif d’heures à saisir'))).toBe(true);
      expect(asked).toContain('targetMissing=true');
      const violations = await axeViolations(page);
      expect(violations, describeViolations(`objectif (${size.name})`, violations)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `objectif-${size.name}.png`), fullPage: true });

      // The buyer among the known ones, by SIRET; the address says it.
      await missing.uncheck();
      await page
        .getByLabel('Acheteur', { exact: true })
        .selectOption({ label: `${MERIGNAC.name} (${MERIGNAC.siret})` });
      await expect.poll(() => rows.count()).toBe(2);
      expect(page.url()).toContain(`acheteur=${MERIGNAC.siret}`);
      expect(page.url()).not.toContain('objectif=');
      expect(asked).toContain(`buyerSiret=${MERIGNAC.siret}`);
      // Its contracts are all typed in the application: none imported from the DECP.
      await page
        .getByLabel('Origine')
        .selectOption({ label: 'Importés des données essentielles (DECP)' });
      await page.getByText('Aucun marché ne correspond à ces critères.').waitFor();
      expect(page.url()).toContain('source=decp');
      expect(asked.at(-1)).toBe(`buyerSiret=${MERIGNAC.siret}&source=decp`);
      await page.getByLabel('Origine').selectOption({ label: 'Saisis dans l’application' });
      await expect.poll(() => rows.count()).toBe(2);
      await page.screenshot({ path: join(SHOTS, `acheteur-${size.name}.png`), fullPage: true });

      // The shared address brings the same list back.
      const shared = page.url();
      const { page: other } = await pages.newPage(size.viewport);
      await pages.signIn(other, 'Achats / facilitateur');
      await other.goto(shared);
      const otherRows = other.getByRole('region', { name: 'Marchés' }).locator('tbody tr');
      await otherRows.first().waitFor();
      await expect.poll(() => otherRows.count()).toBe(2);
      // The buyer the address names is offered, named, and chosen.
      const chosen = other.getByLabel('Acheteur', { exact: true });
      expect(await chosen.locator('option:checked').textContent()).toBe(
        `${MERIGNAC.name} (${MERIGNAC.siret})`,
      );
      expect(errors).toEqual([]);
    });

    it(`on a ${size.name}: the compliance page lists the clauses without a target`, async () => {
      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Achats / facilitateur');
      await page.goto(`${pages.base}/#/conformite?annee=2026`);
      const table = page.getByRole('region', { name: 'Clauses sociales sans objectif d’heures' });
      await table.locator('tbody tr').first().waitFor();
      const shown = await table.locator('tbody tr').allTextContents();
      expect(shown.some((t) => t.includes('MER-SANS-OBJECTIF'))).toBe(true);
      expect(shown.some((t) => t.includes('MER-AVEC-OBJECTIF'))).toBe(false);
      const violations = await axeViolations(page);
      expect(violations, describeViolations(`conformité (${size.name})`, violations)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `conformite-${size.name}.png`), fullPage: true });
      expect(errors).toEqual([]);
    });
  }
});

// « En retard » on the list is the monthly report's (the API's `pace`, shared/services/
// contracts-pace.ts): judged on the last complete month's end (paceJudgedOn), not on today —
// hours are logged month by month, so the days of the month under way would count in the
// expected hours before any of their hours could be there — and with the hours up to that
// month: hours logged for the month under way do not put a contract back on pace before the
// report counts them. The API judges on its own clock, so the contracts' dates are drawn from
// today's: three contracts of 365 days, 1 h a day expected, 334 h on the day judged.
describe.runIf(chromiumAvailable)(
  'the contracts list’s « En retard »',
  { timeout: 180_000 },
  () => {
    const PESSAC = { name: 'Ville de Pessac', siret: '21330318400005' };
    const today = parisDate(new Date());
    const judgedOn = paceJudgedOn(today);
    const startsOn = addDays(judgedOn, -333);
    const byYear = { startsOn, endsOn: addDays(startsOn, 364), targetHours: 365 };
    const early = [monthOf(addDays(startsOn, 120)), monthOf(addDays(startsOn, 150))];

    beforeAll(async () => {
      if (!chromiumAvailable) return;
      // The premise, by the rule itself: on the day judged 250 h are behind, 270 h are not.
      const judged = (hoursLogged: number) =>
        scheduleStatus({ ...byYear, hoursLogged, asOf: judgedOn });
      expect(judged(250)).toMatchObject({ expectedHours: 334, behind: true });
      expect(judged(270).behind).toBe(false);
      expect(judged(280).behind).toBe(false);
      for (const [reference, hours] of [
        [
          'PES-EN-RETARD',
          [
            [early[0], 125],
            [early[1], 125],
          ],
        ],
        [
          'PES-AU-RYTHME',
          [
            [early[0], 135],
            [early[1], 135],
          ],
        ],
        // 280 h logged, but 30 of them for the month under way: late until the report counts them.
        [
          'PES-MOIS-EN-COURS',
          [
            [early[0], 125],
            [early[1], 125],
            [monthOf(today), 30],
          ],
        ],
      ] as const) {
        await post('/api/contracts', {
          reference,
          title: 'Nettoyage des écoles',
          buyer: PESSAC,
          awardee: { name: 'Bâtiment Solidaire', siret: '41234567800012' },
          kind: 'services',
          amount: 180_000,
          notifiedOn: addDays(startsOn, -30),
          ...byYear,
          allocation: { mode: 'single', plieId: 'bordeaux' },
          socialConsiderations: ['social-clause'],
        });
        const listed = (await pages.read(
          'procurement',
          `/api/contracts?buyerSiret=${PESSAC.siret}&limit=100`,
        )) as { items: { id: string; reference: string }[] };
        const contract = listed.items.find((c) => c.reference === reference) as { id: string };
        for (const [month, h] of hours) {
          await post('/api/hours', {
            contractId: contract.id,
            plieId: 'bordeaux',
            month,
            hours: h,
            mode: 'direct-hire',
          });
        }
      }
    });

    for (const size of SIZES) {
      it(`on a ${size.name}: judged as the monthly report judges it`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Achats / facilitateur');
        await page.goto(`${pages.base}/#/marches?annee=toutes&acheteur=${PESSAC.siret}`);
        const region = page.getByRole('region', { name: 'Marchés' });
        const late = region.getByRole('row', { name: /PES-EN-RETARD/ });
        const onPace = region.getByRole('row', { name: /PES-AU-RYTHME/ });
        const underWay = region.getByRole('row', { name: /PES-MOIS-EN-COURS/ });
        // Said in the progress column, and on a phone under the contract too, where the eye
        // starts (that column is off to the right there).
        await late.getByRole('cell').last().getByText('En retard', { exact: true }).waitFor();
        const first = late.getByRole('cell').first().getByText('En retard', { exact: true });
        expect(await first.isVisible()).toBe(size.phone);
        await onPace.waitFor();
        expect(await onPace.getByText('En retard', { exact: true }).count()).toBe(0);
        // 280 h shown logged, late as the report says, with the figures it judged on.
        const progress = underWay.getByRole('cell').last();
        await progress.getByText('En retard', { exact: true }).waitFor();
        expect(await underWay.getByRole('cell').nth(5).textContent()).toContain('280');
        expect(await progress.textContent()).toContain(
          `au ${frenchDate(judgedOn)} : 250 h sur 334 h attendues`,
        );
        // « En retard seulement » finds the two the report calls late, not the one on pace.
        await unfold(page, 'Recherche, filtres et tri');
        await page.getByLabel('En retard seulement').check();
        await expect.poll(() => region.locator('tbody tr').count()).toBe(2);
        expect(await onPace.count()).toBe(0);
        const violations = await axeViolations(page);
        expect(violations, describeViolations(`retard (${size.name})`, violations)).toEqual([]);
        await page.screenshot({ path: join(SHOTS, `retard-${size.name}.png`), fullPage: true });
        expect(errors).toEqual([]);
      });
    }
  },
);
