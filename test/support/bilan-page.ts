import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Bilan, HoursRow } from '#shared/domain/bilan';

// What the page « Bilan » shows, read as a user reads it and checked against the API's bilan
// (test/e2e/bilan.test.ts): every key figure, breakdown, chart's table and bar, in French.

/** Text as read, whatever spaces French formatting put in (narrow no-break ones). */
export const plain = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
export const french = (n: number, digits: number, min = 0) =>
  plain(n.toLocaleString('fr-FR', { minimumFractionDigits: min, maximumFractionDigits: digits }));
export const hoursText = (n: number) => `${french(n, 2)} h`;
export const pctText = (share: number) => `${french(share * 100, 1)} %`;

/** A key figure's value, by its label. */
export async function figure(page: Page, label: string): Promise<string> {
  const box = page.locator('.figure').filter({ has: page.getByText(label, { exact: true }) });
  // The value, then what it is made of when the page says it.
  return plain(
    `${await box.locator('strong').textContent()}${(await box.locator('.detail').count()) ? await box.locator('.detail').textContent() : ''}`,
  );
}

/** A table's rows as read: each cell's text (folded away in a `<details>` too). */
export async function rowsOf(page: Page, region: string): Promise<string[][]> {
  const rows = await page
    .getByRole('region', { name: region, includeHidden: true })
    .locator('tbody tr')
    .all();
  return Promise.all(
    rows.map(async (r) => (await r.locator('th, td').allTextContents()).map(plain)),
  );
}

const breakdownRows = (rows: HoursRow[], total: number) =>
  rows.map((r) => [r.label, hoursText(r.hours), total ? pctText(r.hours / total) : '—']);

/** Every figure of the page against the API's bilan. */
export async function expectFigures(page: Page, bilan: Bilan): Promise<void> {
  const { hours, people, contracts, outcomes } = bilan;
  expect(await figure(page, 'Heures réalisées')).toBe(hoursText(hours.realised));
  expect(await figure(page, 'Heures exigées dans l’année (au prorata)')).toBe(
    hoursText(hours.required),
  );
  expect(await figure(page, 'Équivalents temps plein')).toBe(`${french(hours.fte, 1, 1)} ETP`);
  const tables: [string, HoursRow[], boolean][] = [
    ['Par modalité', hours.byMode, true],
    ['Par type de marché', hours.byKind, true],
    ['Par acheteur (donneur d’ordre)', hours.byBuyer, bilan.scope.buyerSiret === null],
    ['Par entreprise titulaire', hours.byAwardee, true],
    ['Par métier (division CPV)', hours.byCpvDivision, true],
    ['Par PLIE', hours.byPlie, bilan.scope.plieId === null],
  ];
  for (const [title, rows, shown] of tables) {
    const region = page.getByRole('region', { name: `${title} — heures` });
    if (!shown) expect(await region.count(), title).toBe(0);
    else
      expect(await rowsOf(page, `${title} — heures`), title).toEqual(
        breakdownRows(rows, hours.realised),
      );
  }
  // The month chart: stacked bars drawn, its figures in the table beside.
  const chartTitle = `Heures réalisées par mois et par modalité en ${bilan.year}`;
  expect(await page.getByRole('img', { name: chartTitle }).locator('rect').count()).toBeGreaterThan(
    0,
  );
  const months = await rowsOf(page, chartTitle);
  expect(months.map((m) => m.at(-1))).toEqual(hours.byMonth.map((m) => hoursText(m.hours)));

  expect(await figure(page, 'Participants (personnes distinctes)')).toBe(french(people.count, 0));
  expect(await figure(page, 'Heures des lignes sans participant nommé')).toContain(
    hoursText(people.linesWithoutParticipant.hours),
  );
  expect(await figure(page, 'Résidents d’un quartier prioritaire (QPV)')).toBe(
    `${french(people.qpv.people, 0)} (${pctText(people.qpv.share)})`,
  );
  for (const [caption, rows] of [
    ['Par sexe', people.bySex],
    ['Par tranche d’âge à l’entrée', people.byAgeBand],
    [/^Par critère d’éligibilité/, people.byEligibility],
  ] as const) {
    const bars = page.getByRole('figure', { name: caption });
    expect((await bars.getByRole('listitem').allTextContents()).map(plain)).toEqual(
      rows.map(
        (r) =>
          `${r.label}${french(r.people, 0)} personne${r.people > 1 ? 's' : ''} · ${hoursText(r.hours)}`,
      ),
    );
  }

  expect(await figure(page, 'Marchés en cours dans l’année')).toBe(french(contracts.running, 0));
  expect(await figure(page, 'Avec une clause sociale')).toBe(french(contracts.withClause, 0));
  expect(await figure(page, 'Réservés')).toBe(french(contracts.reserved, 0));
  expect(await figure(page, 'Entreprises titulaires')).toBe(french(contracts.companies, 0));
  expect(await figure(page, 'Acheteurs')).toBe(french(contracts.buyers, 0));
  expect(await figure(page, 'Taux de réalisation')).toBe(
    `${contracts.required ? pctText(contracts.realisedRate) : '—'}${hoursText(contracts.realised)} réalisées pour ${hoursText(contracts.required)} exigées`,
  );
  const social = contracts.withSocialConsideration;
  expect(await figure(page, 'Marchés notifiés dans l’année avec une considération sociale')).toBe(
    `${social.notified ? pctText(social.share) : '—'}${french(social.contracts, 0)} sur ${french(social.notified, 0)} marché${social.notified > 1 ? 's' : ''} notifié${social.notified > 1 ? 's' : ''}`,
  );
  const contractRows = await rowsOf(page, 'Heures exigées et réalisées, marché par marché');
  expect(contractRows.map((r) => [r[0]?.split(' ')[0], r[4], r[5]])).toEqual(
    contracts.rows.map((r) => [r.reference, hoursText(r.required), hoursText(r.realised)]),
  );

  expect(await figure(page, 'Sorties')).toBe(french(outcomes.exits, 0));
  expect(await figure(page, 'Sorties positives')).toBe(french(outcomes.positive, 0));
  expect(await figure(page, 'Taux de sorties positives')).toBe(
    outcomes.exits - outcomes.neutral ? pctText(outcomes.positiveRate) : '—',
  );
  expect((await rowsOf(page, 'Sorties par groupe')).map((r) => r.slice(0, 2))).toEqual(
    outcomes.byGroup.map((g) => [g.label, french(g.exits, 0)]),
  );
}

/** The PDF's title (Chromium writes the document's, as UTF-16 in hexadecimal). */
export function pdfTitle(pdf: Buffer): string {
  const hex = /\/Title\s*<FEFF([0-9A-F]*)>/i.exec(pdf.toString('latin1'))?.[1] ?? '';
  return Buffer.from(hex, 'hex').swap16().toString('utf16le');
}
