import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Role } from '#shared/domain/access';
import { lastParisMonth } from '#shared/domain/calendar';
import { createApp } from '#shared/http/app';
import { devTokenClaims } from '#shared/http/auth';
import { localAdministratorInviter, localInviter } from '#shared/identity/inviters';
import { localImportJobs } from '#shared/jobs/local-jobs';
import type { Stores } from '#shared/store/index';
import { buildWeb } from '../../web/build.mjs';
import { createDemoTable } from './demo-template';
import type { TestTable } from './dynamo';
import { type RoleLabel, signInsTo } from './sign-in';

export type { RoleLabel } from './sign-in';

// The pages in a real browser (Debian's Chromium driven by playwright-core), served by the
// real app on a real port, over the demo data in DynamoDB Local. Each browser test file starts
// its own app and browser, so that files run side by side without sharing state.

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;
export const chromiumAvailable = existsSync(CHROMIUM);
if (!chromiumAvailable && process.env.CI)
  throw new Error(`Chromium is required in CI (${CHROMIUM}): apt-get install -y chromium`);

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** The two sizes every task is done at: a desktop screen and a phone held upright. */
export const SIZES = [
  { name: 'ordinateur', viewport: DESKTOP, phone: false },
  { name: 'telephone', viewport: PHONE, phone: true },
] as const;
export type Size = (typeof SIZES)[number];

/**
 * Follows a link of the navigation as a user does: on a phone the navigation is folded under
 * the "Menu" button, which is opened first.
 */
export async function follow(page: Page, link: string): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
}

/** From the contracts, the DECP import page, with the published records fixture chosen. */
export async function chooseDecpFile(page: Page): Promise<void> {
  await follow(page, 'Marchés');
  await page.getByRole('link', { name: 'Importer des marchés (DECP)' }).click();
  await page.getByLabel('Fichier DECP').setInputFiles({
    name: 'decp-2019.json',
    mimeType: 'application/json',
    buffer: readFileSync(new URL('../fixtures/decp/published-records.json', import.meta.url)),
  });
}

/** Opens a folded `<details>` by its summary (on a phone, filters fold away), if it is closed. */
export async function unfold(page: Page, summary: string): Promise<void> {
  const details = page.locator('details', { has: page.getByText(summary, { exact: true }) });
  if (!(await details.evaluate((d) => (d as HTMLDetailsElement).open)))
    await details.getByText(summary, { exact: true }).click();
}

export interface PagesUnderTest {
  base: string;
  stores: Stores;
  browser: Browser;
  newPage(viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
  /**
   * Signs `page` in as the local sign-in form would, without the form: the form's dev token,
   * put where the pages keep it, and the page the form lands on (`#/`, a coordinator's
   * `#/plie/<id>`). `of`: the coordinator's PLIE (its name), or the awardee's SIRET;
   * `structure`: the name of the structure a structure role signs in to (none: the one the form
   * proposes, `default`). The tests about signing in use `signInWithForm`.
   */
  signIn(page: Page, role: RoleLabel, of?: string, structure?: string): Promise<void>;
  /** The same, through the local sign-in form, as a user does (from a page not signed in). */
  signInWithForm(page: Page, role: RoleLabel, of?: string, structure?: string): Promise<void>;
  /** Reads the API as `role` (a dev token; of structure `tenant`), to check what the pages did. */
  read(role: Role, path: string, tenant?: string): Promise<any>;
  close(): Promise<void>;
}

/** The app and browser of this test file: started before its tests, closed after. */
export function usePages(): () => PagesUnderTest {
  let pages: PagesUnderTest | undefined;
  beforeAll(async () => {
    if (chromiumAvailable) pages = await startPages();
  }, 120_000);
  afterAll(async () => {
    await pages?.close();
  });
  return () => {
    if (!pages) throw new Error('The pages are not started (no Chromium?)');
    return pages;
  };
}

/** Starts the app over the demo data and a Chromium to drive it. */
export async function startPages(): Promise<PagesUnderTest> {
  // The browser, the pages and the demo data (both structures, as `npm start` loads them,
  // copied from the run's template) made at once: each waits on another process.
  const launching = chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--lang=fr-FR',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Its failure is told where it is awaited, or not at all if the others failed first.
  launching.catch(() => {});
  let table: TestTable;
  let pages: Awaited<ReturnType<typeof buildWeb>>;
  try {
    [table, pages] = await Promise.all([
      createDemoTable(),
      buildWeb(mkdtempSync(join(tmpdir(), 'pages-'))),
    ]);
  } catch (error) {
    await launching.then((browser) => browser.close()).catch(() => {});
    throw error;
  }
  const secret = 'e2e-secret';
  // The server's address is known once it listens: the invitations' links are made then.
  let base = '';
  const app = createApp({
    inviter: { invite: (contact) => localInviter(base, () => {}).invite(contact) },
    adminInviter: {
      inviteAdministrator: (invitee) =>
        localAdministratorInviter(base, () => {}).inviteAdministrator(invitee),
    },
    stores: table.registry,
    authenticator: devTokenClaims(secret),
    devTokenSecret: secret,
    pages: { dir: pages.outdir, config: { mode: 'dev' } },
    logError: (error) => console.error(error),
    // Files over 20 KB become jobs here, so that the pages follow a few of them.
    imports: localImportJobs(table.registry, mkdtempSync(join(tmpdir(), 'ct-e2e-uploads-')), {
      inlineMaxBytes: 20_000,
    }),
    maxImportBytes: 100 * 1024 * 1024,
  });
  const server: ServerType = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await launching;
  mkdirSync(ARTIFACTS, { recursive: true });

  async function newPage(viewport = DESKTOP) {
    const context = await browser.newContext({
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      viewport,
      ...(viewport.width < 500 ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
    });
    const page = await context.newPage();
    if (viewport.width < 500) {
      // A phone's screenshots at its CSS size (390 px wide), unless a test asks otherwise: at
      // its device scale (2) they had four times the pixels, and encoding those was a third of
      // the accessibility walk's time. What they show is the same.
      const screenshot = page.screenshot.bind(page);
      page.screenshot = (options?: Parameters<Page['screenshot']>[0]) =>
        screenshot({ scale: 'css', ...options });
    }
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    // Chromium logs every 4xx answer; the ones a test provokes on purpose are not page errors.
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of (400|403|404|409|422)/.test(message.text()))
        errors.push(message.text());
    });
    return { page, errors };
  }

  const { signIn, signInWithForm } = signInsTo(base);

  async function read(role: Role, path: string, tenant?: string) {
    const { token } = (await fetch(`${base}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        role,
        ...(tenant ? { tenant } : {}),
        ...(role === 'plie-coordinator' ? { plieId: 'graves' } : {}),
      }),
    }).then((r) => r.json())) as { token: string };
    return fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } }).then((r) =>
      r.json(),
    );
  }

  return {
    base,
    stores: table.stores,
    browser,
    newPage,
    signIn,
    signInWithForm,
    read,
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/**
 * How many tables of the page are wider than their box without saying so (on a phone: the bar
 * « Tableau plus large que l’écran » above them, their edge shaded; web/src/table-scroll.ts).
 */
export function unannouncedWideTables(page: Page): Promise<number> {
  return page
    .locator('main .table-wrap')
    .evaluateAll(
      (wraps) =>
        wraps.filter((w) => w.scrollWidth > w.clientWidth + 1 && !w.classList.contains('scrolls'))
          .length,
    );
}

/** The month that just ended, in Paris: the one statements are sent for. */
export function lastMonthInParis(): string {
  return lastParisMonth(new Date());
}

const AXE_SOURCE = readFileSync(
  new URL('../../node_modules/axe-core/axe.min.js', import.meta.url),
  'utf8',
);

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core's WCAG 2.1 A and AA rules on the page as it is now. The engine goes in through
 * the DevTools protocol (page.evaluate), so the page's CSP, which refuses inline scripts, stays on.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Put in once per document (half a megabyte to compile, an eighth of a second each time on a
  // loaded machine): the pages change by the address's fragment, which keeps the document.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: AxeEngine }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      // Every rule still runs and every violation is told in full; the passes and the
      // undecided, unread here, are not described node by node (axe's own speed-up).
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    }));
  });
}

interface AxeEngine {
  run(
    context: Document,
    options: object,
  ): Promise<{
    violations: {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[]; failureSummary?: string }[];
    }[];
  }>;
}

/** A readable account of violations, for the assertion message. */
export function describeViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}\n  ${v.nodes.slice(0, 5).join('\n  ')}`)
    .join('\n');
}

/** Presses Tab until the focused element has this accessible label or text (at most 80 times). */
export async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return '';
      const label = el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : '';
      return `${label ?? ''} ${el.getAttribute('aria-label') ?? ''} ${el.textContent ?? ''}`;
    });
    if (name.test(focused)) return;
  }
  throw new Error(`Nothing focusable named ${name}`);
}
