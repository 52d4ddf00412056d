import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sumHours } from '#shared/domain/hours';
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

// Issue 29: what an action changes is shown at once on the same page (the contract's figures
// after a line is voided), and a list says what it holds (the month's lines of every PLIE unless
// one is chosen, the filter named in the heading).

const pagesOfFile = usePages();
let pages: PagesUnderTest;

beforeAll(() => {
  if (chromiumAvailable) pages = pagesOfFile();
});

/** "1 038,75 h" → 1038.75 */
const hoursIn = (text: string) => Number(text.replace(/[^\d,]/g, '').replace(',', '.'));

describe.runIf(chromiumAvailable)(
  'pages that refresh what an action changed',
  { timeout: 120_000 },
  () => {
    for (const size of SIZES) {
      it(`voiding a line on the contract page lowers its total, its PLIE’s share and the chart (${size.name})`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Achats / facilitateur');
        const contracts = await pages.read('procurement', '/api/contracts?limit=500');
        const contract = contracts.items.find(
          (c: { reference: string }) => c.reference === 'BM-JJB-0042',
        );
        await page.goto(`${pages.base}/#/marches/${contract.id}`);
        await page.getByRole('heading', { name: 'Lignes d’heures' }).waitFor();
        const lines = page.getByRole('region', { name: 'Lignes d’heures du marché' });
        await lines.waitFor();
        const done = page.locator('.figure', { hasText: 'Réalisé' }).locator('strong');
        const split = page.getByRole('region', { name: 'Répartition entre PLIE' });
        const chartTotal = async () =>
          sumHours(
            (await page.locator('svg.chart rect title').allTextContents()).map((t) =>
              hoursIn(t.split(' : ')[1] ?? ''),
            ),
          );
        const before = hoursIn(await done.innerText());
        const chartBefore = await chartTotal();

        // The newest active line (the other size voided another one).
        const row = lines
          .locator('tbody tr', { has: page.getByRole('button', { name: 'Annuler' }) })
          .first();
        await row.evaluate((r) => r.setAttribute('data-test', 'voided'));
        const voided = page.locator('tr[data-test="voided"]');
        const plie = await voided.locator('td').nth(1).innerText();
        const lineHours = hoursIn(await voided.locator('td').nth(2).innerText());
        expect(lineHours).toBeGreaterThan(0);
        const share = split
          .getByRole('row', { name: new RegExp(plie) })
          .locator('td')
          .nth(2);
        const shareBefore = hoursIn(await share.innerText());

        await voided.getByRole('button', { name: 'Annuler' }).click();
        const dialog = page.getByRole('dialog', { name: 'Annuler une ligne d’heures' });
        await dialog.getByLabel('Motif de l’annulation').fill('Saisie en double');
        await dialog.getByRole('button', { name: 'Annuler la ligne' }).click();
        await voided.getByText('annulée').waitFor();

        // No reload: the figures above the lines are those of the API now.
        await expect
          .poll(async () => hoursIn(await done.innerText()))
          .toBeCloseTo(before - lineHours, 2);
        expect(hoursIn(await share.innerText())).toBeCloseTo(shareBefore - lineHours, 2);
        expect(await chartTotal()).toBeCloseTo(chartBefore - lineHours, 2);
        const detail = await pages.read('procurement', `/api/contracts/${contract.id}`);
        expect(hoursIn(await done.innerText())).toBeCloseTo(detail.hoursLogged, 2);
        expect(describeViolations(`marché (${size.name})`, await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `marche-apres-annulation-${size.name}.png`),
          fullPage: true,
        });
        expect(errors).toEqual([]);
      });

      it(`lists the month’s lines of every PLIE unless one is chosen, and says so (${size.name})`, async () => {
        const { page, errors } = await pages.newPage(size.viewport);
        await pages.signIn(page, 'Achats / facilitateur');
        const month = lastMonthInParis();
        const plies = (await pages.read('procurement', '/api/plies')).items as {
          id: string;
          name: string;
        }[];
        const each = await Promise.all(
          plies.map(
            async (p) =>
              (
                await pages.read(
                  'procurement',
                  `/api/hours?month=${month}&plieId=${p.id}&limit=500`,
                )
              ).items as { hours: number; status: string; participantId: string | null }[],
          ),
        );
        const every = each.flat();
        const active = sumHours(every.filter((l) => l.status === 'active').map((l) => l.hours));
        expect(each.filter((l) => l.length > 0).length).toBeGreaterThan(1);

        await follow(page, 'Lignes d’heures');
        await page
          .getByRole('heading', { name: /Lignes d’heures — .* — tous les PLIE$/ })
          .waitFor();
        expect(await page.getByLabel('PLIE', { exact: true }).inputValue()).toBe('');
        const rows = page.getByRole('region', { name: 'Lignes d’heures' }).locator('tbody tr');
        await expect.poll(() => rows.count()).toBe(every.length);
        const status = page.getByRole('status').filter({ hasText: /ligne/ });
        expect(hoursIn((await status.innerText()).split('·')[1] ?? '')).toBeCloseTo(active, 2);
        expect(describeViolations(`lignes (${size.name})`, await axeViolations(page))).toBe('');
        await page.screenshot({
          path: join(ARTIFACTS, `lignes-tous-plie-${size.name}.png`),
          fullPage: true,
        });

        // Narrowed to one participant's lines, the month's count stays in view beside them.
        const person = every.find((l) => l.participantId !== null)?.participantId as string;
        expect(every.filter((l) => l.participantId === person).length).toBeLessThan(every.length);
        await page.getByLabel('Participant').selectOption(person);
        await expect
          .poll(() => status.innerText())
          .toMatch(new RegExp(`\\(filtrées sur ${every.length} lignes · `));

        // One PLIE chosen: named in the heading.
        const first = plies.find((_, i) => (each[i]?.length ?? 0) > 0) as { name: string };
        await page.getByLabel('PLIE', { exact: true }).selectOption({ label: first.name });
        await page.getByRole('heading', { name: new RegExp(`— ${first.name}$`) }).waitFor();
        expect(errors).toEqual([]);
      });
    }
  },
);
