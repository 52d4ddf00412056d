import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_ACTION_LABELS } from '#shared/domain/change-log';
import { readXlsx } from '#shared/imports/xlsx';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  lastMonthInParis,
  type PagesUnderTest,
  SIZES,
  usePages,
} from '../support/browser';

// The change log as an audit trail (issue 29), desktop and phone: French actions and objects
// (no raw code, « PLIE des Graves » not « PLIE PLIE des Graves »), one entry for an import,
// the contract, month and PLIE each entry concerns, a setting's and a contract's before →
// after; the period and filters in the address, a period backwards refused in French; the
// exports hold the whole period as filtered, CSV as French Excel reads it and .xlsx. Axe: 0.

const pagesOfFile = usePages();
let pages: PagesUnderTest;
const SHOTS = join(ARTIFACTS, 'journal');
const CONTRACT = 'BM-GS-0117';
const MONTH = lastMonthInParis();

async function write(
  method: string,
  path: string,
  body: string,
  contentType: string,
  name = 'Claire Audit',
) {
  const { token } = (await fetch(`${pages.base}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // One simulated person per name: « Qui » lists people by their identifier.
    body: JSON.stringify({ role: 'admin', name, sub: name.toLowerCase().replace(/\W+/g, '-') }),
  }).then((r) => r.json())) as { token: string };
  const answer = await fetch(`${pages.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
  });
  if (!answer.ok) throw new Error(`${method} ${path}: ${await answer.text()}`);
  return answer.json();
}

beforeAll(async () => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  mkdirSync(SHOTS, { recursive: true });
  const json = 'application/json';
  // Someone who acted early in the period, then a hundred later entries: her entry is not on
  // the first page, and « Qui » offers her all the same.
  const recipients = (i: number) =>
    JSON.stringify({ emails: [`direction${i % 2}@bordeaux-metropole.example`] });
  await write('PUT', '/api/settings/report-recipients', recipients(1), json, 'Bruno Ancien');
  for (let i = 0; i < 100; i += 1)
    await write('PUT', '/api/settings/report-recipients', recipients(i), json);
  await write('PUT', '/api/settings/reminders', JSON.stringify({ day: 12 }), json);
  const contracts = await pages.read('admin', '/api/contracts?limit=500');
  const contract = contracts.items.find((c: { reference: string }) => c.reference === CONTRACT);
  await write(
    'PATCH',
    `/api/contracts/${contract.id}`,
    JSON.stringify({ title: 'Grande salle de spectacle — gros œuvre et charpente' }),
    json,
  );
  await write(
    'POST',
    '/api/hours/import',
    `contract_reference;plie_id;participant_ref;month;hours;mode\r\n${CONTRACT};graves;;${MONTH};3,5;geiq\r\n${CONTRACT};bordeaux;;${MONTH};4,25;geiq\r\n`,
    'text/csv; charset=utf-8',
  );
}, 60_000);

// The screen as seen (the journal's full page is 100 rows long).
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

const actionsShown = (page: Page) => page.locator('table tbody .change-action').allTextContents();

describe.runIf(chromiumAvailable)('the change log’s pages', { timeout: 240_000 }, () => {
  for (const size of SIZES) {
    it(`shows the journal in French with its filters and exports (${size.name})`, async () => {
      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Administrateur');
      await page.goto(`${pages.base}/#/journal`);
      await page.getByRole('heading', { name: 'Journal des modifications', level: 1 }).waitFor();
      await page.locator('table tbody tr').first().waitFor();
      // The demo's typed lines are more than a page: the first 100, and a button for the rest.
      await page.getByText(/^100 premières modifications du /).waitFor();

      // Every action in French: no raw code, each a label of the table of labels.
      const labels = new Set<string>(Object.values(CHANGE_ACTION_LABELS));
      const actions = await actionsShown(page);
      expect(actions.filter((a) => !labels.has(a))).toEqual([]);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).not.toMatch(/PLIE PLIE/);
      for (const code of ['validated', 'submit', 'rejected', 'imported', 'invite-awardee'])
        expect(actions).not.toContain(code);

      // The import: one entry, naming its contract, month and PLIEs.
      const imports = page.getByRole('row', { name: /Relevé importé/ });
      expect(await imports.count()).toBe(1);
      const importText = (await imports.textContent()) ?? '';
      expect(importText).toContain(
        `${CONTRACT} — Grande salle de spectacle — gros œuvre et charpente`,
      );
      expect(importText).toContain('PLIE des Graves');
      expect(importText).toContain('PLIE de Bordeaux');
      // Before → after, in French.
      const reminders = page.getByRole('row', { name: /relances des titulaires/ });
      expect(await reminders.textContent()).toContain('Jour des relances : 5 → 12');
      const edit = page.getByRole('row', { name: /Modification — Marché BM-GS-0117/ });
      expect(await edit.textContent()).toContain(
        'Intitulé : Grande salle de spectacle — lot gros œuvre → Grande salle de spectacle — gros œuvre et charpente',
      );
      expect(await edit.textContent()).toContain('Claire Audit');
      expect(describeViolations(`journal (${size.name})`, await axeViolations(page))).toBe('');
      await shot(page, `journal-${size.name}`);
      await imports.scrollIntoViewIfNeeded();
      await shot(page, `journal-import-${size.name}`);

      // The next page, appended.
      await page.getByRole('button', { name: 'Afficher les 100 suivantes' }).click();
      await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length > 100);

      // A period backwards: said in French, nothing asked.
      const from = page.getByLabel('Du', { exact: true });
      await from.fill('2026-06-30');
      await page.getByLabel('Au', { exact: true }).fill('2026-06-01');
      await page.getByRole('button', { name: 'Afficher', exact: true }).click();
      await page.getByText('La date de début doit précéder la date de fin.').waitFor();
      expect(await from.getAttribute('aria-invalid')).toBe('true');
      await page.reload();
      await page.locator('table tbody tr').first().waitFor();

      // Filters: an action and a contract, kept in the address.
      await page.getByLabel('Action').selectOption({ label: 'Relevé importé' });
      await page.getByLabel('Marché').selectOption({
        label: `${CONTRACT} — Grande salle de spectacle — gros œuvre et charpente`,
      });
      await page.getByRole('button', { name: 'Afficher', exact: true }).click();
      await page.waitForFunction(() => location.hash.includes('action=imported'));
      await page.getByText(/^1 modification du /).waitFor();
      expect(await actionsShown(page)).toEqual(['Relevé importé']);
      expect(describeViolations(`journal filtré (${size.name})`, await axeViolations(page))).toBe(
        '',
      );
      await shot(page, `journal-filtre-${size.name}`);

      // Exports: the period as filtered, CSV with `;` and French headers, and .xlsx.
      const [csv] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'CSV' }).click(),
      ]);
      const content = readFileSync(await csv.path(), 'utf8');
      expect(content.startsWith('\uFEFF')).toBe(true);
      const lines = content.slice(1).trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'Date et heure;Qui;Rôle;Action;Objet;Concerne;Avant → après;Motif;Identifiant de l’objet',
      );
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(';Claire Audit;Administrateur;Relevé importé;Relevé;');
      const [workbook] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Excel (.xlsx)' }).click(),
      ]);
      const sheet = readXlsx(new Uint8Array(readFileSync(await workbook.path())));
      expect(sheet.header[0]).toBe('Date et heure');

      // « Qui » offers everyone who acted in the period, not only the people of the page shown.
      await page.getByLabel('Action').selectOption({ label: 'Toutes' });
      await page.getByLabel('Marché').selectOption({ label: 'Tous' });
      await page.getByRole('button', { name: 'Afficher', exact: true }).click();
      await page.waitForFunction(() => !location.hash.includes('action='));
      await page.getByText(/^100 premières modifications du /).waitFor();
      expect(await page.locator('table tbody').textContent()).not.toContain('Bruno Ancien');
      const who = page.getByLabel('Qui');
      expect(await who.locator('option').allTextContents()).toEqual(
        expect.arrayContaining(['Tout le monde', 'Bruno Ancien', 'Claire Audit']),
      );
      await who.selectOption({ label: 'Bruno Ancien' });
      await page.getByRole('button', { name: 'Afficher', exact: true }).click();
      await page.getByText(/^1 modification du /).waitFor();
      expect(await page.locator('table tbody').textContent()).toContain('Bruno Ancien');
      // Chosen, the others are still offered.
      expect(await page.getByLabel('Qui').locator('option').allTextContents()).toContain(
        'Claire Audit',
      );
      expect(describeViolations(`journal, qui (${size.name})`, await axeViolations(page))).toBe('');
      await shot(page, `journal-qui-${size.name}`);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
