import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { paceJudgedOn, scheduleStatus } from '#shared/domain/schedule';
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

// « En retard » on the list is judged on the day every page judges pace (paceJudgedOn: the last
// complete month's end), not on today: hours are logged month by month, so the days of the
// month under way would count in the expected hours before any of their hours could be there.
// Two contracts of one year, 1 h a day expected: 250 h are behind on either day; 270 h are
// behind on 7 December but not on 30 November, the day the list must judge them on.
describe.runIf(chromiumAvailable)(
  'the contracts list’s « En retard »',
  { timeout: 180_000 },
  () => {
    const PESSAC = { name: 'Ville de Pessac', siret: '21330318400005' };
    const TODAY = '2026-12-07';
    const byYear = { startsOn: '2026-01-01', endsOn: '2026-12-31', targetHours: 365 };

    beforeAll(async () => {
      if (!chromiumAvailable) return;
      // The premise, by the rule itself: on today 270 h are behind, on the day judged they are not.
      const judgedOn = paceJudgedOn(TODAY);
      expect(judgedOn).toBe('2026-11-30');
      expect(scheduleStatus({ ...byYear, hoursLogged: 270, asOf: TODAY }).behind).toBe(true);
      expect(scheduleStatus({ ...byYear, hoursLogged: 270, asOf: judgedOn }).behind).toBe(false);
      expect(scheduleStatus({ ...byYear, hoursLogged: 250, asOf: judgedOn }).behind).toBe(true);
      for (const [reference, hours] of [
        ['PES-EN-RETARD', [125, 125]],
        ['PES-AU-RYTHME', [135, 135]],
      ] as const) {
        await post('/api/contracts', {
          reference,
          title: 'Nettoyage des écoles',
          buyer: PESSAC,
          awardee: { name: 'Bâtiment Solidaire', siret: '41234567800012' },
          kind: 'services',
          amount: 180_000,
          notifiedOn: '2025-12-01',
          ...byYear,
          allocation: { mode: 'single', plieId: 'bordeaux' },
          socialConsiderations: ['social-clause'],
        });
        const listed = (await pages.read(
          'procurement',
          `/api/contracts?buyerSiret=${PESSAC.siret}&limit=100`,
        )) as { items: { id: string; reference: string }[] };
        const contract = listed.items.find((c) => c.reference === reference) as { id: string };
        for (const [i, h] of hours.entries()) {
          await post('/api/hours', {
            contractId: contract.id,
            plieId: 'bordeaux',
            month: `2026-0${5 + i}`,
            hours: h,
            mode: 'direct-hire',
          });
        }
      }
    });

    for (const size of SIZES) {
      it(`on a ${size.name}: judged on the last complete month’s end, as the other pages judge it`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await page.clock.setFixedTime(new Date(`${TODAY}T11:00:00+01:00`));
        await pages.signIn(page, 'Achats / facilitateur');
        await page.goto(`${pages.base}/#/marches?annee=toutes&acheteur=${PESSAC.siret}`);
        const region = page.getByRole('region', { name: 'Marchés' });
        const late = region.getByRole('row', { name: /PES-EN-RETARD/ });
        const onPace = region.getByRole('row', { name: /PES-AU-RYTHME/ });
        // Said in the progress column, and on a phone under the contract too, where the eye
        // starts (that column is off to the right there).
        await late.getByRole('cell').last().getByText('En retard', { exact: true }).waitFor();
        const first = late.getByRole('cell').first().getByText('En retard', { exact: true });
        expect(await first.isVisible()).toBe(size.phone);
        await onPace.waitFor();
        expect(await onPace.getByText('En retard', { exact: true }).count()).toBe(0);
        const violations = await axeViolations(page);
        expect(violations, describeViolations(`retard (${size.name})`, violations)).toEqual([]);
        await page.screenshot({ path: join(SHOTS, `retard-${size.name}.png`), fullPage: true });
        expect(errors).toEqual([]);
      });
    }
  },
);
