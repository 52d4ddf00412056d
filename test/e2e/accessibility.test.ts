import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  DESKTOP,
  describeViolations,
  lastMonthInParis,
  type PagesUnderTest,
  PHONE,
  type RoleLabel,
  usePages,
} from '../support/browser';

// Every page, for every role, on a desktop and on a phone: axe-core's WCAG 2.1 A and AA rules
// find nothing, each page has its own title, the navigation offers only what the role may do
// (no link leads to a refusal), and a screenshot of each is written for people to look at.

/** The company holding the demo's cleaning contract. */
const AWARDEE = '74567890100042';

const pagesOfFile = usePages();
let pages: PagesUnderTest;

beforeAll(async () => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  // One awardee's statement waiting for validation, so that its pages are checked too.
  const contracts = await pages.read('procurement', '/api/contracts?limit=500');
  const contract = contracts.items.find(
    (c: { reference: string }) => c.reference === 'BM-NET-0131',
  );
  const { token } = await fetch(`${pages.base}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: 'awardee', siret: AWARDEE }),
  }).then((r) => r.json() as Promise<{ token: string }>);
  const submitted = await fetch(`${pages.base}/api/statements`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      contractId: contract.id,
      month: lastMonthInParis(),
      lines: [{ description: 'Agent d’entretien, embauché le 2', hours: 35, mode: 'direct-hire' }],
    }),
  });
  if (submitted.status !== 201) throw new Error(`statement: ${await submitted.text()}`);
});

const ROLES: [RoleLabel, string | undefined, string][] = [
  ['Achats / facilitateur', undefined, 'achats'],
  ['Administrateur', undefined, 'admin'],
  ['Coordinateur de PLIE', 'PLIE des Graves', 'coordinateur'],
  ['Titulaire', AWARDEE, 'titulaire'],
  ['Opérateur de la plateforme', undefined, 'operateur'],
  ['Observatoire', undefined, 'observatoire'],
];

const PUBLIC = ['#/mentions-legales', '#/donnees-personnelles', '#/accessibilite'];

async function whenDrawn(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('main h1') !== null &&
      document.querySelector('main [aria-busy="true"]') === null,
  );
}

/**
 * The routes a role reaches: its navigation, and the pages those link to — one of each kind
 * (one contract, one import), so that every new page is checked as soon as it is linked. Each
 * is handed to `check` as it is found, drawn, so that it is loaded once on the way.
 */
async function routesOf(page: Page, check: (route: string) => Promise<void>): Promise<string[]> {
  const nav = await page
    .locator('#nav a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const kindOf = (href: string) =>
    (href.split('?')[0] ?? href).replace(/\/[0-9A-Z]{26}\b|\/[a-z0-9-]+-[0-9a-f]{6,}/g, '/:id');
  const kinds = new Map<string, string>(nav.map((route) => [kindOf(route), route]));
  // Breadth first through the pages' own links, one page of each kind.
  const queue = [...nav];
  for (let route = queue.shift(); route !== undefined; route = queue.shift()) {
    await page.goto(`${pages.base}/${route}`);
    await whenDrawn(page);
    const linked = await page
      .locator('main a[href^="#/"]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    for (const href of linked) {
      if (kinds.has(kindOf(href))) continue;
      kinds.set(kindOf(href), href);
      queue.push(href);
    }
    // The one checked of its kind (two links of the navigation may be of one kind).
    if (kinds.get(kindOf(route)) === route) await check(route);
  }
  const checked = [...kinds.values()];
  for (const route of PUBLIC.filter((route) => !checked.includes(route))) {
    await page.goto(`${pages.base}/${route}`);
    await whenDrawn(page);
    await check(route);
  }
  return [...new Set([...checked, ...PUBLIC])];
}

const slug = (route: string) =>
  route
    .replace(/^#\//, '')
    .replace(/[0-9A-Z]{26}/g, 'fiche')
    .replace(/[^\w-]+/g, '-')
    .replace(/-+$/, '') || 'accueil';

describe.runIf(chromiumAvailable)('every page, for every role', () => {
  for (const [role, plie, name] of ROLES) {
    // The roles side by side, each in its own browser contexts; the platform's operator and
    // the observatory (one page each) after them, so as not to crowd them.
    (name === 'operateur' || name === 'observatoire' ? it : it.concurrent)(
      `passes axe-core with its own title, on desktop and phone — ${role}`,
      async ({ expect }) => {
        const found: string[] = [];
        const routes: string[] = [];
        const landings: string[] = [];
        for (const [viewport, size] of [
          ['ordinateur', DESKTOP],
          ['telephone', PHONE],
        ] as const) {
          const { page, errors } = await pages.newPage(size);
          if (viewport === 'telephone') {
            // On the phone through the local sign-in form, as a user does: the form, with this
            // role chosen, passes axe-core too, and lands where the desktop's sign-in without
            // the form did (the other tests' way): the same address, heading and navigation.
            await page.goto(`${pages.base}/`);
            await page.getByText('Mode local.').waitFor();
            await page.getByRole('radio', { name: role }).check();
            const violations = await axeViolations(page);
            if (violations.length)
              found.push(describeViolations(`connexion (${viewport})`, violations));
            await pages.signInWithForm(page, role, plie);
          } else await pages.signIn(page, role, plie);
          landings.push(
            [
              new URL(page.url()).hash,
              await page.locator('main h1').first().textContent(),
              ...(await page.locator('#nav a').allTextContents()),
            ].join(' | '),
          );
          /** The page as drawn at `route`: its heading, title, axe-core, a screenshot. */
          const check = async (route: string) => {
            const heading = (await page.locator('main h1').first().textContent())?.trim() ?? '';
            expect(heading, `${route} for ${role}`).not.toMatch(/pas ouverte|pas pu|introuvable/i);
            expect(await page.title()).toBe(`${heading} — clause-tracker`);
            const violations = await axeViolations(page);
            if (violations.length)
              found.push(describeViolations(`${route} (${viewport})`, violations));
            await page.screenshot({
              path: join(ARTIFACTS, 'pages', `${name}-${slug(route)}-${viewport}.png`),
              fullPage: true,
            });
          };
          // On the desktop, each route checked as the walk through the links finds it; on the
          // phone, the same routes.
          if (!routes.length) routes.push(...(await routesOf(page, check)));
          else
            for (const route of routes) {
              await page.goto(`${pages.base}/${route}`);
              await whenDrawn(page);
              await check(route);
            }
          expect(errors).toEqual([]);
          await page.context().close();
        }
        expect(found.join('\n')).toBe('');
        expect(landings[1], 'signed in by the form (telephone)').toBe(landings[0]);
        expect(routes.length).toBeGreaterThan(PUBLIC.length);
      },
      240_000,
    );
  }

  it('gives each role a navigation of its own', async () => {
    const navs: Record<string, string[]> = {};
    for (const [role, plie, name] of ROLES) {
      const { page } = await pages.newPage();
      await pages.signIn(page, role, plie);
      navs[name] = await page.locator('#nav a').allTextContents();
      await page.context().close();
    }
    expect(navs.achats).toContain('Saisir des heures');
    expect(navs.coordinateur).not.toContain('Saisir des heures');
    expect(navs.coordinateur).toContain('Mon PLIE');
    expect(navs.achats).not.toContain('Mon PLIE');
    // An awardee is offered its own contracts and statements, nothing of the buyer's.
    expect(navs.titulaire).toEqual(['Mes marchés et relevés', 'Déclarer des heures']);
    // The platform's operator: its structures, none of a structure's pages.
    expect(navs.operateur).toEqual(['Structures']);
    // The observatory: its consolidation only.
    expect(navs.observatoire).toEqual(['Observatoire']);
  }, 60_000);

  it('sends a report email that passes axe-core too', async () => {
    const { page } = await pages.newPage();
    const token = await fetch(`${pages.base}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"role":"procurement"}',
    }).then((r) => r.json() as Promise<{ token: string }>);
    const html = await fetch(
      `${pages.base}/api/reports/monthly/${lastMonthInParis()}?format=html`,
      { headers: { authorization: `Bearer ${token.token}` } },
    ).then((r) => r.text());
    expect(html).toContain('<html');
    await page.setContent(html);
    const violations = await axeViolations(page);
    expect(describeViolations('rapport (courriel)', violations)).toBe('');
    await page.screenshot({
      path: join(ARTIFACTS, 'pages', 'courriel-rapport.png'),
      fullPage: true,
    });
    await page.setViewportSize(PHONE);
    await page.screenshot({
      path: join(ARTIFACTS, 'pages', 'courriel-rapport-telephone.png'),
      fullPage: true,
    });
  }, 60_000);
});
