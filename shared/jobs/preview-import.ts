import { createHash } from 'node:crypto';
import { type Identity, mayFollowJob } from '#shared/domain/access';
import { ConflictError, NotFoundError } from '#shared/errors';
import type { ImportJobsSetup, ServiceDeps } from '#shared/services/deps';
import type { ImportJobRecord } from '#shared/store/import-jobs';
import { isConditionFailure } from '#shared/store/sdk-errors';
import { recordAndQueue } from './import-submission';

// A DECP file previewed as a job (a big file, streamed) is imported from the very upload the
// preview read: the user does not send hundreds of megabytes twice. The preview's worker keeps
// the upload (import-runner.ts); its import's worker removes it once done, as for any import.
// The upload's key is never taken from the request: it is the preview job's, read through the
// caller's structure's store, so it is that structure's upload and no other.

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The id of a preview's import: one per preview, however often it is asked (a retried click,
 * two tabs). The preview's time part, then 16 characters of a hash of its id.
 */
export function importIdOf(previewId: string): string {
  const hash = createHash('sha256').update(`import:${previewId}`).digest();
  const tail = [...hash.subarray(0, 16)].map((byte) => ALPHABET[byte % 32]).join('');
  return `${previewId.slice(0, 10)}${tail}`;
}

/** Imports the file a finished DECP preview read, with its buyer filter or the one given. */
export async function importPreviewedFile(
  deps: ServiceDeps,
  setup: ImportJobsSetup,
  actor: Identity,
  previewId: string,
  buyerSirets?: readonly string[],
): Promise<ImportJobRecord> {
  const preview = await deps.stores.importJobs.get(previewId);
  if (!preview || !mayFollowJob(actor, preview))
    throw new NotFoundError('Cet aperçu n’existe pas.');
  if (preview.kind !== 'decp' || !preview.options?.dryRun) {
    throw new ConflictError('Cet import n’est pas l’aperçu d’un fichier DECP.');
  }
  if (preview.status !== 'done') {
    throw new ConflictError('L’aperçu de ce fichier n’est pas terminé : attendez-le.');
  }
  const id = importIdOf(previewId);
  const existing = await deps.stores.importJobs.get(id);
  if (existing) return existing;
  if ((await setup.uploads.size(preview.uploadKey)) === null) {
    throw new ConflictError(
      'Le fichier de cet aperçu n’est plus gardé (une semaine au plus) : choisissez-le à nouveau.',
    );
  }
  const sirets = [...(buyerSirets ?? preview.options.buyerSirets)];
  try {
    return await recordAndQueue(deps, setup, actor, {
      id,
      kind: 'decp',
      format: preview.format,
      fileName: preview.fileName,
      bytes: preview.bytes,
      uploadKey: preview.uploadKey,
      ...(sirets.length ? { options: { dryRun: false, buyerSirets: sirets } } : {}),
    });
  } catch (error) {
    // Asked twice at once: the other call recorded it.
    const recorded = isConditionFailure(error) ? await deps.stores.importJobs.get(id) : null;
    if (recorded) return recorded;
    throw error;
  }
}
