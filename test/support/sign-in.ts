import type { Page } from 'playwright-core';
import { ROLE_LABELS, type Role, STRUCTURE_ROLES } from '#shared/domain/access';

// Signing in to the pages under test (test/support/browser.ts): through the local sign-in form
// as a user does, or without it — the form's dev token put where the pages keep it — for the
// tests that are not about signing in (a sign-in through the form costs about 0.2 s more).

export type RoleLabel =
  | 'Administrateur'
  | 'Achats / facilitateur'
  | 'Coordinateur de PLIE'
  | 'Titulaire'
  | 'Opérateur de la plateforme'
  | 'Observatoire';

/** The sign-ins to the app at `base` (its local mode, with dev tokens). */
export function signInsTo(base: string) {
  async function signInWithForm(page: Page, role: RoleLabel, of?: string, structure?: string) {
    // From the form a test already looked at, or from the start.
    if (!(await page.getByText('Mode local.').isVisible())) {
      await page.goto(`${base}/`);
      await page.getByText('Mode local.').waitFor();
    }
    await page.getByRole('radio', { name: role }).check();
    if (structure)
      await page.getByLabel('Structure', { exact: true }).selectOption({ label: structure });
    if (of && role === 'Titulaire')
      await page.getByLabel('SIRET de l’entreprise (pour un titulaire)').fill(of);
    else if (of) await page.getByLabel('PLIE (pour un coordinateur)').selectOption({ label: of });
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await signedIn(page);
  }

  /** The structures' ids by name, and each structure's PLIEs' ids by name, as the form lists them. */
  const tenantIds = new Map<string, string>();
  const plieIds = new Map<string, Promise<Map<string, string>>>();

  async function tenantOf(structure: string): Promise<string> {
    if (!tenantIds.has(structure)) {
      // Read again when a name is missing: a test may have made the structure since.
      const { items } = (await fetch(`${base}/dev/tenants`).then((r) => r.json())) as {
        items: { id: string; name: string }[];
      };
      for (const t of items) tenantIds.set(t.name, t.id);
    }
    const id = tenantIds.get(structure);
    if (!id) throw new Error(`No structure named ${structure}`);
    return id;
  }

  /** The PLIE of this name, or with none the form's first choice (the list's first PLIE). */
  async function plieOf(name: string | undefined, tenant: string | undefined): Promise<string> {
    const key = tenant ?? '';
    let ids = plieIds.get(key);
    if (!ids) {
      ids = devToken({ role: 'procurement', ...(tenant ? { tenant } : {}) })
        .then((token) =>
          fetch(`${base}/api/plies`, { headers: { authorization: `Bearer ${token}` } }),
        )
        .then((r) => r.json() as Promise<{ items: { id: string; name: string }[] }>)
        .then(({ items }) => new Map(items.map((p) => [p.name, p.id])));
      plieIds.set(key, ids);
    }
    const known = await ids;
    const id = name === undefined ? known.values().next().value : known.get(name);
    if (!id) throw new Error(name === undefined ? 'No PLIE' : `No PLIE named ${name}`);
    return id;
  }

  async function devToken(claims: Record<string, string>): Promise<string> {
    const response = await fetch(`${base}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(claims),
    });
    if (!response.ok) throw new Error(`dev token: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { token: string }).token;
  }

  /** Each sign-in's own mark in the page's sessionStorage: its token is put in once. */
  let signIns = 0;
  async function signIn(page: Page, label: RoleLabel, of?: string, structure?: string) {
    // What the form asks POST /dev/token for (web/src/pages/signin.ts, auth.ts signInLocally).
    const role = ROLE_OF[label];
    const tenant =
      structure && STRUCTURE_ROLES.includes(role) ? await tenantOf(structure) : undefined;
    const plieId = role === 'plie-coordinator' ? await plieOf(of, tenant) : undefined;
    const token = await devToken({
      role,
      ...(tenant ? { tenant } : {}),
      ...(plieId ? { plieId } : {}),
      ...(of && role === 'awardee' ? { siret: of.replace(/\s/g, '') } : {}),
    });
    // Where the form sends a user once signed in (web/src/main.ts).
    const landing = plieId ? `#/plie/${plieId}` : '#/';
    // The token is read by the pages' script as it starts: put in by a script that runs first
    // in the next document of this origin, once (a later sign-out stays signed out). A page
    // already in the app leaves it first, so that the address below makes a new document.
    if (page.url().startsWith(base)) await page.goto('about:blank');
    await page.addInitScript(
      ({ origin, key, value, once }) => {
        if (location.origin !== origin || sessionStorage.getItem(once)) return;
        sessionStorage.setItem(once, '1');
        sessionStorage.setItem(key, value);
      },
      { origin: base, key: SESSION_KEY, value: token, once: `e2e-sign-in-${++signIns}` },
    );
    await page.goto(`${base}/${landing}`);
    await signedIn(page);
  }

  return { signIn, signInWithForm };
}

/** Where the pages keep the signed-in token (web/src/auth.ts), for the sign-in without form. */
const SESSION_KEY = 'clause-tracker.session';

/** The role each label of the sign-in form stands for (shared/domain/access.ts ROLE_LABELS). */
const ROLE_OF = Object.fromEntries(
  Object.entries(ROLE_LABELS).map(([role, label]) => [label, role as Role]),
) as Record<RoleLabel, Role>;

/** Signed in once the navigation is drawn and the landing page has its heading. */
async function signedIn(page: Page): Promise<void> {
  await page.locator('#nav a').first().waitFor({ state: 'attached' });
  await page.waitForFunction(
    () =>
      document.querySelector('main h1') !== null &&
      document.querySelector('main h1')?.textContent !== 'Connexion',
  );
}
