import { strToU8, zipSync } from 'fflate';
import type { ImportJobsSetup, ServiceDeps } from '#shared/services/deps';
import { collectStructure } from '#shared/services/structure-export';
import { structureCsvFiles } from '#shared/services/structure-export-csv';
import type { ImportJobRecord } from '#shared/store/import-jobs';
import { IMPORT_ATTEMPTS } from './limits';

// The worker's side of a structure's export (export-submission.ts records and follows it):
// everything read through the structure's own stores, written as one file where the uploads
// go (S3, or DATA_DIR/uploads locally). Run again after a failure, it starts over: it only
// reads, so nothing is counted twice; the file is written whole, once, at the end.

const TECHNICAL_FAILURE = `Erreur technique : l’export n’a pas abouti après ${IMPORT_ATTEMPTS} essais. Relancez-le ; si l’erreur revient, prévenez l’exploitant de la plateforme.`;

/** Items of a long list serialised at once: the document is never one string in memory. */
const ITEMS_AT_ONCE = 2000;

/**
 * The JSON document, as JSON.stringify would write it, encoded a slice of each list at a time:
 * a metropolis' lines and history make hundreds of MB, which as one JavaScript string would
 * take twice that (UTF-16), on top of the records, and approach V8's longest string.
 */
export function jsonBytes(data: object): Uint8Array {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const push = (text: string) => {
    parts.push(encoder.encode(text));
  };
  push('{');
  for (const [i, [key, value]] of Object.entries(data).entries()) {
    push(`${i ? ',' : ''}${JSON.stringify(key)}:`);
    if (!Array.isArray(value)) {
      push(JSON.stringify(value));
      continue;
    }
    push('[');
    for (let at = 0; at < value.length; at += ITEMS_AT_ONCE) {
      const slice = value.slice(at, at + ITEMS_AT_ONCE).map((item) => JSON.stringify(item));
      push(`${at ? ',' : ''}${slice.join(',')}`);
    }
    push(']');
  }
  push('}');
  const bytes = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

/** The file of a format: the JSON document, or a zip of one CSV per kind. */
export function exportBytes(
  format: 'json' | 'csv',
  data: Awaited<ReturnType<typeof collectStructure>>,
): Uint8Array {
  if (format === 'json') return jsonBytes(data);
  const files = structureCsvFiles(data);
  return zipSync(
    Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])),
    { level: 6 },
  );
}

export async function runExportJob(
  deps: ServiceDeps,
  setup: ImportJobsSetup,
  job: ImportJobRecord,
  options: { lastAttempt?: boolean },
): Promise<'done'> {
  const { importJobs } = deps.stores;
  const at = () => deps.now().toISOString();
  try {
    let steps = { done: 0, total: 0 };
    const data = await collectStructure(
      // The structure's name comes from the platform's register (a worker has no request).
      { ...deps, register: deps.register ?? deps.platform?.tenants },
      job.actor,
      async (done, total) => {
        steps = { done, total };
        await importJobs.progress(job.id, done, total, at());
      },
    );
    const bytes = exportBytes(job.format === 'json' ? 'json' : 'csv', data);
    await setup.uploads.put(job.uploadKey, bytes);
    await importJobs.finish(
      job.id,
      {
        status: 'done',
        result: { bytes: bytes.length, counts: data.counts, totals: data.totals },
        errorCount: 0,
        ...steps,
      },
      at(),
    );
    return 'done';
  } catch (error) {
    if (options.lastAttempt) {
      await importJobs
        .finish(job.id, { status: 'failed', message: TECHNICAL_FAILURE, errors: [] }, at())
        .catch(() => {});
    }
    throw error;
  }
}
