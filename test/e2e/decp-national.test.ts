import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REAL_DECP_RECORD } from '../fixtures/decp/records';
import {
  ARTIFACTS,
  axeViolations,
  chromiumAvailable,
  describeViolations,
  follow,
  type PagesUnderTest,
  SIZES,
  startPages,
} from '../support/browser';

// A metropolis takes its contracts out of a national file (issue 30), in the browser: its
// known buyer ticked, the file read in the background (over the test server's 20 KB), the
// preview's counts and its refusals grouped by reason, every refusal downloaded, then imported.

let pages: PagesUnderTest;

beforeAll(async () => {
  if (!chromiumAvailable) return;
  pages = await startPages();
}, 120_000);

afterAll(async () => {
  await pages?.close();
});

const METROPOLE = '24330031600011';

/** 300 records: Bordeaux Métropole's one in 20, of which a third lack a date, a third an id. */
function nationalFile(prefix: string): Buffer {
  const records = Array.from({ length: 300 }, (_, i) => {
    const record: Record<string, unknown> = {
      ...REAL_DECP_RECORD,
      id: `${prefix}-${i}`,
      acheteur: {
        id: i % 20 === 0 ? METROPOLE : `2150022210${String(1000 + (i % 7)).slice(0, 4)}`,
      },
      objet: `Entretien des espaces verts — secteur ${i}`,
    };
    if (i % 60 === 0) record.dateNotification = '31/12/2025';
    if (i % 60 === 20) delete record.id;
    return record;
  });
  return Buffer.from(JSON.stringify({ marches: { marche: records } }));
}

describe.runIf(chromiumAvailable)('a national DECP file in Chromium', { timeout: 120_000 }, () => {
  for (const size of SIZES) {
    it(`keeps the metropolis's contracts, refusals grouped and downloaded (${size.name})`, async () => {
      const { page, errors } = await pages.newPage(size.viewport);
      await pages.signIn(page, 'Achats / facilitateur');
      await follow(page, 'Marchés');
      await page.getByRole('link', { name: 'Importer des marchés (DECP)' }).click();
      await page.getByLabel(`Bordeaux Métropole (${METROPOLE})`).check();
      // The file is sent once: the import takes the upload its preview read.
      const sent: string[] = [];
      page.on('request', (request) => {
        const path = new URL(request.url()).pathname;
        if (request.method() !== 'GET' && /^\/api\/(contracts\/import|imports)/.test(path))
          sent.push(`${request.method()} ${path.replace(/imports\/[^/]+/, 'imports/{id}')}`);
      });
      await page.getByLabel('Fichier DECP').setInputFiles({
        name: `decp-national-${size.name}.json`,
        mimeType: 'application/json',
        buffer: nationalFile(`NAT-${size.name}`),
      });
      // Read in the background, nothing written: 15 of the metropolis, 10 of them refused.
      const preview = page.getByRole('region', { name: 'Aperçu avant import' });
      await preview
        .getByText(
          '5 marché(s) à créer, 0 à mettre à jour, 0 inchangé(s) ou ignoré(s), 10 enregistrement(s) refusé(s), 285 d’autres acheteurs laissé(s) de côté.',
        )
        .waitFor();
      const groups = preview.getByRole('region', { name: 'Enregistrements refusés par raison' });
      await groups
        .getByRole('row', { name: /dateNotification : date attendue .* 5 n° 1 \(NAT-/ })
        .waitFor();
      await groups.getByRole('row', { name: 'id : champ absent 5 n° 21' }).waitFor();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        preview.getByRole('button', { name: 'Télécharger les 10 refus (CSV)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`decp-national-${size.name}-refus.csv`);
      const lines = readFileSync(await download.path(), 'utf8')
        .trimEnd()
        .split('\r\n');
      expect(lines[0]).toBe('\uFEFFRang dans le fichier;Identifiant;Raison;Message');
      expect(lines).toHaveLength(11);
      expect(lines[2]).toBe('21;;id : champ absent;id : champ absent');
      expect(describeViolations('aperçu DECP national', await axeViolations(page))).toBe('');
      await page.screenshot({
        path: join(ARTIFACTS, `import-decp-national-apercu-${size.name}.png`),
        fullPage: true,
      });

      await page.getByRole('button', { name: 'Importer les marchés' }).click();
      await page
        .getByText(
          '5 marché(s) créé(s), 0 mis à jour, 0 inchangé(s) ou ignoré(s), 10 enregistrement(s) non importé(s), 285 d’autres acheteurs laissé(s) de côté.',
        )
        .waitFor();
      await page.getByRole('button', { name: 'Télécharger les 10 refus (CSV)' }).waitFor();
      expect(sent).toEqual(['POST /api/contracts/import/decp', 'POST /api/imports/{id}/import']);
      expect(describeViolations('import DECP national', await axeViolations(page))).toBe('');
      await page.screenshot({
        path: join(ARTIFACTS, `import-decp-national-${size.name}.png`),
        fullPage: true,
      });
      // Among the imports, the preview says it imported nothing.
      await follow(page, 'Imports');
      const file = `decp-national-${size.name}\\.json`;
      await page.getByRole('row', { name: new RegExp(`${file} Marchés \\(DECP\\)`) }).waitFor();
      const read = page.getByRole('row', {
        name: new RegExp(`${file} Aperçu d’un fichier DECP \\(rien d’importé\\)`),
      });
      await read.getByRole('link').click();
      await page
        .getByText('Aperçu, rien n’a été importé : 5 marché(s) à créer, 0 à mettre à jour')
        .waitFor();
      expect(errors).toEqual([]);
    });
  }
});
