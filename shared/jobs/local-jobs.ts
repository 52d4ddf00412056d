import type { ImportJobsSetup, ServiceDeps } from '#shared/services/deps';
import type { Stores } from '#shared/store/index';
import { FolderUploadStore } from './folder-uploads';
import { runImportJob } from './import-jobs';
import { InProcessQueue } from './in-process-queue';
import { INLINE_IMPORT_MAX_BYTES } from './limits';

/** Jobs on one machine: uploads in a folder, run by this process (`npm start`, tests). */
export function localImportJobs(
  stores: Stores,
  uploadDir: string,
  options: {
    inlineMaxBytes?: number;
    now?: () => Date;
    onFailure?: (jobId: string, error: unknown) => void;
  } = {},
): ImportJobsSetup & { queue: InProcessQueue } {
  const deps: ServiceDeps = { stores, now: options.now ?? (() => new Date()) };
  const setup = {
    uploads: new FolderUploadStore(uploadDir),
    queue: new InProcessQueue(
      (jobId, lastAttempt) => runImportJob(deps, jobId, { lastAttempt }),
      options.onFailure,
    ),
    inlineMaxBytes: options.inlineMaxBytes ?? INLINE_IMPORT_MAX_BYTES,
  };
  deps.imports = setup;
  return setup;
}
