import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { sumHours } from '#shared/domain/hours';
import { jsonBytes } from '#shared/jobs/export-runner';
import { localImportJobs } from '#shared/jobs/local-jobs';
import { contractInput, createTestApi, sampleCriteria, type TestApi } from '../support/api';
import { allItems } from '../support/items';

// Issue 27: a structure that leaves takes its data whole. Two structures with data of every
// kind, alike (same PLIE id, contract reference, participant reference), apart in their
// values: each one's export holds every item of its own and nothing of the other's, and its
// figures add up (the hours of its lines are the totals its contracts keep).

let clock = new Date('2026-01-05T09:00:00.000Z');
const now = () => clock;
let api: TestApi;
const B = 'autre-structure';
const token = async (body: Record<string, unknown>) => {
  const answer = await api.call('POST', '/dev/token', { body });
  if (answer.status !== 200) throw new Error(`token: ${JSON.stringify(answer.body)}`);
  return answer.body.token as string;
};
const ok = async (call: Promise<{ status: number; body: any }>, status = [200, 201]) => {
  const answer = await call;
  if (!status.includes(answer.status)) throw new Error(JSON.stringify(answer.body));
  return answer.body;
};

/**
 * Data of every kind in one structure; `tag` makes its values its own. Written over three
 * days (the change log is read day by day, from the structure's first write).
 */
async function seed(admin: string, tag: string, hours: number[]) {
  clock = new Date('2026-01-05T09:00:00.000Z');
  const put = (path: string, body: unknown) => ok(api.call('PUT', path, { token: admin, body }));
  const post = (path: string, body: unknown) => ok(api.call('POST', path, { token: admin, body }));
  await put('/api/plies/centre', { name: `PLIE du centre ${tag}`, activeFrom: '2020-01-01' });
  await put('/api/plies/centre/criteria/2025', sampleCriteria(tag === 'A' ? 1000 : 2000));
  await put('/api/allocation-weights/2025', {
    population: 1,
    socialHousingRate: 1,
    qpvResidents: 1,
    qpvShare: 1,
    unemploymentRate: tag === 'A' ? 1 : 2,
  });
  await put('/api/funding-conventions/2025', {
    fixedPerPlie: tag === 'A' ? 5000 : 7000,
    perHour: 1,
  });
  await put('/api/eu-thresholds/2028-01-01', {
    to: '2029-12-31',
    works: 5_500_000,
    suppliesServicesLocal: 350_000,
    suppliesServicesCentral: 145_000,
  });
  await put('/api/settings/reminders', { day: tag === 'A' ? 7 : 9 });
  await put('/api/settings/report-recipients', {
    emails: [`rapport@${tag.toLowerCase()}.example`],
  });
  clock = new Date('2026-02-16T15:00:00.000Z');
  const contract = await post(
    '/api/contracts',
    contractInput({
      reference: 'REF-001',
      title: `Titre ${tag}`,
      allocation: { mode: 'single', plieId: 'centre' },
    }),
  );
  await post(`/api/contracts/${contract.id}/amendments`, {
    effectiveOn: '2025-06-01',
    reason: `Avenant ${tag}`,
    endsOn: '2026-06-30',
  });
  await post(`/api/contracts/${contract.id}/invitations`, {
    email: `paie@${tag.toLowerCase()}.example`,
  });
  const person = await post('/api/participants', {
    plieId: 'centre',
    ref: 'P-001',
    eligibility: ['RSA'],
    enteredOn: '2025-01-10',
  });
  clock = new Date('2026-03-10T09:00:00.000Z');
  const lines: string[] = [];
  for (const [i, h] of hours.entries()) {
    const line = await post('/api/hours', {
      contractId: contract.id,
      plieId: 'centre',
      participantId: person.id,
      month: `2025-0${i + 3}`,
      hours: h,
      mode: 'direct-hire',
    });
    lines.push(line.id);
  }
  await post(`/api/hours/${lines[0]}/void`, { reason: `Saisie en double ${tag}` });
  const statement = await ok(
    api.call('POST', '/api/hours/import', {
      token: admin,
      raw: `contract_reference;plie_id;participant_ref;month;hours;mode\nREF-001;centre;P-001;2025-08;${tag === 'A' ? '7,25' : '11'};geiq\n`,
      headers: { 'content-type': 'text/csv' },
    }),
  );
  await post(`/api/participants/${person.id}/exit`, { exitedOn: '2025-09-30', outcome: 'cdi' });
  return { contract: contract.id, person: person.id, lines, statement: statement.statementId };
}

async function exportOf(admin: string, format: 'json' | 'csv') {
  const asked = await api.call('POST', '/api/exports', { token: admin, body: { format } });
  expect(asked.status, JSON.stringify(asked.body)).toBe(202);
  expect(asked.body.status).toBe('queued');
  let job = asked.body;
  for (let i = 0; i < 200 && !['done', 'failed'].includes(job.status); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    job = (await api.call('GET', `/api/exports/${asked.body.id}`, { token: admin })).body;
  }
  expect(job.status, JSON.stringify(job)).toBe('done');
  expect(job.download).toEqual({ url: `/api/exports/${job.id}/file` });
  const file = await api.call('GET', job.download.url, { token: admin });
  expect(file.status).toBe(200);
  expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${job.fileName}"`);
  expect(job.bytes).toBe(file.bytes.length);
  return { job, file };
}

let adminA: string;
let adminB: string;
let a: Awaited<ReturnType<typeof seed>>;
let b: Awaited<ReturnType<typeof seed>>;

beforeAll(async () => {
  api = await createTestApi(now, (registry) =>
    localImportJobs(registry, mkdtempSync(join(tmpdir(), 'ct-export-')), { now }),
  );
  const operator = await token({ role: 'operator' });
  await ok(api.call('POST', '/api/tenants', { token: operator, body: { id: B, name: 'Autre' } }));
  adminA = await token({ role: 'admin' });
  adminB = await token({ role: 'admin', tenant: B });
  a = await seed(adminA, 'A', [12, 7.5, 3.33]);
  b = await seed(adminB, 'B', [30, 4]);
}, 60_000);

/** The structure's items as the table holds them (a scan, in the test only). */
async function itemsOf(tenant: 'A' | 'B', type: string) {
  const mine = (pk: unknown) =>
    tenant === 'A' ? !String(pk).startsWith('T#') : String(pk).startsWith(`T#${B}#`);
  return (await allItems(api)).filter((item) => item._type === type && mine(item.pk));
}

describe('a structure’s data, whole (issue 27)', () => {
  it('holds every item of the structure and none of the other’s, its hours adding up', async () => {
    for (const [tag, admin, own, other] of [
      ['A', () => adminA, () => a, () => b],
      ['B', () => adminB, () => b, () => a],
    ] as const) {
      const { job, file } = await exportOf(admin(), 'json');
      const data = JSON.parse(new TextDecoder().decode(file.bytes));
      expect(data.structure.id).toBe(tag === 'A' ? 'default' : B);
      const ids = (list: { id: string }[]) => list.map((x) => x.id).sort();
      const stored = async (type: string) =>
        (await itemsOf(tag, type)).map((item) => String(item.id)).sort();
      // Every item of each kind, as the table holds them.
      expect(ids(data.contracts)).toEqual(await stored('contract'));
      expect(ids(data.participants)).toEqual(await stored('participant'));
      expect(ids(data.hourLines)).toEqual(await stored('hours-line'));
      expect(ids(data.statements)).toEqual(await stored('statement'));
      expect(ids(data.changes)).toEqual(await stored('change'));
      expect(data.plies.map((p: { id: string }) => p.id)).toEqual(['centre']);
      expect(data.plies[0].name).toBe(`PLIE du centre ${tag}`);
      expect(data.contracts[0].amendments.map((x: { reason: string }) => x.reason)).toEqual([
        `Avenant ${tag}`,
      ]);
      expect(data.awardeeContacts.map((c: { email: string }) => c.email)).toEqual([
        `paie@${tag.toLowerCase()}.example`,
      ]);
      expect(data.participants[0].ref).toBe('P-001');
      expect(data.exits).toEqual([
        { participantId: own().person, plieId: 'centre', exitedOn: '2025-09-30', outcome: 'cdi' },
      ]);
      expect(data.criteria).toEqual([
        expect.objectContaining({
          year: 2025,
          plies: [
            expect.objectContaining({ plieId: 'centre', population: tag === 'A' ? 1000 : 2000 }),
          ],
          weights: expect.objectContaining({ unemploymentRate: tag === 'A' ? 1 : 2 }),
        }),
      ]);
      expect(data.fundingConventions).toEqual([
        expect.objectContaining({ year: 2025, fixedPerPlieCents: tag === 'A' ? 500_000 : 700_000 }),
      ]);
      expect(data.euThresholds.map((t: { from: string }) => t.from)).toEqual(['2028-01-01']);
      expect(data.settings).toEqual({
        reminderDay: tag === 'A' ? 7 : 9,
        reportRecipients: [`rapport@${tag.toLowerCase()}.example`],
      });
      // The voided line is there, with who voided it, when and why.
      const voided = data.hourLines.find((l: { id: string }) => l.id === own().lines[0]);
      expect(voided).toMatchObject({
        status: 'voided',
        voidedBy: tag === 'B' ? `dev-admin-${B}` : 'dev-admin',
        voidedAt: clock.toISOString(),
        voidReason: `Saisie en double ${tag}`,
      });
      // None of the other's: no id of it, and none of its values.
      const text = JSON.stringify(data);
      for (const id of [other().contract, other().person, other().statement, ...other().lines])
        expect(text).not.toContain(id);
      const otherTag = tag === 'A' ? 'B' : 'A';
      for (const value of [
        `Titre ${otherTag}`,
        `PLIE du centre ${otherTag}`,
        `Avenant ${otherTag}`,
      ])
        expect(text).not.toContain(value);
      // The counts are the document's, and the hours are the totals its contracts keep.
      for (const kind of ['contracts', 'participants', 'hourLines', 'statements', 'changes'])
        expect(data.counts[kind], kind).toBe(data[kind].length);
      expect(job.counts).toEqual(data.counts);
      const active = data.hourLines.filter((l: { status: string }) => l.status === 'active');
      const contractTotal = sumHours(
        data.contracts.map((c: { hoursLogged: number }) => c.hoursLogged),
      );
      expect(sumHours(active.map((l: { hours: number }) => l.hours))).toBe(contractTotal);
      expect(data.totals.activeHours).toBe(contractTotal);
      expect(contractTotal).toBe(tag === 'A' ? 7.5 + 3.33 + 7.25 : 4 + 11);
      const read = await api.call('GET', `/api/contracts/${own().contract}`, { token: admin() });
      expect(read.body.hoursLogged).toBe(contractTotal);
    }
  });

  it('writes the JSON a slice at a time, byte for byte what JSON.stringify writes', () => {
    const sample = {
      structure: { id: 'x', name: 'Métropole « test »' },
      empty: [],
      lines: Array.from({ length: 4321 }, (_, i) => ({ i, note: i % 7 ? null : 'é\n"' })),
      totals: { activeHours: 1.5 },
    };
    expect(new TextDecoder().decode(jsonBytes(sample))).toBe(JSON.stringify(sample));
  });

  it('as CSV: a zip of one file per kind, French headers, every line', async () => {
    const { job, file } = await exportOf(adminA, 'csv');
    expect(job.fileName).toBe('export-default-2026-03-10.zip');
    expect(file.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(file.bytes);
    expect(Object.keys(files).sort()).toEqual(
      [
        'avenants.csv',
        'conventions-financement.csv',
        'contacts-titulaires.csv',
        'criteres-repartition.csv',
        'historique.csv',
        'lignes-declarees.csv',
        'lignes-heures.csv',
        'lisez-moi.txt',
        'marches.csv',
        'participants.csv',
        'plie.csv',
        'ponderations.csv',
        'releves.csv',
        'seuils-europeens.csv',
        'sorties.csv',
        'structure.csv',
      ].sort(),
    );
    const rows = (name: string) =>
      strFromU8(files[name] as Uint8Array)
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .map((line) => line.split(';'));
    const [header, ...lines] = rows('lignes-heures.csv');
    expect(header?.slice(0, 9)).toEqual([
      'Identifiant',
      'Marché',
      'Référence du marché',
      'PLIE',
      'Participant',
      'Mois',
      'Heures',
      'Modalité',
      'État',
    ]);
    expect(lines).toHaveLength(4);
    const active = lines.filter((l) => l[8] === 'active');
    expect(sumHours(active.map((l) => Number(String(l[6]).replace(',', '.'))))).toBe(18.08);
    expect(lines.find((l) => l[0] === a.lines[0])?.[8]).toBe('annulée');
    expect(rows('marches.csv')[1]?.slice(1, 3)).toEqual(['REF-001', 'Titre A']);
    expect(rows('participants.csv')[1]?.slice(2, 3)).toEqual(['P-001']);
    // A statement names who sent it and its file (issue 29; none sent here).
    const [statementHeader, statementLine] = rows('releves.csv');
    const sender = statementHeader?.indexOf('Nom de qui l’a envoyé') ?? -1;
    expect(statementHeader).toContain('Fichier');
    expect(statementLine?.[sender]).toMatch(/\(compte local\)/);
    const zipText = Object.values(files)
      .map((f) => strFromU8(f))
      .join('\n');
    expect(zipText).not.toContain('Titre B');
    expect(zipText).not.toContain(b.contract);
  });

  it('is the administrators’ alone, each of its own structure; kept a day', async () => {
    const { job } = await exportOf(adminA, 'json');
    for (const role of [
      { role: 'procurement' },
      { role: 'plie-coordinator', plieId: 'centre' },
      { role: 'operator' },
      { role: 'observer' },
      { role: 'awardee', siret: '41234567800012' },
    ]) {
      const as = await token(role);
      expect(
        (await api.call('POST', '/api/exports', { token: as, body: { format: 'json' } })).status,
      ).toBe(403);
      expect((await api.call('GET', `/api/exports/${job.id}`, { token: as })).status).toBe(403);
    }
    // Another structure's administrator: as if it did not exist.
    expect((await api.call('GET', `/api/exports/${job.id}`, { token: adminB })).status).toBe(404);
    expect((await api.call('GET', `/api/exports/${job.id}/file`, { token: adminB })).status).toBe(
      404,
    );
    const listedB = await api.call('GET', '/api/exports', { token: adminB });
    expect(listedB.body.items.map((e: { id: string }) => e.id)).not.toContain(job.id);
    // An import's job is not an export, nor an export an import.
    expect((await api.call('GET', `/api/imports/${job.id}`, { token: adminA })).status).toBe(404);
    expect(
      (await api.call('POST', '/api/exports', { token: adminA, body: { format: 'xml' } })).status,
    ).toBe(400);
    // After a day the file is gone.
    clock = new Date(clock.getTime() + 25 * 3600_000);
    const later = await api.call('GET', `/api/exports/${job.id}`, { token: adminA });
    expect(later.body).toMatchObject({ status: 'done', expired: true, download: null });
    const gone = await api.call('GET', `/api/exports/${job.id}/file`, { token: adminA });
    expect(gone.status).toBe(404);
    expect(gone.body.detail).toBe('Cet export a expiré (il est gardé 24 heures) : relancez-le.');
  });
});
