import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, monthOf, parisDate, yearOf } from '#shared/domain/calendar';
import { paceJudgedOn, scheduleStatus } from '#shared/domain/schedule';
import { frenchDate, pct } from '#shared/report/format';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  type PagesUnderTest,
  SIZES,
  usePages,
} from '../support/browser';

// The contracts list of a closed year (`#/marches?annee=2025`) says where its contracts stood
// when that year ended, as its December report did: « au 31/12/2025 : 200 h sur 365 h
// attendues », not the last complete month of today's year. The API judges on its own clock,
// so the contract's dates are drawn from today's: last year and this one, one hour a day, 200 h
// logged last year (late at its end) and none since.

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const SHOTS = join(ARTIFACTS, 'contract-list-past-year');
const BEGLES = { name: 'Ville de Bègles', siret: '21330039700014' };
/** The demo's coordinator's PLIE: her status of the contract is her PLIE's share's. */
const PLIE = 'adsi-technowest';
const today = parisDate(new Date());
const past = yearOf(today) - 1;
const yearEnd = `${past}-12-31`;
const terms = { startsOn: `${past}-01-01`, endsOn: `${past + 1}-12-31` };
/** One hour a day: the target is the period's days. */
const targetHours = Math.round(
  (Date.parse(terms.endsOn) - Date.parse(terms.startsOn)) / 86_400_000 + 1,
);
const judged = (asOf: string) => scheduleStatus({ ...terms, targetHours, hoursLogged: 200, asOf });

async function post(path: string, body: unknown): Promise<{ id: string }> {
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
  return (await answer.json()) as { id: string };
}

beforeAll(async () => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  mkdirSync(SHOTS, { recursive: true });
  // The premise: late at the closed year's end.
  expect(judged(yearEnd).behind).toBe(true);
  const { id } = await post('/api/contracts', {
    reference: 'BEG-DEUX-ANS',
    title: 'Entretien des bâtiments communaux',
    buyer: BEGLES,
    awardee: { name: 'Bâtiment Solidaire', siret: '41234567800012' },
    kind: 'services',
    amount: 300_000,
    notifiedOn: addDays(terms.startsOn, -30),
    ...terms,
    targetHours,
    allocation: { mode: 'single', plieId: PLIE },
    socialConsiderations: ['social-clause'],
  });
  for (const month of [`${past}-06`, `${past}-07`]) {
    await post('/api/hours', {
      contractId: id,
      plieId: PLIE,
      month,
      hours: 100,
      mode: 'direct-hire',
    });
  }
  // And 50 h in the month under way: logged, but judged on no day the list judges on.
  await post('/api/hours', {
    contractId: id,
    plieId: PLIE,
    month: monthOf(today),
    hours: 50,
    mode: 'direct-hire',
  });
});

describe.runIf(chromiumAvailable)(
  'the contracts list of a closed year',
  { timeout: 180_000 },
  () => {
    for (const size of SIZES) {
      it(`on a ${size.name}: judged at the year’s end, and says so`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Achats / facilitateur');
        await page.goto(`${pages.base}/#/marches?annee=${past}&acheteur=${BEGLES.siret}`);
        const region = page.getByRole('region', { name: 'Marchés' });
        const row = region.getByRole('row', { name: /BEG-DEUX-ANS/ });
        const progress = row.getByRole('cell').last();
        await progress.getByText('En retard', { exact: true }).waitFor();
        const atEnd = judged(yearEnd);
        expect(await progress.textContent()).toContain(
          `au ${frenchDate(yearEnd)} : 200 h sur ${atEnd.expectedHours} h attendues`,
        );
        await region
          .getByRole('columnheader', { name: `Avancement au ${frenchDate(yearEnd)}`, exact: true })
          .waitFor();
        // Its bar is the year's end too: 200 h of the target, not the 250 h logged since.
        expect(await progress.getByRole('img').getAttribute('aria-label')).toBe(
          `${pct(200 / targetHours)} de l’objectif`,
        );
        const violations = await axeViolations(page);
        expect(violations, describeViolations(`année close (${size.name})`, violations)).toEqual(
          [],
        );
        await page.screenshot({
          path: join(SHOTS, `annee-close-${size.name}.png`),
          fullPage: true,
        });

        // Every year's list judges it on the last complete month, and says which.
        const current = paceJudgedOn(today);
        await page.goto(`${pages.base}/#/marches?annee=toutes&acheteur=${BEGLES.siret}`);
        await region.getByRole('columnheader', { name: 'Avancement', exact: true }).waitFor();
        const now = judged(current);
        // Later than the year's end (or on it, in January): behind by more.
        expect(now.behind).toBe(true);
        await expect
          .poll(() => progress.textContent())
          .toContain(`au ${frenchDate(current)} : 200 h sur ${now.expectedHours} h attendues`);
        expect(errors).toEqual([]);
      });

      it(`on a ${size.name}: a coordinator’s shares of a closed year are its December report’s`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        const reports: string[] = [];
        page.on('request', (request) => {
          const path = new URL(request.url()).pathname;
          if (path.startsWith('/api/reports/monthly/')) reports.push(path.slice(-7));
        });
        await pages.signIn(page, 'Coordinateur de PLIE', 'PLIE ADSI Technowest');
        await page.goto(`${pages.base}/#/marches?annee=${past}`);
        const region = page.getByRole('region', { name: 'Marchés' });
        const row = region.getByRole('row', { name: /BEG-DEUX-ANS/ });
        const share = row.getByRole('cell').last();
        await share.getByText('En retard', { exact: true }).waitFor();
        expect(await share.textContent()).toContain(`attendu : ${judged(yearEnd).expectedHours} h`);
        expect(reports).toContain(`${past}-12`);
        const violations = await axeViolations(page);
        expect(violations, describeViolations(`coordination (${size.name})`, violations)).toEqual(
          [],
        );
        await page.screenshot({
          path: join(SHOTS, `coordination-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });
    }
  },
);
