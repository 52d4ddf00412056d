import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { localImportJobs } from '#shared/jobs/local-jobs';
import { REAL_DECP_RECORD } from '../fixtures/decp/records';
import { seededApi, type TestApi } from '../support/api';
import { itemCount } from '../support/items';

// A metropolis takes its own contracts out of a national file (issue 30): a buyer filter, the
// refused records grouped by reason (every one downloadable), a preview of any size; big files
// as jobs, streamed from the folder the local server keeps uploads in (64 KB chunks: the files
// here are cut between records and inside them).

let api: TestApi;
let procurement: string;
let jobs: ReturnType<typeof localImportJobs>;
const uploads = mkdtempSync(join(tmpdir(), 'ct-decp-national-'));
/** Files of a few dozen records are imported within the request; a few hundred, as jobs. */
const INLINE_MAX = 30_000;

const METROPOLIS = '24330031600011';
const CITY = '21330063500017';
const OTHER = '21500222100012';

/**
 * A national file in miniature: `count` records of three buyers (the metropolis one in 20, the
 * city one in 4), some refused.
 */
function nationalFile(prefix: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const buyer = i % 20 === 0 ? METROPOLIS : i % 4 === 2 ? CITY : OTHER;
    const record: Record<string, unknown> = {
      ...REAL_DECP_RECORD,
      id: `${prefix}-${i}`,
      acheteur: { id: buyer },
      objet: `Travaux n° ${i} — « réfection »`,
    };
    // Refused for three reasons, a date's with its own particulars.
    if (i % 10 === 3) record.dateNotification = `${(i % 28) + 1}/10/2022`;
    if (i % 10 === 7) delete record.id;
    if (i % 20 === 11) return `illisible ${i}`;
    return record;
  });
}

const importDecp = (body: unknown, query = '') =>
  api.call('POST', `/api/contracts/import/decp${query}`, { token: procurement, body });

const followed = async (jobId: string) => {
  await jobs.queue.idle();
  return (await api.call('GET', `/api/imports/${jobId}`, { token: procurement })).body;
};

const references = async () => {
  const list = await api.call('GET', '/api/contracts?limit=500', { token: procurement });
  return list.body.items as { reference: string; buyer: { siret: string } }[];
};

beforeAll(async () => {
  ({ api, procurement } = await seededApi(undefined, (stores) => {
    jobs = localImportJobs(stores, uploads, { inlineMaxBytes: INLINE_MAX });
    return jobs;
  }));
});

describe('DECP national files', () => {
  it('imports only the buyers asked for, counting the others out', async () => {
    const file = nationalFile('F', 8).filter((_, i) => i % 10 !== 3 && i % 10 !== 7);
    const only = await importDecp(file, `?buyerSiret=${METROPOLIS}`);
    expect(only.status).toBe(200);
    expect(only.body).toEqual({ created: 1, updated: 0, skipped: 0, filteredOut: 5, errors: [] });
    // Several: repeated or separated by commas, spaces allowed.
    const two = await importDecp(file, `?buyerSiret=${METROPOLIS}&buyerSiret=${CITY}`);
    expect(two.body).toMatchObject({ created: 2, skipped: 1, filteredOut: 3 });
    const comma = await importDecp(
      file,
      `?buyerSiret=${encodeURIComponent(`${CITY}, 21500 222 100012`)}`,
    );
    expect(comma.body).toMatchObject({ created: 3, skipped: 2, filteredOut: 1 });
    const imported = (await references()).filter((c) => c.reference.startsWith('F-'));
    expect(imported.map((c) => c.reference).sort()).toEqual([
      'F-0',
      'F-1',
      'F-2',
      'F-4',
      'F-5',
      'F-6',
    ]);
    const refused = await importDecp(file, '?buyerSiret=2433003160');
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('SIRET');
  });

  it('groups refused records by reason, with their counts', async () => {
    const result = await importDecp(nationalFile('G', 20));
    expect(result.status).toBe(200);
    expect(result.body.errors).toHaveLength(5);
    expect(result.body.errorGroups).toEqual([
      {
        reason: 'dateNotification : date attendue AAAA-MM-JJ, « … » reçu',
        count: 2,
        example: {
          index: 3,
          id: 'G-3',
          message: 'dateNotification : date attendue AAAA-MM-JJ, « 4/10/2022 » reçu',
        },
      },
      {
        reason: 'id : champ absent',
        count: 2,
        example: { index: 7, message: 'id : champ absent' },
      },
      {
        reason: expect.stringMatching(/^enregistrement : /),
        count: 1,
        example: { index: 11, message: expect.stringMatching(/^enregistrement : /) },
      },
    ]);
  });

  it('imports a big file as a job, streamed, filtered; every refusal in a CSV', async () => {
    const file = nationalFile('J', 600);
    const body = JSON.stringify({ marches: { marche: file } });
    expect(body.length).toBeGreaterThan(3 * 65_536);
    const accepted = await importDecp({ marches: { marche: file } }, `?buyerSiret=${METROPOLIS}`);
    expect(accepted.status).toBe(202);
    const job = await followed(accepted.body.jobId);
    expect(job).toMatchObject({
      status: 'done',
      total: 600,
      done: 600,
      options: { dryRun: false, buyerSirets: [METROPOLIS] },
    });
    // The metropolis's records are 0, 20, 40…: none of the refused (3 or 7 mod 10, 11 mod 20).
    expect(job.result).toMatchObject({ created: 30, filteredOut: 570, skipped: 0 });
    expect(job.errorCount).toBe(0);
    expect(job.result.refusalsFile).toBe(false);
    const mine = (await references()).filter((c) => c.reference.startsWith('J-'));
    expect(mine).toHaveLength(30);
    expect(mine.every((c) => c.buyer.siret === METROPOLIS)).toBe(true);

    // Everyone's, now: 160 records, 130 refused for three reasons, more than the job shows.
    const all = [
      ...nationalFile('K', 40),
      ...Array.from({ length: 120 }, (_, i) => ({
        ...REAL_DECP_RECORD,
        id: `BAD-${i}`,
        dateNotification: '31/12/2022',
      })),
    ];
    const unfiltered = await importDecp(all);
    const done = await followed(unfiltered.body.jobId);
    expect(done).toMatchObject({ status: 'done', errorCount: 130, total: 160 });
    expect(done.result).toMatchObject({ created: 30, refusalsFile: true });
    expect(done.refusalsUrl).toBe(`/api/imports/${done.id}/refusals`);
    expect(job.refusalsUrl).toBeNull();
    expect(done.result.errors).toHaveLength(100);
    expect(
      done.result.errorGroups.map((g: { reason: string; count: number }) => [g.reason, g.count]),
    ).toEqual([
      ['dateNotification : date attendue AAAA-MM-JJ, « … » reçu', 124],
      ['id : champ absent', 4],
      [expect.stringMatching(/^enregistrement : /), 2],
    ]);
    const csv = await api.call('GET', `/api/imports/${done.id}/refusals`, { token: procurement });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = new TextDecoder()
      .decode(csv.bytes)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('Rang dans le fichier;Identifiant;Raison;Message');
    expect(lines).toHaveLength(131);
    expect(lines[1]).toBe(
      '4;K-3;dateNotification : date attendue AAAA-MM-JJ, « … » reçu;dateNotification : date attendue AAAA-MM-JJ, « 4/10/2022 » reçu',
    );
    expect(lines[130]).toBe(
      '160;BAD-119;dateNotification : date attendue AAAA-MM-JJ, « … » reçu;dateNotification : date attendue AAAA-MM-JJ, « 31/12/2022 » reçu',
    );
    // The filtered job refused nothing: no file; nor for anyone but its sender.
    expect(
      (await api.call('GET', `/api/imports/${job.id}/refusals`, { token: procurement })).status,
    ).toBe(404);
    const other = await api.token('procurement', undefined, 'someone-else');
    expect(
      (await api.call('GET', `/api/imports/${done.id}/refusals`, { token: other })).status,
    ).toBe(404);
  });

  it('previews a file of any size as a job: counts, reasons and a sample, nothing written', async () => {
    // K-0 and K-20 are the metropolis's, imported above; K-40, K-60, K-80 are not.
    const file = nationalFile('K', 100).map((record, i) =>
      i === 20 ? { ...(record as object), montant: 99_999 } : record,
    );
    file.push({ ...REAL_DECP_RECORD, id: 'K-NEW', acheteur: { id: METROPOLIS } });
    const before = await itemCount(api);
    const accepted = await importDecp(file, `?dryRun=true&buyerSiret=${METROPOLIS}`);
    expect(accepted.status).toBe(202);
    const job = await followed(accepted.body.jobId);
    expect(await itemCount(api)).toBe(before + 1); // the job's own record
    expect(job).toMatchObject({ status: 'done', options: { dryRun: true } });
    expect(job.result).toMatchObject({ created: 4, updated: 1, skipped: 1, filteredOut: 95 });
    expect(job.result.preview).toEqual([
      expect.objectContaining({ action: 'update', reference: 'K-20', changes: ['montant'] }),
      ...['K-40', 'K-60', 'K-80', 'K-NEW'].map((reference) =>
        expect.objectContaining({ action: 'create', reference }),
      ),
    ]);
  });

  it('takes options with a file sent directly, and refuses a statement over 100 MB', async () => {
    const file = JSON.stringify(nationalFile('D', 40));
    const prepared = await api.call('POST', '/api/imports', {
      token: procurement,
      body: { kind: 'decp', format: 'json', bytes: Buffer.byteLength(file) },
    });
    expect(prepared.status).toBe(201);
    await api.call('PUT', prepared.body.uploadUrl, {
      token: procurement,
      raw: file,
      headers: { 'content-type': 'application/octet-stream' },
    });
    const started = await api.call('POST', `/api/imports/${prepared.body.jobId}/start`, {
      token: procurement,
      body: { kind: 'decp', format: 'json', buyerSirets: [CITY] },
    });
    expect(started.status).toBe(202);
    const job = await followed(prepared.body.jobId);
    expect(job.result).toMatchObject({ created: 10, filteredOut: 30 });
    expect(job.errorCount).toBe(0);

    const national = await api.call('POST', '/api/imports', {
      token: procurement,
      body: { kind: 'decp', format: 'json', bytes: 600 * 1024 * 1024 },
    });
    expect(national.status).toBe(201);
    const statement = await api.call('POST', '/api/imports', {
      token: procurement,
      body: { kind: 'statement', format: 'csv', bytes: 600 * 1024 * 1024 },
    });
    expect(statement.status).toBe(413);
  });
});
