import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { localImportJobs } from '#shared/jobs/local-jobs';
import { importIdOf } from '#shared/jobs/preview-import';
import { REAL_DECP_RECORD } from '../fixtures/decp/records';
import { seededApi, type TestApi } from '../support/api';

// A big DECP file previewed as a job is imported from the upload the preview read, without
// being sent again (POST /api/imports/{jobId}/import): the preview's worker keeps the file, the
// import's removes it. One import per preview; the upload is always the preview's own.

let api: TestApi;
let procurement: string;
let jobs: ReturnType<typeof localImportJobs>;
const uploads = mkdtempSync(join(tmpdir(), 'ct-decp-preview-'));
const INLINE_MAX = 20_000;
const METROPOLIS = '24330031600011';

/** `count` records, the metropolis's one in 10: past the inline limit, so a job. */
const file = (prefix: string, count: number) => ({
  marches: Array.from({ length: count }, (_, i) => ({
    ...REAL_DECP_RECORD,
    id: `${prefix}-${i}`,
    acheteur: { id: i % 10 === 0 ? METROPOLIS : '21500222100012' },
  })),
});

const send = (body: unknown, query: string, token = procurement) =>
  api.call('POST', `/api/contracts/import/decp${query}`, {
    token,
    body,
    headers: { 'x-file-name': 'national-2026.json' },
  });

const importPreviewed = (jobId: string, body: unknown = {}, token = procurement) =>
  api.call('POST', `/api/imports/${jobId}/import`, { token, body });

async function followed(jobId: string) {
  await jobs.queue.idle();
  return (await api.call('GET', `/api/imports/${jobId}`, { token: procurement })).body;
}

const uploaded = (jobId: string) => existsSync(join(uploads, 'imports', `${jobId}.json`));

const references = async (prefix: string) => {
  const list = await api.call('GET', '/api/contracts?limit=500', { token: procurement });
  return (list.body.items as { reference: string }[])
    .map((c) => c.reference)
    .filter((r) => r.startsWith(`${prefix}-`));
};

beforeAll(async () => {
  ({ api, procurement } = await seededApi(undefined, (stores) => {
    jobs = localImportJobs(stores, uploads, { inlineMaxBytes: INLINE_MAX });
    return jobs;
  }));
});

describe('a previewed DECP file imported without sending it again', () => {
  it('imports the preview’s upload with its buyer filter, once', async () => {
    const body = file('P', 80);
    expect(JSON.stringify(body).length).toBeGreaterThan(INLINE_MAX);
    const preview = await send(body, `?dryRun=true&buyerSiret=${METROPOLIS}`);
    expect(preview.status).toBe(202);
    const previewId = preview.body.jobId as string;
    expect(await followed(previewId)).toMatchObject({
      status: 'done',
      result: { created: 8, filteredOut: 72 },
    });
    // Read, nothing written, the file kept for the import.
    expect(await references('P')).toEqual([]);
    expect(uploaded(previewId)).toBe(true);

    const started = await importPreviewed(previewId);
    expect(started.status).toBe(202);
    const importId = started.body.jobId as string;
    expect(importId).toBe(importIdOf(previewId));
    const done = await followed(importId);
    expect(done).toMatchObject({
      status: 'done',
      fileName: 'national-2026.json',
      options: { dryRun: false, buyerSirets: [METROPOLIS] },
      result: { created: 8, filteredOut: 72 },
    });
    expect(await references('P')).toHaveLength(8);
    // Imported, the file goes; asked again, it is the same import.
    expect(uploaded(previewId)).toBe(false);
    const again = await importPreviewed(previewId);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ jobId: importId, status: 'done' });
    // The import itself, or a job that is no preview, cannot be imported so.
    expect((await importPreviewed(importId)).status).toBe(409);
    // Another user's preview is not there for a buyer; the administrator follows every job.
    const other = await api.token('procurement', undefined, 'another-buyer');
    expect((await importPreviewed(previewId, {}, other)).status).toBe(404);
    expect((await importPreviewed('01JB9Z6Q4K8M2N5P7R9T1V3X5Z')).status).toBe(404);
  });

  it('takes another buyer filter, and says when the file is no longer kept', async () => {
    const preview = await send(file('Q', 80), '?dryRun=true');
    const previewId = preview.body.jobId as string;
    expect(await followed(previewId)).toMatchObject({ status: 'done', result: { created: 80 } });
    const started = await importPreviewed(previewId, { buyerSirets: [METROPOLIS] });
    expect(started.status).toBe(202);
    expect(await followed(started.body.jobId)).toMatchObject({
      status: 'done',
      result: { created: 8, filteredOut: 72 },
    });

    const gone = await send(file('R', 80), '?dryRun=true');
    await followed(gone.body.jobId);
    rmSync(join(uploads, 'imports', `${gone.body.jobId}.json`));
    const refused = await importPreviewed(gone.body.jobId);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('n’est plus gardé');
  });
});
