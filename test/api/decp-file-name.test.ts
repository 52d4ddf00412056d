import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { localImportJobs } from '#shared/jobs/local-jobs';
import { decpFixture } from '../fixtures/decp/records';
import { seededApi, type TestApi } from '../support/api';

// The file a DECP import read is remembered with each contract's version, whether the file
// was imported within the request or as a job; an older file imported later changes nothing,
// its name included. Records of test/fixtures/decp/published-modifications.json (see its
// README): Irigny's 20181800 and 20181801, the same contract before and after its amendment.

let api: TestApi;
let procurement: string;
let jobs: ReturnType<typeof localImportJobs>;
const uploads = mkdtempSync(join(tmpdir(), 'ct-decp-file-name-'));

type Raw = Record<string, unknown>;
const records = (decpFixture('published-modifications.json') as { marches: Raw[] }).marches;

const importDecp = (body: unknown, fileName: string, query = '') =>
  api.call('POST', `/api/contracts/import/decp${query}`, {
    token: procurement,
    body,
    headers: { 'x-file-name': encodeURIComponent(fileName) },
  });

async function decpOf(reference: string) {
  const list = await api.call('GET', '/api/contracts?limit=500', { token: procurement });
  const found = (list.body.items as { id: string; reference: string }[]).find(
    (c) => c.reference === reference,
  );
  if (!found) throw new Error(`${reference} not listed`);
  const contract = await api.call('GET', `/api/contracts/${found.id}`, { token: procurement });
  return contract.body.decp as { publishedId: string; fileName?: string | null };
}

beforeAll(async () => {
  ({ api, procurement } = await seededApi(undefined, (stores) => {
    jobs = localImportJobs(stores, uploads, { inlineMaxBytes: 20_000 });
    return jobs;
  }));
});

describe('the imported file’s name', () => {
  it('is kept with the version a direct import wrote, not by an older file', async () => {
    const amended = await importDecp({ marches: [records[1]] }, 'Irigny décembre 2018.json');
    expect(amended.body).toMatchObject({ created: 1, errors: [] });
    expect(await decpOf('20181801')).toMatchObject({
      publishedId: '20181801',
      fileName: 'Irigny décembre 2018.json',
    });
    // The initial record, older, changes nothing: the version and its file stay.
    const older = await importDecp({ marches: [records[0]] }, 'irigny-initial.json');
    expect(older.body).toMatchObject({ created: 0, updated: 0, skipped: 1 });
    expect(await decpOf('20181801')).toMatchObject({
      publishedId: '20181801',
      fileName: 'Irigny décembre 2018.json',
    });
  });

  it('is kept by a job too', async () => {
    // Lorient Habitat's and Valros's records, padded past the inline limit with a buyer filter.
    const padding = Array.from({ length: 60 }, (_, i) => ({
      ...(records[7] as Raw),
      id: `PAD-${i}`,
      acheteur: { id: '21500222100012', nom: 'Autre acheteur' },
    }));
    const body = { marches: [records[7], ...padding] };
    expect(JSON.stringify(body).length).toBeGreaterThan(20_000);
    const accepted = await importDecp(body, 'valros-2019.json', '?buyerSiret=21340325600018');
    expect(accepted.status).toBe(202);
    await jobs.queue.idle();
    const job = await api.call('GET', `/api/imports/${accepted.body.jobId}`, {
      token: procurement,
    });
    expect(job.body).toMatchObject({ status: 'done', fileName: 'valros-2019.json' });
    expect(job.body.result).toMatchObject({ created: 1, filteredOut: 60 });
    expect(await decpOf('2018ECCCT01')).toMatchObject({ fileName: 'valros-2019.json' });
  });
});
