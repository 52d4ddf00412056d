import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '#shared/domain/access';
import { mayOpen, pageAction, reservedTo } from '../../web/src/page-access';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  type PagesUnderTest,
  type RoleLabel,
  SIZES,
  usePages,
} from '../support/browser';

// Issue 29: pages a role cannot use are not reachable. For each role of a structure and the
// awardee: the navigation and the landing page link only to pages the role may use (the table
// of web/src/page-access.ts), and every other page, opened by its address, says whom it is
// reserved to — no form that would be refused on submit. A coordinator opening the hour entry
// is the case the issue names, looked at on a desktop and a phone.

const pagesOfFile = usePages();
let pages: PagesUnderTest;

beforeAll(() => {
  if (chromiumAvailable) pages = pagesOfFile();
});

const ID = '01JB9Z6Q4K8M2N5P7R9T1V3X5Z';
/** An address of every page of the router but the home. */
const ADDRESSES = [
  '#/marches',
  '#/marches/nouveau',
  `#/marches/${ID}`,
  `#/marches/${ID}/modifier`,
  `#/marches/${ID}/attestation`,
  '#/import-decp',
  '#/saisie',
  '#/heures',
  '#/releves',
  '#/releves/ST0123456789ABCDEF0123456789ABCD',
  '#/imports',
  `#/imports/${ID}`,
  '#/declarer',
  '#/plies',
  '#/plie/bordeaux',
  '#/participants',
  `#/participants/${ID}`,
  '#/conformite',
  '#/rapport',
  '#/bilan',
  '#/journal',
  '#/administration',
  '#/administration/criteres',
  '#/administration/export',
];

const WHO: [Role, RoleLabel, string | undefined][] = [
  ['admin', 'Administrateur', undefined],
  ['procurement', 'Achats / facilitateur', undefined],
  ['plie-coordinator', 'Coordinateur de PLIE', 'PLIE des Graves'],
  ['awardee', 'Titulaire', '41234567800012'],
];

/** The page's own links (navigation and main), to pages of the product. */
async function links(page: Page): Promise<string[]> {
  return page
    .locator('#nav a[href^="#/"], main a[href^="#/"]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
}

/**
 * Opens `href` and waits for the page it draws: the heading on the page before is marked, since
 * two refused pages may have the same heading and the hash changes before the page is drawn.
 */
async function open(page: Page, href: string): Promise<void> {
  await page.evaluate((hash) => {
    document.querySelector('main h1')?.setAttribute('data-before', '');
    location.hash = hash;
  }, href);
  await page.waitForFunction(
    () =>
      document.querySelector('main h1:not([data-before])') !== null &&
      document.querySelector('main [aria-busy="true"]') === null,
  );
}

describe.runIf(chromiumAvailable)('pages a role cannot use', { timeout: 240_000 }, () => {
  it('the router’s addresses are every page of the table', () => {
    expect(ROLES.length).toBe(6);
    for (const href of ADDRESSES) expect(pageAction(href.slice(1)), href).not.toBeNull();
  });

  for (const [role, label, of] of WHO) {
    it(`${label}: links to its pages only, and any other page says whom it is reserved to`, async () => {
      const { page, errors } = await pages.newPage();
      await pages.signIn(page, label, of);
      const home = await links(page);
      expect(home.length).toBeGreaterThan(1);
      expect(home.filter((href) => !mayOpen({ role }, href))).toEqual([]);
      const refused = ADDRESSES.filter((href) => !mayOpen({ role }, href));
      // Each role has pages it cannot use (an administrator: the awardee's declaration).
      expect(refused.length).toBeGreaterThan(0);
      for (const href of refused) {
        await open(page, href);
        const action = pageAction(href.slice(1)) as NonNullable<ReturnType<typeof pageAction>>;
        expect((await page.locator('main h1').textContent())?.trim(), `${label} ${href}`).toBe(
          reservedTo(action),
        );
        expect(await page.locator('main form').count(), `${label} ${href}`).toBe(0);
      }
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  for (const size of SIZES) {
    it(`a coordinator opening the hour entry reads that it is reserved — ${size.name}`, async () => {
      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Coordinateur de PLIE', 'PLIE des Graves');
      // No link to it.
      expect(await page.locator('#nav a[href="#/saisie"]').count()).toBe(0);
      await open(page, '#/saisie');
      await page
        .getByRole('heading', {
          name: 'Cette page est réservée aux administrateurs et aux facilitateurs (achats)',
          level: 1,
        })
        .waitFor();
      await page.getByText('Vous êtes connecté avec le rôle « Coordinateur de PLIE »').waitFor();
      expect(await page.getByLabel('Heures').count()).toBe(0);
      expect(await page.title()).toBe(
        'Cette page est réservée aux administrateurs et aux facilitateurs (achats) — clause-tracker',
      );
      const violations = await axeViolations(page);
      expect(violations, describeViolations(`page réservée (${size.name})`, violations)).toEqual(
        [],
      );
      await page.screenshot({
        path: join(ARTIFACTS, `page-reservee-${size.name}.png`),
        fullPage: true,
      });
      await page.getByRole('link', { name: 'Retour au tableau de bord' }).click();
      await page.waitForURL(/#\/(plie\/graves)?$/);
      expect(errors).toEqual([]);
    });
  }
});
