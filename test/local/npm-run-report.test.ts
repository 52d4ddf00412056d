import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterAll, describe, expect, it } from 'vitest';
import { frenchMonth, lastParisMonth } from '#shared/domain/calendar';
import { freePort } from '../../infra/local/ports';

// `npm run report -- <last month>` on a fresh DATA_DIR: it starts DynamoDB Local, loads the
// demo data (two structures, two years of hours up to last month), and writes each structure's
// messages to its outbox folder, one job per structure; a second run writes nothing new.

const month = lastParisMonth(new Date());

const dataDir = mkdtempSync(join(tmpdir(), 'clause-tracker-report-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run report', () => {
  it('writes the demo data’s report of last month to the outbox, once', async () => {
    const env = {
      ...process.env,
      DATA_DIR: dataDir,
      DYNAMODB_PORT: String(await freePort()),
      REPORT_RECIPIENTS: 'achats@bordeaux-metropole.example',
    };
    const first = spawnSync('npm', ['run', 'report', '--silent', '--', month], {
      env,
      encoding: 'utf8',
    });
    expect(first.status, first.stdout + first.stderr).toBe(0);
    const folder = join(dataDir, 'outbox', month);
    expect(existsSync(folder), first.stdout).toBe(true);
    const files = readdirSync(folder);
    expect(files).toHaveLength(7);

    const message = await PostalMime.parse(
      readFileSync(join(folder, 'all__achats@bordeaux-metropole.example.eml')),
    );
    expect(message.subject).toBe(`Rapport mensuel — ${frenchMonth(month)}`);
    expect(message.html).toContain('Grande salle de spectacle');
    expect(message.html).toContain('PLIE des Hauts de Garonne');
    expect(message.text).toMatch(/Heures du mois : [\d\u202f ]+,?\d* h/);
    expect(message.attachments[0]?.filename).toBe(`rapport-${month}.csv`);

    const plie = await PostalMime.parse(
      readFileSync(join(folder, 'plie-graves__coordination@graves.plie.example.eml')),
    );
    expect(plie.subject).toBe(`Rapport mensuel — ${frenchMonth(month)} — PLIE des Graves`);
    expect(plie.html).not.toContain('Nettoyage des locaux');
    // Grenoble-Alpes Métropole's job: its PLIE's report, in its own folder, none of Bordeaux's.
    const grenoble = join(dataDir, 'outbox', 'grenoble-alpes', month);
    expect(readdirSync(grenoble)).toEqual(['plie-metro__coordination@metro.plie.example.eml']);
    const metro = await PostalMime.parse(
      readFileSync(join(grenoble, 'plie-metro__coordination@metro.plie.example.eml')),
    );
    expect(metro.html).not.toContain('Grande salle de spectacle');
    expect(first.stdout).toMatch(/^default — rapport .* : 7 message\(s\)/m);
    expect(first.stdout).toMatch(/^grenoble-alpes — rapport .* : 1 message\(s\)/m);

    const second = spawnSync('npm', ['run', 'report', '--silent', '--', month], {
      env,
      encoding: 'utf8',
    });
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/^default — rapport .* : 0 message\(s\) .* 7 déjà envoyé/m);
    expect(second.stdout).toMatch(
      /^grenoble-alpes — rapport .* : 0 message\(s\) .* 1 déjà envoyé/m,
    );
    expect(readdirSync(folder)).toHaveLength(7);
  }, 120_000);
});
