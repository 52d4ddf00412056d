import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import PostalMime from 'postal-mime';
import { beforeAll, describe, expect, it } from 'vitest';
import { isMonthInPeriod } from '#shared/domain/hours';
import { OutboxSender } from '#shared/mail/senders';
import { ContractCreate } from '#shared/schemas/contracts';
import { createContract } from '#shared/services/contracts';
import { remindLateAwardees } from '#shared/services/reminders';
import { contractInput } from '../support/api';
import {
  ARTIFACTS,
  chromiumAvailable,
  follow,
  lastMonthInParis,
  type PagesUnderTest,
  SIZES,
  usePages,
} from '../support/browser';

// An awardee's month through the pages only: the company declares its hours, the facilitator
// refuses one line with a reason, the company corrects it, the facilitator validates; the
// contract's hours and the PLIE's funding move by exactly the validated hours. And the
// invitation: the facilitator invites a company's contact from the contract's page, the
// contact signs in by the link, and a late company is reminded once.

const pagesOfFile = usePages();
let pages: PagesUnderTest;

// In the demo data: the cleaning contract of the Métropole's offices, for the PLIE de Bordeaux.
const REFERENCE = 'BM-NET-0131';
const COMPANY = '74567890100042';

interface Figures {
  contractHours: number;
  plieHours: number;
  plieTotal: number;
}

let contractId: string;
let month: string;

beforeAll(async () => {
  if (!chromiumAvailable) return;
  pages = pagesOfFile();
  const contracts = await pages.read('procurement', '/api/contracts?limit=500');
  contractId = contracts.items.find((c: { reference: string }) => c.reference === REFERENCE).id;
  month = lastMonthInParis();
});

async function figures(): Promise<Figures> {
  const contract = await pages.read('procurement', `/api/contracts/${contractId}`);
  const funding = await pages.read('procurement', `/api/funding?year=${month.slice(0, 4)}`);
  const row = funding.plies.find((p: { plieId: string }) => p.plieId === 'bordeaux');
  return { contractHours: contract.hoursLogged, plieHours: row.hours, plieTotal: row.total };
}

/** A person of the PLIE de Bordeaux still followed, with room for `hours` more last month. */
async function personWithRoom(hours: number): Promise<string> {
  const people = await pages.read('admin', '/api/participants?plieId=bordeaux&limit=500');
  for (const person of people.items as { id: string; ref: string; exitedOn: string | null }[]) {
    if (person.exitedOn) continue;
    const lines = await pages.read('admin', `/api/hours?participantId=${person.id}&month=${month}`);
    const used = (lines.items as { hours: number; status: string }[])
      .filter((l) => l.status === 'active')
      .reduce((sum, l) => sum + l.hours, 0);
    if (used + hours <= 250) return person.ref;
  }
  throw new Error('Nobody of the PLIE de Bordeaux has room left last month');
}

async function statementIdOf(page: Page): Promise<string> {
  await page.waitForURL(/#\/releves\/ST/);
  return /#\/releves\/(ST[0-9A-F]+)/.exec(page.url())?.[1] as string;
}

for (const size of SIZES) {
  describe.runIf(chromiumAvailable)(
    `an awardee’s statement, ${size.name}`,
    { timeout: 120_000 },
    () => {
      it('is declared, refused on one line, corrected, validated: hours and funding move by exactly that', async () => {
        const before = await figures();
        const ref = await personWithRoom(7);
        const shot = (name: string, page: Page) =>
          page.screenshot({
            path: join(ARTIFACTS, `titulaire-${name}-${size.name}.png`),
            fullPage: true,
          });

        // The company declares last month: one known person, one described without a name.
        const company = await pages.newPage(size.viewport);
        await pages.signIn(company.page, 'Titulaire', COMPANY);
        await company.page.getByRole('heading', { name: 'Mes marchés et mes relevés' }).waitFor();
        await company.page
          .getByRole('link', { name: `Déclarer un mois pour ${REFERENCE}` })
          .click();
        await company.page.getByRole('heading', { name: 'Déclarer des heures' }).waitFor();
        expect(await company.page.getByLabel('Mois déclaré').inputValue()).toBe(month);
        const line = (n: number) => company.page.getByRole('group', { name: `Ligne ${n}` });
        await line(1).getByLabel('Référence PLIE').fill(ref);
        // Hours of each size's own: the same person's hours of the month declared again by the
        // second size would be a possible duplicate of the first's, left out by default.
        await line(1)
          .getByLabel('Heures')
          .fill(size.phone ? '6' : '7');
        await company.page.getByRole('button', { name: 'Ajouter une ligne' }).click();
        await line(2).getByLabel('Ou description sans nom').fill('Aide-maçon, embauché le 3');
        await line(2).getByLabel('Heures').fill('12,5');
        await line(2).getByLabel('Modalité').selectOption({ label: 'Intérim (ETTI ou agence)' });
        await shot('declaration', company.page);
        await company.page.getByRole('button', { name: 'Déclarer le relevé' }).click();
        await company.page.getByText('Relevé déclaré.').waitFor();
        const first = await statementIdOf(company.page);
        expect(await figures()).toEqual(before);

        // The facilitator refuses line 2, with the reason.
        const buyer = await pages.newPage(size.viewport);
        await pages.signIn(buyer.page, 'Achats / facilitateur');
        // The dashboard says a statement waits, and leads to it.
        await buyer.page.getByRole('link', { name: 'voir les relevés à valider' }).click();
        await buyer.page
          .getByRole('heading', { name: 'Déclarés par les titulaires, à valider' })
          .waitFor();
        await buyer.page
          .getByRole('link', { name: new RegExp(`Examiner le relevé ${REFERENCE}`) })
          .first()
          .click();
        await buyer.page.waitForURL(new RegExp(first));
        // Who declared it: the person and the company (issue 29).
        const declaredBy = buyer.page.locator('dt', { hasText: 'Déclaré par' }).locator('+ dd');
        expect(await declaredBy.textContent()).toMatch(/^Titulaire \(compte local\) \(.+\)$/);
        await buyer.page.getByLabel('Refuser la ligne 2').check();
        await buyer.page
          .getByLabel('Motif du refus')
          .fill('12,5 h déclarées, 10 h au planning : corrigez');
        await buyer.page.getByRole('button', { name: 'Refuser' }).click();
        await buyer.page.getByText('Relevé refusé : le titulaire voit le motif').waitFor();
        await shot('refus', buyer.page);

        // The company reads why, corrects line 2, and declares again.
        await company.page.goto(`${pages.base}/#/`);
        await company.page.getByRole('heading', { name: 'Mes marchés et mes relevés' }).waitFor();
        const row = company.page.locator('tr', {
          has: company.page.locator(`a[href="#/releves/${first}"]`),
        });
        await row.getByText('Refusé').waitFor();
        await row.getByText('12,5 h déclarées, 10 h au planning : corrigez').waitFor();
        await row.getByRole('link', { name: 'Corriger' }).click();
        await company.page.getByRole('heading', { name: 'Corriger un relevé refusé' }).waitFor();
        await line(2)
          .getByText('Ligne refusée : 12,5 h déclarées, 10 h au planning : corrigez')
          .waitFor();
        expect(await line(1).getByLabel('Référence PLIE').inputValue()).toBe(ref);
        await line(2)
          .getByLabel('Heures')
          .fill(size.phone ? '9' : '10');
        await shot('correction', company.page);
        await company.page.getByRole('button', { name: 'Déclarer le relevé' }).click();
        await company.page.getByText('Relevé déclaré.').waitFor();
        const corrected = await statementIdOf(company.page);
        expect(corrected).not.toBe(first);

        // The facilitator validates the corrected statement.
        await buyer.page.goto(`${pages.base}/#/releves/${corrected}`);
        await buyer.page.getByRole('button', { name: 'Valider le relevé' }).click();
        await buyer.page.getByText('Relevé validé : ses lignes sont saisies.').waitFor();
        expect(await buyer.page.locator('#statement-status').textContent()).toBe('Validé');
        await shot('validation', buyer.page);
        // The way back to the list, where the next statement to validate waits.
        await buyer.page.getByRole('link', { name: '← Relevés' }).click();
        await buyer.page.getByRole('heading', { name: 'Relevés mensuels' }).waitFor();

        const after = await figures();
        const validated = size.phone ? 6 + 9 : 7 + 10;
        expect(after.contractHours - before.contractHours).toBe(validated);
        expect(after.plieHours - before.plieHours).toBe(validated);
        // The demo's convention: 1 € per hour realised.
        expect(Math.round((after.plieTotal - before.plieTotal) * 100)).toBe(validated * 100);

        // The company sees it validated, and its contract's hours: back from its statement.
        await company.page.getByRole('link', { name: '← Mes marchés et relevés' }).click();
        await company.page
          .locator('tr', { has: company.page.locator(`a[href="#/releves/${corrected}"]`) })
          .getByText('Validé')
          .waitFor();
        await shot('accueil', company.page);
        expect([...company.errors, ...buyer.errors]).toEqual([]);
        await company.page.context().close();
        await buyer.page.context().close();
      });
    },
  );
}

/** A contract in progress last month, other than the one declared above, one per screen size. */
async function lateContract(
  index: number,
): Promise<{ id: string; reference: string; siret: string }> {
  const contracts = await pages.read('procurement', '/api/contracts?limit=500');
  const candidates = (
    contracts.items as {
      id: string;
      reference: string;
      startsOn: string;
      endsOn: string;
      awardee: { siret: string };
    }[]
  )
    .filter((c) => c.reference !== REFERENCE && isMonthInPeriod(month, c.startsOn, c.endsOn))
    .sort((a, b) => a.reference.localeCompare(b.reference));
  const chosen = candidates[index];
  if (!chosen) throw new Error('Not enough contracts in progress last month in the demo data');
  return { id: chosen.id, reference: chosen.reference, siret: chosen.awardee.siret };
}

for (const [index, size] of SIZES.entries()) {
  describe.runIf(chromiumAvailable)(
    `an awardee’s invitation, ${size.name}`,
    { timeout: 120_000 },
    () => {
      it('is made from the contract’s page; the link signs the company in; the late company is reminded once', async () => {
        const contract = await lateContract(index);
        const address = `paie-${size.name}@titulaire.example`;
        const buyer = await pages.newPage(size.viewport);
        await pages.signIn(buyer.page, 'Achats / facilitateur');
        await buyer.page.goto(`${pages.base}/#/marches/${contract.id}`);
        await buyer.page.getByRole('heading', { name: 'Déclarations du titulaire' }).waitFor();
        await buyer.page.getByLabel('Adresse e-mail du contact').fill(address);
        await buyer.page.getByRole('button', { name: 'Inviter' }).click();
        await buyer.page.getByText(`Invitation enregistrée pour ${address}.`).waitFor();
        await buyer.page.getByRole('cell', { name: address }).waitFor();
        await buyer.page.screenshot({
          path: join(ARTIFACTS, `titulaire-invitation-${size.name}.png`),
          fullPage: true,
        });
        const link = await buyer.page
          .getByRole('link', { name: /#\/connexion\?titulaire=/ })
          .getAttribute('href');
        expect(link).toBe(`${pages.base}/#/connexion?titulaire=${contract.siret}`);

        // The contact follows the link: the sign-in is the company's, already filled in.
        const company = await pages.newPage(size.viewport);
        await company.page.goto(link as string);
        expect(
          await company.page.getByLabel('SIRET de l’entreprise (pour un titulaire)').inputValue(),
        ).toBe(contract.siret);
        await company.page.getByRole('button', { name: 'Se connecter' }).click();
        await company.page.getByRole('heading', { name: 'Mes marchés et mes relevés' }).waitFor();
        await company.page.getByText(contract.reference, { exact: true }).waitFor();

        // The company has not declared last month: reminded once, whatever the runs.
        const outbox = mkdtempSync(join(tmpdir(), 'e2e-reminders-'));
        const remind = () =>
          remindLateAwardees(
            { stores: pages.stores, now: () => new Date() },
            {
              sender: new OutboxSender(outbox),
              from: 'rapports@metropole.example',
              appUrl: pages.base,
              month,
            },
          );
        const first = await remind();
        expect(first.sent.map((s) => s.recipient)).toContain(address);
        const second = await remind();
        expect(second.sent).toEqual([]);
        const files = readdirSync(join(outbox, month)).filter((f) => f.includes(address));
        expect(files).toHaveLength(1);
        const email = await PostalMime.parse(readFileSync(join(outbox, month, files[0] as string)));
        expect(email.text).toContain(contract.reference);
        // Its link leads the company to the declaration.
        const declare = /(http\S+#\/declarer)/.exec(email.text ?? '')?.[1] as string;
        await company.page.goto(declare);
        await company.page.getByRole('heading', { name: 'Déclarer des heures' }).waitFor();
        expect([...company.errors, ...buyer.errors]).toEqual([]);
        await company.page.context().close();
        await buyer.page.context().close();
      });
    },
  );
}

describe.runIf(chromiumAvailable)(
  'an awardee’s statement from a spreadsheet',
  { timeout: 120_000 },
  () => {
    it('fills the lines from a CSV as French Excel saves it, then declares them', async () => {
      const { page, errors } = await pages.newPage();
      await pages.signIn(page, 'Titulaire', COMPANY);
      await follow(page, 'Déclarer des heures');
      await page.getByRole('heading', { name: 'Déclarer des heures' }).waitFor();
      await page.getByText('Remplir depuis un fichier (modèle CSV ou Excel)').click();
      // Semicolons, a decimal comma, the month as Excel writes it, Windows-1252 (« é » as 0xE9).
      const [year, monthNumber] = month.split('-');
      const csv = [
        'Référence du marché;PLIE;Participant;Mois;Heures;Modalité',
        `${REFERENCE};bordeaux;;${monthNumber}/${year};21,5;Embauche directe`,
        `${REFERENCE};bordeaux;;${monthNumber}/${year};14;Heures de formation`,
        `AUTRE-MARCHE;bordeaux;;${monthNumber}/${year};7;Embauche directe`,
      ].join('\r\n');
      await page.getByLabel('Fichier du relevé').setInputFiles({
        name: 'releve-excel.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv, 'latin1'),
      });
      await page.getByText('2 ligne(s) reprise(s) de « releve-excel.csv »').waitFor();
      await page
        .getByText('1 ligne(s) d’un autre marché ou d’un autre mois laissée(s) de côté.')
        .waitFor();
      const line = (n: number) => page.getByRole('group', { name: `Ligne ${n}` });
      expect(await line(1).getByLabel('Heures').inputValue()).toBe('21,5');
      expect(await line(2).getByLabel('Modalité').inputValue()).toBe('training');
      await page.screenshot({
        path: join(ARTIFACTS, 'titulaire-fichier-ordinateur.png'),
        fullPage: true,
      });
      await page.getByRole('button', { name: 'Déclarer le relevé' }).click();
      await page.getByText('Relevé déclaré.').waitFor();
      const id = await statementIdOf(page);
      const statement = await pages.read('procurement', `/api/statements/${id}`);
      expect(statement).toMatchObject({ status: 'submitted', month, hours: 35.5 });
      expect(statement.declaredLines.map((l: { hours: number }) => l.hours)).toEqual([21.5, 14]);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  },
);

describe.runIf(chromiumAvailable)(
  'an awardee of a contract shared within a territory',
  { timeout: 120_000 },
  () => {
    it('chooses among the PLIEs its hours may go to, and no other', async () => {
      // One demo PLIE moved to another territory while the contract is registered: the contract
      // is then shared between the five PLIEs left in Bordeaux Métropole.
      const context = {
        actor: { sub: 'e2e', role: 'admin' as const },
        at: new Date().toISOString(),
      };
      const sources = await pages.stores.plies.get('sources');
      if (!sources) throw new Error('demo PLIE missing');
      await pages.stores.plies.put({ ...sources, territory: 'Landes de Gascogne' }, context);
      const year = Number(month.slice(0, 4));
      const company = '41234567800012';
      try {
        await createContract(
          { stores: pages.stores, now: () => new Date() },
          { sub: 'e2e', role: 'procurement' },
          ContractCreate.parse(
            contractInput({
              reference: 'E2E-TERRITOIRE',
              title: 'Entretien des parcs de la Métropole',
              awardee: { name: 'Paysages Solidaires', siret: company },
              notifiedOn: `${year - 1}-12-15`,
              startsOn: `${year}-01-01`,
              endsOn: `${year}-12-31`,
              allocation: { mode: 'shared', territory: 'Bordeaux Métropole' },
            }),
          ),
        );
      } finally {
        await pages.stores.plies.put(sources, context);
      }
      const { page, errors } = await pages.newPage(SIZES[0]?.viewport);
      await pages.signIn(page, 'Titulaire', company);
      await page.getByRole('link', { name: 'Déclarer un mois pour E2E-TERRITOIRE' }).click();
      await page.getByRole('heading', { name: 'Déclarer des heures' }).waitFor();
      const choice = page
        .getByRole('group', { name: 'Ligne 1' })
        .getByLabel('PLIE qui suit la personne');
      const offered = await choice.locator('option').allInnerTexts();
      expect(offered).toEqual([
        'Choisir…',
        'PLIE ADSI Technowest',
        'PLIE de Bordeaux',
        'PLIE des Graves',
        'PLIE des Hauts de Garonne',
        'PLIE Portes du Sud',
      ]);
      // A file names the PLIE as people write it: the line takes that PLIE.
      await page.getByText('Remplir depuis un fichier (modèle CSV ou Excel)').click();
      const [fileYear, fileMonth] = month.split('-');
      await page.getByLabel('Fichier du relevé').setInputFiles({
        name: 'releve-partage.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          [
            'Référence du marché;PLIE;Participant;Mois;Heures;Modalité',
            `E2E-TERRITOIRE;plie des hauts de garonne;;${fileMonth}/${fileYear};12;Embauche directe`,
          ].join('\r\n'),
        ),
      });
      await page.getByText('1 ligne(s) reprise(s) de « releve-partage.csv »').waitFor();
      expect(await choice.inputValue()).toBe('hauts-de-garonne');
      await page.screenshot({
        path: join(ARTIFACTS, 'titulaire-marche-partage-ordinateur.png'),
        fullPage: true,
      });
      expect(errors).toEqual([]);
      await page.context().close();
    });
  },
);
